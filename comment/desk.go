package comment

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment/phone"
)

// TrustRule says which commenters are trusted: a phone number with at
// least Approved approved comments and none a moderator rejected
// ([Violation]) within Window. Such a commenter's comment is approved
// without waiting for a moderator, unless the screener finds a reason to
// hold it (see [Screener]). The comment form does not verify the number:
// whoever types a trusted reader's number is trusted too, and what every
// filter and word list says still holds the comment; a site that verifies
// numbers (a code by SMS) makes trust worth more.
type TrustRule struct {
	// Off trusts nobody: for a site that pre-moderates everything.
	Off bool
	// Approved is the number of approved comments needed; Window how far
	// back they count. DefaultTrustApproved and DefaultTrustWindow when
	// zero.
	Approved int
	Window   time.Duration
}

// Defaults of a [Desk]'s settings.
const (
	// DefaultTrustApproved and DefaultTrustWindow: three approved
	// comments and none rejected in the last 90 days.
	DefaultTrustApproved = 3
	DefaultTrustWindow   = 90 * 24 * time.Hour
	// DefaultRequeue open reports send an approved comment back to a
	// moderator.
	DefaultRequeue = 3
	// DefaultReportsPerReader reports at most a reader makes within
	// DefaultReportWindow.
	DefaultReportsPerReader = 20
	DefaultReportWindow     = 24 * time.Hour
	// DefaultWarnBefore is how long before its deadline a takedown is
	// announced to the Notifier.
	DefaultWarnBefore = 4 * time.Hour
)

// ViolationRule locks a commenter who broke the rules Count times within
// Window: comments rejected (Spam or Trash) under their phone number.
type ViolationRule struct {
	Count  int
	Window time.Duration
}

// DefaultViolations follow Decree 147/2024/NĐ-CP: 5 violations in 30
// days, or 10 in 90 days.
var DefaultViolations = []ViolationRule{{5, 30 * 24 * time.Hour}, {10, 90 * 24 * time.Hour}}

// DeskConfig sets up a [Desk]. A zero field takes its default.
type DeskConfig struct {
	// Reports is the rule for readers' reports: DefaultRequeue,
	// DefaultReportsPerReader and DefaultReportWindow for zero fields; a
	// negative Requeue never requeues, a negative PerReader sets no
	// limit.
	Reports ReportRule
	// Ladder is how long bans last (DefaultLadder when nil; an empty,
	// non-nil ladder makes every ban permanent).
	Ladder Ladder
	// Violations lock a commenter when a moderator's rejection reaches one
	// of them (DefaultViolations when nil; empty and non-nil: never). The
	// lock is a ban of the phone number on the ladder.
	Violations []ViolationRule
	// Trust is the rule for trusted commenters (DefaultTrustApproved in
	// DefaultTrustWindow when zero).
	Trust TrustRule
	// WarnBefore is how long before a takedown's deadline CheckDeadlines
	// tells the Notifier (DefaultWarnBefore when zero).
	WarnBefore time.Duration
	// Notifier is told of new reports and takedown requests and of
	// takedowns near their deadline; nil tells no one.
	Notifier Notifier
	// Now is the clock: time.Now when nil. Tests set a fixed one.
	Now func() time.Time
}

// Desk is the moderation desk: the policies of a newsroom — how many
// reports send a comment back, the ban ladder, when a commenter is locked
// for violations, who is trusted, when a takedown is announced — applied
// over a [ModerationStore], which keeps everything and writes the audit
// log. A site makes one Desk with [NewDesk] at start-up and uses it from
// every request; it is safe for concurrent use, and several servers may
// run Desks over one database. A Desk is also the [TrustChecker] of a
// [Screener].
type Desk struct {
	store ModerationStore
	cfg   DeskConfig

	mu     sync.Mutex
	warned map[string]time.Time // open takedowns announced, by ID, with their deadline
}

