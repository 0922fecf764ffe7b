package comment

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment/phone"
	"github.com/binhluan/binhluan/internal/netaddr"
	"github.com/binhluan/binhluan/internal/vntext"
)

// ModerationStore is a [Store] that also keeps what moderation needs:
// readers' reports, takedown requests and their deadlines, bans, the
// standing of a commenter, and an audit log of every moderation action.
// binhluan's comment/sqlstore (SQLite and PostgreSQL) and
// commenttest.MemoryStore implement it, and commenttest.TestModerationStore
// checks an implementation against this contract.
//
// Every write is all or nothing and appends its [AuditEntry] in the same
// transaction: when a method returns an error, nothing of that call is
// stored, the audit entry included. Nothing in the interface edits or
// deletes an audit entry. Bad input is refused before anything is
// written, with an error wrapping [ErrInvalid] (use errors.Is) that says
// what is wrong.
//
// Implementations are safe for concurrent use, also by several processes
// sharing one database. The policies (how many reports requeue a comment,
// the ban ladder) are arguments, so that every server applies the one its
// [Desk] holds.
type ModerationStore interface {
	Store

	// Decide changes a comment's status as [Store.SetStatus] does (d.At
	// must be set: the audit log says when), a
	// compare-and-set from d.From to d.To giving ErrConflict or
	// ErrNotFound, and in the same transaction closes the comment's open
	// reports (a moderator has looked at it) and appends an audit entry of
	// action [ActionDecide]. SetStatus itself is a Decide with no actor.
	Decide(ctx context.Context, d Decision) error

	// AddReport stores a reader's report. A reader reports a comment once:
	// a second report by the same reader on the same comment stores
	// nothing and returns the outcome with Duplicate set and no error. A
	// reader who already made rule.PerReader reports within rule.Window
	// (on any comments) gets an error wrapping ErrReportLimit. The comment
	// must exist (ErrNotFound). When the comment is approved and its open
	// reports reach rule.Requeue (when above zero), it goes back to
	// Pending with ReasonReported in the same transaction, with an audit
	// entry of action [ActionRequeue]; reports never hide a comment
	// otherwise. Every stored report appends an audit entry of action
	// [ActionReport] whose actor is the reader key.
	AddReport(ctx context.Context, r Report, rule ReportRule) (ReportOutcome, error)

	// Reports returns the reports on a comment, oldest first, open and
	// closed ([Report.Closed]).
	Reports(ctx context.Context, commentID string) ([]Report, error)

	// ReportQueue returns a page of the comments with open reports, the
	// most reported first and, among equals, the one whose first open
	// report is oldest; the cursor works as [PageRequest] says (its Order
	// is ignored).
	ReportQueue(ctx context.Context, req PageRequest) (ReportPage, error)

	// AddTakedown records a request to remove a comment, with an ID from
	// crypto/rand. The comment must exist (ErrNotFound); the request must
	// pass [Takedown.Check] at t.Recorded. When t.DoneAt is set, the
	// comment is removed in the same transaction (see CompleteTakedown);
	// otherwise the request waits in the open queue. It appends an audit
	// entry of action [ActionTakedownRequest], and of [ActionTakedown] when
	// done at once.
	AddTakedown(ctx context.Context, t Takedown) (Takedown, error)

	// CompleteTakedown removes the comment of an open request: its status
	// becomes Trash with ReasonTakedown (a comment already in Spam or
	// Trash keeps its status and reason), the request gets DoneAt and
	// DoneBy, the comment's open reports are closed, and an audit entry of
	// action [ActionTakedown] is appended, all in one transaction. An
	// unknown ID is ErrNotFound; a request already done is ErrConflict.
	CompleteTakedown(ctx context.Context, id, by string, at time.Time) (Takedown, error)

	// Takedown returns the request with the ID, or ErrNotFound.
	Takedown(ctx context.Context, id string) (Takedown, error)

	// OpenTakedowns returns at most limit open requests (every one when
	// limit is zero or less), the nearest deadline first.
	OpenTakedowns(ctx context.Context, limit int) ([]Takedown, error)

	// AddBan bans a subject, with an ID from crypto/rand. With
	// b.UnlessBanned, when a ban of the subject is in force at b.Created
	// it stores nothing and returns that ban with an error wrapping
	// ErrConflict, deciding under the same lock as the level. The ban's Level
	// is one more than the number of bans the subject had before (lifted
	// ones included: a lift ends a ban early, it does not forgive it), and
	// when b.Until is zero it lasts as ladder says for that level
	// ([Ladder.Until]). b.Subject must be canonical ([ParseSubject]). It
	// appends an audit entry of action [ActionBan].
	AddBan(ctx context.Context, b Ban, ladder Ladder) (Ban, error)

	// LiftBan ends a ban early, recording who and when, with an audit
	// entry of action [ActionUnban]. An unknown ID is ErrNotFound; a ban
	// already lifted or over is ErrConflict.
	LiftBan(ctx context.Context, id, by string, at time.Time) (Ban, error)

	// ActiveBans returns the bans in force at the time on any of the
	// subjects, each once, in the order of [CompareBans].
	// Subjects are canonical; an IP address is also matched by a ban on
	// its prefix: give [Subjects] what it returns for the address.
	ActiveBans(ctx context.Context, subjects []Subject, at time.Time) ([]Ban, error)

	// Bans returns the bans in force at the time, newest first, at most
	// limit (every one when limit is zero or less).
	Bans(ctx context.Context, at time.Time, limit int) ([]Ban, error)

	// Standing counts the comments left under a phone number since a
	// time (by the time they were written): approved ones, and those a
	// moderator rejected (Spam or Trash with a reason that is not one of
	// [ScreenerRejections]), which are the violations the ban rules count.
	// Erased comments no longer hold the number and do not count.
	Standing(ctx context.Context, number phone.Number, since time.Time) (Standing, error)

	// Audit returns a page of the audit log, newest first, of one comment
	// when q.CommentID is set and of one subject when q.Subject is set.
	Audit(ctx context.Context, q AuditQuery) (AuditPage, error)
}

