package commenttest_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/commenttest"
)

var now = time.Date(2026, 11, 29, 12, 48, 0, 0, article.Vietnam())

func newTokens(t testing.TB) *comment.Tokens {
	t.Helper()
	tokens, err := comment.NewTokens(&comment.TokensConfig{Key: []byte("a test key of at least 16 bytes")})
	require.NoError(t, err)
	return tokens
}

func TestSubmission(t *testing.T) {
	rules := comment.DefaultRules()
	rules.PhoneRequired = true
	assert.Empty(t, rules.Validate(commenttest.Submission()).Codes(), "the submission passes every default rule and a required phone")

	sub := commenttest.Submission()
	sub.Name = ""
	assert.Equal(t, []string{"name:required"}, rules.Validate(sub).Codes(), "a test changes one field")
	assert.Equal(t, "Nguyễn Thị Lan", commenttest.Submission().Name, "each call is a new value")

	c := commenttest.Submission().Comment("bai-1", now)
	assert.False(t, c.Phone.IsZero(), "the phone number parses")
}

func TestToken(t *testing.T) {
	tokens := newTokens(t)
	assert.NoError(t, tokens.Check(commenttest.Token(tokens, "bai-1", now), "bai-1", now), "accepted at once")
	commenttest.AssertFieldErrors(t, tokens.Check(tokens.Issue("bai-1", now), "bai-1", now),
		commenttest.Want{Field: comment.FieldForm, Code: comment.CodeFormTooFast})
	commenttest.AssertFieldErrors(t, tokens.Check(commenttest.Token(tokens, "bai-1", now), "bai-2", now),
		commenttest.Want{Field: comment.FieldForm, Code: comment.CodeFormInvalid})
}

// TestScreener screens the submission with every fake, as a site's test
// would.
func TestScreener(t *testing.T) {
	ctx := context.Background()
	tokens := newTokens(t)
	store := &commenttest.MemoryStore{}
	top, err := store.Add(ctx, comment.Comment{ArticleID: "bai-1", Name: "Lan", CreatedAt: now, Status: comment.Approved})
	require.NoError(t, err)
	outage := errors.New("captcha service down")
	for _, tt := range []struct {
		name    string
		change  func(*comment.Submission)
		captcha *commenttest.Captcha
		spam    commenttest.Scorer
		want    []commenttest.Want
		status  comment.Status
		reason  comment.Reason
		err     error
	}{
		{name: "valid, cleared", spam: commenttest.Scorer{P: 0.01, Cleared: true}, status: comment.Approved, reason: comment.ReasonCleared},
		{name: "valid, unsure", spam: commenttest.Scorer{P: 0.5}, status: comment.Pending, reason: comment.ReasonUnsure},
		{name: "valid, flagged", spam: commenttest.Scorer{P: 0.99, Flagged: true}, status: comment.Spam, reason: comment.ReasonSpamFilter},
		{name: "a reply", change: func(s *comment.Submission) { s.ParentID = top.ID }, spam: commenttest.Scorer{Cleared: true},
			status: comment.Approved, reason: comment.ReasonCleared},
		{name: "a reply to nothing", change: func(s *comment.Submission) { s.ParentID = "AAAAAAAAAAAAAAAAAAAAAAAAAA" },
			want: []commenttest.Want{{Field: comment.FormParentID, Code: comment.CodeReplyInvalid}}},
		{name: "wrong captcha", captcha: &commenttest.Captcha{Refuse: true},
			want: []commenttest.Want{{Field: comment.FieldCaptcha, Code: comment.CodeInvalid}}},
		{name: "captcha down", captcha: &commenttest.Captcha{Err: outage}, err: outage},
		{name: "no token", change: func(s *comment.Submission) { s.Token = "" }, captcha: &commenttest.Captcha{Refuse: true},
			want: []commenttest.Want{{Field: comment.FieldForm, Code: comment.CodeFormInvalid}, {Field: comment.FieldCaptcha, Code: comment.CodeInvalid}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.captcha == nil {
				tt.captcha = &commenttest.Captcha{}
			}
			s := &comment.Screener{Rules: comment.DefaultRules(), Tokens: tokens, Captcha: tt.captcha, Spam: tt.spam,
				Parents: store, ApproveCleared: true}
			sub := commenttest.Submission()
			sub.Token = commenttest.Token(tokens, "bai-1", now)
			if tt.change != nil {
				tt.change(&sub)
			}
			c, errs, err := s.Screen(ctx, sub, "bai-1", now)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			commenttest.AssertFieldErrors(t, errs, tt.want...)
			if len(tt.want) == 0 {
				assert.Equal(t, tt.status, c.Status)
				assert.Equal(t, tt.reason, c.Reason)
				assert.Equal(t, tt.spam.P, c.SpamScore)
			}
			assert.Equal(t, []commenttest.CaptchaCall{{ID: sub.CaptchaID, Answer: sub.Captcha}}, tt.captcha.Calls(),
				"the captcha was asked once, with the submission's id and answer")
		})
	}
}