// NewDesk returns a desk over the store with the settings of cfg; nil
// means the defaults. A setting out of range is an error that names it.
func NewDesk(store ModerationStore, cfg *DeskConfig) (*Desk, error) {
	if store == nil {
		return nil, errors.New("comment: NewDesk needs a store")
	}
	var c DeskConfig
	if cfg != nil {
		c = *cfg
	}
	switch {
	case c.Reports.Window < 0:
		return nil, fmt.Errorf("comment: DeskConfig.Reports.Window is negative (%v)", c.Reports.Window)
	case c.Trust.Approved < 0:
		return nil, fmt.Errorf("comment: DeskConfig.Trust.Approved is negative (%d)", c.Trust.Approved)
	case c.Trust.Window < 0:
		return nil, fmt.Errorf("comment: DeskConfig.Trust.Window is negative (%v)", c.Trust.Window)
	case c.WarnBefore < 0:
		return nil, fmt.Errorf("comment: DeskConfig.WarnBefore is negative (%v)", c.WarnBefore)
	}
	if c.Ladder == nil {
		c.Ladder = DefaultLadder
	}
	if err := c.Ladder.Check(); err != nil {
		return nil, fmt.Errorf("comment: DeskConfig.Ladder: %w", err)
	}
	if c.Violations == nil {
		c.Violations = DefaultViolations
	}
	for i, v := range c.Violations {
		if v.Count < 1 || v.Window <= 0 {
			return nil, fmt.Errorf("comment: DeskConfig.Violations[%d] needs a count and a window above zero (%d, %v)", i, v.Count, v.Window)
		}
	}
	switch {
	case c.Reports.Requeue == 0:
		c.Reports.Requeue = DefaultRequeue
	case c.Reports.Requeue < 0:
		c.Reports.Requeue = 0
	}
	switch {
	case c.Reports.PerReader == 0:
		c.Reports.PerReader = DefaultReportsPerReader
	case c.Reports.PerReader < 0:
		c.Reports.PerReader = 0
	}
	if c.Reports.Window == 0 {
		c.Reports.Window = DefaultReportWindow
	}
	if c.Trust.Approved == 0 {
		c.Trust.Approved = DefaultTrustApproved
	}
	if c.Trust.Window == 0 {
		c.Trust.Window = DefaultTrustWindow
	}
	if c.WarnBefore == 0 {
		c.WarnBefore = DefaultWarnBefore
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return &Desk{store: store, cfg: c, warned: make(map[string]time.Time)}, nil
}

// Config returns the settings in use, defaults filled in.
func (d *Desk) Config() DeskConfig { return d.cfg }

// Store returns the store the desk works on.
func (d *Desk) Store() ModerationStore { return d.store }

// notify tells the Notifier, if any, of an event. A notifier that cannot
// take it does not undo what was done: the event is in the audit log.
func (d *Desk) notify(ctx context.Context, e Event) error {
	if d.cfg.Notifier == nil {
		return nil
	}
	e.At = e.At.In(article.Vietnam())
	if c, err := d.store.Get(ctx, e.CommentID); err == nil {
		e.ArticleID = c.ArticleID // else the alert goes without it
	}
	return d.cfg.Notifier.Notify(ctx, e)
}

// Report records a reader's report, stamped now, by the desk's report
// rule, and tells the Notifier of it (a duplicate report tells no one).
// Errors are the store's: ErrInvalid, ErrNotFound, ErrReportLimit. A
// notifier's failure is not an error of the report: the report is stored,
// and NotifyError says why nobody was told.
func (d *Desk) Report(ctx context.Context, r Report) (ReportOutcome, error) {
	r.CreatedAt = d.cfg.Now()
	r.Closed = time.Time{}
	out, err := d.store.AddReport(ctx, r, d.cfg.Reports)
	if err != nil || out.Duplicate {
		return out, err
	}
	rep := r
	if err := d.notify(ctx, Event{Kind: EventReport, At: r.CreatedAt, CommentID: r.CommentID, Report: &rep, Open: out.Open, Requeued: out.Requeued}); err != nil {
		return out, &NotifyError{Err: err}
	}
	return out, nil
}

// NotifyError is returned, beside a result that stands, when the
// Notifier did not take an event: what was asked was done and is in the
// audit log, but nobody was alerted.
type NotifyError struct{ Err error }

// Error says that nobody was alerted, and why.

func (e *NotifyError) Error() string {
	return "comment: the moderators were not alerted: " + e.Err.Error()
}

// Unwrap returns the notifier's error.
func (e *NotifyError) Unwrap() error { return e.Err }

// Decide records a moderator's decision on a comment (stamped now when
// dec.At is zero; ReasonModerator when dec.Reason is empty), closing its
// reports. When the decision rejects the comment (Spam or Trash) and the
// commenter's phone number reaches one of the violation rules, the number
// is also banned on the ladder, unless a ban of it is already in force:
// the ban is returned, or the zero Ban.
func (d *Desk) Decide(ctx context.Context, dec Decision) (Ban, error) {
	if dec.At.IsZero() {
		dec.At = d.cfg.Now()
	}
	if dec.Reason == "" {
		dec.Reason = ReasonModerator
	}
	if err := d.store.Decide(ctx, dec); err != nil {
		return Ban{}, err
	}
	if dec.To != Spam && dec.To != Trash || dec.From == Spam || dec.From == Trash {
		return Ban{}, nil
	}
	c, err := d.store.Get(ctx, dec.CommentID)
	if err != nil {
		return Ban{}, fmt.Errorf("comment: the decision is recorded, but the commenter's violations were not counted: %w", err)
	}
	if c.Phone.IsZero() {
		return Ban{}, nil
	}
	b, err := d.lockIfDue(ctx, c.Phone, dec.Actor, dec.At)
	if err != nil {
		return Ban{}, fmt.Errorf("comment: the decision is recorded, but the commenter's violations were not counted: %w", err)
	}
	return b, nil
}

// lockIfDue bans the number on the ladder when the comments a moderator
// rejected since its last ban began, within a rule's window, reach the
// rule's count, unless a ban of it is in force: violations that led to
// one lock do not count towards the next.
func (d *Desk) lockIfDue(ctx context.Context, number phone.Number, actor string, at time.Time) (Ban, error) {
	subject := Subject{SubjectPhone, number.E164()}
	lastBan, err := d.lastBan(ctx, subject)
	if err != nil {
		return Ban{}, err
	}
	for _, v := range d.cfg.Violations {
		since := at.Add(-v.Window)
		if !lastBan.Before(since) {
			since = lastBan.Add(time.Nanosecond) // what came after it
		}
		st, err := d.store.Standing(ctx, number, since)
		if err != nil {
			return Ban{}, err
		}
		if st.Rejected < v.Count {
			continue
		}
		note := fmt.Sprintf("Tự động khóa: %d vi phạm trong %s", st.Rejected, window(v.Window))
		b, err := d.store.AddBan(ctx, Ban{Subject: subject, Actor: actor, Note: note, Created: at, UnlessBanned: true}, d.cfg.Ladder)
		if errors.Is(err, ErrConflict) {
			return Ban{}, nil // banned already, by someone else just now
		}
		return b, err
	}
	return Ban{}, nil
}

// window says a rule's window in Vietnamese: in days when it is whole
// days, else in hours and minutes.
func window(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%d ngày", d/(24*time.Hour))
	}
	if d%time.Hour == 0 {
		return fmt.Sprintf("%d giờ", d/time.Hour)
	}
	return fmt.Sprintf("%d phút", d/time.Minute)
}

