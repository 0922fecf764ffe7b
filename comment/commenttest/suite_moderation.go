package commenttest

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/comment"
)

// TestModerationStore is the conformance suite of [comment.ModerationStore],
// as [TestStore] is that of [comment.Store] (which it does not repeat: run
// both). It checks every moderation method in a subtest of t named after
// what it checks (Decide, SetStatusAudited, Reports, ReportDuplicate,
// ReportLimit, Requeue, ReportQueue, Takedowns, TakedownDeadlines, Bans,
// BanLadder, BanPrefixes, Standing, Audit, AuditPaging, BadInput,
// Canceled, Concurrent) and fails the subtest whose part of the contract a
// store breaks: what each call stores, the audit entry it appends, and
// that a call that fails leaves the store, its audit log included, as it
// was. open is called once per subtest and must return a new store
// holding no comment, report, takedown, ban or audit entry, with the
// default reply depth, closed by its own cleanup. It is safe to call from
// parallel tests, each with stores of its own.
func TestModerationStore(t *testing.T, open func(t *testing.T) comment.ModerationStore) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s comment.ModerationStore)
	}{
		{"Decide", testDecide},
		{"SetStatusAudited", testSetStatusAudited},
		{"Reports", testReports},
		{"ReportDuplicate", testReportDuplicate},
		{"ReportLimit", testReportLimit},
		{"Requeue", testRequeue},
		{"ReportQueue", testReportQueue},
		{"Takedowns", testTakedowns},
		{"TakedownDeadlines", testTakedownDeadlines},
		{"Bans", testBans},
		{"BanLadder", testBanLadder},
		{"BanPrefixes", testBanPrefixes},
		{"Standing", testStanding},
		{"Audit", testAudit},
		{"AuditPaging", testAuditPaging},
		{"BadInput", testBadInput},
		{"Canceled", testModCanceled},
		{"Concurrent", func(t *testing.T, s comment.ModerationStore) { TestSharedModerationStores(t, s) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
	}
}

// The people of the suite's newsroom.
const (
	moderator = "Biên tập viên Lan"
	editor    = "Thư ký toà soạn Minh"
)

// noLimit is a report rule that never requeues nor limits.
var noLimit = comment.ReportRule{}

func newReport(commentID, reader string, minute int) comment.Report {
	return comment.Report{CommentID: commentID, Reader: reader, Reason: comment.ReportSpam,
		Note: "Quảng cáo bán hàng", CreatedAt: at(minute)}
}

func mustReport(t *testing.T, s comment.ModerationStore, r comment.Report, rule comment.ReportRule) comment.ReportOutcome {
	t.Helper()
	out, err := s.AddReport(context.Background(), r, rule)
	require.NoError(t, err, "AddReport by %s on %s", r.Reader, r.CommentID)
	return out
}

func mustGet(t *testing.T, s comment.Store, id string) comment.Comment {
	t.Helper()
	c, err := s.Get(context.Background(), id)
	require.NoError(t, err, "Get(%s)", id)
	return c
}

func mustReports(t *testing.T, s comment.ModerationStore, id string) []comment.Report {
	t.Helper()
	rs, err := s.Reports(context.Background(), id)
	require.NoError(t, err, "Reports(%s)", id)
	return rs
}

// auditAll reads every page of the audit log the query selects, checking
// that it comes newest first.
func auditAll(t *testing.T, s comment.ModerationStore, q comment.AuditQuery) []comment.AuditEntry {
	t.Helper()
	var out []comment.AuditEntry
	for range 10000 {
		p, err := s.Audit(context.Background(), q)
		require.NoError(t, err, "Audit after %q", q.After)
		out = append(out, p.Entries...)
		if p.Next == "" {
			break
		}
		require.NotEmpty(t, p.Entries, "a page of the audit log with a Next holds entries")
		q.After = p.Next
	}
	for i := 1; i < len(out); i++ {
		require.Less(t, out[i].Seq, out[i-1].Seq, "the audit log comes newest first, Seq strictly decreasing")
	}
	return out
}

// lastEntry returns the newest audit entry.
func lastEntry(t *testing.T, s comment.ModerationStore, q comment.AuditQuery) comment.AuditEntry {
	t.Helper()
	q.Limit = 1
	p, err := s.Audit(context.Background(), q)
	require.NoError(t, err)
	require.NotEmpty(t, p.Entries, "an audit entry")
	return p.Entries[0]
}

// sameEntry checks got is want but for Seq: the same instant, the status
// fields where a comment is involved, every other field equal.
func sameEntry(t *testing.T, want, got comment.AuditEntry, msg string) {
	t.Helper()
	assert.Truef(t, want.At.Equal(got.At), "%s: At = %v, want %v", msg, got.At, want.At)
	want.Seq, want.At = got.Seq, got.At
	if want.CommentID == "" {
		want.From, want.To = got.From, got.To
	}
	assert.Equal(t, want, got, msg)
}

// sameTime checks two instants are equal.
func sameTime(t *testing.T, want, got time.Time, msg string, args ...any) {
	t.Helper()
	assert.Truef(t, want.Equal(got), "%s: %v, want %v", fmt.Sprintf(msg, args...), got, want)
}

func testDecide(t *testing.T, s comment.ModerationStore) {
	ctx := context.Background()
	c := add(t, s, newComment("bai-1", 0, comment.Pending))
	for i, tt := range []struct {
		name     string
		id       string
		from, to comment.Status
		reason   comment.Reason
		err      error
	}{
		{"approve", c.ID, comment.Pending, comment.Approved, comment.ReasonModerator, nil},
		{"from a status it no longer has", c.ID, comment.Pending, comment.Spam, comment.ReasonModerator, comment.ErrConflict},
		{"checked again", c.ID, comment.Approved, comment.Approved, "checked", nil},
		{"delete", c.ID, comment.Approved, comment.Trash, comment.ReasonModerator, nil},
		{"an unknown comment", "no-such-comment", comment.Pending, comment.Approved, comment.ReasonModerator, comment.ErrNotFound},
		{"restore", c.ID, comment.Trash, comment.Approved, "restored", nil},
	} {
		before := auditAll(t, s, comment.AuditQuery{})
		was := mustGet(t, s, c.ID)
		d := comment.Decision{CommentID: tt.id, From: tt.from, To: tt.to, Reason: tt.reason, Actor: moderator,
			Note: fmt.Sprintf("Quyết định %d: bình luận xúc phạm", i), At: at(10 + i)}
		err := s.Decide(ctx, d)
		if tt.err != nil {
			require.ErrorIs(t, err, tt.err, tt.name)
			assert.Equal(t, before, auditAll(t, s, comment.AuditQuery{}), "%s: a refused decision is not logged", tt.name)
			sameComment(t, was, mustGet(t, s, c.ID), tt.name+": a refused decision changes nothing")
			continue
		}
		require.NoError(t, err, tt.name)
		got := mustGet(t, s, c.ID)
		assert.Equal(t, tt.to, got.Status, tt.name)
		assert.Equal(t, tt.reason, got.Reason, tt.name)
		after := auditAll(t, s, comment.AuditQuery{})
		require.Len(t, after, len(before)+1, "%s: one audit entry", tt.name)
		sameEntry(t, comment.AuditEntry{At: d.At, Actor: moderator, Action: comment.ActionDecide, CommentID: c.ID,
			Reason: string(tt.reason), From: tt.from, To: tt.to, Note: d.Note}, after[0], tt.name)
	}

	// A decision closes the open reports: a moderator has looked.
	r := add(t, s, newComment("bai-1", 1, comment.Approved))
	mustReport(t, s, newReport(r.ID, "doc-gia-1", 20), noLimit)
	mustReport(t, s, newReport(r.ID, "doc-gia-2", 21), noLimit)
	require.NoError(t, s.Decide(ctx, comment.Decision{CommentID: r.ID, From: comment.Approved, To: comment.Approved,
		Reason: comment.ReasonModerator, Actor: moderator, At: at(30)}))
	for _, rep := range mustReports(t, s, r.ID) {
		sameTime(t, at(30), rep.Closed, "the report of %s is closed at the decision", rep.Reader)
	}
	q, err := s.ReportQueue(ctx, comment.PageRequest{})
	require.NoError(t, err)
	assert.Empty(t, q.Items, "no open report left in the queue")
	out := mustReport(t, s, newReport(r.ID, "doc-gia-3", 31), noLimit)
	assert.Equal(t, comment.ReportOutcome{Open: 1}, out, "closed reports no longer count")

	// Two moderators confirm the same approved comment, each naming the
	// reason they saw: only the first passes, though the status is the
	// same before and after.
	twice := add(t, s, newComment("bai-1", 2, comment.Approved))
	seen := mustGet(t, s, twice.ID).Reason
	confirm := comment.Decision{CommentID: twice.ID, From: comment.Approved, To: comment.Approved,
		FromReason: seen, Reason: comment.ReasonModerator, Actor: moderator, At: at(40)}
	require.NoError(t, s.Decide(ctx, confirm), "the first confirmation")
	n := len(auditAll(t, s, comment.AuditQuery{}))
	was := mustGet(t, s, twice.ID)
	confirm.Actor, confirm.At = editor, at(41)
	require.ErrorIs(t, s.Decide(ctx, confirm), comment.ErrConflict, "the second confirmation saw the reason %q, now %q", seen, was.Reason)
	assert.Len(t, auditAll(t, s, comment.AuditQuery{}), n, "a refused confirmation is not logged")
	sameComment(t, was, mustGet(t, s, twice.ID), "a refused confirmation changes nothing")
	confirm.FromReason = comment.ReasonModerator
	require.NoError(t, s.Decide(ctx, confirm), "a decision that saw the reason the comment has")
}

func testSetStatusAudited(t *testing.T, s comment.ModerationStore) {
	ctx := context.Background()
	c := add(t, s, newComment("bai-1", 0, comment.Approved))
	mustReport(t, s, newReport(c.ID, "doc-gia-1", 1), noLimit)
	start := time.Now()
	require.NoError(t, s.SetStatus(ctx, c.ID, comment.Approved, comment.Spam, comment.ReasonSpamFilter))
	end := time.Now()
	e := lastEntry(t, s, comment.AuditQuery{CommentID: c.ID})
	assert.False(t, e.At.Before(start.Truncate(time.Microsecond)) || e.At.After(end), "SetStatus is logged now: %v, not within [%v, %v]", e.At, start, end)
	sameEntry(t, comment.AuditEntry{At: e.At, Action: comment.ActionDecide, CommentID: c.ID,
		Reason: string(comment.ReasonSpamFilter), From: comment.Approved, To: comment.Spam}, e, "SetStatus is a decision of no one")
	reps := mustReports(t, s, c.ID)
	require.Len(t, reps, 1)
	assert.True(t, reps[0].Closed.Equal(e.At), "SetStatus closes the open reports at its time: %v, logged at %v", reps[0].Closed, e.At)

	n := len(auditAll(t, s, comment.AuditQuery{}))
	require.ErrorIs(t, s.SetStatus(ctx, c.ID, comment.Approved, comment.Trash, comment.ReasonModerator), comment.ErrConflict)
	require.ErrorIs(t, s.SetStatus(ctx, "no-such-comment", comment.Pending, comment.Trash, comment.ReasonModerator), comment.ErrNotFound)
	assert.Len(t, auditAll(t, s, comment.AuditQuery{}), n, "a refused SetStatus is not logged")
}

func testReports(t *testing.T, s comment.ModerationStore) {
	c := add(t, s, newComment("bai-1", 0, comment.Approved))
	quiet := add(t, s, newComment("bai-1", 1, comment.Approved))
	in := []comment.Report{
		{CommentID: c.ID, Reader: "doc-gia-2", Reason: comment.ReportOffensive, Note: "Lời lẽ thô tục, xúc phạm người khác", CreatedAt: at(5).Add(123456789)},
		{CommentID: c.ID, Reader: "doc-gia-1", Reason: comment.ReportFalse, CreatedAt: at(2)},
		{CommentID: c.ID, Reader: "r1-" + strings.Repeat("A", 26), Reason: comment.ReportPersonalData, Note: "Lộ số điện thoại 0912 345 678", CreatedAt: at(9)},
	}
	for i, r := range in {
		out := mustReport(t, s, r, comment.ReportRule{Requeue: 5})
		assert.Equal(t, comment.ReportOutcome{Open: i + 1}, out, "report %d", i)
		e := lastEntry(t, s, comment.AuditQuery{CommentID: c.ID})
		sameEntry(t, comment.AuditEntry{At: r.CreatedAt, Actor: r.Reader, Action: comment.ActionReport, CommentID: c.ID,
			Reason: string(r.Reason), From: comment.Approved, To: comment.Approved, Note: r.Note}, e, "the report's audit entry")
	}
	got := mustReports(t, s, c.ID)
	require.Len(t, got, 3)
	for i, want := range []comment.Report{in[1], in[0], in[2]} {
		sameTime(t, want.CreatedAt, got[i].CreatedAt, "report %d, oldest first", i)
		assert.True(t, got[i].Closed.IsZero(), "a report is open")
		got[i].CreatedAt, got[i].Closed = want.CreatedAt, want.Closed
		assert.Equal(t, want, got[i], "report %d, oldest first, as given", i)
	}
	assert.Equal(t, comment.Approved, mustGet(t, s, c.ID).Status, "reports below the rule hide nothing")
	assert.Empty(t, mustReports(t, s, quiet.ID), "a comment nobody reported")

	n := len(auditAll(t, s, comment.AuditQuery{}))
	_, err := s.AddReport(context.Background(), newReport("no-such-comment", "doc-gia-1", 10), noLimit)
	require.ErrorIs(t, err, comment.ErrNotFound, "a report on an unknown comment")
	assert.Len(t, auditAll(t, s, comment.AuditQuery{}), n, "a refused report is not logged")
}

func testReportDuplicate(t *testing.T, s comment.ModerationStore) {
	ctx := context.Background()
	c := add(t, s, newComment("bai-1", 0, comment.Approved))
	mustReport(t, s, newReport(c.ID, "doc-gia-1", 1), noLimit)
	mustReport(t, s, newReport(c.ID, "doc-gia-2", 2), noLimit)
	limited := comment.ReportRule{Requeue: 3, PerReader: 1, Window: time.Hour}
	for _, tt := range []struct {
		name   string
		minute int
		reason comment.ReportReason
		rule   comment.ReportRule
	}{
		{"the same report again", 3, comment.ReportSpam, noLimit},
		{"another reason", 4, comment.ReportUnlawful, noLimit},
		{"at the reader's limit, which a duplicate never reaches", 5, comment.ReportSpam, limited},
		{"as the report that would requeue", 6, comment.ReportSpam, comment.ReportRule{Requeue: 3}},
	} {
		n := len(auditAll(t, s, comment.AuditQuery{}))
		r := newReport(c.ID, "doc-gia-1", tt.minute)
		r.Reason = tt.reason
		out, err := s.AddReport(ctx, r, tt.rule)
		require.NoError(t, err, "%s: a duplicate is no error", tt.name)
		assert.Equal(t, comment.ReportOutcome{Open: 2, Duplicate: true}, out, tt.name)
		assert.Len(t, mustReports(t, s, c.ID), 2, "%s: nothing stored", tt.name)
		assert.Len(t, auditAll(t, s, comment.AuditQuery{}), n, "%s: nothing logged", tt.name)
		assert.Equal(t, comment.Approved, mustGet(t, s, c.ID).Status, tt.name)
	}

	// Once, ever: a report closed by a decision still counts as made.
	require.NoError(t, s.Decide(ctx, comment.Decision{CommentID: c.ID, From: comment.Approved, To: comment.Approved,
		Reason: comment.ReasonModerator, Actor: moderator, At: at(10)}))
	out := mustReport(t, s, newReport(c.ID, "doc-gia-1", 11), noLimit)
	assert.Equal(t, comment.ReportOutcome{Duplicate: true}, out, "the reader already reported it, and no report is open")
	out = mustReport(t, s, newReport(c.ID, "doc-gia-3", 12), noLimit)
	assert.Equal(t, comment.ReportOutcome{Open: 1}, out, "another reader")
	other := add(t, s, newComment("bai-1", 13, comment.Approved))
	out = mustReport(t, s, newReport(other.ID, "doc-gia-1", 14), noLimit)
	assert.Equal(t, comment.ReportOutcome{Open: 1}, out, "the reader on another comment")
}

func testReportLimit(t *testing.T, s comment.ModerationStore) {
	ctx := context.Background()
	rule := comment.ReportRule{PerReader: 3, Window: time.Hour}
	var cs []comment.Comment
	for i := range 8 {
		cs = append(cs, add(t, s, newComment("bai-1", i, comment.Approved)))
	}
	for i, tt := range []struct {
		name   string
		reader string
		minute int
		limit  bool
	}{
		{"first", "doc-gia-1", 0, false},
		{"second", "doc-gia-1", 10, false},
		{"third", "doc-gia-1", 20, false},
		{"fourth within the hour", "doc-gia-1", 30, true},
		{"another reader", "doc-gia-2", 30, false},
		{"an hour after the first: it is out of the window", "doc-gia-1", 60, false},
		{"the second, third and the one before are in the window", "doc-gia-1", 65, true},
		{"reports older than the window do not count", "doc-gia-1", 200, false},
	} {
		n := len(auditAll(t, s, comment.AuditQuery{}))
		_, err := s.AddReport(ctx, newReport(cs[i].ID, tt.reader, tt.minute), rule)
		if !tt.limit {
			require.NoError(t, err, tt.name)
			continue
		}
		require.ErrorIs(t, err, comment.ErrReportLimit, tt.name)
		assert.Empty(t, mustReports(t, s, cs[i].ID), "%s: nothing stored", tt.name)
		assert.Len(t, auditAll(t, s, comment.AuditQuery{}), n, "%s: nothing logged", tt.name)
	}

	// Closed reports count too: the limit is on what the reader does.
	for _, c := range cs[:2] {
		require.NoError(t, s.Decide(ctx, comment.Decision{CommentID: c.ID, From: comment.Approved, To: comment.Approved, At: at(201)}))
	}
	for i := range 2 {
		mustReport(t, s, newReport(cs[i].ID, "doc-gia-3", 202+i), rule)
	}
	require.NoError(t, s.Decide(ctx, comment.Decision{CommentID: cs[0].ID, From: comment.Approved, To: comment.Approved, At: at(204)}))
	mustReport(t, s, newReport(cs[2].ID, "doc-gia-3", 205), rule)
	_, err := s.AddReport(ctx, newReport(cs[3].ID, "doc-gia-3", 206), rule)
	assert.ErrorIs(t, err, comment.ErrReportLimit, "closed reports count toward the limit")

	for i, c := range cs {
		_, err := s.AddReport(ctx, newReport(c.ID, "doc-gia-4", 300), comment.ReportRule{PerReader: 0, Window: time.Hour})
		require.NoError(t, err, "report %d: PerReader 0 is no limit", i)
	}
}

func testRequeue(t *testing.T, s comment.ModerationStore) {
	ctx := context.Background()
	for _, tt := range []struct {
		name    string
		status  comment.Status
		requeue int
		reports int
		at      int // the report that requeues, from 1; 0 if none
	}{
		{"three reports requeue an approved comment", comment.Approved, 3, 5, 3},
		{"one report is enough when the rule says so", comment.Approved, 1, 2, 1},
		{"no rule: reports never hide a comment", comment.Approved, 0, 6, 0},
		{"a pending comment stays pending", comment.Pending, 1, 3, 0},
		{"a spam comment stays spam", comment.Spam, 1, 3, 0},
	} {
		c := add(t, s, newComment("bai-1", 0, tt.status))
		rule := comment.ReportRule{Requeue: tt.requeue}
		for i := 1; i <= tt.reports; i++ {
			r := newReport(c.ID, fmt.Sprintf("doc-gia-%d", i), i)
			out := mustReport(t, s, r, rule)
			assert.Equal(t, comment.ReportOutcome{Open: i, Requeued: i == tt.at}, out, "%s: report %d", tt.name, i)
			if i == tt.at {
				got := mustGet(t, s, c.ID)
				assert.Equal(t, comment.Pending, got.Status, "%s: back to a moderator", tt.name)
				assert.Equal(t, comment.ReasonReported, got.Reason, tt.name)
				log := auditAll(t, s, comment.AuditQuery{CommentID: c.ID})
				require.GreaterOrEqual(t, len(log), 2)
				sameEntry(t, comment.AuditEntry{At: r.CreatedAt, Action: comment.ActionRequeue, CommentID: c.ID,
					Reason: string(comment.ReasonReported), From: comment.Approved, To: comment.Pending}, log[0], tt.name+": the requeue entry")
				assert.Equal(t, comment.ActionReport, log[1].Action, "%s: the report is logged before the requeue", tt.name)
			}
		}
		got := mustGet(t, s, c.ID)
		if tt.at == 0 {
			assert.Equal(t, tt.status, got.Status, tt.name)
			assert.Equal(t, comment.Reason("held for a moderator"), got.Reason, tt.name)
		}
		requeues := 0
		for _, e := range auditAll(t, s, comment.AuditQuery{CommentID: c.ID}) {
			if e.Action == comment.ActionRequeue {
				requeues++
			}
		}
		assert.Equal(t, min(tt.at, 1), requeues, "%s: requeued at most once", tt.name)
		assert.Len(t, mustReports(t, s, c.ID), tt.reports, "%s: a requeue closes no report", tt.name)
	}

	// Approved again by a moderator, the comment needs the rule's count of
	// new reports to go back.
	c := add(t, s, newComment("bai-2", 0, comment.Approved))
	rule := comment.ReportRule{Requeue: 2}
	mustReport(t, s, newReport(c.ID, "doc-gia-1", 1), rule)
	require.True(t, mustReport(t, s, newReport(c.ID, "doc-gia-2", 2), rule).Requeued)
	require.NoError(t, s.Decide(ctx, comment.Decision{CommentID: c.ID, From: comment.Pending, To: comment.Approved,
		Reason: comment.ReasonModerator, Actor: moderator, At: at(3)}))
	assert.Equal(t, comment.ReportOutcome{Open: 1}, mustReport(t, s, newReport(c.ID, "doc-gia-3", 4), rule))
	assert.Equal(t, comment.ReportOutcome{Open: 2, Requeued: true}, mustReport(t, s, newReport(c.ID, "doc-gia-4", 5), rule))
}

func testReportQueue(t *testing.T, s comment.ModerationStore) {
	ctx := context.Background()
	mk := func(minute int) comment.Comment { return add(t, s, newComment("bai-1", minute, comment.Approved)) }
	a, b, c, d, e := mk(0), mk(1), mk(2), mk(3), mk(4)
	tieX, tieY := mk(5), mk(6)
	reasons := []comment.ReportReason{comment.ReportSpam, comment.ReportOffensive, comment.ReportSpam}
	reportAt := func(cm comment.Comment, minutes ...int) {
		for i, m := range minutes {
			r := newReport(cm.ID, fmt.Sprintf("doc-gia-%d", i), m)
			r.Reason = reasons[i%len(reasons)]
			mustReport(t, s, r, noLimit)
		}
	}
	reportAt(a, 10, 30, 20)
	reportAt(b, 5, 40, 50)
	reportAt(c, 1)
	reportAt(d, 2, 3)
	require.NoError(t, s.Decide(ctx, comment.Decision{CommentID: d.ID, From: comment.Approved, To: comment.Approved, At: at(60)}))
	reportAt(e, 15, 16)
	reportAt(tieX, 25)
	reportAt(tieY, 25)
	require.NoError(t, s.Decide(ctx, comment.Decision{CommentID: e.ID, From: comment.Approved, To: comment.Pending,
		Reason: comment.ReasonModerator, At: at(61)}))
	reportAt(e, 70) // doc-gia-0 again: a duplicate
	mustReport(t, s, newReport(e.ID, "doc-gia-9", 71), noLimit)

	first, second := tieX, tieY
	if tieY.ID < tieX.ID {
		first, second = tieY, tieX
	}
	want := []comment.Reported{
		{Comment: mustGet(t, s, b.ID), Open: 3, First: at(5), Last: at(50), Reasons: map[comment.ReportReason]int{comment.ReportSpam: 2, comment.ReportOffensive: 1}},
		{Comment: mustGet(t, s, a.ID), Open: 3, First: at(10), Last: at(30), Reasons: map[comment.ReportReason]int{comment.ReportSpam: 2, comment.ReportOffensive: 1}},
		{Comment: mustGet(t, s, c.ID), Open: 1, First: at(1), Last: at(1), Reasons: map[comment.ReportReason]int{comment.ReportSpam: 1}},
		{Comment: mustGet(t, s, first.ID), Open: 1, First: at(25), Last: at(25), Reasons: map[comment.ReportReason]int{comment.ReportSpam: 1}},
		{Comment: mustGet(t, s, second.ID), Open: 1, First: at(25), Last: at(25), Reasons: map[comment.ReportReason]int{comment.ReportSpam: 1}},
		{Comment: mustGet(t, s, e.ID), Open: 1, First: at(71), Last: at(71), Reasons: map[comment.ReportReason]int{comment.ReportSpam: 1}},
	}
	for _, size := range []int{1, 2, 4, 6, 7, 0} {
		var got []comment.Reported
		req := comment.PageRequest{Limit: size}
		for range 100 {
			p, err := s.ReportQueue(ctx, req)
			require.NoError(t, err, "ReportQueue after %q", req.After)
			require.LessOrEqual(t, len(p.Items), req.Size())
			got = append(got, p.Items...)
			if p.Next == "" {
				break
			}
			req.After = p.Next
		}
		require.Len(t, got, len(want), "pages of %d: every comment with open reports, once", size)
		for i := range want {
			w, g := want[i], got[i]
			sameTime(t, w.First, g.First, "pages of %d, item %d: First", size, i)
			sameTime(t, w.Last, g.Last, "pages of %d, item %d: Last", size, i)
			sameComment(t, w.Comment, g.Comment, fmt.Sprintf("pages of %d, item %d: the whole comment", size, i))
			w.First, w.Last, w.Comment = g.First, g.Last, g.Comment
			assert.Equal(t, w, g, "pages of %d, item %d: most reported first, then oldest first report, then ID", size, i)
		}
	}
}

// takedown is a request of the authority about the comment, received at
// the minute and recorded half an hour later.
func takedown(commentID string, minute int) comment.Takedown {
	return comment.Takedown{CommentID: commentID, Source: comment.FromAuthority,
		Requester: "Sở Thông tin và Truyền thông Hà Nội, công văn số 123/STTTT",
		Note:      "Bình luận có nội dung vu khống", Received: at(minute), Recorded: at(minute + 30), RecordedBy: moderator}
}

func mustTakedown(t *testing.T, s comment.ModerationStore, td comment.Takedown) comment.Takedown {
	t.Helper()
	got, err := s.AddTakedown(context.Background(), td)
	require.NoError(t, err, "AddTakedown of %s from %s", td.CommentID, td.Source)
	return got
}

// sameTakedown checks got is want but for the ID, times compared as
// instants.
func sameTakedown(t *testing.T, want, got comment.Takedown, msg string) {
	t.Helper()
	for _, f := range []struct {
		name   string
		wt, gt time.Time
	}{{"Received", want.Received, got.Received}, {"Deadline", want.Deadline, got.Deadline},
		{"Recorded", want.Recorded, got.Recorded}, {"DoneAt", want.DoneAt, got.DoneAt}} {
		sameTime(t, f.wt, f.gt, "%s: %s", msg, f.name)
	}
	want.ID, want.Received, want.Deadline, want.Recorded, want.DoneAt = got.ID, got.Received, got.Deadline, got.Recorded, got.DoneAt
	assert.Equal(t, want, got, msg)
}

func testTakedowns(t *testing.T, s comment.ModerationStore) {
	ctx := context.Background()
	c := add(t, s, newComment("bai-1", 0, comment.Approved))
	mustReport(t, s, newReport(c.ID, "doc-gia-1", 10), noLimit)
	req := takedown(c.ID, 60)
	got := mustTakedown(t, s, req)
	require.NotEmpty(t, got.ID, "a takedown gets an ID")
	want := req
	want.Deadline = at(60).Add(24 * time.Hour)
	sameTakedown(t, want, got, "AddTakedown returns the request with its deadline")
	back, err := s.Takedown(ctx, got.ID)
	require.NoError(t, err)
	sameTakedown(t, want, back, "Takedown returns what was stored")
	assert.Equal(t, got.ID, back.ID)
	assert.Equal(t, comment.Approved, mustGet(t, s, c.ID).Status, "an open request leaves the comment as it is")
	sameEntry(t, comment.AuditEntry{At: req.Recorded, Actor: moderator, Action: comment.ActionTakedownRequest, CommentID: c.ID,
		Ref: got.ID, Reason: string(comment.FromAuthority), From: comment.Approved, To: comment.Approved, Note: req.Note},
		lastEntry(t, s, comment.AuditQuery{CommentID: c.ID}), "the request's audit entry")
	open, err := s.OpenTakedowns(ctx, 0)
	require.NoError(t, err)
	require.Len(t, open, 1)
	assert.Equal(t, got.ID, open[0].ID)

	done, err := s.CompleteTakedown(ctx, got.ID, editor, at(120))
	require.NoError(t, err)
	want.DoneAt, want.DoneBy = at(120), editor
	sameTakedown(t, want, done, "CompleteTakedown returns the request done")
	back, err = s.Takedown(ctx, got.ID)
	require.NoError(t, err)
	sameTakedown(t, want, back, "the request is stored done")
	gone := mustGet(t, s, c.ID)
	assert.Equal(t, comment.Trash, gone.Status, "a comment taken down is in the trash")
	assert.Equal(t, comment.ReasonTakedown, gone.Reason)
	sameTime(t, at(120), mustReports(t, s, c.ID)[0].Closed, "the takedown closes the open reports")
	sameEntry(t, comment.AuditEntry{At: at(120), Actor: editor, Action: comment.ActionTakedown, CommentID: c.ID,
		Ref: got.ID, Reason: string(comment.FromAuthority), From: comment.Approved, To: comment.Trash},
		lastEntry(t, s, comment.AuditQuery{CommentID: c.ID}), "the takedown's audit entry")
	open, err = s.OpenTakedowns(ctx, 0)
	require.NoError(t, err)
	assert.Empty(t, open, "a request done is not open")

	n := len(auditAll(t, s, comment.AuditQuery{}))
	_, err = s.CompleteTakedown(ctx, got.ID, moderator, at(130))
	assert.ErrorIs(t, err, comment.ErrConflict, "a request done twice")
	_, err = s.CompleteTakedown(ctx, "no-such-takedown", moderator, at(130))
	assert.ErrorIs(t, err, comment.ErrNotFound, "an unknown request")
	_, err = s.Takedown(ctx, "no-such-takedown")
	assert.ErrorIs(t, err, comment.ErrNotFound, "an unknown request")
	assert.Len(t, auditAll(t, s, comment.AuditQuery{}), n, "refused calls are not logged")

	// The newsroom's own takedown is done when recorded, whatever the
	// comment's status; Spam and Trash are kept.
	for _, tt := range []struct{ from, to comment.Status }{
		{comment.Pending, comment.Trash},
		{comment.Approved, comment.Trash},
		{comment.Spam, comment.Spam},
		{comment.Trash, comment.Trash},
	} {
		c := add(t, s, newComment("bai-2", 0, tt.from))
		td := comment.Takedown{CommentID: c.ID, Source: comment.FromModerator, Requester: moderator, Received: at(5),
			Recorded: at(5), RecordedBy: moderator, DoneAt: at(5), DoneBy: moderator}
		got := mustTakedown(t, s, td)
		assert.False(t, got.Open(), "%s: done at once", tt.from)
		sameTime(t, at(5), got.Deadline, "%s: the deadline of a moderator's takedown is its receipt", tt.from)
		assert.Equal(t, tt.to, mustGet(t, s, c.ID).Status, "%s: a moderator's takedown", tt.from)
		log := auditAll(t, s, comment.AuditQuery{CommentID: c.ID})
		require.Len(t, log, 2, "%s: the request and the takedown", tt.from)
		sameEntry(t, comment.AuditEntry{At: at(5), Actor: moderator, Action: comment.ActionTakedown, CommentID: c.ID,
			Ref: got.ID, Reason: string(comment.FromModerator), From: tt.from, To: tt.to}, log[0], tt.from.String()+": takedown")
		sameEntry(t, comment.AuditEntry{At: at(5), Actor: moderator, Action: comment.ActionTakedownRequest, CommentID: c.ID,
			Ref: got.ID, Reason: string(comment.FromModerator), From: tt.from, To: tt.from}, log[1], tt.from.String()+": request")
	}
	open, err = s.OpenTakedowns(ctx, 0)
	require.NoError(t, err)
	assert.Empty(t, open, "takedowns done when recorded are not open")
}

func testTakedownDeadlines(t *testing.T, s comment.ModerationStore) {
	ctx := context.Background()
	c := add(t, s, newComment("bai-1", 0, comment.Approved))
	complaint := takedown(c.ID, 0)
	complaint.Source, complaint.Requester = comment.FromComplaint, "Ông Trần Văn Hùng"
	early := takedown(c.ID, 0)
	early.Deadline = at(0).Add(2 * time.Hour) // the authority asked sooner
	late := takedown(c.ID, 60)
	var ids []string
	for _, tt := range []struct {
		td       comment.Takedown
		deadline time.Time
	}{
		{complaint, at(0).Add(48 * time.Hour)},
		{late, at(60).Add(24 * time.Hour)},
		{early, at(0).Add(2 * time.Hour)},
	} {
		got := mustTakedown(t, s, tt.td)
		sameTime(t, tt.deadline, got.Deadline, "the deadline of a request from %s", tt.td.Source)
		assert.Equal(t, tt.deadline.Sub(tt.td.Recorded), got.Left(tt.td.Recorded), "the time left when recorded")
		ids = append(ids, got.ID)
	}
	for _, tt := range []struct {
		limit int
		want  []string
	}{
		{0, []string{ids[2], ids[1], ids[0]}},
		{-1, []string{ids[2], ids[1], ids[0]}},
		{2, []string{ids[2], ids[1]}},
		{5, []string{ids[2], ids[1], ids[0]}},
	} {
		open, err := s.OpenTakedowns(ctx, tt.limit)
		require.NoError(t, err)
		var got []string
		for _, o := range open {
			got = append(got, o.ID)
			assert.True(t, o.Open())
		}
		assert.Equal(t, tt.want, got, "OpenTakedowns(%d): the nearest deadline first", tt.limit)
	}
	_, err := s.CompleteTakedown(ctx, ids[1], editor, at(200))
	require.NoError(t, err)
	open, err := s.OpenTakedowns(ctx, 0)
	require.NoError(t, err)
	require.Len(t, open, 2, "the request done has left the queue")
	assert.Equal(t, []string{ids[2], ids[0]}, []string{open[0].ID, open[1].ID})
	_, err = s.CompleteTakedown(ctx, ids[2], editor, at(300))
	require.NoError(t, err, "a request done after its deadline is still done")
	assert.Equal(t, comment.Trash, mustGet(t, s, c.ID).Status, "the comment of several requests is taken down once and stays so")
}

func mustBan(t *testing.T, s comment.ModerationStore, b comment.Ban, ladder comment.Ladder) comment.Ban {
	t.Helper()
	got, err := s.AddBan(context.Background(), b, ladder)
	require.NoError(t, err, "AddBan of %s", b.Subject)
	return got
}

// banIDs returns the IDs of the bans, or the error instead, for a test to
// compare with the IDs it wants.
func banIDs(bs []comment.Ban, err error) []string {
	if err != nil {
		return []string{"error: " + err.Error()}
	}
	out := []string{}
	for _, b := range bs {
		out = append(out, b.ID)
	}
	return out
}

var (
	lanPhone = comment.Subject{Kind: comment.SubjectPhone, Value: "+84912345678"}
	someIP   = comment.Subject{Kind: comment.SubjectIP, Value: "203.0.113.7"}
	aDevice  = comment.Subject{Kind: comment.SubjectDevice, Value: "fp-3f9a1c"}
)

func testBans(t *testing.T, s comment.ModerationStore) {
	ctx := context.Background()
	b := comment.Ban{Subject: lanPhone, Shadow: true, Level: 9, Actor: moderator, Note: "Spam quảng cáo nhiều lần",
		Created: at(0)}
	got := mustBan(t, s, b, comment.DefaultLadder)
	require.NotEmpty(t, got.ID)
	assert.Equal(t, 1, got.Level, "the subject's first ban, whatever Level was given")
	sameTime(t, at(0), got.Created, "Created")
	sameTime(t, at(0).Add(7*24*time.Hour), got.Until, "the first ban of the default ladder lasts 7 days")
	assert.True(t, got.Lifted.IsZero() && got.LiftedBy == "", "a new ban is not lifted")
	assert.Equal(t, moderator, got.Actor)
	assert.True(t, got.Shadow)
	assert.Equal(t, b.Note, got.Note)
	sameEntry(t, comment.AuditEntry{At: at(0), Actor: moderator, Action: comment.ActionBan, Subject: lanPhone, Ref: got.ID, Note: b.Note},
		lastEntry(t, s, comment.AuditQuery{Subject: lanPhone}), "the ban's audit entry")

	for _, tt := range []struct {
		name   string
		at     time.Time
		active bool
	}{
		{"before it starts", at(-1), false},
		{"when it starts", at(0), true},
		{"a day later", at(24 * 60), true},
		{"when it ends", at(7 * 24 * 60), false},
	} {
		want := []string{}
		if tt.active {
			want = []string{got.ID}
		}
		assert.Equal(t, want, banIDs(s.ActiveBans(ctx, []comment.Subject{someIP, lanPhone}, tt.at)), "ActiveBans %s", tt.name)
		assert.Equal(t, want, banIDs(s.Bans(ctx, tt.at, 0)), "Bans %s", tt.name)
	}
	assert.Equal(t, []string{}, banIDs(s.ActiveBans(ctx, []comment.Subject{someIP, aDevice}, at(1))), "another subject is not banned")
	assert.Equal(t, []string{}, banIDs(s.ActiveBans(ctx, nil, at(1))), "no subject")

	lifted, err := s.LiftBan(ctx, got.ID, editor, at(60))
	require.NoError(t, err)
	sameTime(t, at(60), lifted.Lifted, "Lifted")
	assert.Equal(t, editor, lifted.LiftedBy)
	assert.Equal(t, got.ID, lifted.ID)
	sameEntry(t, comment.AuditEntry{At: at(60), Actor: editor, Action: comment.ActionUnban, Subject: lanPhone, Ref: got.ID},
		lastEntry(t, s, comment.AuditQuery{Subject: lanPhone}), "the lift's audit entry")
	assert.Equal(t, []string{got.ID}, banIDs(s.ActiveBans(ctx, []comment.Subject{lanPhone}, at(59))), "in force before the lift")
	assert.Equal(t, []string{}, banIDs(s.ActiveBans(ctx, []comment.Subject{lanPhone}, at(60))), "over once lifted")

	n := len(auditAll(t, s, comment.AuditQuery{}))
	expired := mustBan(t, s, comment.Ban{Subject: someIP, Actor: moderator, Created: at(0), Until: at(30)}, comment.DefaultLadder)
	sameTime(t, at(30), expired.Until, "a given end wins over the ladder")
	for _, tt := range []struct {
		name string
		id   string
		at   time.Time
		err  error
	}{
		{"lifted twice", got.ID, at(70), comment.ErrConflict},
		{"over already", expired.ID, at(31), comment.ErrConflict},
		{"not begun", expired.ID, at(-5), comment.ErrConflict},
		{"unknown", "no-such-ban", at(10), comment.ErrNotFound},
	} {
		_, err := s.LiftBan(ctx, tt.id, editor, tt.at)
		assert.ErrorIs(t, err, tt.err, "LiftBan of a ban %s", tt.name)
	}
	assert.Len(t, auditAll(t, s, comment.AuditQuery{}), n+1, "refused lifts are not logged")

	// Longest first, a permanent ban before timed ones; Bans newest first.
	perm := mustBan(t, s, comment.Ban{Subject: aDevice, Actor: moderator, Created: at(100)}, nil)
	long := mustBan(t, s, comment.Ban{Subject: someIP, Actor: moderator, Created: at(110), Until: at(10000)}, nil)
	short := mustBan(t, s, comment.Ban{Subject: lanPhone, Actor: moderator, Created: at(120), Until: at(5000)}, nil)
	same := mustBan(t, s, comment.Ban{Subject: lanPhone, Actor: moderator, Created: at(130), Until: at(5000)}, nil)
	assert.True(t, perm.Permanent(), "an empty ladder bans for good")
	subjects := []comment.Subject{lanPhone, someIP, aDevice}
	assert.Equal(t, []string{perm.ID, long.ID, same.ID, short.ID}, banIDs(s.ActiveBans(ctx, subjects, at(200))),
		"ActiveBans: permanent, then the latest end, then the newest")
	assert.Equal(t, []string{same.ID, short.ID, long.ID, perm.ID}, banIDs(s.Bans(ctx, at(200), 0)), "Bans: newest first")
	assert.Equal(t, []string{same.ID, short.ID}, banIDs(s.Bans(ctx, at(200), 2)), "Bans: at most limit")
	assert.Equal(t, []string{long.ID, perm.ID}, banIDs(s.Bans(ctx, at(6000), -1)), "Bans: the shorter ones are over")
}

func testBanLadder(t *testing.T, s comment.ModerationStore) {
	day := 24 * time.Hour
	ctx := context.Background()
	for i, tt := range []struct {
		ladder comment.Ladder
		until  time.Duration // 0: permanent
		lift   bool
	}{
		{comment.DefaultLadder, 7 * day, true}, // a lift ends the ban, it does not forgive it
		{comment.DefaultLadder, 30 * day, false},
		{comment.DefaultLadder, 30 * day, false},
		{comment.DefaultLadder, 0, false}, // after three locks
		{comment.Ladder{time.Hour, 2 * time.Hour, 3 * time.Hour, 4 * time.Hour, 5 * time.Hour}, 5 * time.Hour, false}, // each call's ladder
		{comment.Ladder{time.Hour, 2 * time.Hour, 3 * time.Hour, 4 * time.Hour, 5 * time.Hour, 6 * time.Hour}, 6 * time.Hour, false},
	} {
		created := at(i * 60 * 24 * 40)
		b := mustBan(t, s, comment.Ban{Subject: lanPhone, Actor: moderator, Created: created}, tt.ladder)
		assert.Equal(t, i+1, b.Level, "ban %d of the subject", i+1)
		if tt.until == 0 {
			assert.True(t, b.Permanent(), "ban %d is permanent", i+1)
		} else {
			sameTime(t, created.Add(tt.until), b.Until, "ban %d ends", i+1)
		}
		if tt.lift {
			_, err := s.LiftBan(ctx, b.ID, editor, created.Add(time.Minute))
			require.NoError(t, err)
		}
	}
	for _, sub := range []comment.Subject{someIP, {Kind: comment.SubjectIP, Value: "203.0.113.0/24"}, aDevice, {Kind: comment.SubjectPhone, Value: "+84983111222"}} {
		b := mustBan(t, s, comment.Ban{Subject: sub, Actor: moderator, Created: at(0)}, comment.DefaultLadder)
		assert.Equal(t, 1, b.Level, "the first ban of %s: levels are per subject", sub)
	}
}

func testBanPrefixes(t *testing.T, s comment.ModerationStore) {
	ctx := context.Background()
	ban := func(kind comment.SubjectKind, v string) string {
		sub, err := comment.ParseSubject(kind, v)
		require.NoError(t, err)
		return mustBan(t, s, comment.Ban{Subject: sub, Actor: moderator, Created: at(0)}, nil).ID
	}
	net4 := ban(comment.SubjectIP, "198.51.100.0/24")
	one4 := ban(comment.SubjectIP, "203.0.113.7")
	net6 := ban(comment.SubjectIP, "2001:db8:1:2::/64")
	dev := ban(comment.SubjectDevice, "fp-3f9a1c")
	ph := ban(comment.SubjectPhone, "0912 345 678")
	lan := mustPhone(t, "0912345678")
	for _, tt := range []struct {
		name, ip, device string
		phone            bool
		want             []string
	}{
		{"an address in a banned /24", "198.51.100.200", "", false, []string{net4}},
		{"an IPv4-mapped address in it", "::ffff:198.51.100.9", "", false, []string{net4}},
		{"an address next to it", "198.51.101.1", "", false, nil},
		{"the banned address", "203.0.113.7", "", false, []string{one4}},
		{"its neighbour: a ban on an address is not on its prefix", "203.0.113.8", "", false, nil},
		{"an address in a banned /64", "2001:db8:1:2:abcd::1", "", false, []string{net6}},
		{"an address in the next /64", "2001:db8:1:3::1", "", false, nil},
		{"a banned device", "192.0.2.1", "fp-3f9a1c", false, []string{dev}},
		{"a banned phone", "192.0.2.1", "", true, []string{ph}},
	} {
		number := mustPhone(t, "0983111222")
		if tt.phone {
			number = lan
		}
		got := banIDs(s.ActiveBans(ctx, comment.Subjects(number, tt.ip, tt.device), at(1)))
		slices.Sort(got)
		want := append([]string{}, tt.want...)
		slices.Sort(want)
		assert.Equal(t, want, got, tt.name)
	}
}

func testStanding(t *testing.T, s comment.ModerationStore) {
	ctx := context.Background()
	lan, minh := mustPhone(t, "0912345678"), mustPhone(t, "+84 983 111 222")
	var lans []comment.Comment
	for i, st := range []comment.Status{comment.Approved, comment.Approved, comment.Spam, comment.Trash, comment.Pending, comment.Approved} {
		c := newComment(fmt.Sprintf("bai-%d", i%2), 10*i, st)
		c.Phone = lan
		lans = append(lans, add(t, s, c))
		c.Phone = minh
		add(t, s, c)
	}
	for i, r := range comment.ScreenerRejections {
		c := newComment("bai-0", 5+i, comment.Spam)
		c.Phone, c.Reason = lan, r // what the screener rejected by itself is no violation
		add(t, s, c)
	}
	for _, tt := range []struct {
		name  string
		since time.Time
		want  comment.Standing
	}{
		{"every comment", at(-100), comment.Standing{Approved: 3, Rejected: 2}},
		{"since the first, which counts", at(0), comment.Standing{Approved: 3, Rejected: 2}},
		{"since the second", at(1), comment.Standing{Approved: 2, Rejected: 2}},
		{"since the trash", at(30), comment.Standing{Approved: 1, Rejected: 1}},
		{"none since", at(51), comment.Standing{}},
	} {
		got, err := s.Standing(ctx, lan, tt.since)
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, tt.name)
	}
	require.NoError(t, s.Decide(ctx, comment.Decision{CommentID: lans[4].ID, From: comment.Pending, To: comment.Spam, At: at(100)}))
	got, err := s.Standing(ctx, lan, at(-100))
	require.NoError(t, err)
	assert.Equal(t, comment.Standing{Approved: 3, Rejected: 3}, got, "a decision counts at once")
	nobody, err := s.Standing(ctx, mustPhone(t, "0977000111"), at(-100))
	require.NoError(t, err)
	assert.Equal(t, comment.Standing{}, nobody, "a number with no comment")
	_, err = s.Erase(ctx, lan)
	require.NoError(t, err)
	got, err = s.Standing(ctx, lan, at(-100))
	require.NoError(t, err)
	assert.Equal(t, comment.Standing{}, got, "erased comments no longer hold the number")
	got, err = s.Standing(ctx, minh, at(-100))
	require.NoError(t, err)
	assert.Equal(t, comment.Standing{Approved: 3, Rejected: 2}, got, "another commenter's standing")
}

