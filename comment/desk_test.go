package comment_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/commenttest"
	"github.com/binhluan/binhluan/comment/phone"
)

// events is a Notifier that records what it is told, or refuses it.
type events struct {
	mu   sync.Mutex
	got  []comment.Event
	fail error
}

func (e *events) Notify(_ context.Context, ev comment.Event) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.fail != nil {
		return e.fail
	}
	e.got = append(e.got, ev)
	return nil
}

func (e *events) kinds() []comment.EventKind {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []comment.EventKind
	for _, ev := range e.got {
		out = append(out, ev.Kind)
	}
	return out
}

// clock is a settable time.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

var deskStart = time.Date(2026, 3, 2, 9, 0, 0, 0, article.Vietnam())

func newDesk(t *testing.T, cfg comment.DeskConfig) (*comment.Desk, *commenttest.MemoryStore, *clock, *events) {
	t.Helper()
	store := &commenttest.MemoryStore{}
	clk := &clock{now: deskStart}
	ev := &events{}
	cfg.Now, cfg.Notifier = clk.Now, ev
	d, err := comment.NewDesk(store, &cfg)
	require.NoError(t, err)
	return d, store, clk, ev
}

func addComment(t *testing.T, s comment.Store, number string, status comment.Status, at time.Time) comment.Comment {
	t.Helper()
	c := comment.Comment{ArticleID: "bai-1", Name: "Lan", Content: "Ý kiến của tôi", CreatedAt: at, Status: status}
	if number != "" {
		n, err := phone.Parse(number)
		require.NoError(t, err)
		c.Phone = n
	}
	c, err := s.Add(context.Background(), c)
	require.NoError(t, err)
	return c
}

func TestNewDesk(t *testing.T) {
	store := &commenttest.MemoryStore{}
	d, err := comment.NewDesk(store, nil)
	require.NoError(t, err)
	cfg := d.Config()
	assert.Equal(t, comment.ReportRule{Requeue: 3, PerReader: 20, Window: 24 * time.Hour}, cfg.Reports)
	assert.Equal(t, comment.DefaultLadder, cfg.Ladder)
	assert.Equal(t, comment.DefaultViolations, cfg.Violations)
	assert.Equal(t, comment.TrustRule{Approved: 3, Window: 90 * 24 * time.Hour}, cfg.Trust)
	assert.Equal(t, 4*time.Hour, cfg.WarnBefore)

	d, err = comment.NewDesk(store, &comment.DeskConfig{Reports: comment.ReportRule{Requeue: -1, PerReader: -1}, Ladder: comment.Ladder{}, Violations: []comment.ViolationRule{}})
	require.NoError(t, err)
	assert.Equal(t, comment.ReportRule{Window: 24 * time.Hour}, d.Config().Reports, "negative means never")
	assert.Empty(t, d.Config().Ladder)
	assert.Empty(t, d.Config().Violations)

	for name, cfg := range map[string]comment.DeskConfig{
		"report window": {Reports: comment.ReportRule{Window: -time.Second}},
		"trust count":   {Trust: comment.TrustRule{Approved: -1}},
		"trust window":  {Trust: comment.TrustRule{Window: -time.Hour}},
		"warn":          {WarnBefore: -time.Hour},
		"ladder":        {Ladder: comment.Ladder{time.Hour, -time.Hour}},
		"violations":    {Violations: []comment.ViolationRule{{Count: 0, Window: time.Hour}}},
	} {
		_, err := comment.NewDesk(store, &cfg)
		assert.Error(t, err, name)
	}
	_, err = comment.NewDesk(nil, nil)
	assert.Error(t, err)
}