// recorder is a TB that keeps what it was told.
type recorder struct{ errs []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestAssertFieldErrors(t *testing.T) {
	name := commenttest.Want{Field: comment.FormName, Code: comment.CodeRequired}
	short := commenttest.Want{Field: comment.FormContent, Code: comment.CodeTooShort}
	long := commenttest.Want{Field: comment.FormContent, Code: comment.CodeTooLong}
	errs := comment.FieldErrors{
		{Field: comment.FormName, Code: comment.CodeRequired},
		{Field: comment.FormContent, Code: comment.CodeTooLong, Params: []any{3000, 3001}},
	}
	for _, tt := range []struct {
		name   string
		got    error
		want   []commenttest.Want
		report string // "" when the check passes
	}{
		{"none wanted, none got", nil, nil, ""},
		{"none wanted, an empty list", comment.FieldErrors(nil), nil, ""},
		{"the same, another order", errs, []commenttest.Want{long, name}, ""},
		{"wrapped", fmt.Errorf("saving: %w", errs), []commenttest.Want{name, long}, ""},
		{"one field error, as Tokens.Check gives", comment.FieldError{Field: comment.FormName, Code: comment.CodeRequired}, []commenttest.Want{name}, ""},
		{"another code", errs, []commenttest.Want{name, short},
			"field errors (-want +got):\n  +content:too_long\n  -content:too_short\n   name:required\n"},
		{"one missing", errs, []commenttest.Want{name},
			"field errors (-want +got):\n  +content:too_long\n   name:required\n"},
		{"one too many", comment.FieldErrors{errs[0]}, []commenttest.Want{name, name},
			"field errors (-want +got):\n   name:required\n  -name:required\n"},
		{"none got", nil, []commenttest.Want{short},
			"field errors (-want +got):\n  -content:too_short\n"},
		{"not field errors", errors.New("database down"), []commenttest.Want{short},
			"field errors: got database down, which holds none; want [content:too_short]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var r recorder
			ok := commenttest.AssertFieldErrors(&r, tt.got, tt.want...)
			if tt.report == "" {
				assert.True(t, ok)
				assert.Empty(t, r.errs)
				return
			}
			assert.False(t, ok)
			assert.Equal(t, []string{tt.report}, r.errs)
		})
	}
}

func TestCaptcha(t *testing.T) {
	ctx := context.Background()
	var c commenttest.Captcha
	ok, err := c.Verify(ctx, "id-1", "123")
	assert.True(t, ok, "the zero Captcha accepts")
	assert.NoError(t, err)
	refusing := commenttest.Captcha{Refuse: true}
	ok, err = refusing.Verify(ctx, "id-2", "456")
	assert.False(t, ok)
	assert.NoError(t, err)
	down := errors.New("down")
	failing := commenttest.Captcha{Refuse: true, Err: down}
	_, err = failing.Verify(ctx, "id-3", "789")
	assert.ErrorIs(t, err, down)
	assert.Equal(t, []commenttest.CaptchaCall{{ID: "id-1", Answer: "123"}}, c.Calls())
	assert.Len(t, failing.Calls(), 1, "a failed call is recorded too")
}

