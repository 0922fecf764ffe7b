package commenttest

import (
	"context"
	"sync"

	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/phone"
)

// Captcha is a fake [comment.CaptchaVerifier] that records what it was
// asked. The zero value accepts every answer; Refuse makes it say every
// answer is wrong, and Err makes it fail as a captcha service that cannot
// be reached does (it wins over Refuse). Verify and Calls are safe for
// concurrent use; change the fields only while no Verify runs.
type Captcha struct {
	Refuse bool
	Err    error

	mu    sync.Mutex
	calls []CaptchaCall
}

// CaptchaCall is one question put to a [Captcha].
type CaptchaCall struct {
	ID, Answer string
}

var _ comment.CaptchaVerifier = (*Captcha)(nil)

// Verify records the question and answers it as the fields say.
func (c *Captcha) Verify(ctx context.Context, id, answer string) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, CaptchaCall{ID: id, Answer: answer})
	if c.Err != nil {
		return false, c.Err
	}
	return !c.Refuse, nil
}

// Calls returns the questions asked so far, in order.
func (c *Captcha) Calls() []CaptchaCall {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]CaptchaCall(nil), c.calls...)
}

// Scorer is a fake [comment.Scorer], a spam filter that gives every
// comment the same answer: the probability P and the verdict Flagged
// (spam) or Cleared (not spam); neither means the filter is unsure. The
// zero value is unsure, with probability 0. It is safe for concurrent
// use.
type Scorer struct {
	P                float64
	Flagged, Cleared bool
}

var _ comment.Scorer = Scorer{}

// Judge returns the fixed answer, whatever the comment.
func (s Scorer) Judge(name, title, content string) (p float64, flagged, cleared bool) {
	return s.P, s.Flagged, s.Cleared
}

// Outage wraps a [comment.Store] and makes it fail on demand, to test what
// a site does when its database is down: after Fail(err), every method
// returns err (wrapped by nothing) without reaching the store, until
// Fail(nil). Its methods are safe for concurrent use if the store's are.
type Outage struct {
	comment.Store

	mu  sync.RWMutex
	err error
}

var _ comment.Store = (*Outage)(nil)

// Fail makes every call from now on fail with err; nil ends the outage.
func (o *Outage) Fail(err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.err = err
}

func (o *Outage) down() error {
	o.mu.RLock()
	defer o.mu.RUnlock()
	return o.err
}

// Add adds the comment to the store, unless the store is down.
func (o *Outage) Add(ctx context.Context, c comment.Comment) (comment.Comment, error) {
	if err := o.down(); err != nil {
		return comment.Comment{}, err
	}
	return o.Store.Add(ctx, c)
}

// Get gets the comment from the store, unless the store is down.
func (o *Outage) Get(ctx context.Context, id string) (comment.Comment, error) {
	if err := o.down(); err != nil {
		return comment.Comment{}, err
	}
	return o.Store.Get(ctx, id)
}

// ListApproved lists the store's comments, unless the store is down.
func (o *Outage) ListApproved(ctx context.Context, articleID string, req comment.PageRequest) (comment.Page, error) {
	if err := o.down(); err != nil {
		return comment.Page{}, err
	}
	return o.Store.ListApproved(ctx, articleID, req)
}

// Count counts the store's comments, unless the store is down.
func (o *Outage) Count(ctx context.Context, articleID string, status comment.Status) (int, error) {
	if err := o.down(); err != nil {
		return 0, err
	}
	return o.Store.Count(ctx, articleID, status)
}

// Queue lists the store's comments of a status, unless the store is down.
func (o *Outage) Queue(ctx context.Context, status comment.Status, req comment.PageRequest) (comment.Page, error) {
	if err := o.down(); err != nil {
		return comment.Page{}, err
	}
	return o.Store.Queue(ctx, status, req)
}

// SetStatus changes a status in the store, unless the store is down.
func (o *Outage) SetStatus(ctx context.Context, id string, from, to comment.Status, reason comment.Reason) error {
	if err := o.down(); err != nil {
		return err
	}
	return o.Store.SetStatus(ctx, id, from, to, reason)
}

// Export exports from the store, unless the store is down.
func (o *Outage) Export(ctx context.Context, number phone.Number) ([]comment.Comment, error) {
	if err := o.down(); err != nil {
		return nil, err
	}
	return o.Store.Export(ctx, number)
}

// Erase erases in the store, unless the store is down.
func (o *Outage) Erase(ctx context.Context, number phone.Number) (int, error) {
	if err := o.down(); err != nil {
		return 0, err
	}
	return o.Store.Erase(ctx, number)
}
