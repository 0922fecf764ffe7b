package comment

import (
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// FuzzBindValidate posts arbitrary values through binding and validation:
// no panic, every bound value is valid UTF-8 with no control characters,
// every problem has a known field and code and a message in both
// languages, and a form with no problems yields a comment with the same
// text.
func FuzzBindValidate(f *testing.F) {
	f.Add("Nguyễn Văn An", "0912 345 678", "Ý kiến", "Nội dung bình luận đủ dài.", "123")
	f.Add("", "01623456789", "\xff", strings.Repeat("ệ", 3001), "")
	f.Add("A\u200b", "+84 (0) 24 3825 1234", "T\r\nT", "x\x00y", "１２３")
	msgs := NewMessages()
	known := map[Code]bool{
		CodeRequired: true, CodeTooShort: true, CodeTooLong: true, CodeInvalidUTF8: true,
		CodeInvalidPhone: true, CodeOutdatedPhone: true,
	}
	f.Fuzz(func(t *testing.T, name, phone, title, content, captcha string) {
		s := Bind(url.Values{FormName: {name}, FormPhone: {phone}, FormTitle: {title}, FormContent: {content}, FormCaptcha: {captcha}})
		for _, v := range []string{s.Name, s.Phone, s.Title, s.Content, s.Captcha} {
			if !utf8.ValidString(v) {
				t.Fatalf("bound value %q is not valid UTF-8", v)
			}
			if strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 && r != '\n' || r == 0x7f }) {
				t.Fatalf("bound value %q keeps a control character", v)
			}
			if strings.TrimSpace(v) != v {
				t.Fatalf("bound value %q is not trimmed", v)
			}
		}
		errs := DefaultRules().Validate(s)
		for _, e := range errs {
			if !known[e.Code] {
				t.Fatalf("unknown code %q", e.Code)
			}
			for _, tag := range []language.Tag{language.Vietnamese, language.English} {
				if m := msgs.Message(tag, e); m == string(e.Code) || strings.Contains(m, "%!") {
					t.Fatalf("no proper message for %v: %q", e, m)
				}
			}
		}
		if len(errs) == 0 {
			c := s.Comment("a", time.Time{})
			if c.Name != s.Name || c.Title != s.Title || c.Content != s.Content {
				t.Fatalf("the comment lost text of a valid form")
			}
			if (s.Phone == "") != c.Phone.IsZero() {
				t.Fatalf("a valid phone %q was not kept", s.Phone)
			}
		}
	})
}
