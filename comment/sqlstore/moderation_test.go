package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/commenttest"
	"github.com/binhluan/binhluan/comment/phone"
	"github.com/binhluan/binhluan/internal/pgtest"
)

// engines are the databases every moderation test runs on.
var engines = []string{"sqlite", "postgres"}

// moderationDB returns, for engine, a function that makes a new, empty
// database for each test and gives its DSN: a file in the test's folder,
// or a database of one PostgreSQL server started for t and its subtests.
func moderationDB(t *testing.T, engine string) func(t *testing.T) string {
	t.Helper()
	if engine == "postgres" {
		srv := pgtest.Start(t)
		return func(t *testing.T) string { return srv.Database(t) }
	}
	return func(t *testing.T) string { return filepath.Join(t.TempDir(), "binhluan.db") }
}

// openModeration returns, for engine, a function that opens a store on a
// new, empty database for each test: the one a conformance suite of
// comment.ModerationStore takes.
func openModeration(t *testing.T, engine string) func(t *testing.T) *Store {
	t.Helper()
	db := moderationDB(t, engine)
	return func(t *testing.T) *Store { return openT(t, db(t), nil) }
}

// openShared returns, for engine, a function that opens two stores on one
// new database, as two servers would share it.
func openShared(t *testing.T, engine string) func(t *testing.T) (*Store, *Store) {
	t.Helper()
	db := moderationDB(t, engine)
	return func(t *testing.T) (*Store, *Store) {
		dsn := db(t)
		return openT(t, dsn, nil), openT(t, dsn, nil)
	}
}

// TestModeration runs the tests of each moderation method on each engine.
func TestModeration(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			open := openModeration(t, engine)
			for _, tt := range []struct {
				name string
				test func(t *testing.T, s *Store)
			}{
				{"Decide", testDecide},
				{"AddReport", testAddReport},
				{"ReportQueue", testReportQueue},
				{"Takedowns", testTakedowns},
				{"Bans", testBans},
				{"Standing", testStanding},
				{"Audit", testAudit},
				{"Times", testModerationTimes},
				{"BadInput", testBadInputLeavesNothing},
			} {
				t.Run(tt.name, func(t *testing.T) { tt.test(t, open(t)) })
			}
		})
	}
}

// TestModerationShared runs the contract's concurrency rules on two
// stores sharing one database.
func TestModerationShared(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			shared := openShared(t, engine)
			for _, tt := range []struct {
				name string
				test func(t *testing.T, a, b *Store)
			}{
				{"Requeue", testSharedRequeue},
				{"CompleteTakedown", testSharedTakedown},
				{"AddBan", testSharedBans},
				{"ReportLimit", testSharedReportLimit},
				{"DecideWhileReported", testSharedDecide},
			} {
				t.Run(tt.name, func(t *testing.T) {
					a, b := shared(t)
					tt.test(t, a, b)
				})
			}
		})
	}
}

var (
	bg        = context.Background()
	phoneLan  = mustPhone("0912345678")
	phoneMinh = mustPhone("0987654321")
	anyRule   = comment.ReportRule{}
)

func mustPhone(s string) phone.Number {
	n, err := phone.Parse(s)
	if err != nil {
		panic(err)
	}
	return n
}

func report(commentID, reader string, minute int) comment.Report {
	return comment.Report{CommentID: commentID, Reader: reader, Reason: comment.ReportOffensive,
		Note: "Lời lẽ xúc phạm người khác.", CreatedAt: t0.Add(time.Duration(minute) * time.Minute)}
}

func addReportT(t *testing.T, s *Store, r comment.Report, rule comment.ReportRule) comment.ReportOutcome {
	t.Helper()
	out, err := s.AddReport(bg, r, rule)
	require.NoError(t, err)
	return out
}

func statusOf(t *testing.T, s *Store, id string) comment.Comment {
	t.Helper()
	c, err := s.Get(bg, id)
	require.NoError(t, err)
	return c
}

// auditOf returns the whole audit log of a query, newest first.
func auditOf(t *testing.T, s *Store, q comment.AuditQuery) []comment.AuditEntry {
	t.Helper()
	q.Limit = comment.MaxPageSize
	p, err := s.Audit(bg, q)
	require.NoError(t, err)
	require.Empty(t, p.Next, "the log fits one page")
	return p.Entries
}

// strip clears what an audit test does not compare: the seq and the time.
func strip(es []comment.AuditEntry) []comment.AuditEntry {
	out := make([]comment.AuditEntry, len(es))
	for i, e := range es {
		e.Seq, e.At = 0, time.Time{}
		out[i] = e
	}
	return out
}

// moderationTables are every table moderation writes to.
var moderationTables = []string{"binhluan_reports", "binhluan_report_queue", "binhluan_takedowns", "binhluan_bans", "binhluan_audit"}

// rowCounts counts the rows of the moderation tables, and the comments by
// status and reason, so that a test sees whether a call wrote anything.
func rowCounts(t *testing.T, s *Store) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range moderationTables {
		var n int
		require.NoError(t, s.db.QueryRowContext(bg, "SELECT COUNT(*) FROM "+table).Scan(&n))
		out[table] = n
	}
	var n int
	require.NoError(t, s.db.QueryRowContext(bg, "SELECT COUNT(*) FROM binhluan_reports WHERE closed_at IS NULL").Scan(&n))
	out["open reports"] = n
	rows, err := s.db.QueryContext(bg, "SELECT status, reason, hidden, COUNT(*) FROM binhluan_comments GROUP BY status, reason, hidden")
	require.NoError(t, err)
	defer rows.Close()
	for rows.Next() {
		var (
			status, hidden, n int
			reason            string
		)
		require.NoError(t, rows.Scan(&status, &reason, &hidden, &n))
		out[fmt.Sprintf("comments %s/%s/hidden %d", comment.Status(status), reason, hidden)] = n
	}
	require.NoError(t, rows.Err())
	return out
}

