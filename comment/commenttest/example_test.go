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

// Readers report a published comment; the third report reaches the
// site's rule and sends it back to a moderator, and the audit log keeps
// every step, newest first.
func ExampleMemoryStore_AddReport() {
	ctx := context.Background()
	now := time.Date(2026, 11, 29, 12, 48, 0, 0, article.Vietnam())
	store := &commenttest.MemoryStore{}
	c, _ := store.Add(ctx, comment.Comment{ArticleID: "bai-1", Name: "Hùng", Content: "Mua hàng giá rẻ tại đây!", CreatedAt: now, Status: comment.Approved})
	rule := comment.ReportRule{Requeue: 3, PerReader: 10, Window: time.Hour}
	for i, reader := range []string{"doc-gia-1", "doc-gia-2", "doc-gia-2", "doc-gia-3"} {
		r := comment.Report{CommentID: c.ID, Reader: reader, Reason: comment.ReportSpam, CreatedAt: now.Add(time.Duration(i+1) * time.Minute)}
		out, err := store.AddReport(ctx, r, rule)
		fmt.Printf("%s: open %d, duplicate %t, requeued %t, %v\n", reader, out.Open, out.Duplicate, out.Requeued, err)
	}
	got, _ := store.Get(ctx, c.ID)
	fmt.Println(got.Status, got.Reason)
	log, _ := store.Audit(ctx, comment.AuditQuery{CommentID: c.ID})
	for _, e := range log.Entries {
		fmt.Println(e.Seq, e.At.Format("15:04"), e.Action, e.Actor, e.From, "→", e.To)
	}
	// Output:
	// doc-gia-1: open 1, duplicate false, requeued false, <nil>
	// doc-gia-2: open 2, duplicate false, requeued false, <nil>
	// doc-gia-2: open 2, duplicate true, requeued false, <nil>
	// doc-gia-3: open 3, duplicate false, requeued true, <nil>
	// pending reported
	// 4 12:52 requeue  approved → pending
	// 3 12:52 report doc-gia-3 approved → approved
	// 2 12:50 report doc-gia-2 approved → approved
	// 1 12:49 report doc-gia-1 approved → approved
}

// An authority's takedown request has 24 hours from receipt: recorded an
// hour and a half after it came in, it has 22 and a half left, waits in
// the open queue, and once done the comment is in the trash.
func ExampleMemoryStore_AddTakedown() {
	ctx := context.Background()
	received := time.Date(2026, 11, 29, 8, 0, 0, 0, article.Vietnam())
	store := &commenttest.MemoryStore{}
	c, _ := store.Add(ctx, comment.Comment{ArticleID: "bai-1", Name: "Tuấn", Content: "Tin đồn thất thiệt.", CreatedAt: received.Add(-time.Hour), Status: comment.Approved})
	recorded := received.Add(90 * time.Minute)
	t, err := store.AddTakedown(ctx, comment.Takedown{
		CommentID: c.ID, Source: comment.FromAuthority, Requester: "Sở TT&TT, công văn 123/STTTT",
		Received: received, Recorded: recorded, RecordedBy: "Lan",
	})
	fmt.Println(err)
	fmt.Println("deadline:", t.Deadline.Format("15:04 02/01/2006"), "left:", t.Left(recorded))
	open, _ := store.OpenTakedowns(ctx, 0)
	fmt.Println("open:", len(open))

	done, _ := store.CompleteTakedown(ctx, t.ID, "Minh", recorded.Add(2*time.Hour))
	got, _ := store.Get(ctx, c.ID)
	fmt.Println("done at", done.DoneAt.Format("15:04"), "by", done.DoneBy, "left:", done.Left(recorded))
	fmt.Println(got.Status, got.Reason)
	// Output:
	// <nil>
	// deadline: 08:00 30/11/2026 left: 22h30m0s
	// open: 1
	// done at 11:30 by Minh left: 0s
	// trash takedown
}

// A ModerationStore implementation runs the moderation suite as well as
// TestStore: TestModerationStore opens a new store per subtest, and
// TestSharedModerationStores takes stores sharing one database.
func ExampleTestModerationStore() {
	_ = func(t *testing.T) {
		commenttest.TestModerationStore(t, func(t *testing.T) comment.ModerationStore { return &commenttest.MemoryStore{} })
	}
	_ = func(t *testing.T) {
		s := &commenttest.MemoryStore{}
		commenttest.TestSharedModerationStores(t, s, s)
	}
}
