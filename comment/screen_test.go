package comment

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type fakeCaptcha struct {
	answers map[string]string
	err     error
	calls   int
}

func (f *fakeCaptcha) Verify(_ context.Context, id, answer string) (bool, error) {
	f.calls++
	if f.err != nil {
		return false, f.err
	}
	want, ok := f.answers[id]
	delete(f.answers, id) // single use, like the real service
	return ok && want == answer, nil
}

// fakeScorer is a spam filter with a fixed probability and verdict.
type fakeScorer struct {
	p                float64
	flagged, cleared bool
}

func (f fakeScorer) Judge(name, title, content string) (float64, bool, bool) {
	return f.p, f.flagged, f.cleared
}

// The verdicts a filter gives.
var (
	judgedHam    = fakeScorer{p: 0.01, cleared: true}
	judgedUnsure = fakeScorer{p: 0.3}
	judgedSpam   = fakeScorer{p: 0.97, flagged: true}
)

var screenNow = time.Date(2020, 11, 29, 12, 48, 0, 0, time.UTC)

func screener(t *testing.T, spam Scorer) (*Screener, *fakeCaptcha, string) {
	tok, err := NewTokens(&TokensConfig{Key: testKey})
	require.NoError(t, err)
	captcha := &fakeCaptcha{answers: map[string]string{"c1": "482913"}}
	s := &Screener{Rules: DefaultRules(), Tokens: tok, Captcha: captcha, Spam: spam, Recent: &Recent{}}
	return s, captcha, tok.Issue("a1", screenNow.Add(-time.Minute))
}

func posted(token string, change func(v url.Values)) Submission {
	v := valid().Values()
	v.Set(FormCaptchaID, "c1")
	v.Set(FormToken, token)
	if change != nil {
		change(v)
	}
	s := Bind(v)
	s.IP = "203.0.113.7"
	return s
}

func TestScreen(t *testing.T) {
	tests := []struct {
		name   string
		spam   fakeScorer
		change func(v url.Values)
		status Status
		reason Reason
		errs   []string
	}{
		{"cleared, and held for a moderator", judgedHam, nil, Pending, ReasonHeld, nil},
		{"unsure", judgedUnsure, nil, Pending, ReasonUnsure, nil},
		{"flagged", judgedSpam, nil, Spam, ReasonSpamFilter, nil},
		{"flagged by a filter with a low threshold", fakeScorer{p: 0.6, flagged: true}, nil, Spam, ReasonSpamFilter, nil},
		{"unsure on a filter with a high threshold", fakeScorer{p: 0.95}, nil, Pending, ReasonUnsure, nil},
		{"flagged and cleared at once is spam", fakeScorer{p: 0.5, flagged: true, cleared: true}, nil, Spam, ReasonSpamFilter, nil},
		{"honeypot", judgedHam, func(v url.Values) { v.Set(FormHoneypot, "http://x.example") }, Spam, ReasonHoneypot, nil},
		{"wrong captcha", judgedHam, func(v url.Values) { v.Set(FormCaptcha, "000000") }, 0, "", []string{"captcha:invalid"}},
		{"no captcha", judgedHam, func(v url.Values) { v.Del(FormCaptcha) }, 0, "", []string{"captcha:required"}},
		{"too fast", judgedHam, func(v url.Values) { v.Set(FormToken, "") }, 0, "", []string{"form:form_invalid"}},
		{"everything the reader can fix at once", judgedHam, func(v url.Values) { v.Del(FormName); v.Set(FormCaptcha, "1") }, 0, "", []string{"name:required", "captcha:invalid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, token := screener(t, tt.spam)
			c, errs, err := s.Screen(context.Background(), posted(token, tt.change), "a1", screenNow)
			require.NoError(t, err)
			if tt.errs != nil {
				assert.Equal(t, tt.errs, errs.Codes())
				assert.Zero(t, c, "no comment when the reader must fix the form")
				return
			}
			assert.Empty(t, errs)
			assert.Equal(t, tt.status, c.Status)
			assert.Equal(t, tt.reason, c.Reason)
			assert.Equal(t, "a1", c.ArticleID)
			assert.Len(t, c.ID, 26, "a fresh ID")
			assert.Equal(t, "Nguyễn Văn An", c.Name)
			assert.Equal(t, "203.0.113.7", c.IP)
			assert.InDelta(t, tt.spam.p, c.SpamScore, 1e-12)
		})
	}
}

