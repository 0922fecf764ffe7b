package comment

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"
)

func TestZeroTokensAcceptNothing(t *testing.T) {
	var zero Tokens
	now := time.Now()
	assert.Empty(t, zero.Issue("a", now))
	forged := (&Tokens{key: nil}).Issue("a", now)
	err := zero.Check(forged, "a", now.Add(time.Minute))
	var fe FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, CodeFormInvalid, fe.Code)

	var none *Tokens
	assert.Empty(t, none.Issue("a", now), "a nil *Tokens issues nothing")
	require.ErrorAs(t, none.Check(forged, "a", now.Add(time.Minute)), &fe)
	assert.Equal(t, CodeFormInvalid, fe.Code, "and accepts nothing")

	tok, err := NewTokens(&TokensConfig{Key: testKey})
	require.NoError(t, err)
	good := tok.Issue("a", now)
	assert.Error(t, tok.Check(good[:10]+"\n"+good[10:], "a", now.Add(time.Minute)), "no line breaks inside a token")
}

func TestZeroMessages(t *testing.T) {
	var m Messages
	required := FieldError{Field: FormName, Code: CodeRequired}
	assert.Equal(t, "Vui lòng nhập họ tên.", m.Message(language.Vietnamese, required), "the zero Messages has the built-in catalog")
	assert.Equal(t, language.English, m.Match("en"))
	assert.Equal(t, "Held for a moderator.", func() string {
		var m Messages
		require.NoError(t, m.Set(language.English, "reason.held", "Held for a moderator."))
		return m.Reason(language.English, ReasonHeld)
	}(), "Set on the zero Messages keeps the built-in messages")
	var other Messages
	assert.Equal(t, []language.Tag{language.Vietnamese, language.English}, other.Languages())
}

func TestMessagesNewLanguageFallsBack(t *testing.T) {
	m := NewMessages()
	require.NoError(t, m.Set(language.French, "name.required", "Veuillez saisir votre nom."))
	fr := m.Match("fr")
	assert.Equal(t, "Veuillez saisir votre nom.", m.Message(fr, FieldError{Field: FormName, Code: CodeRequired}))
	assert.Equal(t, "Họ tên cần ít nhất 2 ký tự (bạn đã nhập 1).", m.Message(fr, FieldError{Field: FormName, Code: CodeTooShort, Params: []any{2, 1}}),
		"what the added language lacks comes in the default language, never as a code")
}

func TestMessagesCacheIsBounded(t *testing.T) {
	m := NewMessages()
	for i := range 500 {
		tag := language.Make(fmt.Sprintf("en-x-n%d", i))
		assert.Equal(t, "Please enter your name.", m.Message(tag, FieldError{Field: FormName, Code: CodeRequired}))
	}
	assert.LessOrEqual(t, len(m.printers), len(m.Languages()), "one printer per supported language, whatever tags readers send")
}

func TestBindRequestRefusesOtherMethods(t *testing.T) {
	r := httptest.NewRequest(http.MethodGet, "/?name=x", strings.NewReader("name=y"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	_, err := BindRequest(r, 0)
	assert.ErrorIs(t, err, ErrContentType)

	post := postForm("name=An")
	post.RemoteAddr = "198.51.100.4:51234"
	post.Header.Set("User-Agent", "Mozilla/5.0\u200b (X11)")
	s, err := BindRequest(post, 0)
	require.NoError(t, err)
	assert.Equal(t, "198.51.100.4", s.IP)
	assert.Equal(t, "Mozilla/5.0 (X11)", s.UserAgent)
}

func TestCutFieldsAndBrokenBytes(t *testing.T) {
	huge := Bind(url.Values{FormContent: {strings.Repeat("a", maxFieldBytes+5000)}})
	errs := Rules{}.Validate(huge)
	require.Equal(t, "content:too_long", errs.Codes()[len(errs)-1])
	fe := errs[len(errs)-1]
	assert.Equal(t, []any{maxFieldBytes, maxFieldBytes}, fe.Params, "with no maximum set, the kept length is the limit shown, never 0")

	broken := Bind(url.Values{FormContent: {strings.Repeat("\x80", maxFieldBytes+10)}})
	assert.True(t, DefaultRules().Validate(broken).Has(FormContent, CodeInvalidUTF8), "invalid bytes stay invalid after the cut")

	byHand := Submission{Name: "A\xff\xfe", Title: "Tựa đề", Content: "Nội dung đủ dài để qua."}
	assert.True(t, Rules{}.Validate(byHand).Has(FormName, CodeInvalidUTF8), "a submission built by hand is checked too")
}
