package comment

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
	"time"
)

// Default ages for [Tokens]: a person needs a few seconds to type a
// comment, and a form left open for hours is better reloaded.
const (
	DefaultMinAge = 3 * time.Second
	DefaultMaxAge = 2 * time.Hour
)

// clockSkew is how far in the future a token's issue time may lie, for
// servers whose clocks differ slightly.
const clockSkew = time.Minute

// tokenLen is the decoded length of a token: 8 bytes of issue time in
// Unix milliseconds and 16 bytes of HMAC-SHA256.
const tokenLen = 8 + 16

// ErrShortKey is returned by [NewTokens] for a key under 16 bytes.
var ErrShortKey = errors.New("comment: form token key must be at least 16 bytes")

// Tokens issues and checks signed form tokens. A token carries the time
// the form was rendered and an HMAC of it with the site's key and a scope
// (the article ID), so a site can refuse forms posted faster than a person
// types (MinAge), forms opened too long ago (MaxAge), and tokens made for
// another article or by anyone without the key. Several servers sharing
// the key accept each other's tokens.
//
// A token is not single use: a bot can replay one within MaxAge, which the
// duplicate fingerprint and flood limits catch. Set MinAge and MaxAge before
// use; after that Tokens is safe for concurrent use. Make one with
// [NewTokens]: the zero value has no key, issues empty tokens and accepts
// none.
type Tokens struct {
	key []byte
	// MinAge is the least time between rendering and posting a form;
	// DefaultMinAge when zero.
	MinAge time.Duration
	// MaxAge is the most; DefaultMaxAge when zero.
	MaxAge time.Duration
}

// NewTokens returns a token issuer with the site's secret key (at least 16
// bytes, from crypto/rand, kept across restarts and shared by every server
// of the site). The key is copied.
func NewTokens(key []byte) (*Tokens, error) {
	if len(key) < 16 {
		return nil, ErrShortKey
	}
	return &Tokens{key: append([]byte(nil), key...)}, nil
}

// Issue returns a token for a form rendered now for the given scope,
// usually the article's ID. It is URL-safe text for a hidden input named
// [FormToken].
func (t *Tokens) Issue(scope string, now time.Time) string {
	if len(t.key) < 16 {
		return "" // a Tokens not made by NewTokens has no key to sign with
	}
	var buf [tokenLen]byte
	binary.BigEndian.PutUint64(buf[:8], uint64(now.UnixMilli()))
	var sum [sha256.Size]byte
	copy(buf[8:], t.sign(sum[:0], buf[:8], scope))
	return base64.RawURLEncoding.EncodeToString(buf[:])
}

// Check verifies a posted token for the scope at time now. It returns nil
// or a [FieldError] on the field "form" with the code [CodeFormInvalid]
// (missing, damaged, forged, another scope, or issued in the future),
// [CodeFormTooFast] or [CodeFormExpired].
func (t *Tokens) Check(token, scope string, now time.Time) error {
	if len(t.key) < 16 || strings.ContainsAny(token, "\r\n") {
		return FieldError{Field: FieldForm, Code: CodeFormInvalid}
	}
	var buf [tokenLen + 3]byte
	if base64.RawURLEncoding.DecodedLen(len(token)) != tokenLen {
		return FieldError{Field: FieldForm, Code: CodeFormInvalid}
	}
	n, err := base64.RawURLEncoding.Decode(buf[:], []byte(token))
	if err != nil || n != tokenLen {
		return FieldError{Field: FieldForm, Code: CodeFormInvalid}
	}
	var want [sha256.Size]byte
	if !hmac.Equal(t.sign(want[:0], buf[:8], scope)[:16], buf[8:tokenLen]) {
		return FieldError{Field: FieldForm, Code: CodeFormInvalid}
	}
	issued := time.UnixMilli(int64(binary.BigEndian.Uint64(buf[:8])))
	age := now.Sub(issued)
	switch {
	case age < -clockSkew:
		return FieldError{Field: FieldForm, Code: CodeFormInvalid}
	case age < t.minAge():
		return FieldError{Field: FieldForm, Code: CodeFormTooFast, Params: []any{t.minAge().Seconds()}}
	case age > t.maxAge():
		return FieldError{Field: FieldForm, Code: CodeFormExpired, Params: []any{t.maxAge().Minutes()}}
	}
	return nil
}

// sign appends the HMAC of the issue time and scope to dst.
func (t *Tokens) sign(dst, issued []byte, scope string) []byte {
	mac := hmac.New(sha256.New, t.key)
	mac.Write([]byte("binhluan form token v1\x00"))
	mac.Write(issued)
	mac.Write([]byte(scope))
	return mac.Sum(dst)
}

func (t *Tokens) minAge() time.Duration {
	if t.MinAge > 0 {
		return t.MinAge
	}
	return DefaultMinAge
}

func (t *Tokens) maxAge() time.Duration {
	if t.MaxAge > 0 {
		return t.MaxAge
	}
	return DefaultMaxAge
}