// TestScreenFollowsTheFilter checks that the filter's verdict decides,
// whatever its probability: the screener has no threshold of its own.
func TestScreenFollowsTheFilter(t *testing.T) {
	tests := []struct {
		name   string
		spam   fakeScorer
		status Status
		reason Reason
	}{
		{"cleared", judgedHam, Approved, ReasonCleared},
		{"cleared at a probability others would call spam", fakeScorer{p: 0.92, cleared: true}, Approved, ReasonCleared},
		{"unsure", judgedUnsure, Pending, ReasonUnsure},
		{"flagged", judgedSpam, Spam, ReasonSpamFilter},
		{"flagged at a low probability", fakeScorer{p: 0.4, flagged: true}, Spam, ReasonSpamFilter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, token := screener(t, tt.spam)
			s.ApproveCleared = true
			c, errs, err := s.Screen(context.Background(), posted(token, nil), "a1", screenNow)
			require.NoError(t, err)
			require.Empty(t, errs)
			assert.Equal(t, tt.status, c.Status)
			assert.Equal(t, tt.reason, c.Reason)
			assert.Equal(t, tt.spam.p, c.SpamScore)
		})
	}
}

// errTokens is a token checker that fails with errors other than a
// FieldError on the form.
type errTokens struct{ err error }

func (e errTokens) Check(token, scope string, now time.Time) error { return e.err }

func TestScreenTokenFailsClosed(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{"an outage of the key store", errors.New("key store unreachable"), []string{"form:form_invalid"}},
		{"a wrapped field error", fmt.Errorf("checking: %w", FieldError{Field: FieldForm, Code: CodeFormExpired}), []string{"form:form_expired"}},
		{"a pointer to a field error", &FieldError{Field: FieldForm, Code: CodeFormTooFast}, []string{"form:form_invalid"}},
		{"a field error on another field", FieldError{Field: FormName, Code: CodeRequired}, []string{"form:form_invalid"}},
		{"an unknown code", FieldError{Field: FieldForm, Code: "ok"}, []string{"form:form_invalid"}},
		{"a list of field errors", FieldErrors{{Field: FieldForm, Code: CodeFormTooFast}}, []string{"form:form_too_fast"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, token := screener(t, judgedHam)
			s.Tokens = errTokens{tt.err}
			c, errs, err := s.Screen(context.Background(), posted(token, nil), "a1", screenNow)
			require.NoError(t, err)
			assert.Equal(t, tt.want, errs.Codes(), "a token check that fails never lets the form through")
			assert.Zero(t, c)
		})
	}

	var nilTokens *Tokens
	s, _, token := screener(t, judgedHam)
	s.Tokens = nilTokens
	_, errs, err := s.Screen(context.Background(), posted(token, nil), "a1", screenNow)
	require.NoError(t, err)
	assert.Equal(t, []string{"form:form_invalid"}, errs.Codes(), "a nil *Tokens accepts nothing and does not panic")
}

// fakeParents is a comment store holding a few comments.
type fakeParents struct {
	comments map[string]Comment
	err      error
	calls    int
}

func (f *fakeParents) Get(_ context.Context, id string) (Comment, error) {
	f.calls++
	if f.err != nil {
		return Comment{}, f.err
	}
	c, ok := f.comments[id]
	if !ok {
		return Comment{}, fmt.Errorf("looking up %s: %w", id, ErrNotFound)
	}
	return c, nil
}