func TestDeskReports(t *testing.T) {
	ctx := context.Background()
	d, store, clk, ev := newDesk(t, comment.DeskConfig{Reports: comment.ReportRule{Requeue: 2}})
	c := addComment(t, store, "", comment.Approved, deskStart.Add(-time.Hour))

	out, err := d.Report(ctx, comment.Report{CommentID: c.ID, Reader: "r-1", Reason: comment.ReportOffensive, Note: "chửi bậy"})
	require.NoError(t, err)
	assert.Equal(t, comment.ReportOutcome{Open: 1}, out)
	out, err = d.Report(ctx, comment.Report{CommentID: c.ID, Reader: "r-1", Reason: comment.ReportSpam})
	require.NoError(t, err)
	assert.True(t, out.Duplicate)
	clk.Add(time.Minute)
	out, err = d.Report(ctx, comment.Report{CommentID: c.ID, Reader: "r-2", Reason: comment.ReportSpam})
	require.NoError(t, err)
	assert.Equal(t, comment.ReportOutcome{Open: 2, Requeued: true}, out)
	got, err := store.Get(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, comment.Pending, got.Status)
	assert.Equal(t, comment.ReasonReported, got.Reason)

	require.Equal(t, []comment.EventKind{comment.EventReport, comment.EventReport}, ev.kinds(), "a duplicate tells no one")
	last := ev.got[1]
	assert.Equal(t, c.ID, last.CommentID)
	assert.True(t, last.Requeued)
	assert.Equal(t, 2, last.Open)
	assert.True(t, deskStart.Add(time.Minute).Equal(last.Report.CreatedAt), "stamped by the desk's clock")

	_, err = d.Report(ctx, comment.Report{CommentID: c.ID, Reader: "r-3", Reason: "rude"})
	assert.ErrorIs(t, err, comment.ErrInvalid)
	_, err = d.Report(ctx, comment.Report{CommentID: "NOSUCHCOMMENTNOSUCHCOMMEN", Reader: "r-3", Reason: comment.ReportSpam})
	assert.ErrorIs(t, err, comment.ErrNotFound)

	ev.fail = errors.New("queue full")
	out, err = d.Report(ctx, comment.Report{CommentID: c.ID, Reader: "r-4", Reason: comment.ReportUnlawful})
	var nerr *comment.NotifyError
	require.ErrorAs(t, err, &nerr)
	assert.Equal(t, 3, out.Open, "the report stands when nobody could be told")
	reports, err := store.Reports(ctx, c.ID)
	require.NoError(t, err)
	assert.Len(t, reports, 3)
}

func TestDeskViolationsLock(t *testing.T) {
	ctx := context.Background()
	d, store, clk, _ := newDesk(t, comment.DeskConfig{})
	const number = "0912345678"
	subject := comment.Subject{Kind: comment.SubjectPhone, Value: "+84912345678"}
	reject := func(t *testing.T, gap time.Duration) comment.Ban {
		t.Helper()
		c := addComment(t, store, number, comment.Pending, clk.Now())
		b, err := d.Decide(ctx, comment.Decision{CommentID: c.ID, From: comment.Pending, To: comment.Spam, Actor: "lan"})
		require.NoError(t, err)
		clk.Add(gap)
		return b
	}
	// What the screener sent to Spam by itself is no violation.
	for _, r := range comment.ScreenerRejections {
		c := addComment(t, store, number, comment.Spam, clk.Now())
		require.NoError(t, store.SetStatus(ctx, c.ID, comment.Spam, comment.Spam, r))
	}
	for i := 1; i <= 4; i++ {
		assert.Zero(t, reject(t, time.Hour), "violation %d locks nobody", i)
	}
	b := reject(t, time.Hour)
	require.NotZero(t, b, "the fifth violation in 30 days locks")
	assert.Equal(t, 1, b.Level)
	assert.Equal(t, subject, b.Subject)
	assert.Equal(t, "lan", b.Actor)
	assert.Equal(t, "Tự động khóa: 5 vi phạm trong 30 ngày", b.Note)
	assert.Equal(t, 7*24*time.Hour, b.Until.Sub(b.Created))

	// The violations that led to a lock do not count towards the next:
	// after it, five new ones are needed.
	clk.Add(8 * 24 * time.Hour)
	for i := 1; i <= 4; i++ {
		assert.Zero(t, reject(t, time.Hour), "violation %d after the lock", i)
	}
	b = reject(t, time.Hour)
	require.NotZero(t, b)
	assert.Equal(t, 2, b.Level)
	assert.Equal(t, 30*24*time.Hour, b.Until.Sub(b.Created))
	assert.Zero(t, reject(t, time.Hour), "no second lock while one is in force")

	// Approving never locks, and a decision that lost the race is refused.
	c := addComment(t, store, number, comment.Pending, clk.Now())
	b, err := d.Decide(ctx, comment.Decision{CommentID: c.ID, From: comment.Pending, To: comment.Approved})
	require.NoError(t, err)
	assert.Zero(t, b)
	got, _ := store.Get(ctx, c.ID)
	assert.Equal(t, comment.ReasonModerator, got.Reason, "the default reason")
	_, err = d.Decide(ctx, comment.Decision{CommentID: c.ID, From: comment.Pending, To: comment.Spam})
	assert.ErrorIs(t, err, comment.ErrConflict)
}

