package comment

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testKey = []byte("0123456789abcdef-site-key")

func TestTokens(t *testing.T) {
	tok, err := NewTokens(&TokensConfig{Key: testKey})
	require.NoError(t, err)
	issued := time.Date(2020, 11, 29, 12, 48, 0, 0, time.UTC)
	token := tok.Issue("article-1", issued)
	assert.NotContains(t, token, "=")
	assert.NotContains(t, token, "+")

	code := func(err error) Code {
		if err == nil {
			return ""
		}
		var fe FieldError
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, FieldForm, fe.Field)
		return fe.Code
	}
	tests := []struct {
		name  string
		token string
		scope string
		after time.Duration
		want  Code
	}{
		{"in time", token, "article-1", 30 * time.Second, ""},
		{"just old enough", token, "article-1", DefaultMinAge, ""},
		{"just young enough", token, "article-1", DefaultMaxAge, ""},
		{"too fast", token, "article-1", time.Second, CodeFormTooFast},
		{"expired", token, "article-1", DefaultMaxAge + time.Second, CodeFormExpired},
		{"from the future", token, "article-1", -2 * time.Minute, CodeFormInvalid},
		{"another article", token, "article-2", time.Minute, CodeFormInvalid},
		{"empty", "", "article-1", time.Minute, CodeFormInvalid},
		{"damaged", damage(token), "article-1", time.Minute, CodeFormInvalid},
		{"not base64", strings.Repeat("!", len(token)), "article-1", time.Minute, CodeFormInvalid},
		{"too long", token + token, "article-1", time.Minute, CodeFormInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, code(tok.Check(tt.token, tt.scope, issued.Add(tt.after))))
		})
	}

	other, err := NewTokens(&TokensConfig{Key: []byte("another-key-of-the-same-size!!")})
	require.NoError(t, err)
	assert.Equal(t, CodeFormInvalid, code(other.Check(token, "article-1", issued.Add(time.Minute))), "another site's key")

	strict, err := NewTokens(&TokensConfig{Key: testKey, MinAge: 10 * time.Second, MaxAge: time.Minute})
	require.NoError(t, err)
	assert.Equal(t, CodeFormTooFast, code(strict.Check(token, "article-1", issued.Add(5*time.Second))))
	assert.Equal(t, Code(""), code(strict.Check(token, "article-1", issued.Add(30*time.Second))))
	assert.Equal(t, CodeFormExpired, code(strict.Check(token, "article-1", issued.Add(2*time.Minute))))
}

func TestNewTokensConfig(t *testing.T) {
	tests := []struct {
		name  string
		cfg   *TokensConfig
		field string
	}{
		{"nil", nil, "TokensConfig.Key"},
		{"short key", &TokensConfig{Key: []byte("short")}, "TokensConfig.Key"},
		{"negative MinAge", &TokensConfig{Key: testKey, MinAge: -time.Second}, "TokensConfig.MinAge"},
		{"negative MaxAge", &TokensConfig{Key: testKey, MaxAge: -time.Second}, "TokensConfig.MaxAge"},
		{"MaxAge under MinAge", &TokensConfig{Key: testKey, MinAge: time.Minute, MaxAge: time.Second}, "TokensConfig.MaxAge"},
		{"MaxAge under the default MinAge", &TokensConfig{Key: testKey, MaxAge: time.Second}, "TokensConfig.MaxAge"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := NewTokens(tt.cfg)
			assert.ErrorContains(t, err, tt.field)
			assert.Nil(t, tok)
		})
	}
	_, err := NewTokens(&TokensConfig{Key: []byte("short")})
	assert.ErrorIs(t, err, ErrShortKey)
	_, err = NewTokens(nil)
	assert.ErrorIs(t, err, ErrShortKey)
}

// damage changes one base64 character of a token in its signature.
func damage(token string) string {
	b := []byte(token)
	if b[20] == 'A' {
		b[20] = 'B'
	} else {
		b[20] = 'A'
	}
	return string(b)
}

func TestTokensCopyKey(t *testing.T) {
	key := append([]byte(nil), testKey...)
	tok, err := NewTokens(&TokensConfig{Key: key})
	require.NoError(t, err)
	now := time.Now()
	token := tok.Issue("a", now)
	key[0] ^= 0xff
	assert.NoError(t, tok.Check(token, "a", now.Add(time.Minute)), "changing the caller's slice does not change the key")
}

func BenchmarkTokenCheck(b *testing.B) {
	tok, err := NewTokens(&TokensConfig{Key: testKey})
	require.NoError(b, err)
	now := time.Now()
	token := tok.Issue("article-1", now)
	b.ReportAllocs()
	for b.Loop() {
		if err := tok.Check(token, "article-1", now.Add(time.Minute)); err != nil {
			b.Fatal(err)
		}
	}
}
