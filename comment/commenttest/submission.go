package commenttest

import (
	"time"

	"github.com/binhluan/binhluan/comment"
)

// Submission returns a comment form that passes every rule of
// [comment.DefaultRules], and PhoneRequired too: a name, a current mobile
// number, a title and content in Vietnamese (NFC, as binding leaves
// them), a captcha id and answer for a fake [Captcha], and the poster's
// address and browser. It has no form token (see [Token]), no parent and
// an empty honeypot. A test changes the one field it is about:
//
//	sub := commenttest.Submission()
//	sub.Title = "" // and expects title:required
//
// Each call returns a new value.
func Submission() comment.Submission {
	return comment.Submission{
		Name:      "Nguyễn Thị Lan",
		Phone:     "0912 345 678",
		Title:     "Góp ý về bài viết",
		Content:   "Bài viết rất hữu ích, cảm ơn tác giả đã tổng hợp đầy đủ thông tin.",
		CaptchaID: "commenttest-captcha",
		Captcha:   "482913",
		IP:        "192.0.2.10",
		UserAgent: "commenttest",
	}
}

// TokenAge is how long before now [Token] says its form was rendered:
// above comment.DefaultMinAge and below comment.DefaultMaxAge, so the
// token is accepted at once by Tokens with the default ages, or any
// MinAge up to TokenAge.
const TokenAge = time.Minute

// Token returns a form token of tokens for the scope (the article's ID)
// as if the form had been rendered TokenAge before now, so a test posts
// it at now without waiting out the minimum age. For other ages, call
// tokens.Issue(scope, now.Add(-age)) directly.
func Token(tokens *comment.Tokens, scope string, now time.Time) string {
	return tokens.Issue(scope, now.Add(-TokenAge))
}