// lastBan returns when the subject's latest ban began, from the audit
// log, or the zero time.
func (d *Desk) lastBan(ctx context.Context, subject Subject) (time.Time, error) {
	q := AuditQuery{Subject: subject, Limit: MaxPageSize}
	for {
		page, err := d.store.Audit(ctx, q)
		if err != nil {
			return time.Time{}, err
		}
		for _, e := range page.Entries {
			if e.Action == ActionBan {
				return e.At, nil
			}
		}
		if page.Next == "" {
			return time.Time{}, nil
		}
		q.After = page.Next
	}
}

// Ban bans a subject from now, for as long as the ladder says for its
// level, or until `until` when it is not zero. A shadow ban keeps the
// commenter unaware.
func (d *Desk) Ban(ctx context.Context, subject Subject, shadow bool, until time.Time, actor, note string) (Ban, error) {
	return d.store.AddBan(ctx, Ban{Subject: subject, Shadow: shadow, Actor: actor, Note: note, Created: d.cfg.Now(), Until: until}, d.cfg.Ladder)
}

// Lift ends a ban now.
func (d *Desk) Lift(ctx context.Context, id, by string) (Ban, error) {
	return d.store.LiftBan(ctx, id, by, d.cfg.Now())
}

// RequestTakedown records a takedown request, stamped as recorded now by
// t.RecordedBy, and tells the Notifier. A request whose deadline has
// passed already must be recorded done: set t.DoneAt and t.DoneBy, and
// the comment is removed at once. A moderator's own takedown is
// [Desk.TakeDown].
func (d *Desk) RequestTakedown(ctx context.Context, t Takedown) (Takedown, error) {
	t.Recorded = d.cfg.Now()
	t.ID = ""
	got, err := d.store.AddTakedown(ctx, t)
	if err != nil {
		return Takedown{}, err
	}
	tk := got
	if err := d.notify(ctx, Event{Kind: EventTakedownRequest, At: got.Recorded, CommentID: got.CommentID, Takedown: &tk, LeftSeconds: int64(got.Left(got.Recorded) / time.Second)}); err != nil {
		return got, &NotifyError{Err: err}
	}
	return got, nil
}