func testDecide(t *testing.T, s *Store) {
	c := addT(t, s, approved("a", 0), "")
	addReportT(t, s, report(c.ID, "r-an", 1), anyRule)
	addReportT(t, s, report(c.ID, "r-binh", 2), anyRule)
	at := t0.Add(time.Hour)
	for _, tt := range []struct {
		name string
		d    comment.Decision
		want error
	}{
		{"the status has changed", comment.Decision{CommentID: c.ID, From: comment.Pending, To: comment.Trash, At: at}, comment.ErrConflict},
		{"no such comment", comment.Decision{CommentID: "khong-co", From: comment.Approved, To: comment.Trash, At: at}, comment.ErrNotFound},
		{"a note too long", comment.Decision{CommentID: c.ID, From: comment.Approved, To: comment.Trash, At: at, Note: strings.Repeat("x", comment.MaxNote+1)}, comment.ErrInvalid},
		{"an unknown status", comment.Decision{CommentID: c.ID, From: comment.Approved, To: 9, At: at}, comment.ErrUnstorable},
		{"no time", comment.Decision{CommentID: c.ID, From: comment.Approved, To: comment.Trash}, comment.ErrInvalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := rowCounts(t, s)
			assert.ErrorIs(t, s.Decide(bg, tt.d), tt.want)
			assert.Equal(t, before, rowCounts(t, s), "a refused decision stores nothing")
		})
	}

	d := comment.Decision{CommentID: c.ID, From: comment.Approved, To: comment.Trash, Reason: comment.ReasonModerator,
		Actor: "bt-thu-ha", Note: "Xúc phạm cá nhân.", At: at}
	require.NoError(t, s.Decide(bg, d))
	got := statusOf(t, s, c.ID)
	assert.Equal(t, comment.Trash, got.Status)
	assert.Equal(t, comment.ReasonModerator, got.Reason)
	assert.Empty(t, listIDs(t, s, "a", comment.Oldest), "a trashed comment is not shown")
	rs, err := s.Reports(bg, c.ID)
	require.NoError(t, err)
	require.Len(t, rs, 2)
	for _, r := range rs {
		assert.True(t, r.Closed.Equal(at), "the decision closed the report of %s at its time, not %v", r.Reader, r.Closed)
	}
	q, err := s.ReportQueue(bg, comment.PageRequest{})
	require.NoError(t, err)
	assert.Empty(t, q.Items, "a decided comment leaves the report queue")
	log := auditOf(t, s, comment.AuditQuery{CommentID: c.ID})
	require.Len(t, log, 3)
	assert.Equal(t, comment.AuditEntry{Actor: "bt-thu-ha", Action: comment.ActionDecide, CommentID: c.ID,
		Reason: "moderator", From: comment.Approved, To: comment.Trash, Note: "Xúc phạm cá nhân."}, strip(log)[0])
	assert.True(t, log[0].At.Equal(at))

	out := addReportT(t, s, report(c.ID, "r-an", 90), anyRule)
	assert.Equal(t, comment.ReportOutcome{Open: 0, Duplicate: true}, out, "a closed report still stops a second one")
	out = addReportT(t, s, report(c.ID, "r-cuong", 91), anyRule)
	assert.Equal(t, comment.ReportOutcome{Open: 1}, out, "closed reports no longer count")

	// SetStatus is a Decide by no one, now.
	before := time.Now()
	require.NoError(t, s.SetStatus(bg, c.ID, comment.Trash, comment.Approved, comment.ReasonModerator))
	log = auditOf(t, s, comment.AuditQuery{CommentID: c.ID})
	assert.Equal(t, comment.AuditEntry{Action: comment.ActionDecide, CommentID: c.ID, Reason: "moderator",
		From: comment.Trash, To: comment.Approved}, strip(log)[0])
	assert.False(t, log[0].At.Before(before.Round(0)), "SetStatus is audited at the time of the call")
	rs, err = s.Reports(bg, c.ID)
	require.NoError(t, err)
	assert.False(t, rs[len(rs)-1].Closed.IsZero(), "SetStatus closes the open reports too")
	before2 := rowCounts(t, s)
	require.ErrorIs(t, s.SetStatus(bg, c.ID, comment.Trash, comment.Approved, ""), comment.ErrConflict)
	assert.Equal(t, before2, rowCounts(t, s), "a SetStatus that conflicts leaves no audit entry")
}

func testAddReport(t *testing.T, s *Store) {
	c := addT(t, s, approved("a", 0), "")
	reply := addT(t, s, approved("a", 1), c.ID)
	others := []comment.Comment{addT(t, s, approved("b", 0), ""), addT(t, s, approved("b", 1), ""), addT(t, s, approved("b", 2), "")}
	rule := comment.ReportRule{Requeue: 2, PerReader: 3, Window: time.Hour}
	for _, tt := range []struct {
		name    string
		r       comment.Report
		want    comment.ReportOutcome
		err     error
		status  comment.Status
		reason  comment.Reason
		entries []comment.Action // the actions appended, oldest first
	}{
		{"a first report", report(c.ID, "r-an", 1), comment.ReportOutcome{Open: 1}, nil, comment.Approved, "", []comment.Action{comment.ActionReport}},
		{"the same reader again", report(c.ID, "r-an", 2), comment.ReportOutcome{Open: 1, Duplicate: true}, nil, comment.Approved, "", nil},
		{"a second reader requeues", report(c.ID, "r-binh", 3), comment.ReportOutcome{Open: 2, Requeued: true}, nil, comment.Pending, comment.ReasonReported,
			[]comment.Action{comment.ActionReport, comment.ActionRequeue}},
		{"a third reader on a pending comment", report(c.ID, "r-cuong", 4), comment.ReportOutcome{Open: 3}, nil, comment.Pending, comment.ReasonReported, []comment.Action{comment.ActionReport}},
		{"no such comment", report("khong-co", "r-an", 5), comment.ReportOutcome{}, comment.ErrNotFound, comment.Pending, comment.ReasonReported, nil},
		{"an unknown reason", comment.Report{CommentID: c.ID, Reader: "r-dung", Reason: "boring", CreatedAt: t0}, comment.ReportOutcome{}, comment.ErrInvalid, comment.Pending, comment.ReasonReported, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := auditOf(t, s, comment.AuditQuery{})
			counts := rowCounts(t, s)
			out, err := s.AddReport(bg, tt.r, rule)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				assert.Equal(t, counts, rowCounts(t, s), "a refused report stores nothing")
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.want, out)
			got := statusOf(t, s, c.ID)
			assert.Equal(t, tt.status, got.Status)
			assert.Equal(t, tt.reason, got.Reason)
			after := auditOf(t, s, comment.AuditQuery{})
			var actions []comment.Action
			for i := len(after) - len(before) - 1; i >= 0; i-- {
				actions = append(actions, after[i].Action)
			}
			assert.Equal(t, tt.entries, actions)
		})
	}
	assert.NotContains(t, listIDs(t, s, "a", comment.Oldest), reply.ID, "the requeued comment's reply is hidden with it")
	log := strip(auditOf(t, s, comment.AuditQuery{CommentID: c.ID}))
	assert.Equal(t, []comment.AuditEntry{
		{Actor: "r-cuong", Action: comment.ActionReport, CommentID: c.ID, Reason: "offensive", From: comment.Pending, To: comment.Pending, Note: "Lời lẽ xúc phạm người khác."},
		{Action: comment.ActionRequeue, CommentID: c.ID, Reason: "reported", From: comment.Approved, To: comment.Pending},
		{Actor: "r-binh", Action: comment.ActionReport, CommentID: c.ID, Reason: "offensive", From: comment.Approved, To: comment.Approved, Note: "Lời lẽ xúc phạm người khác."},
	}, log[:3])

	t.Run("limit", func(t *testing.T) {
		// r-an has made one report at minute 1; two more fill the window.
		addReportT(t, s, report(others[0].ID, "r-an", 10), rule)
		addReportT(t, s, report(others[1].ID, "r-an", 20), rule)
		counts := rowCounts(t, s)
		_, err := s.AddReport(bg, report(others[2].ID, "r-an", 30), rule)
		require.ErrorIs(t, err, comment.ErrReportLimit)
		assert.Equal(t, counts, rowCounts(t, s), "a report over the limit stores nothing")
		out := addReportT(t, s, report(others[0].ID, "r-an", 30), rule)
		assert.True(t, out.Duplicate, "a duplicate is told so even over the limit")
		out = addReportT(t, s, report(others[2].ID, "r-an", 61), rule)
		assert.Equal(t, 1, out.Open, "the report at minute 1 is out of the window at minute 61")
		out = addReportT(t, s, report(c.ID, "r-dung", 62), comment.ReportRule{PerReader: 0})
		assert.Equal(t, 4, out.Open, "no limit when PerReader is zero")
	})

	rs, err := s.Reports(bg, c.ID)
	require.NoError(t, err)
	var readers []string
	for _, r := range rs {
		readers = append(readers, r.Reader)
		assert.True(t, r.Closed.IsZero())
	}
	assert.Equal(t, []string{"r-an", "r-binh", "r-cuong", "r-dung"}, readers, "oldest first")
	none, err := s.Reports(bg, "khong-co")
	require.NoError(t, err)
	assert.Empty(t, none)
}