func TestOutage(t *testing.T) {
	ctx := context.Background()
	o := &commenttest.Outage{Store: &commenttest.MemoryStore{}}
	c, err := o.Add(ctx, comment.Comment{ArticleID: "bai-1", CreatedAt: now})
	require.NoError(t, err)
	down := errors.New("database down")
	o.Fail(down)
	_, err = o.Add(ctx, comment.Comment{ArticleID: "bai-1", CreatedAt: now})
	assert.ErrorIs(t, err, down)
	_, err = o.Get(ctx, c.ID)
	assert.ErrorIs(t, err, down)
	_, err = o.ListApproved(ctx, "bai-1", comment.PageRequest{})
	assert.ErrorIs(t, err, down)
	_, err = o.Queue(ctx, comment.Pending, comment.PageRequest{})
	assert.ErrorIs(t, err, down)
	_, err = o.Count(ctx, "", comment.Pending)
	assert.ErrorIs(t, err, down)
	assert.ErrorIs(t, o.SetStatus(ctx, c.ID, comment.Pending, comment.Approved, ""), down)
	_, err = o.Export(ctx, c.Phone)
	assert.ErrorIs(t, err, down)
	_, err = o.Erase(ctx, c.Phone)
	assert.ErrorIs(t, err, down)
	o.Fail(nil)
	n, err := o.Count(ctx, "", comment.Pending)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "nothing was added during the outage")
}

func TestMemoryStore(t *testing.T) {
	t.Parallel()
	commenttest.TestStore(t, func(t *testing.T) comment.Store { return &commenttest.MemoryStore{} })
}

func TestMemoryStoreShared(t *testing.T) {
	t.Parallel()
	s := &commenttest.MemoryStore{}
	commenttest.TestSharedStores(t, s, s, s)
}

func TestMemoryStoreDepth(t *testing.T) {
	ctx := context.Background()
	chain := func(s *commenttest.MemoryStore, n int) error {
		parent := ""
		for i := range n {
			c, err := s.Add(ctx, comment.Comment{ArticleID: "bai-1", ParentID: parent, CreatedAt: now.Add(time.Duration(i) * time.Minute), Status: comment.Approved})
			if err != nil {
				return err
			}
			parent = c.ID
		}
		return nil
	}
	deep := &commenttest.MemoryStore{ReplyDepth: 2}
	require.NoError(t, chain(deep, 3), "a comment, a reply, a reply to it")
	err := chain(&commenttest.MemoryStore{ReplyDepth: 2}, 4)
	commenttest.AssertFieldErrors(t, err, commenttest.Want{Field: comment.FormParentID, Code: comment.CodeReplyDepth})
	var fe comment.FieldErrors
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, []any{2}, fe[0].Params)

	flat := &commenttest.MemoryStore{ReplyDepth: -1}
	require.NoError(t, chain(flat, 1))
	commenttest.AssertFieldErrors(t, chain(flat, 2), commenttest.Want{Field: comment.FormParentID, Code: comment.CodeReplyDepth})

	p, err := deep.ListApproved(ctx, "bai-1", comment.PageRequest{Order: comment.Newest, Limit: 2})
	require.NoError(t, err)
	require.Len(t, p.Comments, 2)
	rest, err := deep.ListApproved(ctx, "bai-1", comment.PageRequest{Order: comment.Newest, After: p.Next})
	require.NoError(t, err)
	require.Len(t, rest.Comments, 1, "the reply to a reply on the next page")
	assert.Equal(t, p.Comments[1].ID, rest.Comments[0].ParentID)
}

// The broken stores the conformance suite must catch: each wraps a sound
// MemoryStore and gets one part of the contract wrong.
var broken = map[string]func() comment.Store{
	// sound is no store broken, to show the harness passes a good one.
	"sound":                      func() comment.Store { return &commenttest.MemoryStore{} },
	"SetStatus without compare":  func() comment.Store { return noCompare{&commenttest.MemoryStore{}} },
	"ListApproved ignores After": func() comment.Store { return firstPage{&commenttest.MemoryStore{}} },
	"Count ignores the article":  func() comment.Store { return countAll{&commenttest.MemoryStore{}} },
	"Add drops a bad parent":     func() comment.Store { return dropParent{&commenttest.MemoryStore{}} },
}

// noCompare sets the status whatever it was.
type noCompare struct{ *commenttest.MemoryStore }

func (s noCompare) SetStatus(ctx context.Context, id string, _, to comment.Status, reason comment.Reason) error {
	c, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	return s.MemoryStore.SetStatus(ctx, id, c.Status, to, reason)
}

// firstPage always lists the first page.
type firstPage struct{ *commenttest.MemoryStore }

func (s firstPage) ListApproved(ctx context.Context, articleID string, req comment.PageRequest) (comment.Page, error) {
	req.After = ""
	return s.MemoryStore.ListApproved(ctx, articleID, req)
}

