package comment

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment/phone"
	"github.com/binhluan/binhluan/comment/wordlist"
)

// CaptchaVerifier is what screening needs of a captcha service: check an
// answer, using the challenge up. binhluan's captcha.Service has this
// method; any other service can be plugged in.
type CaptchaVerifier interface {
	Verify(ctx context.Context, id, answer string) (bool, error)
}

// Scorer is what screening needs of a spam filter: its probability that a
// comment is spam, and its own verdict by the thresholds it was calibrated
// with, so that the filter, not the screener, says where spam begins.
// binhluan's classify.Classifier has this method.
type Scorer interface {
	// Judge returns the probability that the comment is of the filter's unwanted class
	// and the filter's own verdict by its (calibrated) thresholds: flagged at or above its
	// flag threshold, cleared below its clear threshold, neither when unsure.
	Judge(name, title, content string) (p float64, flagged, cleared bool)
}

// PairScorer is a spam filter that can also judge a comment for the abuse
// filter beside it, reading the comment once for both: binhluan's
// classify.Classifier has this method, for an abuse filter that is a
// Classifier too. JudgeBoth returns what s.Judge and abuse.Judge would;
// ok is false when it cannot judge for abuse, and the Screener then calls
// the two filters apart, as it does when Spam is no PairScorer. abuse is
// the Screener's Abuse, given as any so that a filter's package need not
// import this one.
type PairScorer interface {
	Scorer
	JudgeBoth(abuse any, name, title, content string) (spam, abusive Verdict, ok bool)
}

// Verdict is what a Scorer's Judge returns, as one value. It is an alias
// of a struct type, which a filter's package can spell out without
// importing this one.
type Verdict = struct {
	P                float64
	Flagged, Cleared bool
}

// TokenChecker is what screening needs of form tokens: [Tokens] has this
// method. Check returns nil for a good token, or a [FieldError] on the
// field "form"; the screener treats any other error as [CodeFormInvalid].
type TokenChecker interface {
	Check(token, scope string, now time.Time) error
}

// Parents is what screening needs to check the comment a reply names: the
// site's comment store; every [Store] is one. Get returns the comment with
// the given ID, or an error that errors.Is matches with [ErrNotFound] when
// there is none; any other error is an outage of the store.
type Parents interface {
	Get(ctx context.Context, id string) (Comment, error)
}

// Default settings of [Recent].
const (
	DefaultFloodLimit     = 5
	DefaultFloodWindow    = 10 * time.Minute
	DefaultRecentWindow   = 24 * time.Hour
	DefaultRecentCapacity = 100_000
)

// BanChecker is what screening needs to know of bans: the bans in force
// at a time on any of a comment's subjects ([Subjects]). Every
// [ModerationStore] is one.
type BanChecker interface {
	ActiveBans(ctx context.Context, subjects []Subject, at time.Time) ([]Ban, error)
}

// TrustChecker says whether a commenter's phone number is trusted, so that
// their comment is approved without waiting for a moderator. [Desk] is
// one, by its [TrustRule].
type TrustChecker interface {
	Trusted(ctx context.Context, number phone.Number, at time.Time) (bool, error)
}

// WordChecker is what screening needs of a word list: the strictest action
// of the entries found in a text, zero when none is. binhluan's
// comment/wordlist List is one.
type WordChecker interface {
	Worst(text string) wordlist.Action
}