func testReportQueue(t *testing.T, s *Store) {
	for i := range 4 {
		c := approved("a", i)
		c.ID = fmt.Sprintf("c%d", i)
		addT(t, s, c, "")
	}
	// c2: 3 reports, first at 5; c0 and c1: 2 reports, c1's first older; c3:
	// 2 reports, first at the same time as c1's (the ID decides); c0's
	// closed ones do not count.
	for _, r := range []comment.Report{
		report("c2", "r1", 5), report("c2", "r2", 6), report("c2", "r3", 7),
		report("c1", "r1", 1), report("c1", "r2", 9),
		report("c3", "r3", 1), report("c3", "r4", 2),
		report("c0", "r1", 0),
	} {
		if r.Reader == "r2" {
			r.Reason = comment.ReportSpam
		}
		addReportT(t, s, r, anyRule)
	}
	require.NoError(t, s.Decide(bg, comment.Decision{CommentID: "c0", From: comment.Approved, To: comment.Approved, At: t0.Add(time.Hour)}))
	addReportT(t, s, report("c0", "r5", 70), anyRule)
	addReportT(t, s, report("c0", "r6", 71), anyRule)

	var (
		got   []string
		after string
	)
	for {
		p, err := s.ReportQueue(bg, comment.PageRequest{After: after, Limit: 1})
		require.NoError(t, err)
		for _, it := range p.Items {
			got = append(got, fmt.Sprintf("%s:%d", it.Comment.ID, it.Open))
		}
		if p.Next == "" {
			break
		}
		after = p.Next
	}
	assert.Equal(t, []string{"c2:3", "c1:2", "c3:2", "c0:2"}, got, "most reported, then oldest first open report, then ID")

	p, err := s.ReportQueue(bg, comment.PageRequest{Order: comment.Newest})
	require.NoError(t, err)
	require.Len(t, p.Items, 4, "Order is ignored")
	top := p.Items[0]
	assert.Equal(t, "Đồng ý với tác giả.", top.Comment.Content, "the whole comment")
	assert.Equal(t, map[comment.ReportReason]int{comment.ReportOffensive: 2, comment.ReportSpam: 1}, top.Reasons)
	assert.True(t, top.First.Equal(t0.Add(5*time.Minute)) && top.Last.Equal(t0.Add(7*time.Minute)), "first %v, last %v", top.First, top.Last)
	assert.True(t, p.Items[3].First.Equal(t0.Add(70*time.Minute)), "the first open report, not the closed one")

	first, err := s.ReportQueue(bg, comment.PageRequest{Limit: 1})
	require.NoError(t, err)
	audit, err := s.Audit(bg, comment.AuditQuery{Limit: 1})
	require.NoError(t, err)
	comments, err := s.Queue(bg, comment.Approved, comment.PageRequest{Limit: 1})
	require.NoError(t, err)
	for name, cur := range map[string]string{
		"junk":                 "!!!",
		"a line break":         first.Next[:4] + "\n" + first.Next[4:],
		"a carriage return":    first.Next + "\r",
		"an audit cursor":      audit.Next,
		"a comment cursor":     comments.Next,
		"padded":               first.Next + "==",
		"too long":             strings.Repeat("A", 1000),
		"a count of zero open": encodeModCursor(reportQueueListing, make([]byte, 20)),
	} {
		_, err := s.ReportQueue(bg, comment.PageRequest{After: cur})
		assert.ErrorIs(t, err, comment.ErrInvalidCursor, name)
	}
}

