package captcha

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Proof of work in the protocol of ALTCHA's widget (the challenge
// format its version 2 and the server libraries of its first protocol
// read): the server picks a salt and a secret number n up to a maximum,
// publishes SHA-256(salt ‖ decimal n) as the challenge with an HMAC of it,
// and the browser tries numbers from 0 until one hashes to the challenge.
// The salt carries the expiry as "?expires=<Unix seconds>&"; the trailing
// '&' keeps a solver from moving digits of the number into the expiry.
const (
	// WorkAlgorithm is the hash of every proof of work: the only one
	// issued and the only one accepted.
	WorkAlgorithm = "SHA-256"
	// DefaultWorkMax is the maximum number of a proof of work when the
	// configuration does not say, set for about half a second of a
	// phone's time. The widget splits 0…WorkMax among its workers (one
	// per core, up to 16) and each tries its share from the start, one
	// Web Crypto call a number, so the number is found after
	// WorkMax/(2·workers) tries of one worker on average. Headless
	// Chromium on two busy server cores tried about 45,000 numbers a
	// second a worker (docs/captcha.md): 0.55 s on average at 100,000.
	// A mid-range phone has four to eight cores at a third to a half of
	// that speed, which comes to about the same. A bot with native
	// SHA-256 pays about 10 ms of one busy core on average (5 ms of an
	// idle one).
	DefaultWorkMax = 100_000
	// MaxWorkMax bounds Config.WorkMax: beyond it a phone works for
	// minutes.
	MaxWorkMax = 100_000_000

	// maxWorkPayload bounds what VerifyWork reads of a payload: the
	// widget's is about 400 bytes.
	maxWorkPayload = 2048
	// maxWorkSalt bounds the salt of a payload; ours is 48 bytes.
	maxWorkSalt = 256
	// workSaltBytes is the random part of a salt, before its hex.
	workSaltBytes = 12
	// workClockSlack is how far past the service's own expiry a payload's
	// expiry may lie, for servers whose clocks differ a little.
	workClockSlack = time.Minute
	// workSpentPrefix marks a proof of work's challenge in the spent set;
	// an image challenge's id never has a ':'.
	workSpentPrefix = "work:"
)

// WorkField is the form field in which ALTCHA's widget posts its payload,
// unless its name attribute says otherwise.
const WorkField = "altcha"

// WorkChallenge is a proof-of-work challenge, in the JSON the widget
// reads from its challenge URL ([Service.Handler] serves it at "/work").
type WorkChallenge struct {
	// Algorithm is WorkAlgorithm.
	Algorithm string `json:"algorithm"`
	// Challenge is the lowercase hex SHA-256 of Salt followed by the
	// secret number in decimal.
	Challenge string `json:"challenge"`
	// MaxNumber is the largest the secret number may be.
	MaxNumber int `json:"maxnumber"`
	// Salt is random hex followed by "?expires=<Unix seconds>&".
	Salt string `json:"salt"`
	// Signature is the lowercase hex HMAC-SHA-256 of Challenge under a
	// key derived from the service's Key.
	Signature string `json:"signature"`
}

// workSolution is a payload as the widget posts it, base64 of this JSON;
// the widget adds "took" (milliseconds), which is ignored.
type workSolution struct {
	Algorithm string          `json:"algorithm"`
	Challenge string          `json:"challenge"`
	Number    json.RawMessage `json:"number"`
	Salt      string          `json:"salt"`
	Signature string          `json:"signature"`
}

// NewWork makes a proof-of-work challenge, signed, valid for the service's
// Expiry. Like New, it stores nothing: the challenge is checked by its
// signature.
func (s *Service) NewWork(ctx context.Context) (WorkChallenge, error) {
	if err := s.usable(); err != nil {
		return WorkChallenge{}, err
	}
	var buf [workSaltBytes + 8]byte
	if _, err := io.ReadFull(s.rand, buf[:]); err != nil {
		return WorkChallenge{}, fmt.Errorf("captcha: reading randomness: %w", err)
	}
	// Uniform in 0…workMax: refuse draws from the incomplete last span of
	// 2⁶⁴, which happens with a chance below 2⁻³⁶.
	span := uint64(s.workMax) + 1
	limit := -span % span // 2⁶⁴ mod span
	r := binary.LittleEndian.Uint64(buf[workSaltBytes:])
	for r < limit {
		if _, err := io.ReadFull(s.rand, buf[workSaltBytes:]); err != nil {
			return WorkChallenge{}, fmt.Errorf("captcha: reading randomness: %w", err)
		}
		r = binary.LittleEndian.Uint64(buf[workSaltBytes:])
	}
	number := int64(r % span)
	expires := s.now().Add(s.expiry).Unix()
	salt := hex.EncodeToString(buf[:workSaltBytes]) + "?expires=" + strconv.FormatInt(expires, 10) + "&"
	challenge := workHash(nil, salt, number)
	return WorkChallenge{
		Algorithm: WorkAlgorithm,
		Challenge: challenge,
		MaxNumber: s.workMax,
		Salt:      salt,
		Signature: workSign(s.sealer.work[0], challenge),
	}, nil
}

// workHash returns the lowercase hex SHA-256 of salt and n in decimal,
// using buf for the bytes hashed.
func workHash(buf []byte, salt string, n int64) string {
	buf = strconv.AppendInt(append(buf[:0], salt...), n, 10)
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:])
}

// workSign returns the lowercase hex HMAC-SHA-256 of challenge under key.
func workSign(key []byte, challenge string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(challenge))
	return hex.EncodeToString(m.Sum(nil))
}