// TestDeskViolationsSlow spreads violations too thinly for 5 in 30 days:
// the tenth in 90 days locks.
func TestDeskViolationsSlow(t *testing.T) {
	ctx := context.Background()
	d, store, clk, _ := newDesk(t, comment.DeskConfig{})
	for i := 1; i <= 10; i++ {
		c := addComment(t, store, "0912345678", comment.Pending, clk.Now())
		b, err := d.Decide(ctx, comment.Decision{CommentID: c.ID, From: comment.Pending, To: comment.Trash, Actor: "lan"})
		require.NoError(t, err)
		if i < 10 {
			assert.Zero(t, b, "violation %d", i)
		} else {
			require.NotZero(t, b, "the tenth violation in 90 days locks")
			assert.Equal(t, "Tự động khóa: 10 vi phạm trong 90 ngày", b.Note)
		}
		clk.Add(9 * 24 * time.Hour)
	}
}

// TestDeskLockOnce has two moderators' rejections reach the rule at the
// same time: the number is locked once.
func TestDeskLockOnce(t *testing.T) {
	ctx := context.Background()
	d, store, clk, _ := newDesk(t, comment.DeskConfig{Violations: []comment.ViolationRule{{Count: 1, Window: time.Hour}}})
	var ids []string
	for range 8 {
		ids = append(ids, addComment(t, store, "0912345678", comment.Pending, clk.Now()).ID)
	}
	var wg sync.WaitGroup
	bans := make(chan comment.Ban, len(ids))
	for _, id := range ids {
		wg.Go(func() {
			b, err := d.Decide(ctx, comment.Decision{CommentID: id, From: comment.Pending, To: comment.Spam})
			assert.NoError(t, err)
			if b.ID != "" {
				bans <- b
			}
		})
	}
	wg.Wait()
	close(bans)
	assert.Len(t, bans, 1, "one lock")
	active, err := store.ActiveBans(ctx, []comment.Subject{{Kind: comment.SubjectPhone, Value: "+84912345678"}}, clk.Now())
	require.NoError(t, err)
	assert.Len(t, active, 1)
}

func TestDeskLadderToPermanent(t *testing.T) {
	ctx := context.Background()
	d, _, clk, _ := newDesk(t, comment.DeskConfig{})
	s, err := comment.ParseSubject(comment.SubjectDevice, "dev-7")
	require.NoError(t, err)
	for level, want := range []time.Duration{7 * 24 * time.Hour, 30 * 24 * time.Hour, 30 * 24 * time.Hour, 0} {
		b, err := d.Ban(ctx, s, false, time.Time{}, "lan", "")
		require.NoError(t, err)
		assert.Equal(t, level+1, b.Level)
		if want == 0 {
			assert.True(t, b.Permanent(), "after three locks, the fourth is for good")
			break
		}
		assert.Equal(t, want, b.Until.Sub(b.Created))
		_, err = d.Lift(ctx, b.ID, "minh")
		require.NoError(t, err)
		clk.Add(time.Minute)
	}
}

func TestDeskNoAutoLock(t *testing.T) {
	ctx := context.Background()
	d, store, clk, _ := newDesk(t, comment.DeskConfig{Violations: []comment.ViolationRule{}})
	for range 6 {
		c := addComment(t, store, "0912345678", comment.Pending, clk.Now())
		b, err := d.Decide(ctx, comment.Decision{CommentID: c.ID, From: comment.Pending, To: comment.Trash})
		require.NoError(t, err)
		assert.Zero(t, b)
	}
}

