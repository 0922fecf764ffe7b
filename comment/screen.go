package comment

import (
	"container/list"
	"context"
	"crypto/rand"
	"fmt"
	"sync"
	"time"
)

// CaptchaVerifier is what screening needs of a captcha service: check an
// answer, using the challenge up. binhluan's captcha.Service has this
// method; any other service can be plugged in.
type CaptchaVerifier interface {
	Verify(ctx context.Context, id, answer string) (bool, error)
}

// SpamScorer is what screening needs of a spam filter: the probability, in
// [0, 1], that a comment with these fields is spam. binhluan's
// classify.Classifier has this method.
type SpamScorer interface {
	SpamProbability(name, title, content string) float64
}

// Default thresholds of [Screener].
const (
	DefaultSpamFrom     = 0.9
	DefaultFloodLimit   = 5
	DefaultFloodWindow  = 10 * time.Minute
	DefaultRecentWindow = 24 * time.Hour
)

// Code of the field error a wrong captcha answer gives.
const CodeCaptchaInvalid = "invalid"

// Screener takes a bound submission through every check of the comment
// form, in order: the rules (required fields, lengths, phone), the form
// token, the captcha, then the bot signals (honeypot, duplicates, flooding)
// and the spam filter, and decides the comment's status. Problems the
// reader can fix come back as field errors, to re-render the form with;
// the bot signals and the spam verdict never do, so a bot learns nothing:
// they only set the status and the reason a moderator reads.
//
// Any of Tokens, Captcha, Spam and Recent may be nil to skip that check.
// Configure a Screener before use; then it is safe for concurrent use if
// its parts are (binhluan's are).
type Screener struct {
	Rules   Rules
	Tokens  *Tokens
	Captcha CaptchaVerifier
	Spam    SpamScorer
	Recent  *Recent
	// SpamFrom is the spam probability from which a comment is filed as
	// spam; DefaultSpamFrom when zero.
	SpamFrom float64
	// ApproveBelow is the spam probability below which a comment that
	// passed every check is approved at once. Zero, the default, holds
	// every comment for a moderator, as Vietnamese news sites do.
	ApproveBelow float64
}

// Screen checks a submission for an article at time now. It returns the
// comment, with a fresh ID from crypto/rand, its status and reason, or the field errors the reader must
// fix (and no comment). The error is for failures of the site's own
// services, such as a captcha store that cannot be reached: the comment is
// then neither accepted nor refused.
func (s *Screener) Screen(ctx context.Context, sub Submission, articleID string, now time.Time) (Comment, FieldErrors, error) {
	errs := s.Rules.Validate(sub)
	if s.Tokens != nil {
		if err := s.Tokens.Check(sub.Token, articleID, now); err != nil {
			if fe, ok := err.(FieldError); ok {
				errs = append(errs, fe)
			}
		}
	}
	if s.Captcha != nil && sub.Captcha != "" {
		ok, err := s.Captcha.Verify(ctx, sub.CaptchaID, sub.Captcha)
		if err != nil {
			return Comment{}, nil, fmt.Errorf("comment: checking the captcha: %w", err)
		}
		if !ok {
			errs = append(errs, FieldError{Field: FieldCaptcha, Code: CodeCaptchaInvalid})
		}
	} else if s.Captcha != nil && !errs.Has(FieldCaptcha, "") {
		errs = append(errs, FieldError{Field: FieldCaptcha, Code: CodeRequired})
	}
	if len(errs) > 0 {
		return Comment{}, errs, nil
	}

	c := sub.Comment(articleID, now)
	c.ID = rand.Text()
	if s.Spam != nil {
		c.SpamScore = s.Spam.SpamProbability(c.Name, c.Title, c.Content)
	}
	spamFrom := s.SpamFrom
	if spamFrom <= 0 {
		spamFrom = DefaultSpamFrom
	}
	var duplicate, flooding bool
	if s.Recent != nil {
		duplicate, flooding = s.Recent.observe(c, now)
	}
	switch {
	case sub.Honeypot != "":
		c.Status, c.Reason = Spam, "the hidden field a person never sees was filled in"
	case duplicate:
		c.Status, c.Reason = Spam, "the same comment was posted before"
	case flooding:
		c.Status, c.Reason = Pending, "many comments from this address in a short time"
	case s.Spam != nil && c.SpamScore >= spamFrom:
		c.Status, c.Reason = Spam, fmt.Sprintf("the spam filter gives %.2f", c.SpamScore)
	case s.Spam != nil && c.SpamScore < s.ApproveBelow:
		c.Status, c.Reason = Approved, fmt.Sprintf("the spam filter gives %.2f", c.SpamScore)
	default:
		c.Status, c.Reason = Pending, "held for a moderator"
	}
	return c, nil, nil
}

// Recent remembers the comments of the last hours, bounded in number, to
// spot the same comment posted again (by its [Fingerprint], on any
// article; comments with nothing to fingerprint, such as emoji alone, are
// never duplicates) and an address posting many comments in a short time.
// The zero value is not usable: make one with [NewRecent]. It is safe for concurrent use and
// needs no background goroutine: old entries go as new ones come.
type Recent struct {
	// Window is how long a comment counts as recent.
	Window time.Duration
	// FloodLimit comments from one address within FloodWindow are a
	// flood; the next ones are held for a moderator.
	FloodLimit  int
	FloodWindow time.Duration

	mu       sync.Mutex
	capacity int
	order    *list.List // of recentEntry, oldest first
	byPrint  map[string]int
	byIP     map[string][]time.Time
}

type recentEntry struct {
	at          time.Time
	fingerprint string
	ip          string
}

// NewRecent returns a memory of at most capacity recent comments
// (100,000 when capacity <= 0) with the default windows.
func NewRecent(capacity int) *Recent {
	if capacity <= 0 {
		capacity = 100_000
	}
	return &Recent{
		Window: DefaultRecentWindow, FloodLimit: DefaultFloodLimit, FloodWindow: DefaultFloodWindow,
		capacity: capacity, order: list.New(),
		byPrint: make(map[string]int), byIP: make(map[string][]time.Time),
	}
}

// observe reports whether a comment with the same fingerprint is recent
// and whether its address already posted FloodLimit comments within
// FloodWindow, and remembers the comment, all under one lock so that two
// identical comments posted at once cannot both pass.
func (r *Recent) observe(c Comment, now time.Time) (duplicate, flooding bool) {
	fp := c.Fingerprint()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.expire(now)
	duplicate = fp != "" && r.byPrint[fp] > 0
	if c.IP != "" && r.FloodLimit > 0 {
		n := 0
		for _, at := range r.byIP[c.IP] {
			if now.Sub(at) < r.FloodWindow {
				n++
			}
		}
		flooding = n >= r.FloodLimit
	}
	r.order.PushBack(recentEntry{at: now, fingerprint: fp, ip: c.IP})
	if fp != "" {
		r.byPrint[fp]++
	}
	if c.IP != "" {
		r.byIP[c.IP] = append(r.byIP[c.IP], now)
	}
	for r.order.Len() > r.capacity {
		r.drop()
	}
	return duplicate, flooding
}

// expire drops the entries older than Window.
func (r *Recent) expire(now time.Time) {
	for r.order.Len() > 0 && now.Sub(r.order.Front().Value.(recentEntry).at) >= r.Window {
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
