package comment_test

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/binhluan/binhluan/captcha"
	"github.com/binhluan/binhluan/captcha/captchatest"
	"github.com/binhluan/binhluan/classify"
	"github.com/binhluan/binhluan/comment"
	"golang.org/x/text/language"
)

// judged gives a Classifier the screener's Scorer method: the probability
// and the verdict its calibrated thresholds give.
type judged struct{ *classify.Classifier }

func (j judged) Judge(name, title, content string) (float64, bool, bool) {
	r := j.Score(classify.Document{Name: name, Title: title, Content: content})
	return r.Probability, r.Verdict == classify.VerdictSpam, r.Verdict == classify.VerdictHam
}

// The whole screening of one comment with binhluan's own captcha service
// and spam filter, which satisfy the screener's interfaces without knowing
// package comment. The test reads the captcha's answer from the store it
// gave the service: no back door in the site.
func ExampleScreener() {
	ctx := context.Background()
	clock := captchatest.NewClock(time.Date(2020, 11, 29, 5, 48, 0, 0, time.UTC))
	store := captchatest.NewStore(clock)
	captchas, err := captcha.New(&captcha.Config{Store: store, Now: clock.Now, Rand: captchatest.Rand(1)})
	if err != nil {
		fmt.Println(err)
		return
	}
	filter, err := classify.Default(nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	tokens, err := comment.NewTokens(&comment.TokensConfig{Key: []byte("a secret of at least 16 bytes")})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := &comment.Screener{
		Rules: comment.DefaultRules(), Tokens: tokens, Captcha: captchas, Spam: judged{filter},
		Recent: &comment.Recent{},
	}
	msgs := comment.NewMessages()

	post := func(content string) {
		id, _ := captchas.New(ctx)
		answer, _ := store.Answer(id)
		token := tokens.Issue("long-bien", clock.Now())
		clock.Advance(time.Minute) // the reader types
		sub := comment.Bind(url.Values{
			"name": {"Trần Thị Bình"}, "title": {"Góp ý"}, "content": {content},
			"captcha_id": {id}, "captcha": {answer}, "form_token": {token},
		})
		c, errs, err := s.Screen(ctx, sub, "long-bien", clock.Now())
		switch {
		case err != nil:
			fmt.Println(err)
		case len(errs) > 0:
			fmt.Println(errs.Codes())
		default:
			fmt.Printf("%s (%.2f) - %s\n", c.Status, c.SpamScore, msgs.Reason(language.Vietnamese, c.Reason))
		}
	}
	post("Đề nghị quận sớm lắp đèn chiếu sáng ở ngõ 12, tối rất nguy hiểm.")
	post("VAY TIỀN NHANH không thẩm định, giải ngân 15 phút, ib zalo 0912.345.678!!!")
	post("Ngắn")
	// Output:
	// pending (0.00) - Đã qua mọi bước kiểm tra, chờ người kiểm duyệt.
	// spam (1.00) - Bộ lọc thư rác xếp vào thư rác.
	// [content:too_short]
}
