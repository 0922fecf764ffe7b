package comment

import (
	"context"
	"errors"
	"net/url"
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

type fakeSpam float64

func (f fakeSpam) SpamProbability(name, title, content string) float64 { return float64(f) }

var screenNow = time.Date(2020, 11, 29, 12, 48, 0, 0, time.UTC)

func screener(t *testing.T, spam float64) (*Screener, *fakeCaptcha, string) {
	tok, err := NewTokens(testKey)
	require.NoError(t, err)
	captcha := &fakeCaptcha{answers: map[string]string{"c1": "482913"}}
	s := &Screener{Rules: DefaultRules(), Tokens: tok, Captcha: captcha, Spam: fakeSpam(spam), Recent: NewRecent(0)}
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
		spam   float64
		change func(v url.Values)
		status Status
		reason string
		errs   []string
	}{
		{"held for a moderator", 0.3, nil, Pending, "held for a moderator", nil},
		{"spam filter", 0.97, nil, Spam, "the spam filter gives 0.97", nil},
		{"honeypot", 0.01, func(v url.Values) { v.Set(FormHoneypot, "http://x.example") }, Spam, "the hidden field a person never sees was filled in", nil},
		{"wrong captcha", 0.01, func(v url.Values) { v.Set(FormCaptcha, "000000") }, 0, "", []string{"captcha:invalid"}},
		{"no captcha", 0.01, func(v url.Values) { v.Del(FormCaptcha) }, 0, "", []string{"captcha:required"}},
		{"too fast", 0.01, func(v url.Values) { v.Set(FormToken, "") }, 0, "", []string{"form:form_invalid"}},
		{"everything the reader can fix at once", 0.01, func(v url.Values) { v.Del(FormName); v.Set(FormCaptcha, "1") }, 0, "", []string{"name:required", "captcha:invalid"}},
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
			assert.InDelta(t, tt.spam, c.SpamScore, 1e-12)
		})
	}
}

func TestScreenApproves(t *testing.T) {
	s, _, token := screener(t, 0.01)
	s.ApproveBelow = 0.05
	c, errs, err := s.Screen(context.Background(), posted(token, nil), "a1", screenNow)
	require.NoError(t, err)
	require.Empty(t, errs)
	assert.Equal(t, Approved, c.Status)
}

func TestScreenDuplicatesAndFloods(t *testing.T) {
	s, captcha, token := screener(t, 0.01)
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
	assert.Equal(t, "the same comment was posted before", again.Reason)

	for i := range 6 {
		captcha.answers["c1"] = "482913"
		c, errs, err := s.Screen(ctx, posted(token, func(v url.Values) {
			v.Set(FormContent, "Một ý kiến khác nữa về bài viết, số "+string(rune('A'+i)))
		}), "a1", screenNow.Add(2*time.Minute))
		require.NoError(t, err)
		require.Empty(t, errs)
		if i < 3 {
			assert.Equal(t, "held for a moderator", c.Reason, "comment %d", i)
		} else {
			assert.Equal(t, "many comments from this address in a short time", c.Reason, "comment %d", i)
		}
	}
	captcha.answers["c1"] = "482913"
	nextDay := screenNow.Add(25 * time.Hour)
	later, errs, err := s.Screen(ctx, posted(s.Tokens.Issue("a1", nextDay.Add(-time.Minute)), nil), "a1", nextDay)
	require.NoError(t, err)
	require.Empty(t, errs)
	assert.Equal(t, "held for a moderator", later.Reason, "a day later the same text is no longer a duplicate, nor the address flooding")
}

func TestScreenServiceFailure(t *testing.T) {
	s, captcha, token := screener(t, 0.01)
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
}

func TestRecentBounded(t *testing.T) {
	r := NewRecent(3)
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

	emoji := NewRecent(0)
	emoji.observe(Comment{Content: "👍👍👍"}, screenNow)
	dup, _ = emoji.observe(Comment{Content: "😡😡"}, screenNow)
	assert.False(t, dup, "comments with nothing to fingerprint are not duplicates of each other")
}

func TestRecentConcurrentDuplicates(t *testing.T) {
	r := NewRecent(0)
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