func testTakedowns(t *testing.T, s *Store) {
	c := addT(t, s, approved("a", 0), "")
	spam := addT(t, s, func() comment.Comment { c := approved("a", 1); c.Status = comment.Spam; return c }(), "")
	addReportT(t, s, report(c.ID, "r-an", 1), anyRule)
	received := t0.Add(2 * time.Hour)
	authority := comment.Takedown{CommentID: c.ID, Source: comment.FromAuthority, Requester: "Sở TT&TT Hà Nội, CV 123/STTTT",
		Note: "Thông tin sai sự thật.", Received: received, Recorded: received.Add(time.Minute), RecordedBy: "bt-lan"}
	td, err := s.AddTakedown(bg, authority)
	require.NoError(t, err)
	assert.Len(t, td.ID, 26)
	assert.True(t, td.Deadline.Equal(received.Add(24*time.Hour)), "an authority's deadline is 24 hours after receipt")
	complaint := authority
	complaint.Source, complaint.Requester = comment.FromComplaint, "Nguyễn Văn A"
	tc, err := s.AddTakedown(bg, complaint)
	require.NoError(t, err)
	assert.Equal(t, comment.Approved, statusOf(t, s, c.ID).Status, "an open request removes nothing yet")

	open, err := s.OpenTakedowns(bg, 0)
	require.NoError(t, err)
	require.Len(t, open, 2)
	assert.Equal(t, []string{td.ID, tc.ID}, []string{open[0].ID, open[1].ID}, "the nearest deadline first")
	open, err = s.OpenTakedowns(bg, 1)
	require.NoError(t, err)
	assert.Len(t, open, 1)
	got, err := s.Takedown(bg, td.ID)
	require.NoError(t, err)
	assert.Equal(t, td.Requester, got.Requester)
	assert.True(t, got.Deadline.Equal(td.Deadline))
	_, err = s.Takedown(bg, "khong-co")
	assert.ErrorIs(t, err, comment.ErrNotFound)

	for _, tt := range []struct {
		name string
		id   string
		at   time.Time
		want error
	}{
		{"no such request", "khong-co", received.Add(time.Hour), comment.ErrNotFound},
		{"before it was received", td.ID, received.Add(-time.Hour), comment.ErrInvalid},
		{"no time", td.ID, time.Time{}, comment.ErrInvalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := rowCounts(t, s)
			_, err := s.CompleteTakedown(bg, tt.id, "bt-lan", tt.at)
			assert.ErrorIs(t, err, tt.want)
			assert.Equal(t, before, rowCounts(t, s), "a refused completion stores nothing")
		})
	}

	doneAt := received.Add(3 * time.Hour)
	done, err := s.CompleteTakedown(bg, td.ID, "bt-minh", doneAt)
	require.NoError(t, err)
	assert.True(t, done.DoneAt.Equal(doneAt))
	assert.Equal(t, "bt-minh", done.DoneBy)
	after := statusOf(t, s, c.ID)
	assert.Equal(t, comment.Trash, after.Status)
	assert.Equal(t, comment.ReasonTakedown, after.Reason)
	rs, err := s.Reports(bg, c.ID)
	require.NoError(t, err)
	assert.True(t, rs[0].Closed.Equal(doneAt), "the takedown closes the open reports")
	_, err = s.CompleteTakedown(bg, td.ID, "bt-lan", doneAt.Add(time.Minute))
	assert.ErrorIs(t, err, comment.ErrConflict, "a request done already")
	log := strip(auditOf(t, s, comment.AuditQuery{CommentID: c.ID}))
	assert.Equal(t, comment.AuditEntry{Actor: "bt-minh", Action: comment.ActionTakedown, CommentID: c.ID, Ref: td.ID,
		Reason: "authority", From: comment.Approved, To: comment.Trash}, log[0])
	assert.Equal(t, comment.AuditEntry{Actor: "bt-lan", Action: comment.ActionTakedownRequest, CommentID: c.ID, Ref: td.ID,
		Reason: "authority", From: comment.Approved, To: comment.Approved, Note: "Thông tin sai sự thật."}, log[2])
	open, err = s.OpenTakedowns(bg, 0)
	require.NoError(t, err)
	assert.Len(t, open, 1, "the done request left the open queue")

	own := comment.Takedown{CommentID: spam.ID, Source: comment.FromModerator, Requester: "bt-lan", Received: received,
		Recorded: received, RecordedBy: "bt-lan", DoneAt: received, DoneBy: "bt-lan"}
	to, err := s.AddTakedown(bg, own)
	require.NoError(t, err)
	assert.False(t, to.Open())
	assert.Equal(t, comment.Spam, statusOf(t, s, spam.ID).Status, "a spam comment keeps its status")
	log = strip(auditOf(t, s, comment.AuditQuery{CommentID: spam.ID}))
	require.Len(t, log, 2, "a request done at once has two entries")
	assert.Equal(t, []comment.Action{comment.ActionTakedown, comment.ActionTakedownRequest}, []comment.Action{log[0].Action, log[1].Action})
	assert.Equal(t, comment.Spam, log[0].To)

	for _, tt := range []struct {
		name string
		t    comment.Takedown
		want error
	}{
		{"a moderator's own request left open", func() comment.Takedown { o := own; o.DoneAt = time.Time{}; return o }(), comment.ErrInvalid},
		{"no such comment", func() comment.Takedown { o := own; o.CommentID = "khong-co"; return o }(), comment.ErrNotFound},
		{"a deadline passed", func() comment.Takedown { a := authority; a.Recorded = a.Received.Add(25 * time.Hour); return a }(), comment.ErrInvalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := rowCounts(t, s)
			_, err := s.AddTakedown(bg, tt.t)
			assert.ErrorIs(t, err, tt.want)
			assert.Equal(t, before, rowCounts(t, s), "a refused request stores nothing")
		})
	}
}

func ban(kind comment.SubjectKind, value string, day int) comment.Ban {
	return comment.Ban{Subject: comment.Subject{Kind: kind, Value: value}, Actor: "bt-lan", Note: "Spam quảng cáo.",
		Created: t0.Add(time.Duration(day) * 24 * time.Hour)}
}