// countAll counts the comments of every article.
type countAll struct{ *commenttest.MemoryStore }

func (s countAll) Count(ctx context.Context, _ string, status comment.Status) (int, error) {
	return s.MemoryStore.Count(ctx, "", status)
}

// dropParent stores a reply to a comment that takes none as a top-level
// comment.
type dropParent struct{ *commenttest.MemoryStore }

func (s dropParent) Add(ctx context.Context, c comment.Comment) (comment.Comment, error) {
	got, err := s.MemoryStore.Add(ctx, c)
	var fe comment.FieldErrors
	if errors.As(err, &fe) {
		c.ParentID = ""
		return s.MemoryStore.Add(ctx, c)
	}
	return got, err
}

const brokenEnv = "COMMENTTEST_BROKEN_STORE"

// TestBrokenStoreChild runs the suite against the broken store named by
// the environment, in the child process TestBrokenStores starts.
func TestBrokenStoreChild(t *testing.T) {
	name, ok := os.LookupEnv(brokenEnv)
	if !ok {
		t.Skip("run by TestBrokenStores")
	}
	open, ok := broken[name]
	require.True(t, ok, "no broken store %q", name)
	commenttest.TestStore(t, func(t *testing.T) comment.Store { return open() })
}

// TestBrokenStores shows that the suite fails a store that breaks the
// contract, and which subtest says so: each broken store is tested in a
// child process, whose failure is the expected outcome.
func TestBrokenStores(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	for _, tt := range []struct {
		store string
		fails []string // the subtests that must fail; none for the sound store
	}{
		{"sound", nil},
		{"SetStatus without compare", []string{"SetStatus", "Concurrent"}},
		{"ListApproved ignores After", []string{"Paging", "HiddenParent"}},
		{"Count ignores the article", []string{"Count"}},
		{"Add drops a bad parent", []string{"Replies", "HiddenParent"}},
	} {
		t.Run(tt.store, func(t *testing.T) {
			runBroken(t, "TestBrokenStoreChild", tt.store, tt.fails, []string{"AddGet", "IDs", "Refused", "Canceled"})
		})
	}
}

// runBroken runs the child test in a child process against the broken
// store named in the environment, and checks how the suite judged it: no
// failure for the sound store (no fails), else the subtests fails listed
// failed and those in passes, which the breakage does not touch, passed.
func runBroken(t *testing.T, child, store string, fails, passes []string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+child+"$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), brokenEnv+"="+store)
	out, err := cmd.CombinedOutput()
	if len(fails) == 0 {
		require.NoError(t, err, "the suite passes a sound store:\n%s", out)
		return
	}
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "the suite fails the broken store:\n%s", out)
	for _, sub := range fails {
		assert.Contains(t, string(out), "--- FAIL: "+child+"/"+sub+" ", "the subtest %s fails", sub)
	}
	for _, sub := range passes {
		assert.Contains(t, string(out), "--- PASS: "+child+"/"+sub+" ",
			"the subtest %s, which the breakage does not touch, passes", sub)
	}
	if t.Failed() {
		t.Logf("output of the child:\n%s", strings.TrimSpace(string(out)))
	}
}

func TestMemoryStoreRefuses(t *testing.T) {
	ctx := context.Background()
	s := &commenttest.MemoryStore{}
	for _, tt := range []struct {
		name string
		c    comment.Comment
	}{
		{"a time it cannot order", comment.Comment{ArticleID: "bai-1", CreatedAt: time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{"the zero time", comment.Comment{ArticleID: "bai-1"}},
		{"a spam score that is not a number", comment.Comment{ArticleID: "bai-1", CreatedAt: now, SpamScore: math.NaN()}},
		{"a reason with a NUL byte", comment.Comment{ArticleID: "bai-1", CreatedAt: now, Reason: "held\x00"}},
	} {
		_, err := s.Add(ctx, tt.c)
		assert.Error(t, err, "Add of a comment with %s", tt.name)
	}
	n, err := s.Count(ctx, "", comment.Pending)
	require.NoError(t, err)
	assert.Zero(t, n)
	assert.Error(t, s.SetStatus(ctx, "x", comment.Pending, comment.Approved, "bad\xff"), "a reason that is not UTF-8")
	_, err = s.ListApproved(ctx, "bai-1", comment.PageRequest{Order: 7})
	assert.Error(t, err, "an unknown order")
}