// Errors of a [ModerationStore], wrapped with details: compare with
// errors.Is.
var (
	// ErrInvalid means the input of a moderation call is not acceptable:
	// an unknown code, a note too long, an unparsable subject, a deadline
	// already passed.
	ErrInvalid = errors.New("comment: invalid moderation input")
	// ErrReportLimit means the reader has made as many reports as a
	// reader may in the window.
	ErrReportLimit = errors.New("comment: too many reports from this reader")
)

// Limits of moderation text, in bytes of UTF-8.
const (
	// MaxNote is the longest note of a report, a takedown, a decision or
	// a ban.
	MaxNote = 2000
	// MaxActor is the longest actor name, requester or reader key.
	MaxActor = 200
)

// Reasons of a status given by moderation.
const (
	// ReasonReported: readers' reports sent the approved comment back to
	// a moderator.
	ReasonReported Reason = "reported"
	// ReasonTakedown: the comment was taken down (see [Takedown]).
	ReasonTakedown Reason = "takedown"
	// ReasonBanned: the commenter is banned; a shadow-banned commenter's
	// comment is kept as Spam with this reason, shown to nobody.
	ReasonBanned Reason = "banned"
	// ReasonTrusted: a trusted commenter ([TrustRule]) and nothing said
	// otherwise: approved at once.
	ReasonTrusted Reason = "trusted"
	// ReasonWordList: a banned word or phrase of the site's word list;
	// the comment waits for a moderator.
	ReasonWordList Reason = "word_list"
	// ReasonSuspectWord: a suspect word of the site's word list; the
	// comment waits for a moderator.
	ReasonSuspectWord Reason = "suspect_word"
	// ReasonAbuse: the abuse filter flagged the comment; it waits for a
	// moderator, whoever wrote it.
	ReasonAbuse Reason = "abuse"
)

// Decision is a moderator's change of a comment's status.
type Decision struct {
	CommentID string
	From, To  Status
	// FromReason, when not empty, is the reason the comment's status had
	// when the moderator saw it: the decision is then taken only if the
	// comment still has that reason as well as the status From. Without
	// it, two moderators confirming the same approved comment (Approved
	// to Approved) would both pass the compare-and-set, and a site that
	// teaches its filter on a moderator's approval would teach it twice.
	FromReason Reason
	// Reason is the status's reason: ReasonModerator unless the moderator
	// picked another code.
	Reason Reason
	// Actor is the moderator; empty for a change made by the site itself.
	Actor string
	// Note is free text for the audit log, at most MaxNote bytes.
	Note string
	// At is when the decision was made.
	At time.Time
}