// actions returns the actions of the entries, with their comment or
// subject.
func actions(es []comment.AuditEntry) []string {
	out := []string{}
	for _, e := range es {
		what := e.CommentID
		if what == "" {
			what = e.Subject.String()
		}
		out = append(out, string(e.Action)+" "+what)
	}
	return out
}

func testAudit(t *testing.T, s comment.ModerationStore) {
	ctx := context.Background()
	empty, err := s.Audit(ctx, comment.AuditQuery{})
	require.NoError(t, err)
	assert.Empty(t, empty.Entries, "a new store's audit log is empty")
	assert.Empty(t, empty.Next)

	a := add(t, s, newComment("bai-1", 0, comment.Approved))
	b := add(t, s, newComment("bai-1", 1, comment.Pending))
	mustReport(t, s, newReport(a.ID, "doc-gia-1", 2), comment.ReportRule{Requeue: 1})
	require.NoError(t, s.Decide(ctx, comment.Decision{CommentID: b.ID, From: comment.Pending, To: comment.Approved, Actor: moderator, At: at(3)}))
	ban := mustBan(t, s, comment.Ban{Subject: lanPhone, Actor: moderator, Created: at(4)}, comment.DefaultLadder)
	mustBan(t, s, comment.Ban{Subject: someIP, Actor: moderator, Created: at(5)}, comment.DefaultLadder)
	td := mustTakedown(t, s, takedown(b.ID, 6))
	_, err = s.CompleteTakedown(ctx, td.ID, editor, at(40))
	require.NoError(t, err)
	_, err = s.LiftBan(ctx, ban.ID, editor, at(50))
	require.NoError(t, err)
	noComment := func(a comment.Action, sub comment.Subject) string { return string(a) + " " + sub.String() }
	for _, tt := range []struct {
		name string
		q    comment.AuditQuery
		want []string
	}{
		{"everything, newest first", comment.AuditQuery{}, []string{
			noComment(comment.ActionUnban, lanPhone), "takedown " + b.ID, "takedown_request " + b.ID,
			noComment(comment.ActionBan, someIP), noComment(comment.ActionBan, lanPhone),
			"decide " + b.ID, "requeue " + a.ID, "report " + a.ID}},
		{"one comment", comment.AuditQuery{CommentID: a.ID}, []string{"requeue " + a.ID, "report " + a.ID}},
		{"one subject", comment.AuditQuery{Subject: lanPhone}, []string{noComment(comment.ActionUnban, lanPhone), noComment(comment.ActionBan, lanPhone)}},
		{"a comment and a subject: both", comment.AuditQuery{CommentID: a.ID, Subject: lanPhone}, []string{}},
		{"an unknown comment", comment.AuditQuery{CommentID: "no-such-comment"}, []string{}},
		{"a subject never banned", comment.AuditQuery{Subject: aDevice}, []string{}},
	} {
		assert.Equal(t, tt.want, actions(auditAll(t, s, tt.q)), tt.name)
	}
	for _, e := range auditAll(t, s, comment.AuditQuery{}) {
		if e.Action == comment.ActionBan || e.Action == comment.ActionUnban {
			assert.Empty(t, e.CommentID, "a ban's entry names no comment")
		} else {
			assert.Equal(t, comment.Subject{}, e.Subject, "a comment's entry names no subject")
		}
	}
}