func testBans(t *testing.T, s *Store) {
	day := 24 * time.Hour
	e164 := phoneLan.E164()
	var levels []comment.Ban
	ladder := comment.Ladder{7 * day, 30 * day} // permanent at the third
	for i, d := range []int{0, 10, 50} {
		b, err := s.AddBan(bg, ban(comment.SubjectPhone, e164, d), ladder)
		require.NoError(t, err)
		assert.Equal(t, i+1, b.Level)
		assert.Len(t, b.ID, 26)
		levels = append(levels, b)
		if i == 0 {
			// A lift ends the ban early: it still counts for the next level.
			_, err := s.LiftBan(bg, b.ID, "bt-minh", b.Created.Add(time.Hour))
			require.NoError(t, err)
		}
	}
	assert.True(t, levels[0].Until.Equal(levels[0].Created.Add(7*day)), "7 days at the first ban")
	assert.True(t, levels[1].Until.Equal(levels[1].Created.Add(30*day)), "30 days at the second")
	assert.True(t, levels[2].Permanent(), "for good at the third")

	prefix, err := s.AddBan(bg, func() comment.Ban {
		b := ban(comment.SubjectIP, "203.0.113.0/24", 0)
		b.Until, b.Shadow = t0.Add(100*day), true
		return b
	}(), comment.DefaultLadder)
	require.NoError(t, err)
	assert.True(t, prefix.Until.Equal(t0.Add(100*day)), "a given end is kept")
	device, err := s.AddBan(bg, ban(comment.SubjectDevice, "fp-9a8b", 1), comment.Ladder{time.Hour})
	require.NoError(t, err)

	subjects := comment.Subjects(phoneLan, "203.0.113.7", "fp-9a8b")
	require.Len(t, subjects, 4)
	for _, tt := range []struct {
		name     string
		subjects []comment.Subject
		at       time.Time
		want     []string
	}{
		{"before any ban", subjects, t0.Add(-time.Hour), nil},
		{"the first ban, lifted", subjects, t0.Add(2 * time.Hour), []string{prefix.ID}},
		{"the device's hour", subjects, t0.Add(day + time.Minute), []string{prefix.ID, device.ID}},
		{"the second ban, the longest first", subjects, t0.Add(11 * day), []string{prefix.ID, levels[1].ID}},
		{"the permanent one first", subjects, t0.Add(60 * day), []string{levels[2].ID, prefix.ID}},
		{"another address", comment.Subjects(phoneMinh, "198.51.100.1", ""), t0.Add(60 * day), nil},
		{"more subjects than one query takes", append(comment.Subjects(phoneMinh, "198.51.100.1", "x"), subjects...), t0.Add(60 * day), []string{levels[2].ID, prefix.ID}},
		{"a subject twice", append(subjects, subjects...), t0.Add(60 * day), []string{levels[2].ID, prefix.ID}},
		{"no subjects", nil, t0.Add(60 * day), nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bans, err := s.ActiveBans(bg, tt.subjects, tt.at)
			require.NoError(t, err)
			var got []string
			for _, b := range bans {
				got = append(got, b.ID)
				assert.True(t, b.Active(tt.at), "ban %s is in force", b.ID)
			}
			assert.Equal(t, tt.want, got)
		})
	}

	all, err := s.Bans(bg, t0.Add(day+time.Minute), 0)
	require.NoError(t, err)
	require.Len(t, all, 2)
	assert.Equal(t, []string{device.ID, prefix.ID}, []string{all[0].ID, all[1].ID}, "newest first")
	assert.True(t, all[1].Shadow)
	one, err := s.Bans(bg, t0.Add(day+time.Minute), 1)
	require.NoError(t, err)
	assert.Len(t, one, 1)

	for _, tt := range []struct {
		name string
		id   string
		at   time.Time
		want error
	}{
		{"lifted already", levels[0].ID, t0.Add(2 * time.Hour), comment.ErrConflict},
		{"over already", device.ID, t0.Add(2 * day), comment.ErrConflict},
		{"not begun yet", levels[2].ID, t0.Add(day), comment.ErrConflict},
		{"no such ban", "khong-co", t0, comment.ErrNotFound},
		{"no time", prefix.ID, time.Time{}, comment.ErrInvalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := rowCounts(t, s)
			_, err := s.LiftBan(bg, tt.id, "bt-minh", tt.at)
			assert.ErrorIs(t, err, tt.want)
			assert.Equal(t, before, rowCounts(t, s))
		})
	}
	lifted, err := s.LiftBan(bg, prefix.ID, "bt-minh", t0.Add(3*day))
	require.NoError(t, err)
	assert.True(t, lifted.Lifted.Equal(t0.Add(3*day)))
	assert.Equal(t, "bt-minh", lifted.LiftedBy)
	log := strip(auditOf(t, s, comment.AuditQuery{Subject: prefix.Subject}))
	assert.Equal(t, []comment.AuditEntry{
		{Actor: "bt-minh", Action: comment.ActionUnban, Subject: prefix.Subject, Ref: prefix.ID},
		{Actor: "bt-lan", Action: comment.ActionBan, Subject: prefix.Subject, Ref: prefix.ID, Note: "Spam quảng cáo."},
	}, log)

	for _, tt := range []struct {
		name   string
		b      comment.Ban
		ladder comment.Ladder
	}{
		{"a phone not in E.164", ban(comment.SubjectPhone, "0912345678", 0), nil},
		{"a prefix not masked", ban(comment.SubjectIP, "203.0.113.9/24", 0), nil},
		{"a step of zero", ban(comment.SubjectDevice, "fp-1", 0), comment.Ladder{0}},
		{"an end before the start", func() comment.Ban { b := ban(comment.SubjectDevice, "fp-1", 1); b.Until = t0; return b }(), nil},
		{"a start beyond 2262", func() comment.Ban {
			b := ban(comment.SubjectDevice, "fp-1", 0)
			b.Created = time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)
			return b
		}(), nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := rowCounts(t, s)
			_, err := s.AddBan(bg, tt.b, tt.ladder)
			assert.ErrorIs(t, err, comment.ErrInvalid)
			assert.Equal(t, before, rowCounts(t, s))
		})
	}
}