// Check reports, wrapping ErrInvalid or ErrUnstorable, why no store takes
// the decision, or nil.
func (d Decision) Check() error {
	if err := StorableChange(d.From, d.To, d.Reason); err != nil {
		return err
	}
	if err := storableText("reason seen", string(d.FromReason)); err != nil {
		return err
	}
	if d.At.IsZero() {
		return fmt.Errorf("%w: the decision has no time", ErrInvalid)
	}
	if err := checkTimes(when{"decision's time", d.At}); err != nil {
		return err
	}
	return checkTexts(text{"comment", d.CommentID, MaxActor}, text{"actor", d.Actor, MaxActor}, text{"note", d.Note, MaxNote})
}

// CheckRef reports, wrapping ErrInvalid, an ID given to a moderation call
// (of a comment, a takedown or a ban) that no store holds: longer than
// MaxActor bytes, not UTF-8, or with a NUL byte. A store answers such an
// ID as it answers an unknown one.
func CheckRef(id string) error {
	return checkTexts(text{"ID", id, MaxActor})
}

// CheckDone reports, wrapping ErrInvalid, why no store takes who did a
// CompleteTakedown or a LiftBan and when: a name too long or not UTF-8
// (empty is allowed), or no time or one out of range.
func CheckDone(by string, at time.Time) error {
	if at.IsZero() {
		return fmt.Errorf("%w: no time given", ErrInvalid)
	}
	if err := checkTimes(when{"time", at}); err != nil {
		return err
	}
	return checkTexts(text{"actor", by, MaxActor})
}

// ReportReason is why a reader reports a comment ("Báo vi phạm").
type ReportReason string

// The reasons a reader can give.
const (
	ReportSpam          ReportReason = "spam"
	ReportOffensive     ReportReason = "offensive"
	ReportFalse         ReportReason = "false_information"
	ReportPersonalData  ReportReason = "personal_data"
	ReportUnlawful      ReportReason = "unlawful"
	ReportOther         ReportReason = "other"
	maxReportReasonSize              = len(ReportFalse)
)

// ReportReasons lists every reason a reader can give, in the order a form
// shows them.
var ReportReasons = []ReportReason{ReportSpam, ReportOffensive, ReportFalse, ReportPersonalData, ReportUnlawful, ReportOther}

// ParseReportReason returns the reason with the code, as a form posts it;
// anything else is an error wrapping ErrInvalid.
func ParseReportReason(code string) (ReportReason, error) {
	if len(code) <= maxReportReasonSize {
		for _, r := range ReportReasons {
			if string(r) == code {
				return r, nil
			}
		}
	}
	return "", fmt.Errorf("%w: unknown report reason %q", ErrInvalid, clipped(code))
}