func testAuditPaging(t *testing.T, s comment.ModerationStore) {
	ctx := context.Background()
	c := add(t, s, newComment("bai-1", 0, comment.Approved))
	other := add(t, s, newComment("bai-1", 1, comment.Approved))
	decide := func(id string, i int) {
		require.NoError(t, s.Decide(ctx, comment.Decision{CommentID: id, From: comment.Approved, To: comment.Approved,
			Actor: moderator, Note: fmt.Sprintf("lần %d", i), At: at(i)}))
	}
	for i := range comment.MaxPageSize + 5 {
		decide(c.ID, i)
		if i%10 == 0 {
			decide(other.ID, i)
		}
	}
	every := auditAll(t, s, comment.AuditQuery{})
	require.Len(t, every, comment.MaxPageSize+5+21)
	for _, tt := range []struct {
		limit, size int
	}{{0, comment.DefaultPageSize}, {-3, comment.DefaultPageSize}, {7, 7}, {comment.MaxPageSize + 50, comment.MaxPageSize}} {
		p, err := s.Audit(ctx, comment.AuditQuery{Limit: tt.limit})
		require.NoError(t, err)
		assert.Len(t, p.Entries, tt.size, "a page of Limit %d", tt.limit)
		assert.NotEmpty(t, p.Next)
	}
	for _, size := range []int{1, 13} {
		assert.Equal(t, every, auditAll(t, s, comment.AuditQuery{Limit: size}), "pages of %d", size)
	}
	ofOther := auditAll(t, s, comment.AuditQuery{CommentID: other.ID, Limit: 4})
	require.Len(t, ofOther, 21, "one comment's entries, 4 a page")
	for _, e := range ofOther {
		assert.Equal(t, other.ID, e.CommentID)
	}

	// Entries logged after a page was read come before it: the next page
	// goes on with older ones, none twice, none missed.
	p, err := s.Audit(ctx, comment.AuditQuery{Limit: 10})
	require.NoError(t, err)
	decide(c.ID, 1000)
	var rest []comment.AuditEntry
	if p.Next != "" {
		rest = auditAll(t, s, comment.AuditQuery{After: p.Next, Limit: 50})
	}
	assert.Equal(t, every, append(p.Entries, rest...), "the pages after a cursor are those that were older")
}

