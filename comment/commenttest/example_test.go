package commenttest_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/commenttest"
)

// A table of submissions, each the valid one with one field changed, and
// the field errors each must get.
func ExampleSubmission() {
	rules := comment.DefaultRules()
	for _, change := range []func(*comment.Submission){
		func(s *comment.Submission) {},
		func(s *comment.Submission) { s.Name = "" },
		func(s *comment.Submission) { s.Phone = "0123 456 789" },
		func(s *comment.Submission) { s.Captcha = "" },
	} {
		sub := commenttest.Submission()
		change(&sub)
		fmt.Println(rules.Validate(sub).Codes())
	}
	// Output:
	// []
	// [name:required]
	// [phone:invalid_phone]
	// [captcha:required]
}

// A token the form "rendered" TokenAge ago is accepted now; one issued
// now is refused as posted too fast.
func ExampleToken() {
	now := time.Date(2026, 11, 29, 12, 48, 0, 0, article.Vietnam())
	tokens, err := comment.NewTokens(&comment.TokensConfig{Key: []byte("the site's key, 16 bytes or more")})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tokens.Check(commenttest.Token(tokens, "bai-1", now), "bai-1", now))
	fmt.Println(tokens.Check(tokens.Issue("bai-1", now), "bai-1", now))
	fmt.Println(commenttest.TokenAge)
	// Output:
	// <nil>
	// form: form_too_fast
	// 1m0s
}

// The captcha fake accepts, refuses or fails, and tells what it was asked.
func ExampleCaptcha() {
	ctx := context.Background()
	accepting := &commenttest.Captcha{}
	refusing := &commenttest.Captcha{Refuse: true}
	down := &commenttest.Captcha{Err: errors.New("captcha service down")}
	fmt.Println(accepting.Verify(ctx, "id-1", "482913"))
	fmt.Println(refusing.Verify(ctx, "id-2", "000000"))
	fmt.Println(down.Verify(ctx, "id-3", "482913"))
	var calls []commenttest.CaptchaCall = refusing.Calls()
	fmt.Printf("%+v\n", calls)
	// Output:
	// true <nil>
	// false <nil>
	// false captcha service down
	// [{ID:id-2 Answer:000000}]
}

// The spam filter fake gives the screener the verdict a test needs.
func ExampleScorer() {
	ctx := context.Background()
	now := time.Date(2026, 11, 29, 12, 48, 0, 0, article.Vietnam())
	for _, spam := range []commenttest.Scorer{
		{P: 0.99, Flagged: true},
		{P: 0.5},
		{P: 0.01, Cleared: true},
	} {
		s := &comment.Screener{Rules: comment.DefaultRules(), Spam: spam, ApproveCleared: true}
		c, _, _ := s.Screen(ctx, commenttest.Submission(), "bai-1", now)
		fmt.Println(c.Status, c.Reason, c.SpamScore)
	}
	// Output:
	// spam spam_filter 0.99
	// pending unsure 0.5
	// approved cleared 0.01
}

// An outage of the store: the screener cannot check the comment a reply
// names, and says so with an error rather than field errors.
func ExampleOutage() {
	ctx := context.Background()
	now := time.Date(2026, 11, 29, 12, 48, 0, 0, article.Vietnam())
	store := &commenttest.Outage{Store: &commenttest.MemoryStore{}}
	top, _ := store.Add(ctx, comment.Comment{ArticleID: "bai-1", Name: "Lan", CreatedAt: now, Status: comment.Approved})
	s := &comment.Screener{Parents: store}
	sub := commenttest.Submission()
	sub.ParentID = top.ID

	_, errs, err := s.Screen(ctx, sub, "bai-1", now)
	fmt.Println(errs.Codes(), err)
	store.Fail(errors.New("database down"))
	_, errs, err = s.Screen(ctx, sub, "bai-1", now)
	fmt.Println(errs.Codes(), err)
	// Output:
	// [] <nil>
	// [] comment: looking up the comment replied to: database down
}

// printer is a commenttest.TB that prints what a test would report.
type printer struct{}

func (printer) Helper() {}
func (printer) Errorf(format string, args ...any) {
	fmt.Printf(format+"\n", args...)
}

// In a test, pass t; printer shows here what the test would report when
// the codes differ.
func ExampleAssertFieldErrors() {
	sub := commenttest.Submission()
	sub.Name, sub.Content = "", "Ngắn"
	errs := comment.DefaultRules().Validate(sub)

	var t commenttest.TB = printer{}
	ok := commenttest.AssertFieldErrors(t, errs,
		commenttest.Want{Field: comment.FormName, Code: comment.CodeRequired},
		commenttest.Want{Field: comment.FormContent, Code: comment.CodeTooShort})
	fmt.Println(ok)
	commenttest.AssertFieldErrors(t, errs, commenttest.Want{Field: comment.FormContent, Code: comment.CodeTooLong})
	// Output:
	// true
	// field errors (-want +got):
	//   -content:too_long
	//   +content:too_short
	//   +name:required
}

func ExampleWant_String() {
	fmt.Println(commenttest.Want{Field: comment.FormTitle, Code: comment.CodeRequired})
	// Output: title:required
}

// A MemoryStore keeps threads and pages as any Store does.
func ExampleMemoryStore() {
	ctx := context.Background()
	now := time.Date(2026, 11, 29, 12, 48, 0, 0, article.Vietnam())
	store := &commenttest.MemoryStore{}
	top, _ := store.Add(ctx, comment.Comment{ArticleID: "bai-1", Name: "Lan", Content: "Bài hay.", CreatedAt: now, Status: comment.Approved})
	store.Add(ctx, comment.Comment{ArticleID: "bai-1", ParentID: top.ID, Name: "Minh", Content: "Đồng ý.", CreatedAt: now.Add(time.Minute), Status: comment.Approved})
	store.Add(ctx, comment.Comment{ArticleID: "bai-1", Name: "Hùng", Content: "Chờ duyệt.", CreatedAt: now.Add(2 * time.Minute)})

	page, _ := store.ListApproved(ctx, "bai-1", comment.PageRequest{Limit: 1})
	for page.Comments != nil {
		for _, c := range page.Comments {
			fmt.Println(c.Name, c.Content, c.ParentID == top.ID)
		}
		if page.Next == "" {
			break
		}
		page, _ = store.ListApproved(ctx, "bai-1", comment.PageRequest{Limit: 1, After: page.Next})
	}
	pending, _ := store.Count(ctx, "bai-1", comment.Pending)
	fmt.Println("pending:", pending)
	// Output:
	// Lan Bài hay. false
	// Minh Đồng ý. true
	// pending: 1
}

// A Store implementation runs the conformance suite in its own tests,
// here the MemoryStore's: TestStore opens a new store per subtest, and
// TestSharedStores takes stores that share one database (a MemoryStore
// shares by being passed twice).
func ExampleTestStore() {
	_ = func(t *testing.T) {
		commenttest.TestStore(t, func(t *testing.T) comment.Store { return &commenttest.MemoryStore{} })
	}
	_ = func(t *testing.T) {
		s := &commenttest.MemoryStore{}
		commenttest.TestSharedStores(t, s, s)
	}
}