func testStanding(t *testing.T, s *Store) {
	since := t0.Add(time.Hour)
	for i, st := range []comment.Status{comment.Approved, comment.Approved, comment.Spam, comment.Trash, comment.Pending, comment.Spam} {
		c := approved("a", 60+i)
		c.Phone, c.Status = phoneLan, st
		if i == 5 {
			c.CreatedAt = since.Add(-time.Nanosecond) // before the time asked
		}
		addT(t, s, c, "")
	}
	other := approved("a", 70)
	other.Phone = phoneMinh
	addT(t, s, other, "")
	for _, tt := range []struct {
		name   string
		number phone.Number
		since  time.Time
		want   comment.Standing
	}{
		{"since the hour", phoneLan, since, comment.Standing{Approved: 2, Rejected: 2}},
		{"all along", phoneLan, time.Time{}, comment.Standing{Approved: 2, Rejected: 3}},
		{"another number", phoneMinh, since, comment.Standing{Approved: 1}},
		{"no number", phone.Number{}, since, comment.Standing{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Standing(bg, tt.number, tt.since)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	_, err := s.Erase(bg, phoneLan)
	require.NoError(t, err)
	got, err := s.Standing(bg, phoneLan, time.Time{})
	require.NoError(t, err)
	assert.Equal(t, comment.Standing{}, got, "erased comments no longer count")
}

func testAudit(t *testing.T, s *Store) {
	a := addT(t, s, approved("a", 0), "")
	b := addT(t, s, approved("a", 1), "")
	for i := range 5 {
		addReportT(t, s, report(a.ID, fmt.Sprintf("r%d", i), i), anyRule)
	}
	addReportT(t, s, report(b.ID, "r0", 9), anyRule)
	bn, err := s.AddBan(bg, ban(comment.SubjectPhone, phoneLan.E164(), 0), nil)
	require.NoError(t, err)
	require.NoError(t, s.Decide(bg, comment.Decision{CommentID: b.ID, From: comment.Approved, To: comment.Spam, At: t0.Add(time.Hour)}))

	var (
		seqs  []int64
		after string
	)
	for {
		p, err := s.Audit(bg, comment.AuditQuery{After: after, Limit: 3})
		require.NoError(t, err)
		assert.LessOrEqual(t, len(p.Entries), 3)
		for _, e := range p.Entries {
			seqs = append(seqs, e.Seq)
		}
		if p.Next == "" {
			break
		}
		after = p.Next
	}
	require.Len(t, seqs, 8, "every entry once")
	for i := 1; i < len(seqs); i++ {
		assert.Greater(t, seqs[i-1], seqs[i], "newest first")
	}

	for _, tt := range []struct {
		name string
		q    comment.AuditQuery
		want int
	}{
		{"one comment", comment.AuditQuery{CommentID: a.ID}, 5},
		{"the other", comment.AuditQuery{CommentID: b.ID}, 2},
		{"one subject", comment.AuditQuery{Subject: bn.Subject}, 1},
		{"a comment and a subject", comment.AuditQuery{CommentID: a.ID, Subject: bn.Subject}, 0},
		{"another subject", comment.AuditQuery{Subject: comment.Subject{Kind: comment.SubjectPhone, Value: phoneMinh.E164()}}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.Len(t, auditOf(t, s, tt.q), tt.want)
		})
	}
	p, err := s.Audit(bg, comment.AuditQuery{CommentID: a.ID, Limit: 2})
	require.NoError(t, err)
	p2, err := s.Audit(bg, comment.AuditQuery{CommentID: a.ID, Limit: 10, After: p.Next})
	require.NoError(t, err)
	assert.Len(t, p2.Entries, 3, "the filter holds on the next page")
	def, err := s.Audit(bg, comment.AuditQuery{})
	require.NoError(t, err)
	assert.Len(t, def.Entries, 8, "the default page holds 20")

	for name, cur := range map[string]string{
		"junk":           "%%%",
		"a line break":   p.Next[:2] + "\r\n" + p.Next[2:],
		"a queue cursor": encodeModCursor(reportQueueListing, append(make([]byte, 16), 'c')),
		"too short":      encodeModCursor(auditListing, []byte{1}),
	} {
		_, err := s.Audit(bg, comment.AuditQuery{After: cur})
		assert.ErrorIs(t, err, comment.ErrInvalidCursor, name)
	}
}

// testModerationTimes checks that every time comes back to the
// nanosecond, in Vietnam time.
func testModerationTimes(t *testing.T, s *Store) {
	c := addT(t, s, approved("a", 0), "")
	at := time.Date(2026, 3, 4, 2, 3, 4, 567891234, time.UTC)
	r := report(c.ID, "r-an", 0)
	r.CreatedAt = at
	addReportT(t, s, r, anyRule)
	require.NoError(t, s.Decide(bg, comment.Decision{CommentID: c.ID, From: comment.Approved, To: comment.Approved, At: at.Add(1)}))
	td, err := s.AddTakedown(bg, comment.Takedown{CommentID: c.ID, Source: comment.FromComplaint, Requester: "Trần B",
		Received: at, Deadline: at.Add(time.Hour + 3), Recorded: at.Add(2)})
	require.NoError(t, err)
	_, err = s.CompleteTakedown(bg, td.ID, "bt-lan", at.Add(5))
	require.NoError(t, err)
	b, err := s.AddBan(bg, comment.Ban{Subject: comment.Subject{Kind: comment.SubjectDevice, Value: "fp"}, Created: at, Until: at.Add(7)}, nil)
	require.NoError(t, err)

	vn := article.Vietnam().String()
	check := func(name string, got, want time.Time) {
		t.Helper()
		assert.True(t, got.Equal(want), "%s: %v, want %v", name, got, want)
		assert.Equal(t, vn, got.Location().String(), "%s in Vietnam time", name)
	}
	rs, err := s.Reports(bg, c.ID)
	require.NoError(t, err)
	check("report", rs[0].CreatedAt, at)
	check("closed", rs[0].Closed, at.Add(1))
	got, err := s.Takedown(bg, td.ID)
	require.NoError(t, err)
	check("received", got.Received, at)
	check("deadline", got.Deadline, at.Add(time.Hour+3))
	check("recorded", got.Recorded, at.Add(2))
	check("done", got.DoneAt, at.Add(5))
	bans, err := s.ActiveBans(bg, []comment.Subject{b.Subject}, at.Add(6))
	require.NoError(t, err)
	require.Len(t, bans, 1)
	check("ban created", bans[0].Created, at)
	check("ban until", bans[0].Until, at.Add(7))
	bans, err = s.ActiveBans(bg, []comment.Subject{b.Subject}, at.Add(7))
	require.NoError(t, err)
	assert.Empty(t, bans, "over at its end, to the nanosecond")
	log := auditOf(t, s, comment.AuditQuery{})
	check("audit", log[len(log)-1].At, at)
}

// testBadInputLeavesNothing makes calls that fail at each step, before
// and after they have written: none leaves a row.
func testBadInputLeavesNothing(t *testing.T, s *Store) {
	c := addT(t, s, approved("a", 0), "")
	other := addT(t, s, approved("a", 1), "")
	addReportT(t, s, report(c.ID, "r-an", 0), comment.ReportRule{})
	td, err := s.AddTakedown(bg, comment.Takedown{CommentID: c.ID, Source: comment.FromAuthority, Requester: "Bộ Công an",
		Received: t0, Recorded: t0})
	require.NoError(t, err)
	far := time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		call func() error
		want error
	}{
		{"a report with a NUL byte", func() error {
			r := report(c.ID, "r-x", 0)
			r.Note = "a\x00b"
			_, err := s.AddReport(bg, r, anyRule)
			return err
		}, comment.ErrInvalid},
		{"a report beyond 2262", func() error {
			r := report(c.ID, "r-x", 0)
			r.CreatedAt = far
			_, err := s.AddReport(bg, r, anyRule)
			return err
		}, comment.ErrInvalid},
		{"a report over the limit", func() error {
			_, err := s.AddReport(bg, report(other.ID, "r-an", 1), comment.ReportRule{PerReader: 1, Window: time.Hour})
			return err
		}, comment.ErrReportLimit},
		{"a report on no comment", func() error {
			_, err := s.AddReport(bg, report("khong-co", "r-binh", 1), anyRule)
			return err
		}, comment.ErrNotFound},
		{"a completion before receipt, refused after the compare-and-set", func() error {
			_, err := s.CompleteTakedown(bg, td.ID, "bt", t0.Add(-time.Second))
			return err
		}, comment.ErrInvalid},
		{"a completion by a name too long", func() error {
			_, err := s.CompleteTakedown(bg, td.ID, strings.Repeat("n", comment.MaxActor+1), t0.Add(time.Second))
			return err
		}, comment.ErrInvalid},
		{"a ban whose ladder ends beyond 2262", func() error {
			b := ban(comment.SubjectDevice, "fp", 0)
			_, err := s.AddBan(bg, b, comment.Ladder{time.Duration(1<<63 - 1)})
			return err
		}, comment.ErrInvalid},
		{"a decision on a comment gone", func() error {
			return s.Decide(bg, comment.Decision{CommentID: "khong-co", From: comment.Approved, To: comment.Spam, At: t0})
		}, comment.ErrNotFound},
		{"a lift by an invalid name", func() error {
			_, err := s.LiftBan(bg, "x", "\xff", t0)
			return err
		}, comment.ErrInvalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := rowCounts(t, s)
			require.ErrorIs(t, tt.call(), tt.want)
			assert.Equal(t, before, rowCounts(t, s), "nothing of the failed call is stored")
		})
	}
	got, err := s.Takedown(bg, td.ID)
	require.NoError(t, err)
	assert.True(t, got.Open(), "the takedown is still open after the refused completion")
}