// modSnapshot is what the suite reads of a store to show a refused call
// changed nothing.
type modSnapshot struct {
	Audit    []comment.AuditEntry
	Comments []comment.Comment
	Reports  [][]comment.Report
	Queue    []comment.Reported
	Open     []comment.Takedown
	Bans     []comment.Ban
}

// snapshot reads the store's audit log, the comments with the IDs and
// their reports, the report queue, the open takedowns and the bans in
// force at the time, as JSON.
func snapshot(t *testing.T, s comment.ModerationStore, ids []string, now time.Time) string {
	t.Helper()
	ctx := context.Background()
	var snap modSnapshot
	snap.Audit = auditAll(t, s, comment.AuditQuery{})
	for _, id := range ids {
		snap.Comments = append(snap.Comments, mustGet(t, s, id))
		snap.Reports = append(snap.Reports, mustReports(t, s, id))
	}
	q, err := s.ReportQueue(ctx, comment.PageRequest{Limit: comment.MaxPageSize})
	require.NoError(t, err)
	snap.Queue = q.Items
	snap.Open, err = s.OpenTakedowns(ctx, 0)
	require.NoError(t, err)
	snap.Bans, err = s.Bans(ctx, now, 0)
	require.NoError(t, err)
	b, err := json.MarshalIndent(snap, "", "  ")
	require.NoError(t, err)
	return string(b)
}