func TestScreenReplies(t *testing.T) {
	const (
		top      = "AAAAAAAAAAAAAAAAAAAAAAAAAA"
		pending  = "BBBBBBBBBBBBBBBBBBBBBBBBBB"
		other    = "CCCCCCCCCCCCCCCCCCCCCCCCCC"
		reply    = "DDDDDDDDDDDDDDDDDDDDDDDDDD"
		missing  = "EEEEEEEEEEEEEEEEEEEEEEEEEE"
		mismatch = "FFFFFFFFFFFFFFFFFFFFFFFFFF"
	)
	store := &fakeParents{comments: map[string]Comment{
		top:      {ID: top, ArticleID: "a1", Status: Approved},
		pending:  {ID: pending, ArticleID: "a1", Status: Pending},
		other:    {ID: other, ArticleID: "a2", Status: Approved},
		reply:    {ID: reply, ArticleID: "a1", ParentID: top, Status: Approved},
		mismatch: {ID: top, ArticleID: "a1", Status: Approved},
	}}
	tests := []struct {
		name   string
		parent string
		errs   []string
	}{
		{"an approved comment of the article", top, nil},
		{"a comment not yet approved", pending, []string{"parent_id:reply_invalid"}},
		{"a comment of another article", other, []string{"parent_id:reply_invalid"}},
		{"a reply: threads are one level deep", reply, []string{"parent_id:reply_invalid"}},
		{"no such comment", missing, []string{"parent_id:reply_invalid"}},
		{"a store that answers with another comment", mismatch, []string{"parent_id:reply_invalid"}},
		{"not the shape of an ID", "p1", []string{"parent_id:invalid"}},
		{"64 KB of it", strings.Repeat("A", 64<<10), []string{"parent_id:invalid"}},
		{"lower case", strings.ToLower(top), []string{"parent_id:invalid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, token := screener(t, judgedHam)
			s.Parents = store
			c, errs, err := s.Screen(context.Background(), posted(token, func(v url.Values) { v.Set(FormParentID, tt.parent) }), "a1", screenNow)
			require.NoError(t, err)
			if tt.errs != nil {
				assert.Equal(t, tt.errs, errs.Codes())
				assert.Zero(t, c)
				return
			}
			require.Empty(t, errs)
			assert.Equal(t, tt.parent, c.ParentID)
		})
	}

	calls := store.calls
	s, _, token := screener(t, judgedHam)
	s.Parents = store
	_, errs, err := s.Screen(context.Background(), posted(token, func(v url.Values) { v.Set(FormParentID, "not an id") }), "a1", screenNow)
	require.NoError(t, err)
	assert.Equal(t, []string{"parent_id:invalid"}, errs.Codes())
	assert.Equal(t, calls, store.calls, "an ID of the wrong shape never reaches the store")
}

func TestScreenRepliesFailClosed(t *testing.T) {
	const top = "AAAAAAAAAAAAAAAAAAAAAAAAAA"
	s, _, token := screener(t, judgedHam)
	c, errs, err := s.Screen(context.Background(), posted(token, func(v url.Values) { v.Set(FormParentID, top) }), "a1", screenNow)
	require.NoError(t, err)
	assert.Equal(t, []string{"parent_id:reply_invalid"}, errs.Codes(), "with no Parents to check it, a reply is refused, never stored blindly")
	assert.Zero(t, c)

	s, _, token = screener(t, judgedHam)
	s.Parents = &fakeParents{err: errors.New("database down")}
	_, errs, err = s.Screen(context.Background(), posted(token, func(v url.Values) { v.Set(FormParentID, top) }), "a1", screenNow)
	assert.ErrorContains(t, err, "database down", "an outage of the store is the site's error")
	assert.Empty(t, errs)
}

func TestScreenDuplicatesAndFloods(t *testing.T) {
	s, captcha, token := screener(t, judgedHam)
	ctx := context.Background()
	first, _, err := s.Screen(ctx, posted(token, nil), "a1", screenNow)
	require.NoError(t, err)
	assert.Equal(t, Pending, first.Status)

	captcha.answers["c1"] = "482913"
	again, _, err := s.Screen(ctx, posted(token, func(v url.Values) {
		v.Set(FormContent, "TÔI ĐỒNG TÌNH với chủ trương của quận, mong sớm triển khai!!!")
	}), "a1", screenNow.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, Spam, again.Status, "the same comment again, whatever its case and punctuation")
	assert.Equal(t, ReasonDuplicate, again.Reason)

	for i := range 6 {
		captcha.answers["c1"] = "482913"
		c, errs, err := s.Screen(ctx, posted(token, func(v url.Values) {
			v.Set(FormContent, "Một ý kiến khác nữa về bài viết, số "+string(rune('A'+i)))
		}), "a1", screenNow.Add(2*time.Minute))
		require.NoError(t, err)
		require.Empty(t, errs)
		if i < 3 {
			assert.Equal(t, ReasonHeld, c.Reason, "comment %d", i)
		} else {
			assert.Equal(t, ReasonFlood, c.Reason, "comment %d", i)
		}
	}
	captcha.answers["c1"] = "482913"
	nextDay := screenNow.Add(25 * time.Hour)
	later, errs, err := s.Screen(ctx, posted(s.Tokens.(*Tokens).Issue("a1", nextDay.Add(-time.Minute)), nil), "a1", nextDay)
	require.NoError(t, err)
	require.Empty(t, errs)
	assert.Equal(t, ReasonHeld, later.Reason, "a day later the same text is no longer a duplicate, nor the address flooding")
}

