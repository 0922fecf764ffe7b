package comment

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
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

// ErrShortKey is what [NewTokens] returns, wrapped, for a key under 16
// bytes.
var ErrShortKey = errors.New("comment: form token key must be at least 16 bytes")

// TokensConfig sets up [Tokens]. Key is required; a zero age takes its
// default.
type TokensConfig struct {
	// Key is the site's secret: at least 16 bytes, from crypto/rand, kept
	// across restarts and shared by every server of the site. It is
	// copied.
	Key []byte
	// MinAge is the least time between rendering and posting a form;
	// DefaultMinAge when zero.
	MinAge time.Duration
	// MaxAge is the most, above MinAge; DefaultMaxAge when zero.
	MaxAge time.Duration
}

// Tokens issues and checks signed form tokens. A token carries the time
// the form was rendered and an HMAC of it with the site's key and a scope
// (the article ID), so a site can refuse forms posted faster than a person
// types (MinAge), forms opened too long ago (MaxAge), and tokens made for
// another article or by anyone without the key. Several servers sharing
// the key accept each other's tokens.
//
// A token is not single use: a bot can replay one within MaxAge, which the
// duplicate fingerprint and flood limits catch. Make one with [NewTokens];
// it is then safe for concurrent use. The zero value, and a nil *Tokens,
// have no key: they issue empty tokens and accept none.
type Tokens struct {
	key            []byte
	minAge, maxAge time.Duration
}

// NewTokens returns a token issuer with the settings of cfg. A nil cfg, a
// key under 16 bytes (an error wrapping [ErrShortKey]) and a negative or
// inconsistent age are errors that name the setting.
func NewTokens(cfg *TokensConfig) (*Tokens, error) {
	if cfg == nil {
		return nil, fmt.Errorf("%w: TokensConfig.Key is required", ErrShortKey)
	}
	if len(cfg.Key) < 16 {
		return nil, fmt.Errorf("%w: TokensConfig.Key has %d", ErrShortKey, len(cfg.Key))
	}
	t := &Tokens{key: append([]byte(nil), cfg.Key...), minAge: cfg.MinAge, maxAge: cfg.MaxAge}
	switch {
	case t.minAge < 0:
		return nil, fmt.Errorf("comment: TokensConfig.MinAge is negative (%v)", t.minAge)
	case t.maxAge < 0:
		return nil, fmt.Errorf("comment: TokensConfig.MaxAge is negative (%v)", t.maxAge)
	}
	if t.minAge == 0 {
		t.minAge = DefaultMinAge
	}
	if t.maxAge == 0 {
		t.maxAge = DefaultMaxAge
	}
	if t.maxAge <= t.minAge {
		return nil, fmt.Errorf("comment: TokensConfig.MaxAge (%v) must be above MinAge (%v)", t.maxAge, t.minAge)
	}
	return t, nil
}

// Issue returns a token for a form rendered now for the given scope,
// usually the article's ID. It is URL-safe text for a hidden input named
// [FormToken].
func (t *Tokens) Issue(scope string, now time.Time) string {
	if t == nil || len(t.key) < 16 {
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
	if t == nil || len(t.key) < 16 || strings.ContainsAny(token, "\r\n") {
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
	case age < t.minAge:
		return FieldError{Field: FieldForm, Code: CodeFormTooFast, Params: []any{t.minAge.Seconds()}}
	case age > t.maxAge:
		return FieldError{Field: FieldForm, Code: CodeFormExpired, Params: []any{t.maxAge.Minutes()}}
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