func TestDeskTrust(t *testing.T) {
	ctx := context.Background()
	n, _ := phone.Parse("0912345678")
	tests := []struct {
		name     string
		rule     comment.TrustRule
		comments []comment.Status
		age      time.Duration
		want     bool
	}{
		{name: "three approved", comments: []comment.Status{comment.Approved, comment.Approved, comment.Approved}, want: true},
		{name: "two approved", comments: []comment.Status{comment.Approved, comment.Approved}},
		{name: "one rejected", comments: []comment.Status{comment.Approved, comment.Approved, comment.Approved, comment.Spam}},
		{name: "one removed", comments: []comment.Status{comment.Approved, comment.Approved, comment.Approved, comment.Trash}},
		{name: "pending does not count", comments: []comment.Status{comment.Approved, comment.Approved, comment.Pending}},
		{name: "too old", comments: []comment.Status{comment.Approved, comment.Approved, comment.Approved}, age: 91 * 24 * time.Hour},
		{name: "off", rule: comment.TrustRule{Off: true}, comments: []comment.Status{comment.Approved, comment.Approved, comment.Approved}},
		{name: "one is enough", rule: comment.TrustRule{Approved: 1, Window: time.Hour}, comments: []comment.Status{comment.Approved}, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, store, _, _ := newDesk(t, comment.DeskConfig{Trust: tt.rule})
			for i, st := range tt.comments {
				addComment(t, store, "0912345678", st, deskStart.Add(-tt.age-time.Duration(i+1)*time.Minute))
			}
			got, err := d.Trusted(ctx, n, deskStart)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	d, _, _, _ := newDesk(t, comment.DeskConfig{})
	got, err := d.Trusted(ctx, phone.Number{}, deskStart)
	require.NoError(t, err)
	assert.False(t, got)
}

func TestDeskTakedowns(t *testing.T) {
	ctx := context.Background()
	d, store, clk, ev := newDesk(t, comment.DeskConfig{})
	a := addComment(t, store, "", comment.Approved, deskStart.Add(-time.Hour))
	b := addComment(t, store, "", comment.Approved, deskStart.Add(-time.Hour))
	c := addComment(t, store, "", comment.Approved, deskStart.Add(-time.Hour))

	ta, err := d.RequestTakedown(ctx, comment.Takedown{CommentID: a.ID, Source: comment.FromAuthority, Requester: "Sở TT&TT", RecordedBy: "lan", Received: deskStart.Add(-2 * time.Hour)})
	require.NoError(t, err)
	assert.Equal(t, deskStart.Add(22*time.Hour), ta.Deadline)
	tb, err := d.RequestTakedown(ctx, comment.Takedown{CommentID: b.ID, Source: comment.FromComplaint, Requester: "Ông N.", RecordedBy: "lan", Received: deskStart})
	require.NoError(t, err)
	_, err = d.RequestTakedown(ctx, comment.Takedown{CommentID: c.ID, Source: comment.FromAuthority, Requester: "Sở TT&TT", Received: deskStart.Add(-25 * time.Hour)})
	assert.ErrorIs(t, err, comment.ErrInvalid, "an open request past its deadline")
	assert.Equal(t, []comment.EventKind{comment.EventTakedownRequest, comment.EventTakedownRequest}, ev.kinds())
	assert.EqualValues(t, 22*3600, ev.got[0].LeftSeconds)

	open, err := d.CheckDeadlines(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{ta.ID, tb.ID}, ids(open), "the nearest deadline first")
	assert.Len(t, ev.got, 2, "nothing is due yet")

	clk.Add(19 * time.Hour) // 3 hours left on the authority's request
	_, err = d.CheckDeadlines(ctx)
	require.NoError(t, err)
	require.Len(t, ev.got, 3)
	assert.Equal(t, comment.EventTakedownDue, ev.got[2].Kind)
	assert.Equal(t, ta.ID, ev.got[2].Takedown.ID)
	assert.EqualValues(t, 3*3600, ev.got[2].LeftSeconds)
	_, err = d.CheckDeadlines(ctx)
	require.NoError(t, err)
	assert.Len(t, ev.got, 3, "announced once")

	done, err := d.CompleteTakedown(ctx, ta.ID, "minh")
	require.NoError(t, err)
	assert.Equal(t, "minh", done.DoneBy)
	got, _ := store.Get(ctx, a.ID)
	assert.Equal(t, comment.Trash, got.Status)
	assert.Equal(t, comment.ReasonTakedown, got.Reason)

	ev.fail = errors.New("webhook queue full")
	clk.Add(30 * time.Hour) // the complaint is past its deadline
	open, err = d.CheckDeadlines(ctx)
	var nerr *comment.NotifyError
	require.ErrorAs(t, err, &nerr)
	assert.Equal(t, []string{tb.ID}, ids(open))
	ev.fail = nil
	_, err = d.CheckDeadlines(ctx)
	require.NoError(t, err, "what could not be told is told at the next check")
	require.Len(t, ev.got, 4)
	assert.Negative(t, ev.got[3].LeftSeconds)

	own, err := d.TakeDown(ctx, c.ID, "lan", "lộ số điện thoại của người khác")
	require.NoError(t, err)
	assert.False(t, own.Open())
	got, _ = store.Get(ctx, c.ID)
	assert.Equal(t, comment.Trash, got.Status)
}

func ids(ts []comment.Takedown) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.ID)
	}
	return out
}