// run runs n calls of f at once, half of them on a and half on b, and
// returns their errors.
func run(n int, a, b *Store, f func(i int, s *Store) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		s := a
		if i%2 == 1 {
			s = b
		}
		wg.Go(func() {
			<-start
			errs[i] = f(i, s)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

// tally counts the calls that succeeded and those that failed with want;
// any other error fails the test.
func tally(t *testing.T, errs []error, want error) [2]int {
	t.Helper()
	var n [2]int
	for _, err := range errs {
		switch {
		case err == nil:
			n[0]++
		case errors.Is(err, want):
			n[1]++
		default:
			t.Fatalf("a concurrent call: %v", err)
		}
	}
	return n
}

func testSharedRequeue(t *testing.T, a, b *Store) {
	c := addT(t, a, approved("a", 0), "")
	const n, k = 16, 5
	outs := make([]comment.ReportOutcome, n)
	errs := run(n, a, b, func(i int, s *Store) error {
		var err error
		outs[i], err = s.AddReport(bg, report(c.ID, fmt.Sprintf("r%02d", i), i), comment.ReportRule{Requeue: k})
		return err
	})
	requeued, opens := 0, map[int]bool{}
	for i, err := range errs {
		require.NoError(t, err)
		if outs[i].Requeued {
			requeued++
			assert.Equal(t, k, outs[i].Open, "the report that reaches the threshold requeues")
		}
		opens[outs[i].Open] = true
	}
	assert.Equal(t, 1, requeued, "exactly one report requeues")
	assert.Len(t, opens, n, "every report saw a different count: 1 to %d", n)
	assert.Equal(t, comment.Pending, statusOf(t, b, c.ID).Status)
	var requeues int
	for _, e := range auditOf(t, b, comment.AuditQuery{CommentID: c.ID}) {
		if e.Action == comment.ActionRequeue {
			requeues++
		}
	}
	assert.Equal(t, 1, requeues, "one requeue entry")
	p, err := a.ReportQueue(bg, comment.PageRequest{})
	require.NoError(t, err)
	require.Len(t, p.Items, 1)
	assert.Equal(t, n, p.Items[0].Open)
}

func testSharedTakedown(t *testing.T, a, b *Store) {
	for round := range 5 {
		c := addT(t, a, approved("a", round), "")
		td, err := a.AddTakedown(bg, comment.Takedown{CommentID: c.ID, Source: comment.FromAuthority, Requester: "Bộ TT&TT",
			Received: t0, Recorded: t0})
		require.NoError(t, err)
		errs := run(2, a, b, func(i int, s *Store) error {
			_, err := s.CompleteTakedown(bg, td.ID, fmt.Sprintf("bt-%d", i), t0.Add(time.Hour))
			return err
		})
		assert.Equal(t, [2]int{1, 1}, tally(t, errs, comment.ErrConflict), "one completes, one is told of the conflict")
		var done int
		for _, e := range auditOf(t, a, comment.AuditQuery{CommentID: c.ID}) {
			if e.Action == comment.ActionTakedown {
				done++
			}
		}
		assert.Equal(t, 1, done, "one takedown entry")
	}
}

func testSharedBans(t *testing.T, a, b *Store) {
	const n = 12
	levels := make([]int, n)
	errs := run(n, a, b, func(i int, s *Store) error {
		bn, err := s.AddBan(bg, ban(comment.SubjectPhone, phoneLan.E164(), i), comment.DefaultLadder)
		levels[i] = bn.Level
		return err
	})
	seen := map[int]bool{}
	for i, err := range errs {
		require.NoError(t, err)
		seen[levels[i]] = true
	}
	for l := 1; l <= n; l++ {
		assert.True(t, seen[l], "level %d given once", l)
	}
}

func testSharedReportLimit(t *testing.T, a, b *Store) {
	var ids []string
	for i := range 10 {
		ids = append(ids, addT(t, a, approved("a", i), "").ID)
	}
	rule := comment.ReportRule{PerReader: 3, Window: time.Hour}
	errs := run(len(ids), a, b, func(i int, s *Store) error {
		_, err := s.AddReport(bg, report(ids[i], "r-mot", 0), rule)
		return err
	})
	assert.Equal(t, [2]int{3, 7}, tally(t, errs, comment.ErrReportLimit), "one reader's reports at once keep the limit")
}

// testSharedDecide decides on comments while readers report them: the
// report queue's count always matches the open reports.
func testSharedDecide(t *testing.T, a, b *Store) {
	var ids []string
	for i := range 3 {
		ids = append(ids, addT(t, a, approved("a", i), "").ID)
	}
	errs := run(40, a, b, func(i int, s *Store) error {
		id := ids[i%len(ids)]
		if i%8 == 7 {
			c, err := s.Get(bg, id)
			if err != nil {
				return err
			}
			err = s.Decide(bg, comment.Decision{CommentID: id, From: c.Status, To: comment.Approved, At: t0.Add(time.Duration(i) * time.Minute)})
			if errors.Is(err, comment.ErrConflict) {
				return nil
			}
			return err
		}
		_, err := s.AddReport(bg, report(id, fmt.Sprintf("r%02d", i), i), comment.ReportRule{Requeue: 3})
		return err
	})
	for _, err := range errs {
		require.NoError(t, err)
	}
	rows, err := a.db.QueryContext(bg, `SELECT q.comment_id, -q.minus_open,
		(SELECT COUNT(*) FROM binhluan_reports r WHERE r.comment_id = q.comment_id AND r.closed_at IS NULL)
		FROM binhluan_report_queue q`)
	require.NoError(t, err)
	defer rows.Close()
	queued := 0
	for rows.Next() {
		var (
			id         string
			open, real int
		)
		require.NoError(t, rows.Scan(&id, &open, &real))
		assert.Equal(t, real, open, "comment %s: the queue counts its open reports", id)
		queued += real
	}
	require.NoError(t, rows.Err())
	var open int
	require.NoError(t, a.db.QueryRowContext(bg, "SELECT COUNT(*) FROM binhluan_reports WHERE closed_at IS NULL").Scan(&open))
	assert.Equal(t, open, queued, "every open report is in the queue")
}

// TestModerationMigratesVersion1 opens a database of schema version 1
// holding comments: the moderation tables are added, the comments are
// kept, and moderation works on them.
func TestModerationMigratesVersion1(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			dsn := moderationDB(t, engine)(t)
			d, driverDSN := sqliteDialect, dsn
			if engine == "postgres" {
				d = postgresDialect
			}
			db, err := sql.Open(d.driver, driverDSN)
			require.NoError(t, err)
			steps, err := migrations()
			require.NoError(t, err)
			require.NoError(t, migrateTo(bg, db, d, steps[:1]))
			old := &Store{d: d, name: dsn, db: db, read: db, wst: &stmts{db: db}, depth: 1, rand: rand.Reader}
			old.rst = old.wst
			c := addT(t, old, approved("a", 0), "")
			reply := addT(t, old, approved("a", 1), c.ID)
			require.NoError(t, old.Close())

			s := openT(t, dsn, nil)
			var version int
			require.NoError(t, s.db.QueryRowContext(bg, "SELECT version FROM binhluan_schema").Scan(&version))
			assert.Equal(t, SchemaVersion(), version)
			assert.Equal(t, []string{c.ID, reply.ID}, listIDs(t, s, "a", comment.Oldest), "the comments survive")
			out, err := s.AddReport(bg, report(c.ID, "r-an", 2), comment.ReportRule{Requeue: 1})
			require.NoError(t, err)
			assert.True(t, out.Requeued)
			assert.Empty(t, listIDs(t, s, "a", comment.Oldest), "the requeued thread is hidden")
			require.NoError(t, s.SetStatus(bg, c.ID, comment.Pending, comment.Approved, comment.ReasonModerator))
			assert.Len(t, auditOf(t, s, comment.AuditQuery{CommentID: c.ID}), 3)
		})
	}
}

