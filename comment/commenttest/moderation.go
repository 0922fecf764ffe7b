package commenttest

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/phone"
	"github.com/binhluan/binhluan/internal/cursor"
)

var _ comment.ModerationStore = (*MemoryStore)(nil)

// moderation is what a MemoryStore keeps for [comment.ModerationStore];
// its zero value is empty, and MemoryStore.mu guards it.
type moderation struct {
	reports   map[string][]*comment.Report // by comment, in the order taken
	reported  map[[2]string]bool           // comment ID and reader key of every report
	byReader  map[string][]time.Time       // when each reader reported, for the limit
	takedowns map[string]*comment.Takedown
	bans      map[string]*comment.Ban
	banned    map[comment.Subject]int // bans ever made on each subject
	audit     []comment.AuditEntry    // by Seq, which is the index plus one
}

// vn returns t in Vietnam time, as the store gives its times back; the
// zero time stays zero.
func vn(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.In(article.Vietnam())
}

// log appends an audit entry, giving it the next Seq; s.mu is held.
func (s *MemoryStore) log(e comment.AuditEntry) {
	e.Seq = int64(len(s.mod.audit)) + 1
	e.At = vn(e.At)
	s.mod.audit = append(s.mod.audit, e)
}

// closeReports closes the comment's open reports at the time; s.mu is
// held.
func (s *MemoryStore) closeReports(id string, at time.Time) {
	for _, r := range s.mod.reports[id] {
		if r.Closed.IsZero() {
			r.Closed = vn(at)
		}
	}
}

// open returns the comment's open reports; s.mu is held.
func (s *MemoryStore) openReports(id string) []*comment.Report {
	var out []*comment.Report
	for _, r := range s.mod.reports[id] {
		if r.Closed.IsZero() {
			out = append(out, r)
		}
	}
	return out
}

// lookup returns the comment with the ID, or ErrNotFound; s.mu is held.
func (s *MemoryStore) lookup(id string) (*stored, error) {
	e, ok := s.byID[id]
	if !ok {
		return nil, fmt.Errorf("%w: %s", comment.ErrNotFound, id)
	}
	return e, nil
}