// TestScreenWithDesk takes comments through a Screener whose bans come
// from the store and whose trust comes from a Desk on it.
func TestScreenWithDesk(t *testing.T) {
	ctx := context.Background()
	d, store, clk, _ := newDesk(t, comment.DeskConfig{})
	s := &comment.Screener{Rules: comment.DefaultRules(), Bans: store, Trust: d, Parents: store}
	sub := comment.Bind(url.Values{
		comment.FormName: {"Nguyễn Văn An"}, comment.FormPhone: {"0912 345 678"},
		comment.FormTitle: {"Ý kiến"}, comment.FormContent: {"Tôi đồng tình với chủ trương của quận."}, comment.FormCaptcha: {"482913"},
	})
	sub.IP = "203.0.113.7"
	screen := func() comment.Comment {
		t.Helper()
		c, errs, err := s.Screen(ctx, sub, "bai-1", clk.Now())
		require.NoError(t, err)
		require.Empty(t, errs)
		c, err = store.Add(ctx, c)
		require.NoError(t, err)
		clk.Add(time.Minute)
		return c
	}
	for range 3 {
		c := screen()
		assert.Equal(t, comment.ReasonHeld, c.Reason)
		_, err := d.Decide(ctx, comment.Decision{CommentID: c.ID, From: comment.Pending, To: comment.Approved, Actor: "lan"})
		require.NoError(t, err)
	}
	c := screen()
	assert.Equal(t, comment.Approved, c.Status, "three approved comments make a trusted commenter")
	assert.Equal(t, comment.ReasonTrusted, c.Reason)

	ip, err := comment.ParseSubject(comment.SubjectIP, "203.0.113.0/24")
	require.NoError(t, err)
	ban, err := d.Ban(ctx, ip, true, time.Time{}, "lan", "quảng cáo")
	require.NoError(t, err)
	assert.Equal(t, 7*24*time.Hour, ban.Until.Sub(ban.Created), "the first ban of the ladder")
	c = screen()
	assert.Equal(t, comment.Spam, c.Status, "a shadow ban keeps the comment from everyone")
	assert.Equal(t, comment.ReasonBanned, c.Reason)

	_, err = d.Lift(ctx, ban.ID, "minh")
	require.NoError(t, err)
	_, err = d.Ban(ctx, ip, false, clk.Now().Add(time.Hour), "lan", "")
	require.NoError(t, err)
	_, errs, err := s.Screen(ctx, sub, "bai-1", clk.Now())
	require.NoError(t, err)
	assert.Equal(t, []string{"form:banned"}, errs.Codes())
	m := comment.NewMessages()
	assert.Equal(t, fmt.Sprintf("Bạn đang bị tạm khóa bình luận đến %s.", clk.Now().Add(time.Hour).Format("02/01/2006 15:04")), m.Message(m.Match("vi"), errs[0]))
}

func ExampleDesk() {
	ctx := context.Background()
	now := time.Date(2026, 11, 29, 12, 48, 0, 0, article.Vietnam())
	store := &commenttest.MemoryStore{}
	desk, _ := comment.NewDesk(store, &comment.DeskConfig{Now: func() time.Time { return now }})
	c, _ := store.Add(ctx, comment.Comment{ArticleID: "bai-1", Name: "Hùng", Content: "…", CreatedAt: now.Add(-time.Hour), Status: comment.Approved})

	// A complaint received at 10:00 must be acted on within 48 hours.
	t, _ := desk.RequestTakedown(ctx, comment.Takedown{
		CommentID: c.ID, Source: comment.FromComplaint, Requester: "Bà T., đơn ngày 29/11",
		RecordedBy: "lan", Received: now.Add(-2*time.Hour - 48*time.Minute),
	})
	fmt.Println("hạn:", t.Deadline.Format("15:04 02/01/2006"), "còn", t.Left(now))
	t, _ = desk.CompleteTakedown(ctx, t.ID, "minh")
	got, _ := store.Get(ctx, c.ID)
	fmt.Println(got.Status, got.Reason, "by", t.DoneBy)

	m := comment.NewMessages()
	vi := m.Match("vi")
	log, _ := store.Audit(ctx, comment.AuditQuery{CommentID: c.ID})
	for _, e := range log.Entries {
		fmt.Printf("%s · %s · %s\n", m.Text(vi, "action."+string(e.Action)), e.Actor, m.Text(vi, "takedown."+e.Reason))
	}
	// Output:
	// hạn: 10:00 01/12/2026 còn 45h12m0s
	// trash takedown by minh
	// Gỡ bỏ · minh · Khiếu nại có căn cứ (48 giờ)
	// Nhận yêu cầu gỡ · lan · Khiếu nại có căn cứ (48 giờ)
}