func testBadInput(t *testing.T, s comment.ModerationStore) {
	ctx := context.Background()
	c := add(t, s, newComment("bai-1", 0, comment.Approved))
	mustReport(t, s, newReport(c.ID, "doc-gia-1", 1), noLimit)
	td := mustTakedown(t, s, takedown(c.ID, 2))
	ban := mustBan(t, s, comment.Ban{Subject: lanPhone, Actor: moderator, Created: at(3)}, comment.DefaultLadder)
	p, err := s.ReportQueue(ctx, comment.PageRequest{})
	require.NoError(t, err)
	require.NotEmpty(t, p.Items)
	mustReport(t, s, newReport(add(t, s, newComment("bai-1", 4, comment.Approved)).ID, "doc-gia-1", 4), noLimit)
	queueCursor := func() string {
		p, err := s.ReportQueue(ctx, comment.PageRequest{Limit: 1})
		require.NoError(t, err)
		require.NotEmpty(t, p.Next)
		return p.Next
	}()
	auditCursor := func() string {
		p, err := s.Audit(ctx, comment.AuditQuery{Limit: 1})
		require.NoError(t, err)
		require.NotEmpty(t, p.Next)
		return p.Next
	}()
	before := snapshot(t, s, []string{c.ID}, at(100))

	long := strings.Repeat("Ý kiến dài. ", 10240/len("Ý kiến dài. ")+1)
	rep := func(change func(*comment.Report)) func() error {
		return func() error {
			r := newReport(c.ID, "doc-gia-2", 50)
			change(&r)
			_, err := s.AddReport(ctx, r, comment.ReportRule{Requeue: 1})
			return err
		}
	}
	take := func(change func(*comment.Takedown)) func() error {
		return func() error {
			td := takedown(c.ID, 50)
			change(&td)
			_, err := s.AddTakedown(ctx, td)
			return err
		}
	}
	banOn := func(kind comment.SubjectKind, value string, change func(*comment.Ban), ladder comment.Ladder) func() error {
		return func() error {
			b := comment.Ban{Subject: comment.Subject{Kind: kind, Value: value}, Actor: moderator, Created: at(50)}
			if change != nil {
				change(&b)
			}
			_, err := s.AddBan(ctx, b, ladder)
			return err
		}
	}
	decide := func(change func(*comment.Decision)) func() error {
		return func() error {
			d := comment.Decision{CommentID: c.ID, From: comment.Approved, To: comment.Trash, Reason: comment.ReasonModerator, Actor: moderator, At: at(50)}
			change(&d)
			return s.Decide(ctx, d)
		}
	}
	audit := func(after string) func() error {
		return func() error { _, err := s.Audit(ctx, comment.AuditQuery{After: after}); return err }
	}
	queue := func(after string) func() error {
		return func() error { _, err := s.ReportQueue(ctx, comment.PageRequest{After: after}); return err }
	}
	for _, tt := range []struct {
		name string
		call func() error
		want error
	}{
		{"a report with an unknown reason", rep(func(r *comment.Report) { r.Reason = "boring" }), comment.ErrInvalid},
		{"a report with no reason", rep(func(r *comment.Report) { r.Reason = "" }), comment.ErrInvalid},
		{"a report with no reader", rep(func(r *comment.Report) { r.Reader = "" }), comment.ErrInvalid},
		{"a report with no comment", rep(func(r *comment.Report) { r.CommentID = "" }), comment.ErrInvalid},
		{"a report with no time", rep(func(r *comment.Report) { r.CreatedAt = time.Time{} }), comment.ErrInvalid},
		{"a report with a 10 KB note", rep(func(r *comment.Report) { r.Note = long }), comment.ErrInvalid},
		{"a report with a note not UTF-8", rep(func(r *comment.Report) { r.Note = "Xin ch\xe0o" }), comment.ErrInvalid},
		{"a report with a NUL in the reader", rep(func(r *comment.Report) { r.Reader = "doc\x00gia" }), comment.ErrInvalid},
		{"a report on an unknown comment", rep(func(r *comment.Report) { r.CommentID = "no-such-comment" }), comment.ErrNotFound},

		{"a decision with a 10 KB note", decide(func(d *comment.Decision) { d.Note = long }), comment.ErrInvalid},
		{"a decision with a moderator not UTF-8", decide(func(d *comment.Decision) { d.Actor = "L\xffan" }), comment.ErrInvalid},
		{"a decision to an unknown status", decide(func(d *comment.Decision) { d.To = 9 }), comment.ErrUnstorable},
		{"a decision with no time", decide(func(d *comment.Decision) { d.At = time.Time{} }), comment.ErrInvalid},
		{"a decision in the year 2300", decide(func(d *comment.Decision) { d.At = time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC) }), comment.ErrInvalid},
		{"a decision on an unknown comment", decide(func(d *comment.Decision) { d.CommentID = "no-such-comment" }), comment.ErrNotFound},

		{"a takedown from an unknown source", take(func(t *comment.Takedown) { t.Source = "police" }), comment.ErrInvalid},
		{"a takedown nobody asked for", take(func(t *comment.Takedown) { t.Requester = "" }), comment.ErrInvalid},
		{"a takedown with a 10 KB note", take(func(t *comment.Takedown) { t.Note = long }), comment.ErrInvalid},
		{"a takedown with grounds not UTF-8", take(func(t *comment.Takedown) { t.Note = "vu kh\xf4ng" }), comment.ErrInvalid},
		{"a takedown of a comment that does not exist", take(func(t *comment.Takedown) { t.CommentID = "no-such-comment" }), comment.ErrNotFound},
		{"a takedown open past its deadline", take(func(t *comment.Takedown) { t.Recorded = t.Received.Add(25 * time.Hour) }), comment.ErrInvalid},
		{"a takedown open at its deadline", take(func(t *comment.Takedown) { t.Recorded = t.Received.Add(24 * time.Hour) }), comment.ErrInvalid},
		{"a deadline beyond the window", take(func(t *comment.Takedown) { t.Deadline = t.Received.Add(25 * time.Hour) }), comment.ErrInvalid},
		{"a deadline before the receipt", take(func(t *comment.Takedown) { t.Deadline = t.Received.Add(-time.Minute) }), comment.ErrInvalid},
		{"a receipt in the future", take(func(t *comment.Takedown) { t.Received = t.Recorded.Add(time.Minute) }), comment.ErrInvalid},
		{"a moderator's takedown left open", take(func(t *comment.Takedown) { t.Source = comment.FromModerator }), comment.ErrInvalid},
		{"a takedown done before it was received", take(func(t *comment.Takedown) { t.DoneAt = t.Received.Add(-time.Hour) }), comment.ErrInvalid},
		{"an unknown takedown completed", func() error { _, err := s.CompleteTakedown(ctx, "no-such-takedown", editor, at(60)); return err }, comment.ErrNotFound},

		{"a ban on an unparsable IP", banOn(comment.SubjectIP, "203.0.113.999", nil, comment.DefaultLadder), comment.ErrInvalid},
		{"a ban on a /16", banOn(comment.SubjectIP, "203.0.0.0/16", nil, comment.DefaultLadder), comment.ErrInvalid},
		{"a ban on a prefix not masked", banOn(comment.SubjectIP, "203.0.113.7/24", nil, comment.DefaultLadder), comment.ErrInvalid},
		{"a ban on an IPv4-mapped address", banOn(comment.SubjectIP, "::ffff:203.0.113.7", nil, comment.DefaultLadder), comment.ErrInvalid},
		{"a ban on a phone not in E.164", banOn(comment.SubjectPhone, "0912345678", nil, comment.DefaultLadder), comment.ErrInvalid},
		{"a ban on a device with a space", banOn(comment.SubjectDevice, "fp 1", nil, comment.DefaultLadder), comment.ErrInvalid},
		{"a ban of an unknown kind", banOn("email", "lan@example.com", nil, comment.DefaultLadder), comment.ErrInvalid},
		{"a ban with no start", banOn(comment.SubjectPhone, "+84912345678", func(b *comment.Ban) { b.Created = time.Time{} }, comment.DefaultLadder), comment.ErrInvalid},
		{"a ban ending before it starts", banOn(comment.SubjectPhone, "+84912345678", func(b *comment.Ban) { b.Until = at(49) }, comment.DefaultLadder), comment.ErrInvalid},
		{"a ban with a 10 KB note", banOn(comment.SubjectPhone, "+84912345678", func(b *comment.Ban) { b.Note = long }, comment.DefaultLadder), comment.ErrInvalid},
		{"a ladder with a zero step", banOn(comment.SubjectPhone, "+84912345678", nil, comment.Ladder{7 * 24 * time.Hour, 0}), comment.ErrInvalid},
		{"a ladder with a negative step", banOn(comment.SubjectPhone, "+84912345678", nil, comment.Ladder{-time.Hour}), comment.ErrInvalid},
		{"an unknown ban lifted", func() error { _, err := s.LiftBan(ctx, "no-such-ban", editor, at(60)); return err }, comment.ErrNotFound},

		{"an audit cursor made up", audit("not-a-cursor!"), comment.ErrInvalidCursor},
		{"an audit cursor that is a negative number", audit("-1"), comment.ErrInvalidCursor},
		{"an audit cursor of a negative number in base64url", audit("LTE"), comment.ErrInvalidCursor},
		{"an empty base64 audit cursor", audit("AAAA"), comment.ErrInvalidCursor},
		{"an audit cursor cut short", audit(auditCursor[:len(auditCursor)-2]), comment.ErrInvalidCursor},
		{"an audit cursor with a line break", audit(auditCursor[:2] + "\r\n" + auditCursor[2:]), comment.ErrInvalidCursor},
		{"a very long audit cursor", audit(strings.Repeat("A", 100000)), comment.ErrInvalidCursor},
		{"a report queue cursor in the audit log", audit(queueCursor), comment.ErrInvalidCursor},
		{"a report queue cursor made up", queue("not-a-cursor!"), comment.ErrInvalidCursor},
		{"a report queue cursor that is a negative number", queue("-1"), comment.ErrInvalidCursor},
		{"a report queue cursor cut short", queue(queueCursor[:8]), comment.ErrInvalidCursor},
		{"a report queue cursor with a line break", queue(queueCursor[:2] + "\n" + queueCursor[2:]), comment.ErrInvalidCursor},
		{"an audit cursor in the report queue", queue(auditCursor), comment.ErrInvalidCursor},
	} {
		err := tt.call()
		assert.ErrorIs(t, err, tt.want, tt.name)
		if err != nil {
			assert.NotEqual(t, err.Error(), tt.want.Error(), "%s: the error says what is wrong", tt.name)
		}
		assert.Equal(t, before, snapshot(t, s, []string{c.ID}, at(100)), "%s: nothing stored, nothing logged", tt.name)
	}
	// The calls above that were refused did not use up the valid ones.
	_, err = s.CompleteTakedown(ctx, td.ID, editor, at(60))
	assert.NoError(t, err, "the open request is still open")
	_, err = s.LiftBan(ctx, ban.ID, editor, at(60))
	assert.NoError(t, err, "the ban is still in force")
	_, err = s.AddReport(ctx, newReport(c.ID, "doc-gia-2", 61), noLimit)
	assert.NoError(t, err, "the reader whose reports were refused still may report")
}