// Decide changes a comment's status, closes its open reports and logs the
// decision; see [comment.ModerationStore.Decide].
func (s *MemoryStore) Decide(ctx context.Context, d comment.Decision) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := d.Check(); err != nil {
		return fmt.Errorf("commenttest: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.lookup(d.CommentID)
	if err != nil {
		return err
	}
	if e.c.Status != d.From {
		return fmt.Errorf("%w: comment %s is %s, not %s", comment.ErrConflict, d.CommentID, e.c.Status, d.From)
	}
	if d.FromReason != "" && e.c.Reason != d.FromReason {
		return fmt.Errorf("%w: comment %s is %s for %q, not for %q", comment.ErrConflict, d.CommentID, e.c.Status, e.c.Reason, d.FromReason)
	}
	e.c.Status, e.c.Reason = d.To, d.Reason
	s.closeReports(d.CommentID, d.At)
	s.log(comment.AuditEntry{At: d.At, Actor: d.Actor, Action: comment.ActionDecide, CommentID: d.CommentID,
		Reason: string(d.Reason), From: d.From, To: d.To, Note: d.Note})
	return nil
}

// AddReport stores a reader's report and requeues the comment when its
// open reports reach the rule; see [comment.ModerationStore.AddReport].
func (s *MemoryStore) AddReport(ctx context.Context, r comment.Report, rule comment.ReportRule) (comment.ReportOutcome, error) {
	if err := ctx.Err(); err != nil {
		return comment.ReportOutcome{}, err
	}
	if err := r.Check(); err != nil {
		return comment.ReportOutcome{}, fmt.Errorf("commenttest: %w", err)
	}
	r.CreatedAt, r.Closed = vn(r.CreatedAt), time.Time{}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.lookup(r.CommentID)
	if err != nil {
		return comment.ReportOutcome{}, err
	}
	m := &s.mod
	key := [2]string{r.CommentID, r.Reader}
	if m.reported[key] {
		return comment.ReportOutcome{Open: len(s.openReports(r.CommentID)), Duplicate: true}, nil
	}
	if rule.PerReader > 0 {
		from := r.CreatedAt.Add(-rule.Window)
		n := 0
		for _, t := range m.byReader[r.Reader] {
			if t.After(from) && !t.After(r.CreatedAt) {
				n++
			}
		}
		if n >= rule.PerReader {
			return comment.ReportOutcome{}, fmt.Errorf("%w: %d reports within %v", comment.ErrReportLimit, n, rule.Window)
		}
	}
	if m.reports == nil {
		m.reports, m.reported, m.byReader = map[string][]*comment.Report{}, map[[2]string]bool{}, map[string][]time.Time{}
	}
	m.reports[r.CommentID] = append(m.reports[r.CommentID], &r)
	m.reported[key] = true
	m.byReader[r.Reader] = append(m.byReader[r.Reader], r.CreatedAt)
	s.log(comment.AuditEntry{At: r.CreatedAt, Actor: r.Reader, Action: comment.ActionReport, CommentID: r.CommentID,
		Reason: string(r.Reason), From: e.c.Status, To: e.c.Status, Note: r.Note})
	out := comment.ReportOutcome{Open: len(s.openReports(r.CommentID))}
	if rule.Requeue > 0 && e.c.Status == comment.Approved && out.Open >= rule.Requeue {
		e.c.Status, e.c.Reason = comment.Pending, comment.ReasonReported
		s.log(comment.AuditEntry{At: r.CreatedAt, Action: comment.ActionRequeue, CommentID: r.CommentID,
			Reason: string(comment.ReasonReported), From: comment.Approved, To: comment.Pending})
		out.Requeued = true
	}
	return out, nil
}

// Reports returns the reports on a comment, oldest first; see
// [comment.ModerationStore.Reports]. An unknown comment has none.
func (s *MemoryStore) Reports(ctx context.Context, commentID string) ([]comment.Report, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []comment.Report
	for _, r := range s.mod.reports[commentID] {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b comment.Report) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.Reader, b.Reader))
	})
	return out, nil
}

// Cursors of the moderation listings: internal/cursor's framing (version,
// listing byte) around the sort key of the last item of the page before.
const (
	listReports byte = 'p' // then the open count, the first report's Unix nanoseconds, the comment ID's length and the ID
	listAudit   byte = 'a' // then the Seq
)

// reportKey is the order of the report queue: most open reports first,
// then the oldest first report, then the comment ID.
type reportKey struct {
	open  int64
	first int64
	id    string
}

func cmpReportKey(a, b reportKey) int {
	return cmp.Or(cmp.Compare(b.open, a.open), cmp.Compare(a.first, b.first), strings.Compare(a.id, b.id))
}

func (k reportKey) encode() string {
	b := binary.BigEndian.AppendUint64(nil, uint64(k.open))
	b = binary.BigEndian.AppendUint64(b, uint64(k.first))
	b = append(b, byte(len(k.id))) // at most comment.MaxActor, as Report.Check says
	return cursor.Encode(listReports, append(b, k.id...))
}

// decodeModCursor returns the bytes after the listing byte of a cursor of
// the listing, at least min of them and at most max.
func decodeModCursor(s string, listing byte, minLen, maxLen int) ([]byte, error) {
	b, err := cursor.Decode(s, listing, maxLen)
	if err != nil {
		return nil, err
	}
	if len(b) < minLen {
		return nil, fmt.Errorf("%w: wrong length", comment.ErrInvalidCursor)
	}
	return b, nil
}

func decodeReportCursor(s string) (reportKey, error) {
	b, err := decodeModCursor(s, listReports, 18, 17+comment.MaxActor)
	if err != nil {
		return reportKey{}, err
	}
	k := reportKey{int64(binary.BigEndian.Uint64(b)), int64(binary.BigEndian.Uint64(b[8:])), string(b[17:])}
	switch {
	case int(b[16]) != len(k.id):
		return reportKey{}, fmt.Errorf("%w: wrong length", comment.ErrInvalidCursor)
	case k.open < 1:
		return reportKey{}, fmt.Errorf("%w: no open report", comment.ErrInvalidCursor)
	}
	return k, nil
}