// Screener takes a bound submission through every check of the comment
// form and decides the comment's status. Problems the reader can fix come
// back as field errors, to re-render the form with; so does a ban that is
// not a shadow ban, which the reader is told of. Everything else only sets
// the status and the reason a moderator reads, so that a bot, or a
// shadow-banned commenter, learns nothing.
//
// The checks that give field errors come first: the rules (required
// fields, lengths, phone, the shape of a parent ID), the form token, the
// captcha, the comment a reply names; then a ban ([CodeBanned] on the
// form) and a word list's Refuse ([CodeBannedWord] on the field where it
// is found).
//
// Then the decision, by the checks in this order: ban, word list, trust,
// the spam and abuse scores, the bot signals. Each holds or rejects the
// comment, the first that does deciding; trust alone can only approve,
// and only when none of the checks after it objects:
//
//  1. ban: the commenter is shadow-banned: Spam, [ReasonBanned];
//  2. word list: a Hold word ([ReasonWordList]) or a Suspect one
//     ([ReasonSuspectWord]): Pending, for a moderator, whatever else the
//     comment is;
//  3. trust: the commenter's phone number is trusted (Trust): Approved,
//     [ReasonTrusted], even when a filter is unsure — unless a score or a
//     bot signal below says otherwise;
//  4. scores: the spam filter flags it: Spam, [ReasonSpamFilter]; the
//     abuse filter flags it: Pending, [ReasonAbuse] (abuse is never
//     approved automatically, whoever wrote it);
//  5. bot signals: the honeypot is filled ([ReasonHoneypot]) or the
//     comment is a duplicate ([ReasonDuplicate]): Spam; flooding from one
//     address: Pending, [ReasonFlood];
//  6. otherwise, when the spam filter clears it, the abuse filter (when
//     set) too, and ApproveCleared is set: Approved, [ReasonCleared];
//     else Pending: [ReasonUnsure] when a filter could not tell,
//     [ReasonHeld] when every check passed.
//
// A word list comes before the filters so that a comment with a word a
// moderator must judge reaches a moderator, not the spam folder.
//
// Any of Tokens, Captcha, Spam, Abuse, Words, Bans, Trust and Recent may
// be nil to skip that check. Parents may be nil too, and then every reply
// is refused with [CodeReplyInvalid]: a parent that cannot be checked is
// never stored. The zero Screener holds every comment that passes its
// Rules for a moderator. Configure a Screener before use; then it is safe
// for concurrent use if its parts are (binhluan's are).
type Screener struct {
	Rules   Rules
	Tokens  TokenChecker
	Captcha CaptchaVerifier
	Spam    Scorer
	// Abuse is the abuse filter: a Scorer whose unwanted class is abuse.
	Abuse   Scorer
	Words   WordChecker
	Bans    BanChecker
	Trust   TrustChecker
	Recent  *Recent
	Parents Parents
	// ApproveCleared approves at once a comment that passed every check
	// and that the filters cleared. False, the default, holds every
	// comment for a moderator, as Vietnamese news sites do.
	ApproveCleared bool
}

// Screen checks a submission for an article at time now. It returns the
// comment, with a fresh ID from crypto/rand, its status, reason and spam
// score, or the field errors the reader must fix (and no comment). The
// error is for failures of the site's own services, such as a captcha or
// comment store that cannot be reached: the comment is then neither
// accepted nor refused.
func (s *Screener) Screen(ctx context.Context, sub Submission, articleID string, now time.Time) (Comment, FieldErrors, error) {
	errs := s.Rules.Validate(sub)
	if s.Tokens != nil {
		if fe, bad := tokenProblem(s.Tokens.Check(sub.Token, articleID, now)); bad {
			errs = append(errs, fe)
		}
	}
	if s.Captcha != nil && sub.Captcha != "" {
		ok, err := s.Captcha.Verify(ctx, sub.CaptchaID, sub.Captcha)
		if err != nil {
			return Comment{}, nil, fmt.Errorf("comment: checking the captcha: %w", err)
		}
		if !ok {
			errs = append(errs, FieldError{Field: FieldCaptcha, Code: CodeInvalid})
		}
	} else if s.Captcha != nil && !errs.Has(FieldCaptcha, "") {
		errs = append(errs, FieldError{Field: FieldCaptcha, Code: CodeRequired})
	}
	if sub.ParentID != "" && !errs.Has(FormParentID, "") {
		ok, err := s.takesReply(ctx, sub.ParentID, articleID)
		if err != nil {
			return Comment{}, nil, err
		}
		if !ok {
			errs = append(errs, FieldError{Field: FormParentID, Code: CodeReplyInvalid})
		}
	}
	if len(errs) > 0 {
		return Comment{}, errs, nil
	}

	c := sub.Comment(articleID, now)
	var shadow bool
	if s.Bans != nil {
		bans, err := s.Bans.ActiveBans(ctx, Subjects(c.Phone, c.IP, sub.Device), now)
		if err != nil {
			return Comment{}, nil, fmt.Errorf("comment: looking up bans: %w", err)
		}
		if b, ok := openBan(bans); ok {
			return Comment{}, FieldErrors{banError(b)}, nil
		}
		shadow = len(bans) > 0
	}
	var words wordlist.Action
	if s.Words != nil {
		var refused FieldErrors
		for _, f := range [...]struct{ name, v string }{{FormName, c.Name}, {FormTitle, c.Title}, {FormContent, c.Content}} {
			a := s.Words.Worst(f.v)
			if a == wordlist.Refuse {
				refused = append(refused, FieldError{Field: f.name, Code: CodeBannedWord})
			}
			if a != wordlist.Drop && a > words {
				words = a
			}
		}
		if len(refused) > 0 {
			return Comment{}, refused, nil
		}
	}

	c.ID = newID()
	sv, av := s.judge(c)
	c.SpamScore = sv.P
	flagged, cleared := sv.Flagged, sv.Cleared
	abusive, abuseCleared := av.Flagged, av.Cleared
	var duplicate, flooding bool
	if s.Recent != nil {
		duplicate, flooding = s.Recent.observe(c, now)
	}
	unsure := s.Spam != nil && !cleared || !abuseCleared
	trusted := false
	if s.Trust != nil && !c.Phone.IsZero() && !shadow && words < wordlist.Suspect {
		ok, err := s.Trust.Trusted(ctx, c.Phone, now)
		if err != nil {
			return Comment{}, nil, fmt.Errorf("comment: looking up the commenter's standing: %w", err)
		}
		trusted = ok
	}
	switch {
	case shadow:
		c.Status, c.Reason = Spam, ReasonBanned
	case words == wordlist.Hold || words == wordlist.Refuse:
		c.Status, c.Reason = Pending, ReasonWordList
	case words == wordlist.Suspect:
		c.Status, c.Reason = Pending, ReasonSuspectWord
	case flagged:
		c.Status, c.Reason = Spam, ReasonSpamFilter
	case abusive:
		c.Status, c.Reason = Pending, ReasonAbuse
	case sub.Honeypot != "":
		c.Status, c.Reason = Spam, ReasonHoneypot
	case duplicate:
		c.Status, c.Reason = Spam, ReasonDuplicate
	case flooding:
		c.Status, c.Reason = Pending, ReasonFlood
	case trusted:
		c.Status, c.Reason = Approved, ReasonTrusted
	case cleared && abuseCleared && s.ApproveCleared:
		c.Status, c.Reason = Approved, ReasonCleared
	case unsure:
		c.Status, c.Reason = Pending, ReasonUnsure
	default:
		c.Status, c.Reason = Pending, ReasonHeld
	}
	return c, nil, nil
}