// VerifyWork reports whether payload, as the widget posts it (see
// WorkField), solves a live challenge of this service; the challenge is
// spent then, in the same [Store] as the image challenges, so that a
// solution counts once, on any server sharing the store.
//
// A payload that is malformed, too long, of another algorithm, unsigned
// or signed under a key the service no longer holds, whose number does
// not hash to its challenge, expired, or spent already, gives false and no
// error; the error is for a store that failed. Only a payload that passes
// every check reaches the store, so forged ones cost it nothing. The
// signature is compared in constant time, against every key.
func (s *Service) VerifyWork(ctx context.Context, payload string) (bool, error) {
	if err := s.usable(); err != nil {
		return false, err
	}
	sol, number, ok := parseWork(payload)
	if !ok {
		return false, nil
	}
	expires, ok := workExpiry(sol.Salt)
	now := s.now()
	if !ok || !now.Before(expires) || expires.After(now.Add(s.expiry+workClockSlack)) {
		return false, nil
	}
	var buf [maxWorkSalt + 20]byte
	if workHash(buf[:0], sol.Salt, number) != sol.Challenge {
		return false, nil
	}
	signed := 0
	for _, key := range s.sealer.work {
		signed |= subtle.ConstantTimeCompare([]byte(workSign(key, sol.Challenge)), []byte(sol.Signature))
	}
	if signed == 0 {
		return false, nil
	}
	return s.store.Spend(ctx, workSpentPrefix+sol.Challenge, expires)
}

// parseWork decodes a payload and checks the form of its fields: the
// algorithm, 64 lowercase hex digits for the challenge and the signature,
// a salt of bounded length, and a number of digits only, from 0 to
// MaxWorkMax.
func parseWork(payload string) (workSolution, int64, bool) {
	if len(payload) > maxWorkPayload {
		return workSolution{}, 0, false
	}
	raw, err := base64.StdEncoding.DecodeString(payload)
	if err != nil {
		return workSolution{}, 0, false
	}
	var sol workSolution
	if err := json.Unmarshal(raw, &sol); err != nil {
		return workSolution{}, 0, false
	}
	if sol.Algorithm != WorkAlgorithm || !lowerHex64(sol.Challenge) || !lowerHex64(sol.Signature) ||
		sol.Salt == "" || len(sol.Salt) > maxWorkSalt {
		return workSolution{}, 0, false
	}
	number, ok := parseWorkNumber(sol.Number)
	if !ok {
		return workSolution{}, 0, false
	}
	return sol, number, true
}

// parseWorkNumber reads a JSON number that is a plain non-negative integer
// up to MaxWorkMax: no sign, fraction, exponent or leading zero, so that
// each number has one spelling.
func parseWorkNumber(raw json.RawMessage) (int64, bool) {
	if len(raw) == 0 || len(raw) > 9 || raw[0] == '0' && len(raw) > 1 {
		return 0, false
	}
	var n int64
	for _, c := range raw {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, n <= MaxWorkMax
}

// lowerHex64 reports whether s is 64 lowercase hex digits, a SHA-256 in
// the form the widget and this package write it.
func lowerHex64(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// workExpiry reads the expiry a salt carries: exactly one "expires"
// parameter of Unix seconds after its '?'.
func workExpiry(salt string) (time.Time, bool) {
	_, query, ok := strings.Cut(salt, "?")
	if !ok {
		return time.Time{}, false
	}
	params, err := url.ParseQuery(query)
	if err != nil || len(params["expires"]) != 1 {
		return time.Time{}, false
	}
	v := params["expires"][0]
	if len(v) == 0 || len(v) > 12 {
		return time.Time{}, false
	}
	var sec int64
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return time.Time{}, false
		}
		sec = sec*10 + int64(v[i]-'0')
	}
	return time.Unix(sec, 0), true
}

// ErrUnsolved is returned by [SolveWork] for a challenge that no number up
// to its MaxNumber solves, or that is not of WorkAlgorithm.
var ErrUnsolved = errors.New("captcha: no number solves the proof of work")

// SolveWork does the browser's part of a proof of work: it tries numbers
// from 0 to c.MaxNumber until one hashes to c.Challenge, and returns the
// payload the widget would post. It is for tests and for measuring what a
// challenge costs a solver with native SHA-256 (a bot); it stops with the
// context's error when ctx ends.
func SolveWork(ctx context.Context, c WorkChallenge) (string, error) {
	want, err := hex.DecodeString(c.Challenge)
	if c.Algorithm != WorkAlgorithm || err != nil || len(want) != sha256.Size {
		return "", ErrUnsolved
	}
	buf := make([]byte, 0, len(c.Salt)+20)
	buf = append(buf, c.Salt...)
	for n := int64(0); n <= int64(c.MaxNumber); n++ {
		if n%(1<<14) == 0 && ctx.Err() != nil {
			return "", ctx.Err()
		}
		sum := sha256.Sum256(strconv.AppendInt(buf, n, 10))
		if bytes.Equal(sum[:], want) {
			raw, err := json.Marshal(workSolution{
				Algorithm: c.Algorithm, Challenge: c.Challenge, Number: strconv.AppendInt(nil, n, 10),
				Salt: c.Salt, Signature: c.Signature,
			})
			if err != nil {
				return "", fmt.Errorf("captcha: encoding a solution: %w", err)
			}
			return base64.StdEncoding.EncodeToString(raw), nil
		}
	}
	return "", ErrUnsolved
}