// Report is one reader's report on a comment.
type Report struct {
	CommentID string `json:"comment_id"`
	// Reader identifies the reader, so that each reports a comment once:
	// a key the site gives its signed-in readers, or [ReaderKeys.Key] of
	// the address and browser.
	Reader string       `json:"reader"`
	Reason ReportReason `json:"reason"`
	// Note is the reader's optional explanation, at most MaxNote bytes.
	Note      string    `json:"note,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// Closed is when a moderator's decision or a takedown closed the
	// report; zero while open.
	Closed time.Time `json:"closed,omitzero"`
}

// Check reports, wrapping ErrInvalid, why no store takes the report, or
// nil.
func (r Report) Check() error {
	if r.CommentID == "" {
		return fmt.Errorf("%w: the report names no comment", ErrInvalid)
	}
	if r.Reader == "" {
		return fmt.Errorf("%w: the report has no reader key", ErrInvalid)
	}
	if _, err := ParseReportReason(string(r.Reason)); err != nil {
		return err
	}
	if r.CreatedAt.IsZero() {
		return fmt.Errorf("%w: the report has no time", ErrInvalid)
	}
	if err := checkTimes(when{"report's time", r.CreatedAt}, when{"report's closing", r.Closed}); err != nil {
		return err
	}
	return checkTexts(text{"comment", r.CommentID, MaxActor}, text{"reader", r.Reader, MaxActor}, text{"note", r.Note, MaxNote})
}

// ReportRule is the policy a store applies when it takes a report.
type ReportRule struct {
	// Requeue is the number of open reports that sends an approved comment
	// back to Pending; zero or less never does.
	Requeue int
	// PerReader reports at most within Window from one reader; zero or
	// less means no limit.
	PerReader int
	Window    time.Duration
}

// ReportOutcome says what a report did.
type ReportOutcome struct {
	// Open is the number of open reports on the comment, this one
	// included.
	Open int
	// Duplicate is set when the reader had already reported the comment:
	// nothing was stored.
	Duplicate bool
	// Requeued is set when this report sent the comment back to Pending.
	Requeued bool
}

// Reported is a comment in the report queue with its open reports.
type Reported struct {
	Comment Comment
	// Open is the number of open reports; First is when the oldest of
	// them was made, Last the newest.
	Open        int
	First, Last time.Time
	// Reasons counts the open reports by reason.
	Reasons map[ReportReason]int
}

// ReportPage is a page of the report queue.
type ReportPage struct {
	Items []Reported
	Next  string
}

// TakedownSource is who asked for a takedown.
type TakedownSource string

// The sources of a takedown and their deadlines under Decree
// 147/2024/NĐ-CP.
const (
	// FromAuthority: a request from a competent authority, to act on
	// within 24 hours of receipt.
	FromAuthority TakedownSource = "authority"
	// FromComplaint: a well-founded complaint, within 48 hours.
	FromComplaint TakedownSource = "complaint"
	// FromModerator: the newsroom's own decision, done when recorded.
	FromModerator TakedownSource = "moderator"
)

// Window is the time from receipt to the deadline: 24 hours for an
// authority's request, 48 for a complaint, none for a moderator's own
// takedown.
func (s TakedownSource) Window() time.Duration {
	switch s {
	case FromAuthority:
		return 24 * time.Hour
	case FromComplaint:
		return 48 * time.Hour
	}
	return 0
}

// ParseTakedownSource returns the source with the code; anything else is
// an error wrapping ErrInvalid.
func ParseTakedownSource(code string) (TakedownSource, error) {
	switch s := TakedownSource(code); s {
	case FromAuthority, FromComplaint, FromModerator:
		return s, nil
	}
	return "", fmt.Errorf("%w: unknown takedown source %q", ErrInvalid, clipped(code))
}

// Takedown is a request to remove a published comment, and what was done
// about it.
type Takedown struct {
	ID        string         `json:"id"`
	CommentID string         `json:"comment_id"`
	Source    TakedownSource `json:"source"`
	// Requester is who asked: the authority's name and document number,
	// or the complainant; for the moderator's own takedown, the moderator.
	Requester string `json:"requester"`
	// Note holds the grounds, at most MaxNote bytes.
	Note string `json:"note,omitempty"`
	// Received is when the request reached the newsroom; Deadline, when
	// it must be done: Received plus the source's Window unless set
	// earlier. Recorded is when it was entered, and by whom (RecordedBy).
	Received   time.Time `json:"received"`
	Deadline   time.Time `json:"deadline"`
	Recorded   time.Time `json:"recorded"`
	RecordedBy string    `json:"recorded_by,omitempty"`
	// DoneAt is when the comment was removed, and DoneBy by whom; zero
	// while the request is open.
	DoneAt time.Time `json:"done_at,omitzero"`
	DoneBy string    `json:"done_by,omitempty"`
}

// Normalize fills in the deadline when it is zero (Received plus the
// source's Window) and returns the request.
func (t Takedown) Normalize() Takedown {
	if t.Deadline.IsZero() {
		t.Deadline = t.Received.Add(t.Source.Window())
	}
	return t
}

// Check reports, wrapping ErrInvalid, why no store takes the request at
// time now (t.Recorded when the store checks it), or nil: an unknown
// source, no requester or comment, a receipt in the future, a deadline
// before the receipt or beyond the source's window, or, for a request
// still open, a deadline already passed (record it done instead). Check
// sees the request as Normalize returns it.
func (t Takedown) Check(now time.Time) error {
	t = t.Normalize()
	if _, err := ParseTakedownSource(string(t.Source)); err != nil {
		return err
	}
	switch {
	case t.CommentID == "":
		return fmt.Errorf("%w: the takedown names no comment", ErrInvalid)
	case t.Requester == "":
		return fmt.Errorf("%w: the takedown says nobody asked for it", ErrInvalid)
	case t.Received.IsZero():
		return fmt.Errorf("%w: the takedown has no time of receipt", ErrInvalid)
	case t.Received.After(now):
		return fmt.Errorf("%w: the takedown was received in the future (%v)", ErrInvalid, t.Received)
	case t.Deadline.Before(t.Received) || t.Deadline.After(t.Received.Add(t.Source.Window())):
		return fmt.Errorf("%w: the deadline %v is outside the %v after receipt", ErrInvalid, t.Deadline, t.Source.Window())
	case t.DoneAt.IsZero() && t.Source == FromModerator:
		return fmt.Errorf("%w: a moderator's own takedown is done when recorded", ErrInvalid)
	case t.DoneAt.IsZero() && !t.Deadline.After(now):
		return fmt.Errorf("%w: the deadline %v has passed: record the takedown done", ErrInvalid, t.Deadline)
	case !t.DoneAt.IsZero() && t.DoneAt.Before(t.Received):
		return fmt.Errorf("%w: the takedown is done before it was received", ErrInvalid)
	}
	if err := checkTimes(when{"receipt", t.Received}, when{"deadline", t.Deadline}, when{"record", t.Recorded}, when{"completion", t.DoneAt}); err != nil {
		return err
	}
	return checkTexts(text{"comment", t.CommentID, MaxActor}, text{"requester", t.Requester, MaxActor},
		text{"recorder", t.RecordedBy, MaxActor}, text{"doer", t.DoneBy, MaxActor}, text{"note", t.Note, MaxNote})
}

// Open reports whether the request still waits to be done.
func (t Takedown) Open() bool { return t.DoneAt.IsZero() }

// Left returns the time left before the deadline at now: negative once it
// has passed, and zero for a request done.
func (t Takedown) Left(now time.Time) time.Duration {
	if !t.Open() {
		return 0
	}
	return t.Deadline.Sub(now)
}

// SubjectKind is what a ban applies to.
type SubjectKind string

// The kinds of subject a ban applies to.
const (
	// SubjectPhone is a phone number, in E.164 ("+84912345678").
	SubjectPhone SubjectKind = "phone"
	// SubjectIP is an IP address ("203.0.113.7") or a prefix: IPv4 /24
	// ("203.0.113.0/24") or IPv6 /64 ("2001:db8:1:2::/64").
	SubjectIP SubjectKind = "ip"
	// SubjectDevice is a fingerprint of the browser or device the site
	// computes (a cookie, a fingerprint hash), of printable ASCII.
	SubjectDevice SubjectKind = "device"
)

// Subject is what a ban applies to, in canonical form.
type Subject struct {
	Kind  SubjectKind
	Value string
}

// String returns "kind:value", the form the audit log names a subject in.
func (s Subject) String() string { return string(s.Kind) + ":" + s.Value }

// ParseSubject returns the subject of the kind named by value, in
// canonical form: a phone number in E.164 (any spelling [phone.Parse]
// takes), an IP address unmapped and without zone, a prefix masked (only
// IPv4 /24 and IPv6 /64 are prefixes a ban takes), a device fingerprint
// as given (1 to MaxActor bytes of printable ASCII). Anything else is an
// error wrapping ErrInvalid.
func ParseSubject(kind SubjectKind, value string) (Subject, error) {
	bad := func(why string) (Subject, error) {
		return Subject{}, fmt.Errorf("%w: %s ban subject %q: %s", ErrInvalid, kind, clipped(value), why)
	}
	switch kind {
	case SubjectPhone:
		if len(value) > MaxActor {
			return bad("too long")
		}
		n, err := phone.Parse(value)
		if err != nil {
			return bad(err.Error())
		}
		return Subject{kind, n.E164()}, nil
	case SubjectIP:
		if strings.ContainsRune(value, '/') {
			p, err := netip.ParsePrefix(value)
			if err != nil {
				return bad("not an IP prefix")
			}
			if p.Addr().Is4In6() {
				if p.Bits() < 96 {
					return bad("not an IPv4 prefix")
				}
				p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
			}
			switch {
			case p.IsSingleIP():
				return Subject{kind, p.Addr().WithZone("").String()}, nil
			case p.Bits() == netaddr.Bits(p.Addr()):
				return Subject{kind, netaddr.Subscriber(p.Addr()).String()}, nil
			}
			return bad("a ban takes an address, an IPv4 /24 or an IPv6 /64")
		}
		a, err := netip.ParseAddr(value)
		if err != nil {
			return bad("not an IP address")
		}
		return Subject{kind, a.Unmap().WithZone("").String()}, nil
	case SubjectDevice:
		if value == "" || len(value) > MaxActor {
			return bad("a fingerprint has 1 to 200 characters")
		}
		for i := 0; i < len(value); i++ {
			if value[i] <= ' ' || value[i] > '~' {
				return bad("a fingerprint is printable ASCII without spaces")
			}
		}
		return Subject{kind, value}, nil
	}
	return Subject{}, fmt.Errorf("%w: unknown ban subject kind %q", ErrInvalid, clipped(string(kind)))
}

// Subjects returns the canonical subjects a comment is checked against for
// bans: its phone number, its IP address and the address's prefix (IPv4
// /24, IPv6 /64), and the device fingerprint when not empty. Parts that do
// not parse are left out.
func Subjects(number phone.Number, ip, device string) []Subject {
	var out []Subject
	if !number.IsZero() {
		out = append(out, Subject{SubjectPhone, number.E164()})
	}
	if a, err := netip.ParseAddr(ip); err == nil {
		a = a.Unmap().WithZone("")
		out = append(out, Subject{SubjectIP, a.String()}, Subject{SubjectIP, netaddr.Subscriber(a).String()})
	}
	if s, err := ParseSubject(SubjectDevice, device); err == nil {
		out = append(out, s)
	}
	return out
}

// Ban keeps a subject from commenting until a time, or for good.
type Ban struct {
	ID      string
	Subject Subject
	// Shadow bans keep the commenter unaware: their comments get the
	// response anyone's gets and are shown to nobody.
	Shadow bool
	// Level is the ban's step on the ladder: 1 for the subject's first.
	Level int
	// Actor is who banned; Note why, at most MaxNote bytes.
	Actor string
	Note  string
	// Created is when the ban began; Until when it ends, zero for a
	// permanent ban.
	Created, Until time.Time
	// Lifted is when a moderator (LiftedBy) ended it early; zero if not.
	Lifted   time.Time
	LiftedBy string
	// UnlessBanned, given to AddBan, adds the ban only if no ban of the
	// subject is in force at Created: a lock that rules impose, which two
	// servers may decide on at once, is then made once.
	UnlessBanned bool `json:"-"`
}

// CompareBans orders bans the longest first: a permanent ban before any
// timed one, then the later end first, then the later start, then by ID.
// It is the order [ModerationStore.ActiveBans] returns them in.
func CompareBans(a, b Ban) int {
	switch {
	case a.Permanent() != b.Permanent():
		if a.Permanent() {
			return -1
		}
		return 1
	case !a.Until.Equal(b.Until):
		return b.Until.Compare(a.Until)
	case !a.Created.Equal(b.Created):
		return b.Created.Compare(a.Created)
	}
	return strings.Compare(a.ID, b.ID)
}

// Permanent reports whether the ban has no end.
func (b Ban) Permanent() bool { return b.Until.IsZero() }

// Active reports whether the ban is in force at the time.
func (b Ban) Active(at time.Time) bool {
	if !b.Lifted.IsZero() && !at.Before(b.Lifted) {
		return false
	}
	return !at.Before(b.Created) && (b.Permanent() || at.Before(b.Until))
}

// Check reports, wrapping ErrInvalid, why no store takes the ban, or nil:
// a subject not in canonical form, no time, an end before the start, or
// text too long.
func (b Ban) Check() error {
	s, err := ParseSubject(b.Subject.Kind, b.Subject.Value)
	if err != nil {
		return err
	}
	if s != b.Subject {
		return fmt.Errorf("%w: ban subject %s is not canonical (%s)", ErrInvalid, b.Subject, s)
	}
	switch {
	case b.Created.IsZero():
		return fmt.Errorf("%w: the ban has no start", ErrInvalid)
	case !b.Until.IsZero() && !b.Until.After(b.Created):
		return fmt.Errorf("%w: the ban ends (%v) before it starts (%v)", ErrInvalid, b.Until, b.Created)
	}
	if err := checkTimes(when{"ban's start", b.Created}, when{"ban's end", b.Until}, when{"ban's lifting", b.Lifted}); err != nil {
		return err
	}
	return checkTexts(text{"actor", b.Actor, MaxActor}, text{"note", b.Note, MaxNote})
}

// Ladder is how long bans last as a subject is banned again: the first
// ban lasts Ladder[0], the second Ladder[1], and a ban beyond the ladder
// is permanent. An empty ladder makes every ban permanent.
type Ladder []time.Duration

// DefaultLadder follows Decree 147/2024/NĐ-CP, under which an account is
// locked for 7 to 30 days, and permanently once it has been locked three
// times: the first lock lasts 7 days, the second and the third 30, and
// the fourth is permanent.
var DefaultLadder = Ladder{7 * 24 * time.Hour, 30 * 24 * time.Hour, 30 * 24 * time.Hour}

// Until returns when a ban of the level starting at from ends: zero for a
// permanent one.
func (l Ladder) Until(level int, from time.Time) time.Time {
	if level < 1 || level > len(l) {
		return time.Time{}
	}
	return from.Add(l[level-1])
}

// Check reports, wrapping ErrInvalid, a step that is not a positive
// duration.
func (l Ladder) Check() error {
	for i, d := range l {
		if d <= 0 {
			return fmt.Errorf("%w: step %d of the ban ladder is %v", ErrInvalid, i+1, d)
		}
	}
	return nil
}

// Standing is what a commenter's comments since a time came to.
type Standing struct {
	Approved int
	// Rejected counts comments a moderator rejected or took down: in Spam
	// or Trash for a reason other than the screener's own.
	Rejected int
}

// ScreenerRejections are the reasons the [Screener] gives the comments it
// sends to Spam by itself: a double click, a bot's honeypot, the spam
// filter's verdict or a shadow ban say nothing a moderator decided about
// the commenter, so they are no violation and cost no trust.
var ScreenerRejections = []Reason{ReasonBanned, ReasonHoneypot, ReasonDuplicate, ReasonSpamFilter}

// Violation reports whether a comment counts against its commenter: it is
// in Spam or Trash for a reason other than one of [ScreenerRejections].
func Violation(st Status, r Reason) bool {
	if st != Spam && st != Trash {
		return false
	}
	for _, auto := range ScreenerRejections {
		if r == auto {
			return false
		}
	}
	return true
}

// TakedownStatus returns the status a comment of status from gets when it
// is taken down: Trash, unless it is already out of sight (Spam or
// Trash), when it keeps its status and its reason.
func TakedownStatus(from Status) Status {
	if from == Spam || from == Trash {
		return from
	}
	return Trash
}

// Action is what an audit entry records.
type Action string

// The actions of the audit log.
const (
	ActionDecide          Action = "decide"
	ActionReport          Action = "report"
	ActionRequeue         Action = "requeue"
	ActionTakedownRequest Action = "takedown_request"
	ActionTakedown        Action = "takedown"
	ActionBan             Action = "ban"
	ActionUnban           Action = "unban"
)

// AuditEntry is one moderation action, as the audit log keeps it.
type AuditEntry struct {
	// Seq orders the log: each entry's is larger than those before it.
	Seq    int64
	At     time.Time
	Actor  string
	Action Action
	// CommentID is the comment acted on, if any; Subject the banned
	// subject, if any; Ref the ID of the takedown or ban.
	CommentID string
	Subject   Subject
	Ref       string
	// Reason is the code behind the action: the status's reason, the
	// report's reason, the takedown's source.
	Reason string
	// From and To are the comment's status before and after; equal when
	// the action did not change it.
	From, To Status
	Note     string
}

// AuditQuery asks for a page of the audit log. After is the Next of the
// page before; Limit works as [PageRequest.Limit].
type AuditQuery struct {
	CommentID string
	Subject   Subject
	After     string
	Limit     int
}

// AuditPage is a page of the audit log, newest first.
type AuditPage struct {
	Entries []AuditEntry
	Next    string
}

// text is one text input of a moderation call, for checkTexts.
type text struct {
	name, v string
	max     int
}

// checkTexts reports the first text that is too long, not UTF-8 or holds
// a NUL byte, wrapping ErrInvalid.
func checkTexts(ts ...text) error {
	for _, t := range ts {
		switch {
		case len(t.v) > t.max:
			return fmt.Errorf("%w: the %s is %d bytes, more than %d", ErrInvalid, t.name, len(t.v), t.max)
		case !utf8.ValidString(t.v) || strings.IndexByte(t.v, 0) >= 0:
			return fmt.Errorf("%w: the %s is not UTF-8 text without NUL bytes", ErrInvalid, t.name)
		}
	}
	return nil
}

// when is one time of a moderation call, for checkTimes.
type when struct {
	name string
	t    time.Time
}

// checkTimes reports, wrapping ErrInvalid, the first time a store cannot
// keep: outside the years 1678 to 2262, as [Storable] says of a comment's.
// Zero times pass: each caller says which it requires.
func checkTimes(ts ...when) error {
	for _, w := range ts {
		if !w.t.IsZero() && (w.t.Before(minStoredTime) || w.t.After(maxStoredTime)) {
			return fmt.Errorf("%w: the %s %v is out of range (years 1678 to 2262)", ErrInvalid, w.name, w.t)
		}
	}
	return nil
}

// clipped shortens a bad input for an error message.
func clipped(s string) string { return vntext.Clip(s, 40) }

// ReaderKeys makes reader keys for readers the site does not sign in: a
// keyed hash of the IP address and the user agent under a salt that
// changes every day (in Vietnam time), so that a reader reports a comment
// once a day from one browser, and the key cannot be traced back to the
// address without the secret, nor linked across days. The zero value is
// not usable: make one with [NewReaderKeys]. It is safe for concurrent
// use.
type ReaderKeys struct {
	secret []byte
}

// MinReaderSecret is the shortest secret NewReaderKeys takes, in bytes.
const MinReaderSecret = 16

// NewReaderKeys returns reader keys made under the secret, which must be
// at least MinReaderSecret bytes from crypto/rand, and kept like the form
// key: servers that share a comment store share it.
func NewReaderKeys(secret []byte) (*ReaderKeys, error) {
	if len(secret) < MinReaderSecret {
		return nil, fmt.Errorf("comment: a reader key secret needs %d bytes, not %d", MinReaderSecret, len(secret))
	}
	return &ReaderKeys{secret: bytes.Clone(secret)}, nil
}

// Key returns the reader key of an address and a user agent on the day of
// now in Vietnam time: "r1-" and 26 characters of base32.
func (k *ReaderKeys) Key(ip, userAgent string, now time.Time) string {
	day := hmac.New(sha256.New, k.secret)
	day.Write([]byte(now.In(article.Vietnam()).Format(time.DateOnly)))
	mac := hmac.New(sha256.New, day.Sum(nil))
	mac.Write([]byte(ip))
	mac.Write([]byte{0})
	mac.Write([]byte(userAgent))
	return "r1-" + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(mac.Sum(nil)[:16])
}

// Notifier is told of what moderators should look at soon: a new report,
// a takedown request, a takedown near its deadline. Notify must return at
// once (queue the event, send it later): it is called while a reader's
// request waits. An error means the event was not queued (a full queue, a
// notifier closed); the moderation action it tells of stands. binhluan's
// comment/notify sends events to a webhook.
type Notifier interface {
	Notify(ctx context.Context, e Event) error
}

// EventKind is what an [Event] tells of.
type EventKind string

// The kinds of event.
const (
	// EventReport: a reader reported a comment (Report, Open, Requeued).
	EventReport EventKind = "report"
	// EventTakedownRequest: a takedown request was recorded (Takedown).
	EventTakedownRequest EventKind = "takedown_request"
	// EventTakedownDue: an open takedown is near or past its deadline
	// (Takedown, Left).
	EventTakedownDue EventKind = "takedown_due"
)

// Event is what a [Notifier] is told, in the JSON a webhook receives.
type Event struct {
	Kind      EventKind `json:"kind"`
	At        time.Time `json:"at"`
	CommentID string    `json:"comment_id"`
	ArticleID string    `json:"article_id,omitempty"`
	// Report is the new report, for EventReport, with Open the comment's
	// open reports and Requeued whether it went back to Pending.
	Report   *Report `json:"report,omitempty"`
	Open     int     `json:"open_reports,omitempty"`
	Requeued bool    `json:"requeued,omitempty"`
	// Takedown is the request, for the takedown events, and LeftSeconds
	// the time left before its deadline when the event was made
	// (negative once passed).
	Takedown    *Takedown `json:"takedown,omitempty"`
	LeftSeconds int64     `json:"left_seconds,omitempty"`
}
