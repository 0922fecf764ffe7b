// Command quickstart takes three posts of the form "Viết bình luận" through
// binhluan in one screen of code: binding, validation with Vietnamese
// messages, the signed form token, the captcha (its answer read from a
// captchatest store, as a site's test would) and the starter spam filter.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"time"

	"golang.org/x/text/language"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/captcha"
	"github.com/binhluan/binhluan/captcha/captchatest"
	"github.com/binhluan/binhluan/classify"
	"github.com/binhluan/binhluan/comment"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// statusVi names a moderation state the way the site's moderators read it.
var statusVi = map[comment.Status]string{
	comment.Pending: "chờ duyệt", comment.Approved: "đã duyệt",
	comment.Spam: "spam", comment.Trash: "đã xoá",
}

func run(w io.Writer) error {
	ctx := context.Background()
	clock := captchatest.NewClock(time.Date(2020, 11, 29, 5, 48, 0, 0, time.UTC))
	store := captchatest.NewStore(clock) // a real site: captcha.New(nil)
	captchas, err := captcha.New(&captcha.Config{Store: store, Now: clock.Now, Rand: captchatest.Rand(1)})
	if err != nil {
		return err
	}
	tokens, err := comment.NewTokens(&comment.TokensConfig{Key: []byte("khoá bí mật của trang, từ crypto/rand")})
	if err != nil {
		return err
	}
	filter, err := classify.Default(nil)
	if err != nil {
		return err
	}
	// Every comment the filter does not flag waits for a moderator; set
	// ApproveCleared to publish those it clears at once.
	screener := comment.Screener{Rules: comment.DefaultRules(), Tokens: tokens,
		Captcha: captchas, Spam: filter, Recent: &comment.Recent{}}
	messages := comment.NewMessages()

	const articleID = "long-bien-2020"
	for _, form := range []url.Values{
		{"name": {" "}, "phone": {"01623456789"}, "title": {"Hay"}, "content": {"Tốt"}, "captcha": {"000000"}},
		{"name": {"Nguyễn Văn An"}, "phone": {"0912.345.678"}, "title": {"Ý kiến về nghị quyết"},
			"content": {"Bài viết rất thiết thực, mong quận sớm giải quyết chuyện thoát nước."}},
		{"name": {"Dịch vụ"}, "title": {"VAY TIỀN NHANH"},
			"content": {"Vay tiền online duyệt nhanh 5 phút, lãi suất 0%, gọi ngay 0912345678 hoặc vào http://vaynhanh.example"}},
	} {
		// What the page put in the form when it was rendered.
		id, err := captchas.New(ctx)
		if err != nil {
			return err
		}
		form.Set(comment.FormCaptchaID, id)
		form.Set(comment.FormToken, tokens.Issue(articleID, clock.Now()))
		if form.Get(comment.FormCaptcha) == "" {
			answer, _ := store.Answer(id) // the reader reads the image
			form.Set(comment.FormCaptcha, answer)
		}
		clock.Advance(time.Minute) // the reader types

		sub := comment.Bind(form) // a site: comment.BindRequest(r, 0)
		c, errs, err := screener.Screen(ctx, sub, articleID, clock.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "Bình luận của %q:\n", sub.Name)
		if len(errs) > 0 {
			for _, msg := range messages.List(language.Vietnamese, errs) {
				fmt.Fprintf(w, "  - %s\n", msg)
			}
			continue
		}
		fmt.Fprintf(w, "  nhận lúc %s, số điện thoại %q, trạng thái: %s, điểm spam %.2f\n",
			article.FormatStamp(c.CreatedAt), c.Phone.String(), statusVi[c.Status], c.SpamScore)
		fmt.Fprintf(w, "  lý do: %s\n", messages.Reason(language.Vietnamese, c.Reason))
		// The words that weighed most, for the moderator.
		r := filter.Explain(classify.Document{Name: c.Name, Title: c.Title, Content: c.Content}, 3)
		for _, t := range r.Tokens {
			fmt.Fprintf(w, "    %-20s %+.2f\n", t.Text, t.Weight)
		}
	}
	return nil
}
