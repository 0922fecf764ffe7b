package sqlstore

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/phone"
	"github.com/binhluan/binhluan/internal/cursor"
)

var _ comment.ModerationStore = (*Store)(nil)

// The classes of the transaction locks lockKey takes on PostgreSQL, in
// the two-key space of advisory locks (the migration lock is in the
// one-key space, apart from these): "bl" and a number.
const (
	lockReader  int32 = 0x626c0001 // a reader's reports, for the limit
	lockSubject int32 = 0x626c0002 // a subject's bans, for the next level
	lockAudit   int32 = 0x626c0003 // the audit log, so seq follows commits
)

// lock takes the transaction lock of the key in the class; it does
// nothing on SQLite, where the one writer holds the database.
func (s *Store) lock(ctx context.Context, tx *sql.Tx, class int32, key string) error {
	if s.d.lockKey == "" {
		return nil
	}
	h := fnv.New32a()
	h.Write([]byte(key))
	st, err := s.txStmt(ctx, tx, s.d.lockKey)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, class, int32(h.Sum32()))
	return err
}

// The columns of a report, a takedown, a ban and an audit entry, in the
// order their scan functions read them.
const (
	reportColumns   = "comment_id, reader, reason, note, created_at, closed_at"
	takedownColumns = "id, comment_id, source, requester, note, received_at, deadline, recorded_at, recorded_by, done_at, done_by"
	banColumns      = "id, subject_kind, subject_value, shadow, level, actor, note, created_at, until_at, lifted_at, lifted_by"
	auditColumns    = "seq, at, actor, action, comment_id, subject_kind, subject_value, ref, reason, from_status, to_status, note"
)

// The statements of moderation's writes.
const (
	selectCommentStatus = "SELECT status FROM binhluan_comments WHERE id = $1"
	selectReported      = "SELECT 1 FROM binhluan_reports WHERE comment_id = $1 AND reader = $2"
	selectOpenReports   = "SELECT minus_open FROM binhluan_report_queue WHERE comment_id = $1"
	countReaderReports  = "SELECT COUNT(*) FROM binhluan_reports WHERE reader = $1 AND created_at > $2 AND created_at <= $3"
	insertReport        = "INSERT INTO binhluan_reports (comment_id, reader, reason, note, created_at) VALUES ($1, $2, $3, $4, $5)"
	// queueReport counts one more open report on a comment and returns
	// minus the number now open.
	queueReport = `INSERT INTO binhluan_report_queue AS q (comment_id, minus_open, first_at, last_at) VALUES ($1, -1, $2, $2)
	ON CONFLICT (comment_id) DO UPDATE SET minus_open = q.minus_open - 1,
		first_at = CASE WHEN excluded.first_at < q.first_at THEN excluded.first_at ELSE q.first_at END,
		last_at = CASE WHEN excluded.last_at > q.last_at THEN excluded.last_at ELSE q.last_at END
	RETURNING minus_open`
	closeReports   = "UPDATE binhluan_reports SET closed_at = $1 WHERE comment_id = $2 AND closed_at IS NULL"
	unqueueReports = "DELETE FROM binhluan_report_queue WHERE comment_id = $1"
	insertTakedown = "INSERT INTO binhluan_takedowns (" + takedownColumns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
	// completeTakedown is the compare-and-set of CompleteTakedown: only an
	// open request is done, once.
	completeTakedown = "UPDATE binhluan_takedowns SET done_at = $1, done_by = $2 WHERE id = $3 AND done_at IS NULL RETURNING " + takedownColumns
	selectTakedown   = "SELECT " + takedownColumns + " FROM binhluan_takedowns WHERE id = $1"
	countBans        = "SELECT COUNT(*) FROM binhluan_bans WHERE subject_kind = $1 AND subject_value = $2"
	insertBan        = "INSERT INTO binhluan_bans (" + banColumns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
	// liftBan is the compare-and-set of LiftBan: only a ban in force at
	// the time ($1) is lifted, once.
	liftBan     = "UPDATE binhluan_bans SET lifted_at = $1, lifted_by = $2 WHERE id = $3 AND " + banActive + " RETURNING " + banColumns
	selectBan   = "SELECT " + banColumns + " FROM binhluan_bans WHERE id = $1"
	insertAudit = `INSERT INTO binhluan_audit
	(at, actor, action, comment_id, subject_kind, subject_value, ref, reason, from_status, to_status, note)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`
	// banActive holds for a ban in force at $1, as [comment.Ban.Active]
	// says.
	banActive = "created_at <= $1 AND (until_at IS NULL OR until_at > $1) AND (lifted_at IS NULL OR lifted_at > $1)"
)