func TestScreenServiceFailure(t *testing.T) {
	s, captcha, token := screener(t, judgedHam)
	captcha.err = errors.New("store unreachable")
	_, errs, err := s.Screen(context.Background(), posted(token, nil), "a1", screenNow)
	assert.ErrorContains(t, err, "store unreachable", "an outage is the site's error, never a silent pass")
	assert.Empty(t, errs)
}

func TestScreenWithoutServices(t *testing.T) {
	s := &Screener{Rules: DefaultRules()}
	c, errs, err := s.Screen(context.Background(), valid(), "a1", screenNow)
	require.NoError(t, err)
	require.Empty(t, errs)
	assert.Equal(t, Pending, c.Status)
	assert.Equal(t, ReasonHeld, c.Reason)

	var zero Screener
	c, errs, err = zero.Screen(context.Background(), Submission{}, "a1", screenNow)
	require.NoError(t, err)
	assert.Equal(t, []string{"name:required", "title:required", "content:required"}, errs.Codes(), "the zero Screener checks the zero Rules")
	assert.Zero(t, c)
}

func TestRecentBounded(t *testing.T) {
	r, err := NewRecent(&RecentConfig{Capacity: 3})
	require.NoError(t, err)
	for i := range 10 {
		r.observe(Comment{Content: string(rune('a' + i)), IP: "1.2.3.4"}, screenNow)
	}
	assert.Equal(t, 3, r.order.Len())
	assert.Len(t, r.byPrint, 3)
	assert.Len(t, r.byIP["1.2.3.4"], 3)
	dup, _ := r.observe(Comment{Content: "j"}, screenNow)
	assert.True(t, dup)
	dup, _ = r.observe(Comment{Content: "a"}, screenNow)
	assert.False(t, dup, "the oldest was forgotten")
	dup, _ = r.observe(Comment{Content: "j"}, screenNow.Add(DefaultRecentWindow))
	assert.False(t, dup, "and everything after the window")
	assert.Equal(t, 1, r.order.Len())
	assert.Empty(t, r.byIP)

	var emoji Recent
	emoji.observe(Comment{Content: "👍👍👍"}, screenNow)
	dup, _ = emoji.observe(Comment{Content: "😡😡"}, screenNow)
	assert.False(t, dup, "comments with nothing to fingerprint are not duplicates of each other")
}

func TestRecentConcurrentDuplicates(t *testing.T) {
	var r Recent
	var wg sync.WaitGroup
	var mu sync.Mutex
	passed := 0
	for range 8 {
		wg.Go(func() {
			if dup, _ := r.observe(Comment{Content: "cùng một bình luận"}, screenNow); !dup {
				mu.Lock()
				passed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 1, passed, "of identical comments posted at once, exactly one is not a duplicate")
}

func TestNewRecent(t *testing.T) {
	r, err := NewRecent(nil)
	require.NoError(t, err)
	want := RecentConfig{Capacity: DefaultRecentCapacity, Window: DefaultRecentWindow, FloodLimit: DefaultFloodLimit, FloodWindow: DefaultFloodWindow}
	assert.Equal(t, want, r.Config(), "nil means the defaults")
	var zero Recent
	assert.Equal(t, want, zero.Config(), "and so does the zero value")

	r, err = NewRecent(&RecentConfig{FloodLimit: 2, FloodWindow: time.Minute})
	require.NoError(t, err)
	assert.Equal(t, RecentConfig{Capacity: DefaultRecentCapacity, Window: DefaultRecentWindow, FloodLimit: 2, FloodWindow: time.Minute}, r.Config())
	for i := range 3 {
		_, flooding := r.observe(Comment{Content: string(rune('a' + i)), IP: "1.2.3.4"}, screenNow)
		assert.Equal(t, i == 2, flooding, "comment %d", i)
	}

	for _, bad := range []struct {
		cfg   RecentConfig
		field string
	}{
		{RecentConfig{Capacity: -1}, "Capacity"},
		{RecentConfig{Window: -time.Second}, "Window"},
		{RecentConfig{FloodLimit: -1}, "FloodLimit"},
		{RecentConfig{FloodWindow: -time.Second}, "FloodWindow"},
	} {
		_, err := NewRecent(&bad.cfg)
		assert.ErrorContains(t, err, "RecentConfig."+bad.field)
	}
}
