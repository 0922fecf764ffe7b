package comment

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// valid returns a submission that passes DefaultRules, for the tests to
// change one field at a time.
func valid() Submission {
	return Bind(url.Values{
		FormName:    {"Nguyễn Văn An"},
		FormPhone:   {"0912 345 678"},
		FormTitle:   {"Ý kiến về quy hoạch"},
		FormContent: {"Tôi đồng tình với chủ trương của quận, mong sớm triển khai."},
		FormCaptcha: {"482913"},
	})
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(v url.Values)
		want   []string
	}{
		{"valid", func(v url.Values) {}, nil},
		{"phone optional", func(v url.Values) { v.Del(FormPhone) }, nil},
		{"white space is empty", func(v url.Values) { v.Set(FormName, " \u00a0\t\u200b") }, []string{"name:required"}},
		{"everything missing at once", func(v url.Values) { v.Del(FormName); v.Del(FormTitle); v.Del(FormContent); v.Del(FormCaptcha) },
			[]string{"name:required", "title:required", "content:required", "captcha:required"}},
		{"name too short", func(v url.Values) { v.Set(FormName, "A") }, []string{"name:too_short"}},
		{"name at the minimum", func(v url.Values) { v.Set(FormName, "Út") }, nil},
		{"name too long", func(v url.Values) { v.Set(FormName, strings.Repeat("ễ", 51)) }, []string{"name:too_long"}},
		{"name at the maximum, counted in runes", func(v url.Values) { v.Set(FormName, strings.Repeat("ễ", 50)) }, nil},
		{"decomposed marks count once", func(v url.Values) { v.Set(FormName, strings.Repeat("e\u0302\u0303", 50)) }, nil},
		{"title too short", func(v url.Values) { v.Set(FormTitle, "Ừ") }, []string{"title:too_short"}},
		{"content too short", func(v url.Values) { v.Set(FormContent, "Hay quá") }, []string{"content:too_short"}},
		{"content too long", func(v url.Values) { v.Set(FormContent, strings.Repeat("a", 3001)) }, []string{"content:too_long"}},
		{"bad phone", func(v url.Values) { v.Set(FormPhone, "0912 ABC 678") }, []string{"phone:invalid_phone"}},
		{"outdated phone", func(v url.Values) { v.Set(FormPhone, "01623456789") }, []string{"phone:outdated_phone"}},
		{"landline", func(v url.Values) { v.Set(FormPhone, "024 3825 1234") }, nil},
		{"invalid UTF-8 in the title", func(v url.Values) { v.Set(FormTitle, "Ti\xe1\xbau") }, []string{"title:invalid_utf8"}},
		{"invalid UTF-8 in the phone", func(v url.Values) { v.Set(FormPhone, "09\xff") }, []string{"phone:invalid_utf8"}},
		{"a full stop after the phone", func(v url.Values) { v.Set(FormPhone, "0912 345 678.") }, nil},
		{"a reply", func(v url.Values) { v.Set(FormParentID, "AAAAAAAAAAAAAAAAAAAAAAAAAA") }, nil},
		{"a parent that is no comment ID", func(v url.Values) { v.Set(FormParentID, "p1") }, []string{"parent_id:invalid"}},
		{"a parent of 64 KB", func(v url.Values) { v.Set(FormParentID, strings.Repeat("A", 64<<10)) }, []string{"parent_id:invalid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := valid().Values()
			tt.change(v)
			errs := DefaultRules().Validate(Bind(v))
			if tt.want == nil {
				assert.Empty(t, errs.Codes())
				assert.NoError(t, errs.Err())
				return
			}
			assert.Equal(t, tt.want, errs.Codes())
			assert.Error(t, errs.Err())
		})
	}
}

func TestValidateParams(t *testing.T) {
	s := valid()
	s.Name = "A"
	s.Phone = "0162 345 6789"
	errs := DefaultRules().Validate(s)
	assert.Equal(t, FieldErrors{
		{Field: FormName, Code: CodeTooShort, Params: []any{2, 1}},
		{Field: FormPhone, Code: CodeOutdatedPhone, Params: []any{"0323 456 789"}},
	}, errs)
}

func TestRulesConfigurable(t *testing.T) {
	r := DefaultRules()
	r.PhoneRequired = true
	r.CaptchaRequired = false
	r.Content = Limits{Min: 1, Max: 20}
	s := valid()
	s.Phone = ""
	s.Captcha = ""
	assert.Equal(t, []string{"phone:required", "content:too_long"}, r.Validate(s).Codes())

	var zero Rules
	assert.Empty(t, zero.Validate(Submission{Name: "A", Title: "B", Content: "C"}), "the zero Rules only requires the three starred fields")
	assert.Equal(t, []string{"name:required", "title:required", "content:required"}, zero.Validate(Submission{}).Codes())
}

func BenchmarkValidate(b *testing.B) {
	s := valid()
	r := DefaultRules()
	b.ReportAllocs()
	for b.Loop() {
		if errs := r.Validate(s); len(errs) != 0 {
			b.Fatal(errs)
		}
	}
}