// judge returns the spam and abuse filters' verdicts on c, reading it once
// when the spam filter is a PairScorer that can judge for the abuse filter
// too. A filter that is not set gives the zero verdict, and an absent
// abuse filter one that clears.
func (s *Screener) judge(c Comment) (spam, abuse Verdict) {
	abuse.Cleared = true
	if pair, ok := s.Spam.(PairScorer); ok && s.Abuse != nil {
		if sv, av, ok := pair.JudgeBoth(s.Abuse, c.Name, c.Title, c.Content); ok {
			return sv, av
		}
	}
	if s.Spam != nil {
		spam.P, spam.Flagged, spam.Cleared = s.Spam.Judge(c.Name, c.Title, c.Content)
	}
	if s.Abuse != nil {
		abuse.P, abuse.Flagged, abuse.Cleared = s.Abuse.Judge(c.Name, c.Title, c.Content)
	}
	return spam, abuse
}

// openBan returns the first ban that is not a shadow ban: bans come
// longest first, so it is the one to tell the reader of.
func openBan(bans []Ban) (Ban, bool) {
	for _, b := range bans {
		if !b.Shadow {
			return b, true
		}
	}
	return Ban{}, false
}

// banError is the field error that tells a banned reader until when:
// Params hold the end in Vietnam time as dd/mm/yyyy HH:MM, or nothing for
// a permanent ban.
func banError(b Ban) FieldError {
	if b.Permanent() {
		return FieldError{Field: FieldForm, Code: CodeBannedForever}
	}
	return FieldError{Field: FieldForm, Code: CodeBanned, Params: []any{b.Until.In(article.Vietnam()).Format("02/01/2006 15:04")}}
}

// tokenProblem turns what a token check returned into the field error to
// report, failing closed: a FieldError on the form with one of the token
// codes is kept, and any other error becomes CodeFormInvalid.
func tokenProblem(err error) (FieldError, bool) {
	if err == nil {
		return FieldError{}, false
	}
	var fe FieldError
	if errors.As(err, &fe) && fe.Field == FieldForm {
		switch fe.Code {
		case CodeFormInvalid, CodeFormTooFast, CodeFormExpired:
			return fe, true
		}
	}
	return FieldError{Field: FieldForm, Code: CodeFormInvalid}, true
}

// takesReply reports whether the comment id exists, is approved, is on the
// article and is not itself a reply. With no Parents it is false; an error
// is an outage of the store.
func (s *Screener) takesReply(ctx context.Context, id, articleID string) (bool, error) {
	if s.Parents == nil {
		return false, nil
	}
	parent, err := s.Parents.Get(ctx, id)
	switch {
	case errors.Is(err, ErrNotFound):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("comment: looking up the comment replied to: %w", err)
	}
	return parent.ID == id && TakesReply(parent, articleID), nil
}