// TakeDown removes a comment now on the moderator's own decision, with
// the grounds in note.
func (d *Desk) TakeDown(ctx context.Context, commentID, by, note string) (Takedown, error) {
	now := d.cfg.Now()
	return d.store.AddTakedown(ctx, Takedown{
		CommentID: commentID, Source: FromModerator, Requester: by, Note: note,
		Received: now, Recorded: now, RecordedBy: by, DoneAt: now, DoneBy: by,
	})
}

// CompleteTakedown removes the comment of an open request now.
func (d *Desk) CompleteTakedown(ctx context.Context, id, by string) (Takedown, error) {
	return d.store.CompleteTakedown(ctx, id, by, d.cfg.Now())
}

// CheckDeadlines tells the Notifier of each open takedown whose deadline
// is within WarnBefore (or has passed) and that this desk has not
// announced yet, and returns the open takedowns, the nearest deadline
// first. A site calls it now and then (every few minutes, from a ticker);
// each desk announces a takedown once, so several servers may announce
// the same one.
func (d *Desk) CheckDeadlines(ctx context.Context) ([]Takedown, error) {
	open, err := d.store.OpenTakedowns(ctx, 0)
	if err != nil {
		return nil, err
	}
	now := d.cfg.Now()
	d.mu.Lock()
	due := make([]Takedown, 0, len(open))
	still := make(map[string]bool, len(open))
	for _, t := range open {
		still[t.ID] = true
		if _, done := d.warned[t.ID]; !done && t.Left(now) <= d.cfg.WarnBefore {
			due = append(due, t)
			d.warned[t.ID] = t.Deadline
		}
	}
	for id := range d.warned {
		if !still[id] {
			delete(d.warned, id)
		}
	}
	d.mu.Unlock()
	var errs []error
	for _, t := range due {
		tk := t
		if err := d.notify(ctx, Event{Kind: EventTakedownDue, At: now, CommentID: t.CommentID, Takedown: &tk, LeftSeconds: int64(t.Left(now) / time.Second)}); err != nil {
			d.mu.Lock()
			delete(d.warned, t.ID) // try again at the next check
			d.mu.Unlock()
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return open, &NotifyError{Err: errors.Join(errs...)}
	}
	return open, nil
}

// Trusted reports whether the phone number is trusted at the time by the
// desk's TrustRule: enough approved comments and none rejected within its
// window. A Desk is the TrustChecker of a Screener.
func (d *Desk) Trusted(ctx context.Context, number phone.Number, at time.Time) (bool, error) {
	if d.cfg.Trust.Off || number.IsZero() {
		return false, nil
	}
	st, err := d.store.Standing(ctx, number, at.Add(-d.cfg.Trust.Window))
	if err != nil {
		return false, err
	}
	return st.Approved >= d.cfg.Trust.Approved && st.Rejected == 0, nil
}

var _ TrustChecker = (*Desk)(nil)