func testModCanceled(t *testing.T, s comment.ModerationStore) {
	c := add(t, s, newComment("bai-1", 0, comment.Approved))
	mustReport(t, s, newReport(c.ID, "doc-gia-1", 1), noLimit)
	td := mustTakedown(t, s, takedown(c.ID, 2))
	ban := mustBan(t, s, comment.Ban{Subject: lanPhone, Actor: moderator, Created: at(3)}, comment.DefaultLadder)
	before := snapshot(t, s, []string{c.ID}, at(100))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tt := range []struct {
		name string
		call func() error
	}{
		{"Decide", func() error {
			return s.Decide(ctx, comment.Decision{CommentID: c.ID, From: comment.Approved, To: comment.Trash, At: at(50)})
		}},
		{"SetStatus", func() error { return s.SetStatus(ctx, c.ID, comment.Approved, comment.Trash, comment.ReasonModerator) }},
		{"AddReport", func() error {
			_, err := s.AddReport(ctx, newReport(c.ID, "doc-gia-2", 50), comment.ReportRule{Requeue: 1})
			return err
		}},
		{"AddTakedown", func() error { _, err := s.AddTakedown(ctx, takedown(c.ID, 50)); return err }},
		{"CompleteTakedown", func() error { _, err := s.CompleteTakedown(ctx, td.ID, editor, at(60)); return err }},
		{"AddBan", func() error {
			_, err := s.AddBan(ctx, comment.Ban{Subject: someIP, Actor: moderator, Created: at(50)}, comment.DefaultLadder)
			return err
		}},
		{"LiftBan", func() error { _, err := s.LiftBan(ctx, ban.ID, editor, at(60)); return err }},
		{"Reports", func() error { _, err := s.Reports(ctx, c.ID); return err }},
		{"ReportQueue", func() error { _, err := s.ReportQueue(ctx, comment.PageRequest{}); return err }},
		{"Takedown", func() error { _, err := s.Takedown(ctx, td.ID); return err }},
		{"OpenTakedowns", func() error { _, err := s.OpenTakedowns(ctx, 0); return err }},
		{"ActiveBans", func() error { _, err := s.ActiveBans(ctx, []comment.Subject{lanPhone}, at(60)); return err }},
		{"Bans", func() error { _, err := s.Bans(ctx, at(60), 0); return err }},
		{"Standing", func() error { _, err := s.Standing(ctx, mustPhone(t, "0912345678"), at(0)); return err }},
		{"Audit", func() error { _, err := s.Audit(ctx, comment.AuditQuery{}); return err }},
	} {
		assert.Error(t, tt.call(), "%s with a done context", tt.name)
		assert.Equal(t, before, snapshot(t, s, []string{c.ID}, at(100)), "%s with a done context changes nothing", tt.name)
	}
}