// RecentConfig sets up a [Recent]. A zero field takes its default.
type RecentConfig struct {
	// Capacity is the most comments remembered; DefaultRecentCapacity
	// when zero.
	Capacity int
	// Window is how long a comment counts as recent, for duplicates;
	// DefaultRecentWindow when zero.
	Window time.Duration
	// FloodLimit comments from one address within FloodWindow are a
	// flood, and the next ones are held for a moderator;
	// DefaultFloodLimit and DefaultFloodWindow when zero.
	FloodLimit  int
	FloodWindow time.Duration
}

// Recent remembers the comments of the last hours, bounded in number, to
// spot the same comment posted again (by its [Fingerprint], on any
// article; comments with nothing to fingerprint, such as emoji alone, are
// never duplicates) and an address posting many comments in a short time.
// The zero value is ready to use with the default settings; [NewRecent]
// takes others. It is safe for concurrent use and needs no background
// goroutine: old entries go as new ones come.
type Recent struct {
	mu       sync.Mutex
	cfg      RecentConfig // every field set, by NewRecent or on first use
	order    list.List    // of recentEntry, oldest first
	byPrint  map[string]int
	byIP     map[string][]time.Time
	prepared bool
}

type recentEntry struct {
	at          time.Time
	fingerprint string
	ip          string
}

// NewRecent returns a memory of recent comments with the settings of cfg;
// nil means the defaults. A negative setting is an error that names it.
func NewRecent(cfg *RecentConfig) (*Recent, error) {
	var c RecentConfig
	if cfg != nil {
		c = *cfg
	}
	switch {
	case c.Capacity < 0:
		return nil, fmt.Errorf("comment: RecentConfig.Capacity is negative (%d)", c.Capacity)
	case c.Window < 0:
		return nil, fmt.Errorf("comment: RecentConfig.Window is negative (%v)", c.Window)
	case c.FloodLimit < 0:
		return nil, fmt.Errorf("comment: RecentConfig.FloodLimit is negative (%d)", c.FloodLimit)
	case c.FloodWindow < 0:
		return nil, fmt.Errorf("comment: RecentConfig.FloodWindow is negative (%v)", c.FloodWindow)
	}
	r := &Recent{cfg: c}
	r.prepare()
	return r, nil
}

// prepare fills in the defaults and the maps, once; r.mu is held or r is
// not shared yet.
func (r *Recent) prepare() {
	if r.prepared {
		return
	}
	if r.cfg.Capacity == 0 {
		r.cfg.Capacity = DefaultRecentCapacity
	}
	if r.cfg.Window == 0 {
		r.cfg.Window = DefaultRecentWindow
	}
	if r.cfg.FloodLimit == 0 {
		r.cfg.FloodLimit = DefaultFloodLimit
	}
	if r.cfg.FloodWindow == 0 {
		r.cfg.FloodWindow = DefaultFloodWindow
	}
	r.byPrint = make(map[string]int)
	r.byIP = make(map[string][]time.Time)
	r.prepared = true
}

// Config returns the settings in use, defaults filled in.
func (r *Recent) Config() RecentConfig {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.prepare()
	return r.cfg
}

// observe reports whether a comment with the same fingerprint is recent
// and whether its address already posted FloodLimit comments within
// FloodWindow, and remembers the comment, all under one lock so that two
// identical comments posted at once cannot both pass.
func (r *Recent) observe(c Comment, now time.Time) (duplicate, flooding bool) {
	fp := c.Fingerprint()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.prepare()
	r.expire(now)
	duplicate = fp != "" && r.byPrint[fp] > 0
	if c.IP != "" {
		n := 0
		for _, at := range r.byIP[c.IP] {
			if now.Sub(at) < r.cfg.FloodWindow {
				n++
			}
		}
		flooding = n >= r.cfg.FloodLimit
	}
	r.order.PushBack(recentEntry{at: now, fingerprint: fp, ip: c.IP})
	if fp != "" {
		r.byPrint[fp]++
	}
	if c.IP != "" {
		r.byIP[c.IP] = append(r.byIP[c.IP], now)
	}
	for r.order.Len() > r.cfg.Capacity {
		r.drop()
	}
	return duplicate, flooding
}

// expire drops the entries older than the window.
func (r *Recent) expire(now time.Time) {
	for r.order.Len() > 0 && now.Sub(r.order.Front().Value.(recentEntry).at) >= r.cfg.Window {
		r.drop()
	}
}

// drop forgets the oldest entry.
func (r *Recent) drop() {
	e := r.order.Remove(r.order.Front()).(recentEntry)
	if e.fingerprint != "" {
		if r.byPrint[e.fingerprint]--; r.byPrint[e.fingerprint] <= 0 {
			delete(r.byPrint, e.fingerprint)
		}
	}
	if e.ip != "" {
		times := r.byIP[e.ip][1:]
		if len(times) == 0 {
			delete(r.byIP, e.ip)
		} else {
			r.byIP[e.ip] = times
		}
	}
}
