package comment_test

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/binhluan/binhluan/comment"
	"golang.org/x/text/language"
)

func ExampleRules_Validate() {
	form := url.Values{
		"name":    {"  "},
		"phone":   {"0162 345 6789"},
		"title":   {"Góp ý"},
		"content": {"Hay"},
		"captcha": {"482913"},
	}
	sub := comment.Bind(form)
	errs := comment.DefaultRules().Validate(sub)
	msgs := comment.NewMessages()
	for _, e := range errs {
		fmt.Printf("%s: %s\n", e.Field, msgs.Message(language.Vietnamese, e))
	}
	// Output:
	// name: Vui lòng nhập họ tên.
	// phone: Số điện thoại này đã đổi thành 0323 456 789.
	// content: Nội dung cần ít nhất 10 ký tự (bạn đã nhập 3).
}

func ExampleMessages_english() {
	errs := comment.DefaultRules().Validate(comment.Bind(url.Values{"phone": {"0912 ABC 678"}}))
	msgs := comment.NewMessages()
	tag := msgs.Match("en-GB,en;q=0.9")
	for _, m := range msgs.List(tag, errs) {
		fmt.Println(m)
	}
	// Output:
	// Please enter your name.
	// This is not a valid Vietnamese phone number.
	// Please enter a title.
	// Please write your comment.
	// Please type the code shown in the picture.
}

// A site adds its own rule and message, and unit-tests them like any other
// code: the rules are a value, the checks are codes.
func ExampleRules_custom() {
	rules := comment.DefaultRules()
	rules.Content.Max = 1000
	rules.Custom = func(s comment.Submission) comment.FieldErrors {
		if strings.Contains(s.Name, "http") {
			return comment.FieldErrors{{Field: comment.FormName, Code: "no_links"}}
		}
		return nil
	}
	msgs := comment.NewMessages()
	if err := msgs.Set(language.Vietnamese, "name.no_links", "Họ tên không được chứa đường link."); err != nil {
		fmt.Println(err)
	}

	// In the site's own test:
	sub := comment.Submission{
		Name: "http://vay-tien-nhanh.example", Title: "Vay tiền", Content: "Vay tiền nhanh trong ngày", Captcha: "1",
	}
	errs := rules.Validate(sub)
	fmt.Println(errs.Codes(), errs.Has(comment.FormName, "no_links"))
	fmt.Println(msgs.Message(language.Vietnamese, errs[0]))
	// Output:
	// [name:no_links] true
	// Họ tên không được chứa đường link.
}

func ExampleTokens() {
	tokens, err := comment.NewTokens(&comment.TokensConfig{Key: []byte("a secret of at least 16 bytes")})
	if err != nil {
		fmt.Println(err)
		return
	}
	rendered := time.Date(2020, 11, 29, 12, 48, 0, 0, time.UTC)
	token := tokens.Issue("long-bien-2020", rendered)

	fmt.Println(tokens.Check(token, "long-bien-2020", rendered.Add(time.Second)))
	fmt.Println(tokens.Check(token, "long-bien-2020", rendered.Add(2*time.Minute)))
	fmt.Println(tokens.Check(token, "long-bien-2020", rendered.Add(3*time.Hour)))
	// Output:
	// form: form_too_fast
	// <nil>
	// form: form_expired
}

func ExampleFingerprint() {
	a := comment.Fingerprint("Bài viết RẤT hay!!!")
	b := comment.Fingerprint("bai viet rat hay")
	fmt.Println(a == b)
	// Output:
	// true
}