// moderationWrites lists the statements Open prepares for moderation.
func (s *Store) moderationWrites() []string {
	qs := []string{selectCommentStatus + s.d.lockRow, selectReported, selectOpenReports, countReaderReports,
		insertReport, queueReport, closeReports, unqueueReports, insertTakedown, completeTakedown, selectTakedown,
		countBans, insertBan, liftBan, selectBan, insertAudit}
	if s.d.lockKey != "" {
		qs = append(qs, s.d.lockKey)
	}
	return qs
}

// invalid wraps a refusal of bad input as the contract says, with the
// package's name.
func invalid(err error) error {
	return fmt.Errorf("sqlstore: %w", err)
}

// The times a column of Unix nanoseconds holds, as comment.Storable
// bounds a comment's.
var (
	minNanos = time.Unix(0, math.MinInt64)
	maxNanos = time.Unix(0, math.MaxInt64)
)

// queryNanos is the time as a bound of a query: clamped to what a column
// holds, so that a far time still compares as it should.
func queryNanos(t time.Time) int64 {
	switch {
	case t.Before(minNanos):
		return math.MinInt64
	case t.After(maxNanos):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// optNanos is a time that may be zero, as a column value.
func optNanos(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixNano()
}

func fromNanos(n int64) time.Time { return time.Unix(0, n).In(article.Vietnam()) }

func fromOptNanos(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return fromNanos(n.Int64)
}

// exec runs one of the write statements in tx.
func (s *Store) exec(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	st, err := s.txStmt(ctx, tx, query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}

// row runs a query of one row in tx.
func (s *Store) row(ctx context.Context, tx *sql.Tx, query string, args ...any) (*sql.Row, error) {
	st, err := s.txStmt(ctx, tx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryRowContext(ctx, args...), nil
}

// lockedStatus reads a comment's status in tx and, on PostgreSQL, locks
// its row until the commit: ErrNotFound when there is no such comment.
func (s *Store) lockedStatus(ctx context.Context, tx *sql.Tx, id string) (comment.Status, error) {
	r, err := s.row(ctx, tx, selectCommentStatus+s.d.lockRow, id)
	if err != nil {
		return 0, err
	}
	var st int
	switch err := r.Scan(&st); {
	case errors.Is(err, sql.ErrNoRows):
		return 0, fmt.Errorf("%w: %s", comment.ErrNotFound, id)
	case err != nil:
		return 0, err
	}
	return comment.Status(st), nil
}

// closeOpenReports closes a comment's open reports at the time and takes
// it off the report queue.
func (s *Store) closeOpenReports(ctx context.Context, tx *sql.Tx, commentID string, at time.Time) error {
	if err := s.exec(ctx, tx, closeReports, at.UnixNano(), commentID); err != nil {
		return err
	}
	return s.exec(ctx, tx, unqueueReports, commentID)
}

// appendAudit appends the entries to the audit log, last in the
// transaction. On PostgreSQL it first takes the audit log's lock, held to
// the commit, so that entries get their seq in the order they commit and
// a reader paging the log never sees a smaller seq appear later.
func (s *Store) appendAudit(ctx context.Context, tx *sql.Tx, es ...comment.AuditEntry) error {
	if err := s.lock(ctx, tx, lockAudit, ""); err != nil {
		return err
	}
	for _, e := range es {
		var kind, value any
		if e.Subject != (comment.Subject{}) {
			kind, value = string(e.Subject.Kind), e.Subject.Value
		}
		if err := s.exec(ctx, tx, insertAudit, e.At.UnixNano(), e.Actor, string(e.Action), nullable(e.CommentID),
			kind, value, e.Ref, e.Reason, int(e.From), int(e.To), e.Note); err != nil {
			return err
		}
	}
	return nil
}

// Decide changes a comment's status, closes its open reports and keeps
// the decision in the audit log; see [comment.ModerationStore.Decide]. A
// decision with no time is refused: the audit log says when.
func (s *Store) Decide(ctx context.Context, d comment.Decision) error {
	if err := d.Check(); err != nil {
		return invalid(err)
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := s.changeStatus(ctx, tx, d.CommentID, d.From, d.To, d.FromReason, d.Reason); err != nil {
			return err
		}
		if err := s.closeOpenReports(ctx, tx, d.CommentID, d.At); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, comment.AuditEntry{
			At: d.At, Actor: d.Actor, Action: comment.ActionDecide, CommentID: d.CommentID,
			Reason: string(d.Reason), From: d.From, To: d.To, Note: d.Note,
		})
	})
	return s.storeError("decide on a comment", err)
}

// AddReport stores a reader's report; see
// [comment.ModerationStore.AddReport]. The comment's row is locked first,
// so that reports on one comment, and a decision on it, follow one
// another: the open count is exact and one report only requeues it.
func (s *Store) AddReport(ctx context.Context, r comment.Report, rule comment.ReportRule) (comment.ReportOutcome, error) {
	if err := r.Check(); err != nil {
		return comment.ReportOutcome{}, invalid(err)
	}
	var out comment.ReportOutcome
	err := s.write(ctx, func(tx *sql.Tx) error {
		out = comment.ReportOutcome{}
		status, err := s.lockedStatus(ctx, tx, r.CommentID)
		if err != nil {
			return err
		}
		row, err := s.row(ctx, tx, selectReported, r.CommentID, r.Reader)
		if err != nil {
			return err
		}
		var one int
		switch err := row.Scan(&one); {
		case err == nil:
			out.Duplicate = true
			out.Open, err = s.openReports(ctx, tx, r.CommentID)
			return err
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if rule.PerReader > 0 {
			if err := s.lock(ctx, tx, lockReader, r.Reader); err != nil {
				return err
			}
			row, err := s.row(ctx, tx, countReaderReports, r.Reader, queryNanos(r.CreatedAt.Add(-rule.Window)), r.CreatedAt.UnixNano())
			if err != nil {
				return err
			}
			var n int
			if err := row.Scan(&n); err != nil {
				return err
			}
			if n >= rule.PerReader {
				return fmt.Errorf("sqlstore: %w: %d reports within %v", comment.ErrReportLimit, n, rule.Window)
			}
		}
		if err := s.exec(ctx, tx, insertReport, r.CommentID, r.Reader, string(r.Reason), r.Note, r.CreatedAt.UnixNano()); err != nil {
			return err
		}
		row, err = s.row(ctx, tx, queueReport, r.CommentID, r.CreatedAt.UnixNano())
		if err != nil {
			return err
		}
		var minus int
		if err := row.Scan(&minus); err != nil {
			return err
		}
		out.Open = -minus
		entries := []comment.AuditEntry{{
			At: r.CreatedAt, Actor: r.Reader, Action: comment.ActionReport, CommentID: r.CommentID,
			Reason: string(r.Reason), From: status, To: status, Note: r.Note,
		}}
		if rule.Requeue > 0 && status == comment.Approved && out.Open >= rule.Requeue {
			if err := s.changeStatus(ctx, tx, r.CommentID, comment.Approved, comment.Pending, "", comment.ReasonReported); err != nil {
				return err
			}
			out.Requeued = true
			entries = append(entries, comment.AuditEntry{
				At: r.CreatedAt, Action: comment.ActionRequeue, CommentID: r.CommentID,
				Reason: string(comment.ReasonReported), From: comment.Approved, To: comment.Pending,
			})
		}
		return s.appendAudit(ctx, tx, entries...)
	})
	if err != nil {
		return comment.ReportOutcome{}, s.storeError("add a report", err)
	}
	return out, nil
}

// openReports counts a comment's open reports in tx.
func (s *Store) openReports(ctx context.Context, tx *sql.Tx, commentID string) (int, error) {
	row, err := s.row(ctx, tx, selectOpenReports, commentID)
	if err != nil {
		return 0, err
	}
	var minus int
	switch err := row.Scan(&minus); {
	case errors.Is(err, sql.ErrNoRows):
		return 0, nil
	case err != nil:
		return 0, err
	}
	return -minus, nil
}

// Reports returns the reports on a comment, oldest first; see
// [comment.ModerationStore.Reports]. A comment with none, or no comment,
// has an empty list.
func (s *Store) Reports(ctx context.Context, commentID string) ([]comment.Report, error) {
	if comment.CheckRef(commentID) != nil {
		return nil, nil // no comment has such an ID
	}
	rows, err := s.readQuery(ctx, "SELECT "+reportColumns+" FROM binhluan_reports WHERE comment_id = $1 ORDER BY created_at, reader", commentID)
	if err != nil {
		return nil, s.fail("list reports", err)
	}
	defer rows.Close()
	var out []comment.Report
	for rows.Next() {
		var (
			r       comment.Report
			created int64
			closed  sql.NullInt64
		)
		if err := rows.Scan(&r.CommentID, &r.Reader, &r.Reason, &r.Note, &created, &closed); err != nil {
			return nil, s.fail("list reports", err)
		}
		r.CreatedAt, r.Closed = fromNanos(created), fromOptNanos(closed)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("list reports", err)
	}
	return out, nil
}

// The report queue's page: the queue's rows in its index order, each
// with its comment and one row per reason of its open reports.
const reportQueuePage = `SELECT %[1]s, q.minus_open, q.first_at, q.last_at, r.reason, COUNT(*)
	FROM (SELECT comment_id, minus_open, first_at, last_at FROM binhluan_report_queue %[2]s
		ORDER BY minus_open, first_at, comment_id LIMIT $1) q
	JOIN binhluan_comments c ON c.id = q.comment_id
	JOIN binhluan_reports r ON r.comment_id = q.comment_id AND r.closed_at IS NULL
	GROUP BY q.minus_open, q.first_at, q.comment_id, q.last_at, c.id, r.reason
	ORDER BY q.minus_open, q.first_at, q.comment_id, r.reason`

var (
	commentColumnsOfC = "c." + strings.ReplaceAll(columns, ", ", ", c.")
	reportQueueFirst  = fmt.Sprintf(reportQueuePage, commentColumnsOfC, "")
	reportQueueAfter  = fmt.Sprintf(reportQueuePage, commentColumnsOfC, "WHERE (minus_open, first_at, comment_id) > ($2, $3, $4)")
)

// The listings of moderation's cursors, beside those of key.go.
const (
	reportQueueListing listing = 'R'
	auditListing       listing = 'L'
)

// A cursor of the report queue is internal/cursor's framing (version,
// listing byte) around the key
//
//	minus_open (8) | first_at (8) | comment ID
//
// and one of the audit log the framing around seq (8): the sort key of
// the last item of the page before. The lengths are the keys'.
const (
	reportKeyMin = 16 + 1
	reportKeyMax = 16 + comment.MaxActor
	auditKeyLen  = 8
)

func encodeModCursor(l listing, key []byte) string { return cursor.Encode(byte(l), key) }

// decodeModCursor returns the sort key of a cursor of listing l, of lo to
// hi bytes, or an error wrapping comment.ErrInvalidCursor.
func decodeModCursor(s string, l listing, lo, hi int) ([]byte, error) {
	b, err := cursor.Decode(s, byte(l), hi)
	if err != nil {
		return nil, err
	}
	if len(b) < lo {
		return nil, fmt.Errorf("%w: wrong length", comment.ErrInvalidCursor)
	}
	return b, nil
}

// ReportQueue returns a page of the comments with open reports, the most
// reported first; see [comment.ModerationStore.ReportQueue].
func (s *Store) ReportQueue(ctx context.Context, req comment.PageRequest) (comment.ReportPage, error) {
	size := req.Size()
	query, args := reportQueueFirst, []any{size + 1}
	if req.After != "" {
		key, err := decodeModCursor(req.After, reportQueueListing, reportKeyMin, reportKeyMax)
		if err != nil {
			return comment.ReportPage{}, err
		}
		minus := int64(binary.BigEndian.Uint64(key))
		if minus >= 0 {
			return comment.ReportPage{}, fmt.Errorf("%w: no open reports", comment.ErrInvalidCursor)
		}
		if comment.CheckRef(string(key[16:])) != nil {
			return comment.ReportPage{}, fmt.Errorf("%w: not a comment ID", comment.ErrInvalidCursor)
		}
		query = reportQueueAfter
		args = append(args, minus, int64(binary.BigEndian.Uint64(key[8:])), string(key[16:]))
	}
	rows, err := s.readQuery(ctx, query, args...)
	if err != nil {
		return comment.ReportPage{}, s.fail("list the report queue", err)
	}
	defer rows.Close()
	var (
		page        comment.ReportPage
		minus       int64
		first, last int64
		reason      comment.ReportReason
		n           int
	)
	for rows.Next() {
		c, err := scanComment(rows, &minus, &first, &last, &reason, &n)
		if err != nil {
			return comment.ReportPage{}, s.fail("list the report queue", err)
		}
		if k := len(page.Items); k == 0 || page.Items[k-1].Comment.ID != c.ID {
			page.Items = append(page.Items, comment.Reported{
				Comment: c, Open: int(-minus), First: fromNanos(first), Last: fromNanos(last),
				Reasons: map[comment.ReportReason]int{},
			})
		}
		page.Items[len(page.Items)-1].Reasons[reason] = n
	}
	if err := rows.Err(); err != nil {
		return comment.ReportPage{}, s.fail("list the report queue", err)
	}
	if len(page.Items) > size {
		page.Items = page.Items[:size]
		it := page.Items[size-1]
		key := make([]byte, 16, 16+len(it.Comment.ID))
		binary.BigEndian.PutUint64(key, uint64(-int64(it.Open)))
		binary.BigEndian.PutUint64(key[8:], uint64(it.First.UnixNano()))
		page.Next = encodeModCursor(reportQueueListing, append(key, it.Comment.ID...))
	}
	return page, nil
}

func scanTakedown(sc scanner) (comment.Takedown, error) {
	var (
		t                            comment.Takedown
		received, deadline, recorded int64
		done                         sql.NullInt64
	)
	if err := sc.Scan(&t.ID, &t.CommentID, &t.Source, &t.Requester, &t.Note, &received, &deadline,
		&recorded, &t.RecordedBy, &done, &t.DoneBy); err != nil {
		return comment.Takedown{}, err
	}
	t.Received, t.Deadline, t.Recorded, t.DoneAt = fromNanos(received), fromNanos(deadline), fromNanos(recorded), fromOptNanos(done)
	return t, nil
}

// AddTakedown records a takedown request, and carries it out when it is
// done already; see [comment.ModerationStore.AddTakedown].
func (s *Store) AddTakedown(ctx context.Context, t comment.Takedown) (comment.Takedown, error) {
	if err := t.Check(t.Recorded); err != nil {
		return comment.Takedown{}, invalid(err)
	}
	t = t.Normalize()
	id, err := s.newID()
	if err != nil {
		return comment.Takedown{}, err
	}
	t.ID = id
	err = s.write(ctx, func(tx *sql.Tx) error {
		status, err := s.lockedStatus(ctx, tx, t.CommentID)
		if err != nil {
			return err
		}
		if err := s.exec(ctx, tx, insertTakedown, t.ID, t.CommentID, string(t.Source), t.Requester, t.Note,
			t.Received.UnixNano(), t.Deadline.UnixNano(), t.Recorded.UnixNano(), t.RecordedBy,
			optNanos(t.DoneAt), t.DoneBy); err != nil {
			return err
		}
		entries := []comment.AuditEntry{{
			At: t.Recorded, Actor: t.RecordedBy, Action: comment.ActionTakedownRequest, CommentID: t.CommentID,
			Ref: t.ID, Reason: string(t.Source), From: status, To: status, Note: t.Note,
		}}
		if t.Open() {
			return s.appendAudit(ctx, tx, entries...)
		}
		done, err := s.takeDown(ctx, tx, t)
		if err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, append(entries, done)...)
	})
	if err != nil {
		return comment.Takedown{}, s.storeError("add a takedown", err)
	}
	return t, nil
}

// takeDown removes the comment of a request done at t.DoneAt: Trash with
// ReasonTakedown unless it is in Spam or Trash already, its open reports
// closed. It returns the audit entry of the removal.
func (s *Store) takeDown(ctx context.Context, tx *sql.Tx, t comment.Takedown) (comment.AuditEntry, error) {
	from, err := s.lockedStatus(ctx, tx, t.CommentID)
	if err != nil {
		return comment.AuditEntry{}, err
	}
	to := comment.TakedownStatus(from)
	if to != from {
		if err := s.changeStatus(ctx, tx, t.CommentID, from, to, "", comment.ReasonTakedown); err != nil {
			return comment.AuditEntry{}, err
		}
	}
	if err := s.closeOpenReports(ctx, tx, t.CommentID, t.DoneAt); err != nil {
		return comment.AuditEntry{}, err
	}
	return comment.AuditEntry{
		At: t.DoneAt, Actor: t.DoneBy, Action: comment.ActionTakedown, CommentID: t.CommentID,
		Ref: t.ID, Reason: string(t.Source), From: from, To: to,
	}, nil
}

// CompleteTakedown carries out an open takedown request; see
// [comment.ModerationStore.CompleteTakedown]. Setting the time it was
// done is a compare-and-set on the request being open, so of two
// moderators completing one request at once, one is told ErrConflict. A
// time before the request was received is refused.
func (s *Store) CompleteTakedown(ctx context.Context, id, by string, at time.Time) (comment.Takedown, error) {
	if err := comment.CheckDone(by, at); err != nil {
		return comment.Takedown{}, invalid(err)
	}
	if comment.CheckRef(id) != nil {
		return comment.Takedown{}, fmt.Errorf("%w: no takedown %q", comment.ErrNotFound, id)
	}
	var t comment.Takedown
	err := s.write(ctx, func(tx *sql.Tx) error {
		row, err := s.row(ctx, tx, completeTakedown, at.UnixNano(), by, id)
		if err != nil {
			return err
		}
		t, err = scanTakedown(row)
		if errors.Is(err, sql.ErrNoRows) {
			if t, err = s.takedownIn(ctx, tx, id); err != nil {
				return err
			}
			return fmt.Errorf("%w: takedown %s was done at %v", comment.ErrConflict, id, t.DoneAt)
		}
		if err != nil {
			return err
		}
		if err := t.Check(at); err != nil {
			return invalid(err)
		}
		done, err := s.takeDown(ctx, tx, t)
		if err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, done)
	})
	if err != nil {
		return comment.Takedown{}, s.storeError("complete a takedown", err)
	}
	return t, nil
}

// takedownIn reads a request in tx: ErrNotFound when there is none.
func (s *Store) takedownIn(ctx context.Context, tx *sql.Tx, id string) (comment.Takedown, error) {
	row, err := s.row(ctx, tx, selectTakedown, id)
	if err != nil {
		return comment.Takedown{}, err
	}
	t, err := scanTakedown(row)
	if errors.Is(err, sql.ErrNoRows) {
		return comment.Takedown{}, fmt.Errorf("%w: no takedown %s", comment.ErrNotFound, id)
	}
	return t, err
}

// Takedown returns one takedown request; see
// [comment.ModerationStore.Takedown].
func (s *Store) Takedown(ctx context.Context, id string) (comment.Takedown, error) {
	if comment.CheckRef(id) != nil {
		return comment.Takedown{}, fmt.Errorf("%w: no takedown %q", comment.ErrNotFound, id)
	}
	st, err := s.rst.get(ctx, selectTakedown)
	if err != nil {
		return comment.Takedown{}, s.fail("get a takedown", err)
	}
	t, err := scanTakedown(st.QueryRowContext(ctx, id))
	if errors.Is(err, sql.ErrNoRows) {
		return comment.Takedown{}, fmt.Errorf("%w: no takedown %s", comment.ErrNotFound, id)
	}
	if err != nil {
		return comment.Takedown{}, s.fail("get a takedown", err)
	}
	return t, nil
}

// OpenTakedowns returns the open requests, nearest deadline first; see
// [comment.ModerationStore.OpenTakedowns].
func (s *Store) OpenTakedowns(ctx context.Context, limit int) ([]comment.Takedown, error) {
	rows, err := s.readQuery(ctx, "SELECT "+takedownColumns+" FROM binhluan_takedowns WHERE done_at IS NULL ORDER BY deadline, id LIMIT $1", rowLimit(limit))
	if err != nil {
		return nil, s.fail("list open takedowns", err)
	}
	defer rows.Close()
	var out []comment.Takedown
	for rows.Next() {
		t, err := scanTakedown(rows)
		if err != nil {
			return nil, s.fail("list open takedowns", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("list open takedowns", err)
	}
	return out, nil
}

// rowLimit is a LIMIT of at most limit rows, every row when it is zero or
// less.
func rowLimit(limit int) int64 {
	if limit <= 0 {
		return math.MaxInt64
	}
	return int64(limit)
}

func scanBan(sc scanner) (comment.Ban, error) {
	var (
		b              comment.Ban
		shadow         int
		created        int64
		until, lifted  sql.NullInt64
		kind, subValue string
	)
	if err := sc.Scan(&b.ID, &kind, &subValue, &shadow, &b.Level, &b.Actor, &b.Note, &created,
		&until, &lifted, &b.LiftedBy); err != nil {
		return comment.Ban{}, err
	}
	b.Subject = comment.Subject{Kind: comment.SubjectKind(kind), Value: subValue}
	b.Shadow = shadow != 0
	b.Created, b.Until, b.Lifted = fromNanos(created), fromOptNanos(until), fromOptNanos(lifted)
	return b, nil
}

// AddBan bans a subject at the next level of its ladder; see
// [comment.ModerationStore.AddBan]. On PostgreSQL the subject's lock,
// held to the commit, makes bans of one subject count one after the
// other, so their levels are 1, 2, … whoever adds them.
func (s *Store) AddBan(ctx context.Context, b comment.Ban, ladder comment.Ladder) (comment.Ban, error) {
	if err := b.Check(); err != nil {
		return comment.Ban{}, invalid(err)
	}
	if err := ladder.Check(); err != nil {
		return comment.Ban{}, invalid(err)
	}
	id, err := s.newID()
	if err != nil {
		return comment.Ban{}, err
	}
	given := b.Until
	b.ID, b.Lifted, b.LiftedBy = id, time.Time{}, ""
	var existing comment.Ban
	err = s.write(ctx, func(tx *sql.Tx) error {
		if err := s.lock(ctx, tx, lockSubject, b.Subject.String()); err != nil {
			return err
		}
		if b.UnlessBanned {
			st, err := s.txStmt(ctx, tx, activeBansOfOne)
			if err != nil {
				return err
			}
			in, err := scanBan(st.QueryRowContext(ctx, b.Created.UnixNano(), string(b.Subject.Kind), b.Subject.Value))
			switch {
			case err == nil:
				existing = in
				return fmt.Errorf("%w: %s is banned already (ban %s)", comment.ErrConflict, b.Subject, in.ID)
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
		}
		row, err := s.row(ctx, tx, countBans, string(b.Subject.Kind), b.Subject.Value)
		if err != nil {
			return err
		}
		var n int
		if err := row.Scan(&n); err != nil {
			return err
		}
		b.Level, b.Until = n+1, given
		if b.Until.IsZero() {
			b.Until = ladder.Until(b.Level, b.Created)
			if err := b.Check(); err != nil { // a ladder's end may be out of range
				return invalid(err)
			}
		}
		shadow := 0
		if b.Shadow {
			shadow = 1
		}
		if err := s.exec(ctx, tx, insertBan, b.ID, string(b.Subject.Kind), b.Subject.Value, shadow, b.Level,
			b.Actor, b.Note, b.Created.UnixNano(), optNanos(b.Until), nil, ""); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, comment.AuditEntry{
			At: b.Created, Actor: b.Actor, Action: comment.ActionBan, Subject: b.Subject, Ref: b.ID, Note: b.Note,
		})
	})
	if err != nil {
		return existing, s.storeError("add a ban", err)
	}
	b.UnlessBanned = false
	return b, nil
}

// LiftBan ends a ban early; see [comment.ModerationStore.LiftBan]. It is
// a compare-and-set on the ban being in force at the time.
func (s *Store) LiftBan(ctx context.Context, id, by string, at time.Time) (comment.Ban, error) {
	if err := comment.CheckDone(by, at); err != nil {
		return comment.Ban{}, invalid(err)
	}
	if comment.CheckRef(id) != nil {
		return comment.Ban{}, fmt.Errorf("%w: no ban %q", comment.ErrNotFound, id)
	}
	var b comment.Ban
	err := s.write(ctx, func(tx *sql.Tx) error {
		row, err := s.row(ctx, tx, liftBan, at.UnixNano(), by, id)
		if err != nil {
			return err
		}
		b, err = scanBan(row)
		if errors.Is(err, sql.ErrNoRows) {
			row, err := s.row(ctx, tx, selectBan, id)
			if err != nil {
				return err
			}
			switch _, err := scanBan(row); {
			case errors.Is(err, sql.ErrNoRows):
				return fmt.Errorf("%w: no ban %s", comment.ErrNotFound, id)
			case err != nil:
				return err
			}
			return fmt.Errorf("%w: ban %s is not in force at %v", comment.ErrConflict, id, at)
		}
		if err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, comment.AuditEntry{
			At: at, Actor: by, Action: comment.ActionUnban, Subject: b.Subject, Ref: b.ID,
		})
	})
	if err != nil {
		return comment.Ban{}, s.storeError("lift a ban", err)
	}
	return b, nil
}

// subjectsPerQuery is the number of subjects one ActiveBans query looks
// up: as many as comment.Subjects gives for one comment.
const subjectsPerQuery = 4

// activeBansOfOne returns one ban in force at $1 on one subject.
var activeBansOfOne = "SELECT " + banColumns + " FROM binhluan_bans WHERE subject_kind = $2 AND subject_value = $3 AND " + banActive + " LIMIT 1"

// activeBansOf looks up the bans in force at $1 on up to four subjects,
// ($2, $3) to ($8, $9): each pair is one range of the subject index.
var activeBansOf = func() string {
	var pairs []string
	for i := range subjectsPerQuery {
		pairs = append(pairs, fmt.Sprintf("(subject_kind = $%d AND subject_value = $%d)", 2+2*i, 3+2*i))
	}
	return "SELECT " + banColumns + " FROM binhluan_bans WHERE (" + strings.Join(pairs, " OR ") + ") AND " + banActive
}()

// ActiveBans returns the bans in force on any of the subjects, the
// longest first; see [comment.ModerationStore.ActiveBans]. It is one
// query for the subjects of a comment.
func (s *Store) ActiveBans(ctx context.Context, subjects []comment.Subject, at time.Time) ([]comment.Ban, error) {
	var uniq []comment.Subject
	for _, sub := range subjects {
		if !slices.Contains(uniq, sub) {
			uniq = append(uniq, sub)
		}
	}
	var out []comment.Ban
	for chunk := range slices.Chunk(uniq, subjectsPerQuery) {
		args := []any{queryNanos(at)}
		for i := range subjectsPerQuery {
			sub := chunk[min(i, len(chunk)-1)] // a repeat fills the query's free places
			args = append(args, string(sub.Kind), sub.Value)
		}
		bans, err := s.bans(ctx, activeBansOf, args...)
		if err != nil {
			return nil, err
		}
		out = append(out, bans...)
	}
	slices.SortFunc(out, comment.CompareBans)
	return out, nil
}

// Bans returns the bans in force, newest first; see
// [comment.ModerationStore.Bans].
func (s *Store) Bans(ctx context.Context, at time.Time, limit int) ([]comment.Ban, error) {
	return s.bans(ctx, "SELECT "+banColumns+" FROM binhluan_bans WHERE "+banActive+" ORDER BY created_at DESC, id LIMIT $2",
		queryNanos(at), rowLimit(limit))
}

func (s *Store) bans(ctx context.Context, query string, args ...any) ([]comment.Ban, error) {
	rows, err := s.readQuery(ctx, query, args...)
	if err != nil {
		return nil, s.fail("list bans", err)
	}
	defer rows.Close()
	var out []comment.Ban
	for rows.Next() {
		b, err := scanBan(rows)
		if err != nil {
			return nil, s.fail("list bans", err)
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("list bans", err)
	}
	return out, nil
}

// standingOf counts a phone number's comments since $2, through the phone
// index: approved ones, and the violations comment.Violation defines.
var standingOf = fmt.Sprintf(`SELECT COALESCE(SUM(CASE WHEN status = %d THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN status IN (%d, %d) AND reason NOT IN (%s) THEN 1 ELSE 0 END), 0)
	FROM binhluan_comments WHERE phone = $1 AND created_at >= $2`, comment.Approved, comment.Spam, comment.Trash, screenerReasons())

// screenerReasons lists comment.ScreenerRejections as SQL string literals;
// they are codes of the comment package, of lower-case letters and '_'.
func screenerReasons() string {
	var quoted []string
	for _, r := range comment.ScreenerRejections {
		quoted = append(quoted, "'"+strings.ReplaceAll(string(r), "'", "''")+"'")
	}
	return strings.Join(quoted, ", ")
}

// Standing counts a commenter's approved and rejected comments since a
// time; see [comment.ModerationStore.Standing].
func (s *Store) Standing(ctx context.Context, number phone.Number, since time.Time) (comment.Standing, error) {
	if number.IsZero() {
		return comment.Standing{}, nil
	}
	var st comment.Standing
	if err := s.readRow(ctx, standingOf, []any{number.Digits(), queryNanos(since)}, &st.Approved, &st.Rejected); err != nil {
		return comment.Standing{}, s.fail("count a commenter's comments", err)
	}
	return st, nil
}

// Audit returns a page of the audit log, newest first; see
// [comment.ModerationStore.Audit].
func (s *Store) Audit(ctx context.Context, q comment.AuditQuery) (comment.AuditPage, error) {
	if comment.CheckRef(q.CommentID) != nil || comment.CheckRef(q.Subject.Value) != nil {
		return comment.AuditPage{}, nil // no entry names what no store holds
	}
	size := comment.PageRequest{Limit: q.Limit}.Size()
	var (
		conds []string
		args  = []any{size + 1}
	)
	where := func(cond string, vs ...any) {
		for _, v := range vs {
			args = append(args, v)
			cond = strings.Replace(cond, "?", fmt.Sprintf("$%d", len(args)), 1)
		}
		conds = append(conds, cond)
	}
	if q.After != "" {
		key, err := decodeModCursor(q.After, auditListing, auditKeyLen, auditKeyLen)
		if err != nil {
			return comment.AuditPage{}, err
		}
		seq := int64(binary.BigEndian.Uint64(key))
		if seq < 1 {
			return comment.AuditPage{}, fmt.Errorf("%w: no entry before %d", comment.ErrInvalidCursor, seq)
		}
		where("seq < ?", seq)
	}
	if q.CommentID != "" {
		where("comment_id = ?", q.CommentID)
	}
	if q.Subject != (comment.Subject{}) {
		where("subject_kind = ? AND subject_value = ?", string(q.Subject.Kind), q.Subject.Value)
	}
	query := "SELECT " + auditColumns + " FROM binhluan_audit"
	if len(conds) > 0 {
		query += " WHERE " + strings.Join(conds, " AND ")
	}
	rows, err := s.readQuery(ctx, query+" ORDER BY seq DESC LIMIT $1", args...)
	if err != nil {
		return comment.AuditPage{}, s.fail("read the audit log", err)
	}
	defer rows.Close()
	var page comment.AuditPage
	for rows.Next() {
		var (
			e                      comment.AuditEntry
			at                     int64
			commentID, kind, value sql.NullString
			from, to               int
		)
		if err := rows.Scan(&e.Seq, &at, &e.Actor, &e.Action, &commentID, &kind, &value, &e.Ref, &e.Reason,
			&from, &to, &e.Note); err != nil {
			return comment.AuditPage{}, s.fail("read the audit log", err)
		}
		e.At, e.CommentID, e.From, e.To = fromNanos(at), commentID.String, comment.Status(from), comment.Status(to)
		if kind.Valid {
			e.Subject = comment.Subject{Kind: comment.SubjectKind(kind.String), Value: value.String}
		}
		page.Entries = append(page.Entries, e)
	}
	if err := rows.Err(); err != nil {
		return comment.AuditPage{}, s.fail("read the audit log", err)
	}
	if len(page.Entries) > size {
		page.Entries = page.Entries[:size]
		key := binary.BigEndian.AppendUint64(nil, uint64(page.Entries[size-1].Seq))
		page.Next = encodeModCursor(auditListing, key)
	}
	return page, nil
}