// ReportQueue returns a page of the comments with open reports; see
// [comment.ModerationStore.ReportQueue].
func (s *MemoryStore) ReportQueue(ctx context.Context, req comment.PageRequest) (comment.ReportPage, error) {
	if err := ctx.Err(); err != nil {
		return comment.ReportPage{}, err
	}
	var after *reportKey
	if req.After != "" {
		k, err := decodeReportCursor(req.After)
		if err != nil {
			return comment.ReportPage{}, err
		}
		after = &k
	}
	type item struct {
		key reportKey
		r   comment.Reported
	}
	s.mu.RLock()
	var items []item
	for id := range s.mod.reports {
		open := s.openReports(id)
		if len(open) == 0 {
			continue
		}
		r := comment.Reported{Comment: s.byID[id].c, Open: len(open), First: open[0].CreatedAt, Last: open[0].CreatedAt,
			Reasons: map[comment.ReportReason]int{}}
		for _, o := range open {
			r.First = minTime(r.First, o.CreatedAt)
			if o.CreatedAt.After(r.Last) {
				r.Last = o.CreatedAt
			}
			r.Reasons[o.Reason]++
		}
		k := reportKey{int64(r.Open), r.First.UnixNano(), id}
		if after == nil || cmpReportKey(k, *after) > 0 {
			items = append(items, item{k, r})
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(items, func(a, b item) int { return cmpReportKey(a.key, b.key) })
	var p comment.ReportPage
	if size := req.Size(); len(items) > size {
		items = items[:size]
		p.Next = items[size-1].key.encode()
	}
	for _, it := range items {
		p.Items = append(p.Items, it.r)
	}
	return p, nil
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// takeDown removes the comment of a takedown done at t.DoneAt: Trash with
// ReasonTakedown (a comment in Spam or Trash keeps its status and reason), its open
// reports closed, and the audit entry; s.mu is held.
func (s *MemoryStore) takeDown(e *stored, t *comment.Takedown) {
	from := e.c.Status
	if to := comment.TakedownStatus(from); to != from {
		e.c.Status, e.c.Reason = to, comment.ReasonTakedown
	}
	s.closeReports(e.c.ID, t.DoneAt)
	s.log(comment.AuditEntry{At: t.DoneAt, Actor: t.DoneBy, Action: comment.ActionTakedown, CommentID: e.c.ID, Ref: t.ID,
		Reason: string(t.Source), From: from, To: e.c.Status})
}

// AddTakedown records a takedown request, and does it when it says it is
// done; see [comment.ModerationStore.AddTakedown].
func (s *MemoryStore) AddTakedown(ctx context.Context, t comment.Takedown) (comment.Takedown, error) {
	if err := ctx.Err(); err != nil {
		return comment.Takedown{}, err
	}
	t = t.Normalize()
	if err := t.Check(t.Recorded); err != nil {
		return comment.Takedown{}, fmt.Errorf("commenttest: %w", err)
	}
	t.ID = rand.Text()
	t.Received, t.Deadline, t.Recorded, t.DoneAt = vn(t.Received), vn(t.Deadline), vn(t.Recorded), vn(t.DoneAt)
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.lookup(t.CommentID)
	if err != nil {
		return comment.Takedown{}, err
	}
	if s.mod.takedowns == nil {
		s.mod.takedowns = map[string]*comment.Takedown{}
	}
	s.mod.takedowns[t.ID] = &t
	s.log(comment.AuditEntry{At: t.Recorded, Actor: t.RecordedBy, Action: comment.ActionTakedownRequest, CommentID: t.CommentID,
		Ref: t.ID, Reason: string(t.Source), From: e.c.Status, To: e.c.Status, Note: t.Note})
	if !t.Open() {
		s.takeDown(e, &t)
	}
	return t, nil
}

// CompleteTakedown does an open takedown request; see
// [comment.ModerationStore.CompleteTakedown].
func (s *MemoryStore) CompleteTakedown(ctx context.Context, id, by string, at time.Time) (comment.Takedown, error) {
	if err := ctx.Err(); err != nil {
		return comment.Takedown{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.mod.takedowns[id]
	switch {
	case !ok:
		return comment.Takedown{}, fmt.Errorf("%w: no takedown %s", comment.ErrNotFound, id)
	case !t.Open():
		return comment.Takedown{}, fmt.Errorf("%w: takedown %s was done at %v", comment.ErrConflict, id, t.DoneAt)
	}
	done := *t
	done.DoneAt, done.DoneBy = vn(at), by
	if err := comment.CheckDone(by, at); err != nil {
		return comment.Takedown{}, fmt.Errorf("commenttest: %w", err)
	}
	if err := done.Check(at); err != nil {
		return comment.Takedown{}, fmt.Errorf("commenttest: %w", err)
	}
	e, err := s.lookup(t.CommentID)
	if err != nil {
		return comment.Takedown{}, err
	}
	*t = done
	s.takeDown(e, t)
	return done, nil
}

// Takedown returns a takedown request; see
// [comment.ModerationStore.Takedown].
func (s *MemoryStore) Takedown(ctx context.Context, id string) (comment.Takedown, error) {
	if err := ctx.Err(); err != nil {
		return comment.Takedown{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.mod.takedowns[id]
	if !ok {
		return comment.Takedown{}, fmt.Errorf("%w: no takedown %s", comment.ErrNotFound, id)
	}
	return *t, nil
}

// OpenTakedowns returns the open takedown requests, the nearest deadline
// first (then the earliest received, then by ID); see
// [comment.ModerationStore.OpenTakedowns].
func (s *MemoryStore) OpenTakedowns(ctx context.Context, limit int) ([]comment.Takedown, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var out []comment.Takedown
	for _, t := range s.mod.takedowns {
		if t.Open() {
			out = append(out, *t)
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b comment.Takedown) int {
		return cmp.Or(a.Deadline.Compare(b.Deadline), strings.Compare(a.ID, b.ID))
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// AddBan bans a subject at the next step of the ladder; see
// [comment.ModerationStore.AddBan].
func (s *MemoryStore) AddBan(ctx context.Context, b comment.Ban, ladder comment.Ladder) (comment.Ban, error) {
	if err := ctx.Err(); err != nil {
		return comment.Ban{}, err
	}
	if err := ladder.Check(); err != nil {
		return comment.Ban{}, fmt.Errorf("commenttest: %w", err)
	}
	if err := b.Check(); err != nil {
		return comment.Ban{}, fmt.Errorf("commenttest: %w", err)
	}
	b.ID, b.Lifted, b.LiftedBy = rand.Text(), time.Time{}, ""
	s.mu.Lock()
	defer s.mu.Unlock()
	m := &s.mod
	if m.bans == nil {
		m.bans, m.banned = map[string]*comment.Ban{}, map[comment.Subject]int{}
	}
	if b.UnlessBanned {
		for _, old := range m.bans {
			if old.Subject == b.Subject && old.Active(b.Created) {
				return *old, fmt.Errorf("%w: %s is banned already (ban %s)", comment.ErrConflict, b.Subject, old.ID)
			}
		}
	}
	b.Level = m.banned[b.Subject] + 1
	if b.Until.IsZero() {
		b.Until = ladder.Until(b.Level, b.Created)
		if err := b.Check(); err != nil { // a ladder's end may be out of range
			return comment.Ban{}, fmt.Errorf("commenttest: %w", err)
		}
	}
	b.UnlessBanned = false
	b.Created, b.Until = vn(b.Created), vn(b.Until)
	m.banned[b.Subject]++
	m.bans[b.ID] = &b
	s.log(comment.AuditEntry{At: b.Created, Actor: b.Actor, Action: comment.ActionBan, Subject: b.Subject, Ref: b.ID, Note: b.Note})
	return b, nil
}

// LiftBan ends a ban early; see [comment.ModerationStore.LiftBan].
func (s *MemoryStore) LiftBan(ctx context.Context, id, by string, at time.Time) (comment.Ban, error) {
	if err := ctx.Err(); err != nil {
		return comment.Ban{}, err
	}
	if err := comment.CheckDone(by, at); err != nil {
		return comment.Ban{}, fmt.Errorf("commenttest: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.mod.bans[id]
	switch {
	case !ok:
		return comment.Ban{}, fmt.Errorf("%w: no ban %s", comment.ErrNotFound, id)
	case !b.Lifted.IsZero():
		return comment.Ban{}, fmt.Errorf("%w: ban %s was lifted at %v", comment.ErrConflict, id, b.Lifted)
	case !b.Active(at):
		return comment.Ban{}, fmt.Errorf("%w: ban %s is not in force at %v", comment.ErrConflict, id, at)
	}
	b.Lifted, b.LiftedBy = vn(at), by
	s.log(comment.AuditEntry{At: at, Actor: by, Action: comment.ActionUnban, Subject: b.Subject, Ref: b.ID})
	return *b, nil
}

// activeBans returns the bans in force at the time that keep selects.
func (s *MemoryStore) activeBans(at time.Time, keep func(*comment.Ban) bool) []comment.Ban {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []comment.Ban
	for _, b := range s.mod.bans {
		if b.Active(at) && keep(b) {
			out = append(out, *b)
		}
	}
	return out
}

// ActiveBans returns the bans in force on the subjects, the longest first
// (then the newest, then by ID); see [comment.ModerationStore.ActiveBans].
func (s *MemoryStore) ActiveBans(ctx context.Context, subjects []comment.Subject, at time.Time) ([]comment.Ban, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := s.activeBans(at, func(b *comment.Ban) bool { return slices.Contains(subjects, b.Subject) })
	slices.SortFunc(out, comment.CompareBans)
	return out, nil
}

// Bans returns the bans in force, newest first (then by ID); see
// [comment.ModerationStore.Bans].
func (s *MemoryStore) Bans(ctx context.Context, at time.Time, limit int) ([]comment.Ban, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := s.activeBans(at, func(*comment.Ban) bool { return true })
	slices.SortFunc(out, func(a, b comment.Ban) int { return cmp.Or(b.Created.Compare(a.Created), strings.Compare(a.ID, b.ID)) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Standing counts a commenter's approved and rejected comments; see
// [comment.ModerationStore.Standing].
func (s *MemoryStore) Standing(ctx context.Context, number phone.Number, since time.Time) (comment.Standing, error) {
	if err := ctx.Err(); err != nil {
		return comment.Standing{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var st comment.Standing
	for _, e := range s.mine(number) {
		if e.c.CreatedAt.Before(since) {
			continue
		}
		switch {
		case e.c.Status == comment.Approved:
			st.Approved++
		case comment.Violation(e.c.Status, e.c.Reason):
			st.Rejected++
		}
	}
	return st, nil
}

// Audit returns a page of the audit log, newest first; see
// [comment.ModerationStore.Audit].
func (s *MemoryStore) Audit(ctx context.Context, q comment.AuditQuery) (comment.AuditPage, error) {
	if err := ctx.Err(); err != nil {
		return comment.AuditPage{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	before := int64(len(s.mod.audit)) + 1
	if q.After != "" {
		b, err := decodeModCursor(q.After, listAudit, 8, 8)
		if err != nil {
			return comment.AuditPage{}, err
		}
		if before = int64(binary.BigEndian.Uint64(b)); before < 1 {
			return comment.AuditPage{}, fmt.Errorf("%w: no such entry", comment.ErrInvalidCursor)
		}
	}
	var p comment.AuditPage
	size := comment.PageRequest{Limit: q.Limit}.Size()
	for i := min(before-1, int64(len(s.mod.audit))) - 1; i >= 0; i-- {
		e := s.mod.audit[i]
		if (q.CommentID != "" && e.CommentID != q.CommentID) || (q.Subject != comment.Subject{} && e.Subject != q.Subject) {
			continue
		}
		if len(p.Entries) == size {
			last := p.Entries[size-1].Seq
			p.Next = cursor.Encode(listAudit, binary.BigEndian.AppendUint64(nil, uint64(last)))
			break
		}
		p.Entries = append(p.Entries, e)
	}
	return p, nil
}