// BenchmarkAddReport adds reports by new readers on a hundred comments,
// each its own transaction, with a per-reader limit and a requeue
// threshold, on an SQLite file.
func BenchmarkAddReport(b *testing.B) {
	s := openT(b, filepath.Join(b.TempDir(), "binhluan.db"), nil)
	var ids []string
	for i := range 100 {
		c, err := s.Add(bg, approved("bai", i))
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	rule := comment.ReportRule{Requeue: 1 << 20, PerReader: 5, Window: time.Hour}
	i := 0
	for b.Loop() {
		if _, err := s.AddReport(bg, report(ids[i%len(ids)], fmt.Sprintf("r%d", i), i), rule); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}

// BenchmarkActiveBans looks up the subjects of one comment among ten
// thousand bans, as every posted comment does.
func BenchmarkActiveBans(b *testing.B) {
	s := openT(b, filepath.Join(b.TempDir(), "binhluan.db"), nil)
	err := s.write(bg, func(tx *sql.Tx) error {
		for i := range 10000 {
			kind, value := comment.SubjectDevice, fmt.Sprintf("fp-%05d", i)
			if i%2 == 0 {
				kind, value = comment.SubjectIP, fmt.Sprintf("10.%d.%d.0/24", i/256%256, i%256)
			}
			if _, err := tx.ExecContext(bg, insertBan, fmt.Sprintf("b%05d", i), string(kind), value, 0, 1, "bt", "",
				t0.UnixNano(), t0.Add(time.Hour*24*time.Duration(i%60)).UnixNano(), nil, ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	subjects := comment.Subjects(phoneLan, "10.0.42.7", "fp-00043")
	at := t0.Add(24 * time.Hour)
	for b.Loop() {
		bans, err := s.ActiveBans(bg, subjects, at)
		if err != nil || len(bans) != 2 {
			b.Fatalf("ActiveBans: %d bans, %v", len(bans), err)
		}
	}
}

// TestModerationConformance runs commenttest's conformance suite of the
// moderation contract on each engine, and its shared-database checks on
// two handles of one database.
func TestModerationConformance(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			open := openModeration(t, engine)
			commenttest.TestModerationStore(t, func(t *testing.T) comment.ModerationStore { return open(t) })
			t.Run("Shared", func(t *testing.T) {
				a, b := openShared(t, engine)(t)
				commenttest.TestSharedModerationStores(t, a, b)
			})
		})
	}
}
