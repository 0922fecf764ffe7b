package comment

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"
)

func TestMessages(t *testing.T) {
	m := NewMessages()
	vi, en := language.Vietnamese, language.English
	tests := []struct {
		err    FieldError
		vi, en string
	}{
		{FieldError{Field: FormName, Code: CodeRequired}, "Vui lòng nhập họ tên.", "Please enter your name."},
		{FieldError{Field: FormTitle, Code: CodeRequired}, "Vui lòng nhập tiêu đề.", "Please enter a title."},
		{FieldError{Field: FormContent, Code: CodeRequired}, "Vui lòng nhập nội dung.", "Please write your comment."},
		{FieldError{Field: FormCaptcha, Code: CodeRequired}, "Vui lòng nhập mã xác nhận.", "Please type the code shown in the picture."},
		{FieldError{Field: FormPhone, Code: CodeRequired}, "Vui lòng nhập số điện thoại.", "Please fill in the phone number."},
		{FieldError{Field: FormName, Code: CodeTooShort, Params: []any{2, 1}}, "Họ tên cần ít nhất 2 ký tự (bạn đã nhập 1).", "The name must be at least 2 characters long (you typed 1)."},
		{FieldError{Field: FormContent, Code: CodeTooLong, Params: []any{3000, 3120}}, "Nội dung chỉ được tối đa 3.000 ký tự (bạn đã nhập 3.120).", "The comment can be at most 3,000 characters long (you typed 3,120)."},
		{FieldError{Field: FormTitle, Code: CodeInvalidUTF8}, "Phần tiêu đề có ký tự không đọc được, vui lòng nhập lại.", "The title has characters that could not be read; please type it again."},
		{FieldError{Field: FormPhone, Code: CodeInvalidPhone}, "Số điện thoại không hợp lệ.", "This is not a valid Vietnamese phone number."},
		{FieldError{Field: FormPhone, Code: CodeOutdatedPhone, Params: []any{"0323 456 789"}}, "Số điện thoại này đã đổi thành 0323 456 789.", "This number has changed to 0323 456 789."},
		{FieldError{Field: FieldForm, Code: CodeFormExpired}, "Biểu mẫu đã hết hạn, vui lòng gửi lại.", "The form has expired; please send it again."},
		{FieldError{Field: "email", Code: CodeRequired}, "Vui lòng nhập email.", "Please fill in the email."},
		{FieldError{Field: FormName, Code: "site_rule"}, "site_rule", "site_rule"},
		{FieldError{Field: FormParentID, Code: CodeInvalid}, "Không tìm thấy bình luận bạn muốn trả lời, vui lòng tải lại trang.", "The comment you are replying to was not found; please reload the page."},
		{FieldError{Field: FormParentID, Code: CodeReplyInvalid}, "Không thể trả lời bình luận này: bình luận không còn, chưa được duyệt hoặc đã là một trả lời.", "This comment cannot be replied to: it is gone, not yet approved, or itself a reply."},
		{FieldError{Field: FieldCaptcha, Code: CodeInvalid}, "Mã xác nhận không đúng, vui lòng nhập mã mới.", "The code is wrong; please type the new one."},
		{FieldError{Field: FormParentID, Code: CodeReplyDepth, Params: []any{1}}, "Chỉ trả lời được tới 1 cấp, không trả lời thêm vào bình luận này được.", "This comment is as deep as replies go (depth 1): it takes no more replies."},
	}
	for _, tt := range tests {
		t.Run(tt.err.Field+"."+string(tt.err.Code), func(t *testing.T) {
			assert.Equal(t, tt.vi, m.Message(vi, tt.err))
			assert.Equal(t, tt.en, m.Message(en, tt.err))
			assert.NotContains(t, m.Message(vi, tt.err), "%!", "no formatting debris")
		})
	}
}

func TestMessagesReasons(t *testing.T) {
	m := NewMessages()
	reasons := []Reason{ReasonHeld, ReasonUnsure, ReasonCleared, ReasonSpamFilter, ReasonHoneypot, ReasonDuplicate, ReasonFlood, ReasonModerator}
	seen := map[string]bool{}
	for _, r := range reasons {
		for _, tag := range []language.Tag{language.Vietnamese, language.English} {
			msg := m.Reason(tag, r)
			assert.NotEqual(t, string(r), msg, "%s has a message in %s", r, tag)
			assert.NotContains(t, msg, "%!", "no formatting debris")
			assert.False(t, seen[msg], "%q says two reasons", msg)
			seen[msg] = true
		}
	}
	assert.Equal(t, "Bộ lọc thư rác xếp vào thư rác.", m.Reason(language.Vietnamese, ReasonSpamFilter))
	assert.Equal(t, "The spam filter flagged it as spam.", m.Reason(language.English, ReasonSpamFilter))
	assert.Equal(t, "Đã qua mọi bước kiểm tra, chờ người kiểm duyệt.", m.Reason(language.French, ReasonHeld), "Vietnamese is the default")
	assert.Equal(t, "site_ban", m.Reason(language.English, "site_ban"), "an unknown reason comes back as its code")
	assert.Equal(t, "100%", m.Reason(language.English, "100%"), "and is not read as a format")

	require.NoError(t, m.Set(language.French, "reason.held", "En attente d'un modérateur."))
	assert.Equal(t, "En attente d'un modérateur.", m.Reason(language.French, ReasonHeld))
	assert.Equal(t, "Bộ lọc thư rác xếp vào thư rác.", m.Reason(language.French, ReasonSpamFilter), "what the added language lacks comes in the default language")
}