// TestSharedModerationStores checks the moderation contract's rules of
// concurrency on stores sharing one database (two servers' connections to
// one PostgreSQL, two Stores on one SQLite file, or one store given
// twice), calls going through all of them at once: readers reporting one
// approved comment requeue it exactly once, in one audit entry; a reader
// reporting one comment many times at once stores one report; a reader's
// reports at once stop at the per-reader limit; of moderators completing
// one takedown at once, one succeeds and the others get ErrConflict; bans
// made at once on one subject get the levels 1 to N, each once. The
// database may hold anything else (the comments, readers and subjects are
// new); at least one store is needed. Run it with -race.
func TestSharedModerationStores(t *testing.T, stores ...comment.ModerationStore) {
	if len(stores) == 0 {
		t.Fatal("TestSharedModerationStores needs at least one store")
	}
	ctx := context.Background()
	const n, requeue = 16, 5
	run := "-" + rand.Text()[:8] // readers and subjects of this run
	via := func(i int) comment.ModerationStore { return stores[i%len(stores)] }
	newApproved := func(minute int) comment.Comment {
		return add(t, stores[0], newComment("bai-chung", minute, comment.Approved))
	}

	// Readers reporting one comment at once.
	c := newApproved(0)
	outs := make([]comment.ReportOutcome, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			outs[i], errs[i] = via(i).AddReport(ctx, newReport(c.ID, fmt.Sprintf("doc-gia-%d%s", i, run), 1), comment.ReportRule{Requeue: requeue})
		})
	}
	wg.Wait()
	requeued := 0
	var opens []int
	for i := range n {
		require.NoError(t, errs[i], "reader %d", i)
		opens = append(opens, outs[i].Open)
		if outs[i].Requeued {
			requeued++
			assert.Equal(t, requeue, outs[i].Open, "the report that requeues is the %dth", requeue)
		}
	}
	slices.Sort(opens)
	want := make([]int, n)
	for i := range want {
		want[i] = i + 1
	}
	assert.Equal(t, want, opens, "each report sees the ones before it and not the ones after")
	assert.Equal(t, 1, requeued, "exactly one report requeues the comment")
	got := mustGet(t, via(1), c.ID)
	assert.Equal(t, comment.Pending, got.Status)
	assert.Equal(t, comment.ReasonReported, got.Reason)
	count := func(s comment.ModerationStore, q comment.AuditQuery) map[comment.Action]int {
		m := map[comment.Action]int{}
		for _, e := range auditAll(t, s, q) {
			m[e.Action]++
		}
		return m
	}
	assert.Equal(t, map[comment.Action]int{comment.ActionReport: n, comment.ActionRequeue: 1},
		count(via(1), comment.AuditQuery{CommentID: c.ID}), "one entry a report, one requeue")

	// One reader reporting one comment many times at once.
	d := newApproved(1)
	for i := range n {
		wg.Go(func() {
			outs[i], errs[i] = via(i).AddReport(ctx, newReport(d.ID, "doc-gia-vo-van"+run, 2), comment.ReportRule{Requeue: 2})
		})
	}
	wg.Wait()
	stored := 0
	for i := range n {
		require.NoError(t, errs[i], "report %d: a duplicate is no error", i)
		assert.Equal(t, 1, outs[i].Open, "report %d: one open report", i)
		if !outs[i].Duplicate {
			stored++
		}
	}
	assert.Equal(t, 1, stored, "a reader's report is stored once")
	assert.Len(t, mustReports(t, via(1), d.ID), 1)
	assert.Equal(t, comment.Approved, mustGet(t, via(1), d.ID).Status, "one reader cannot requeue a comment")

	// One reader reporting many comments at once, against the limit.
	const limit = 3
	var targets []comment.Comment
	for i := range n {
		targets = append(targets, newApproved(10+i))
	}
	for i := range n {
		wg.Go(func() {
			_, errs[i] = via(i).AddReport(ctx, newReport(targets[i].ID, "doc-gia-nhanh"+run, 3), comment.ReportRule{PerReader: limit, Window: time.Hour})
		})
	}
	wg.Wait()
	taken := 0
	for i := range n {
		switch {
		case errs[i] == nil:
			taken++
		case !errors.Is(errs[i], comment.ErrReportLimit):
			t.Errorf("report %d: %v, want nil or ErrReportLimit", i, errs[i])
		}
	}
	assert.Equal(t, limit, taken, "a reader's reports at once stop at the limit")

	// Moderators completing one takedown at once.
	e := newApproved(2)
	td, err := via(1).AddTakedown(ctx, takedown(e.ID, 5))
	require.NoError(t, err)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = via(i).CompleteTakedown(ctx, td.ID, fmt.Sprintf("moderator %d", i), at(60+i))
		})
	}
	wg.Wait()
	winner := -1
	for i := range n {
		switch {
		case errs[i] == nil:
			assert.Equal(t, -1, winner, "moderators %d and %d both completed the takedown", winner, i)
			winner = i
		case !errors.Is(errs[i], comment.ErrConflict):
			t.Errorf("moderator %d: %v, want nil or ErrConflict", i, errs[i])
		}
	}
	require.NotEqual(t, -1, winner, "one moderator completes the takedown")
	back, err := via(0).Takedown(ctx, td.ID)
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprintf("moderator %d", winner), back.DoneBy, "the request says who did it")
	sameTime(t, at(60+winner), back.DoneAt, "and when")
	assert.Equal(t, comment.Trash, mustGet(t, via(1), e.ID).Status)
	assert.Equal(t, map[comment.Action]int{comment.ActionTakedownRequest: 1, comment.ActionTakedown: 1},
		count(via(0), comment.AuditQuery{CommentID: e.ID}), "one takedown entry")

	// Bans made at once on one subject.
	sub := comment.Subject{Kind: comment.SubjectDevice, Value: "fp-chung" + run}
	levels := make([]int, n)
	for i := range n {
		wg.Go(func() {
			var b comment.Ban
			b, errs[i] = via(i).AddBan(ctx, comment.Ban{Subject: sub, Actor: moderator, Created: at(100 + i)}, comment.DefaultLadder)
			levels[i] = b.Level
		})
	}
	wg.Wait()
	for i := range n {
		require.NoError(t, errs[i], "ban %d", i)
	}
	slices.Sort(levels)
	assert.Equal(t, want, levels, "bans at once on one subject get the levels 1 to %d", n)
	assert.Equal(t, map[comment.Action]int{comment.ActionBan: n}, count(via(0), comment.AuditQuery{Subject: sub}))
}
