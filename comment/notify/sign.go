package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The headers of a webhook request besides Content-Type.
const (
	// HeaderEventID carries the event's ID, 26 characters of base32 from
	// crypto/rand, the same on every attempt: a receiver drops an ID it
	// has seen.
	HeaderEventID = "X-Binhluan-Event-Id"
	// HeaderTimestamp carries the Unix time, in decimal seconds, of the
	// attempt.
	HeaderTimestamp = "X-Binhluan-Timestamp"
	// HeaderSignature carries "sha256=" and the hex HMAC-SHA256 of the
	// timestamp, a full stop and the body (see [Sign]).
	HeaderSignature = "X-Binhluan-Signature"
)

// MinSecret is the shortest secret, in bytes, that New and Verify take.
// Draw it from crypto/rand and keep it like a password: whoever has it can
// send moderators events.
const MinSecret = 16

// DefaultMaxAge is how far from now Verify accepts a timestamp when given
// no maximum age.
const DefaultMaxAge = 5 * time.Minute

// Errors of Verify, wrapped with details: compare with errors.Is.
var (
	// ErrSignature means the request is not signed with the secret: the
	// signature or the timestamp is missing, malformed or wrong, or the
	// body was changed.
	ErrSignature = errors.New("notify: bad webhook signature")
	// ErrExpired means the signature is right but its timestamp is
	// further from now than the maximum age: an old request replayed, or
	// clocks far apart.
	ErrExpired = errors.New("notify: webhook timestamp too old")
)

const (
	sigPrefix = "sha256="
	// maxTimestamp is the longest timestamp Verify reads, in digits: far
	// beyond any Unix time in seconds and far from overflowing an int64.
	maxTimestamp = 15
)

// Sign returns the signature of a request with the timestamp and body, as
// HeaderSignature carries it: "sha256=" and 64 lowercase hex digits. A
// site's tests can use it to sign the requests they send their receiver.
func Sign(secret []byte, timestamp string, body []byte) string {
	mac := macOf(secret, timestamp, body)
	out := make([]byte, len(sigPrefix)+hex.EncodedLen(len(mac)))
	copy(out, sigPrefix)
	hex.Encode(out[len(sigPrefix):], mac)
	return string(out)
}

// macOf returns the HMAC-SHA256 of the timestamp, a full stop and the
// body.
func macOf(secret []byte, timestamp string, body []byte) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write([]byte(timestamp))
	h.Write([]byte{'.'})
	h.Write(body)
	return h.Sum(nil)
}

// Verify checks a webhook request on the receiving side: timestamp and
// signature are the values of HeaderTimestamp and HeaderSignature, body
// the request's body as read, now the receiver's time. It returns nil
// when the signature is the secret's for the timestamp and body (compared
// in constant time) and the timestamp is at most maxAge from now, before
// or after (DefaultMaxAge when maxAge is zero or less); an error wrapping
// ErrSignature or ErrExpired otherwise, or a plain error for a secret
// shorter than MinSecret. It reads any input without panicking.
func Verify(secret []byte, timestamp, signature string, body []byte, now time.Time, maxAge time.Duration) error {
	if len(secret) < MinSecret {
		return fmt.Errorf("notify: a webhook secret needs %d bytes, not %d", MinSecret, len(secret))
	}
	sec, ok := parseTimestamp(timestamp)
	if !ok {
		return fmt.Errorf("%w: the timestamp is not decimal Unix seconds", ErrSignature)
	}
	digits, ok := strings.CutPrefix(signature, sigPrefix)
	if !ok {
		return fmt.Errorf("%w: the signature does not start with %q", ErrSignature, sigPrefix)
	}
	var got [sha256.Size]byte
	if len(digits) != hex.EncodedLen(len(got)) {
		return fmt.Errorf("%w: the signature has %d hex digits, not %d", ErrSignature, len(digits), hex.EncodedLen(len(got)))
	}
	if _, err := hex.Decode(got[:], []byte(digits)); err != nil {
		return fmt.Errorf("%w: the signature is not hex", ErrSignature)
	}
	if !hmac.Equal(got[:], macOf(secret, timestamp, body)) {
		return fmt.Errorf("%w: the signature does not match the body", ErrSignature)
	}
	if maxAge <= 0 {
		maxAge = DefaultMaxAge
	}
	if at := time.Unix(sec, 0); now.After(at.Add(maxAge)) || now.Before(at.Add(-maxAge)) {
		return fmt.Errorf("%w: signed at Unix time %d, more than %v from %d", ErrExpired, sec, maxAge, now.Unix())
	}
	return nil
}

// parseTimestamp reads decimal Unix seconds: 1 to maxTimestamp ASCII
// digits, no sign, no spaces.
func parseTimestamp(s string) (int64, bool) {
	if s == "" || len(s) > maxTimestamp {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}