func TestBuiltinMessages(t *testing.T) {
	for _, lang := range builtinMessages {
		for _, kv := range lang.msgs {
			assert.NoError(t, NewMessages().Set(lang.tag, kv[0], kv[1]), kv[0])
		}
	}
}

func TestMessagesLanguages(t *testing.T) {
	m := NewMessages()
	assert.Equal(t, []language.Tag{language.Vietnamese, language.English}, m.Languages())
	required := FieldError{Field: FormName, Code: CodeRequired}
	assert.Equal(t, "Vui lòng nhập họ tên.", m.Message(language.French, required), "Vietnamese is the default")
	assert.Equal(t, "Please enter your name.", m.Message(language.AmericanEnglish, required))

	assert.Equal(t, language.Vietnamese, m.Match())
	assert.Equal(t, language.Vietnamese, m.Match(""))
	assert.Equal(t, language.Vietnamese, m.Match("fr-FR,fr;q=0.9"))
	assert.Equal(t, language.English, m.Match("en-US,en;q=0.9,vi;q=0.8"))
	assert.Equal(t, language.Vietnamese, m.Match("vi-VN,vi;q=0.9,en;q=0.8"))
	assert.Equal(t, language.English, m.Match("garbage;;;", "en"))
}

func TestMessagesOverride(t *testing.T) {
	m := NewMessages()
	require.NoError(t, m.Set(language.Vietnamese, "name.required", "Bạn chưa nhập họ tên."))
	require.NoError(t, m.Set(language.Vietnamese, "site_rule", "Họ tên không được chứa đường link."))
	require.NoError(t, m.Set(language.French, "name.required", "Veuillez saisir votre nom."))
	assert.Equal(t, "Bạn chưa nhập họ tên.", m.Message(language.Vietnamese, FieldError{Field: FormName, Code: CodeRequired}))
	assert.Equal(t, "Họ tên không được chứa đường link.", m.Message(language.Vietnamese, FieldError{Field: FormName, Code: "site_rule"}))
	assert.Equal(t, "Veuillez saisir votre nom.", m.Message(language.French, FieldError{Field: FormName, Code: CodeRequired}), "a new language")
	assert.Equal(t, language.French, m.Match("fr"))
	assert.Error(t, m.Set(language.English, "", "x"))

	other := NewMessages()
	assert.Equal(t, "Vui lòng nhập họ tên.", other.Message(language.Vietnamese, FieldError{Field: FormName, Code: CodeRequired}), "catalogs are independent")
}

func TestMessagesByField(t *testing.T) {
	m := NewMessages()
	errs := FieldErrors{{Field: FormName, Code: CodeRequired}, {Field: FormPhone, Code: CodeInvalidPhone}, {Field: FormName, Code: "site_rule"}}
	assert.Equal(t, map[string]string{
		FormName:  "Vui lòng nhập họ tên. site_rule",
		FormPhone: "Số điện thoại không hợp lệ.",
	}, m.ByField(language.Vietnamese, errs))
	assert.Equal(t, []string{"Please enter your name.", "This is not a valid Vietnamese phone number.", "site_rule"}, m.List(language.English, errs))
}

func TestMessagesConcurrent(t *testing.T) {
	m := NewMessages()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 100 {
				assert.Equal(t, "Please enter your name.", m.Message(language.English, FieldError{Field: FormName, Code: CodeRequired}))
				assert.Equal(t, language.English, m.Match("en-US"))
				if i == 0 && j%10 == 0 {
					assert.NoError(t, m.Set(language.German, fmt.Sprintf("code%d", j), "Bitte ausfüllen."))
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkMessage(b *testing.B) {
	m := NewMessages()
	e := FieldError{Field: FormName, Code: CodeTooShort, Params: []any{2, 1}}
	b.ReportAllocs()
	for b.Loop() {
		_ = m.Message(language.Vietnamese, e)
	}
}
