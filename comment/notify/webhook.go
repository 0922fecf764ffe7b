package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/binhluan/binhluan/comment"
)

// Errors of a Webhook, wrapped with details: compare with errors.Is.
var (
	// ErrQueueFull means Notify dropped the event: as many events as the
	// queue holds wait already, because the receiver is slow or down.
	ErrQueueFull = errors.New("notify: webhook queue full")
	// ErrClosed means the Webhook is closed: Notify takes no event, and
	// an event still queued or in delivery when Close's context ended
	// was given up.
	ErrClosed = errors.New("notify: webhook closed")
)

// Defaults of a [Config] field left zero.
const (
	DefaultQueue         = 1000
	DefaultWorkers       = 2
	DefaultAttempts      = 5
	DefaultBaseDelay     = time.Second
	DefaultMaxDelay      = time.Minute
	DefaultMaxRetryAfter = 2 * time.Minute
	DefaultTimeout       = 10 * time.Second
)

// drainLimit is how much of a response body a worker reads, so that the
// connection can be reused, before closing it.
const drainLimit = 64 << 10

// Config tunes a Webhook. A nil *Config, or a zero field, means the
// default; a negative number or duration is refused.
type Config struct {
	// Queue is how many events wait for delivery at most (DefaultQueue).
	Queue int
	// Workers is how many goroutines deliver events, each one request at
	// a time (DefaultWorkers).
	Workers int
	// Attempts is how many times an event is sent at most, the first
	// included (DefaultAttempts); 1 never retries.
	Attempts int
	// BaseDelay is the wait before the first retry, doubled before each
	// next one up to MaxDelay; each wait is drawn between half of that
	// and all of it (DefaultBaseDelay, DefaultMaxDelay).
	BaseDelay, MaxDelay time.Duration
	// MaxRetryAfter caps the wait a receiver asks for in Retry-After
	// (DefaultMaxRetryAfter).
	MaxRetryAfter time.Duration
	// Timeout bounds each request, the reading of the response's status
	// included (DefaultTimeout).
	Timeout time.Duration
	// Client sends the requests. The default follows no redirect (a 3xx
	// is a refusal) and has a transport of its own, whose idle
	// connections Close closes. A Client given must honour the request's
	// context.
	Client *http.Client
	// OnError, when set, is told of each event given up, with why: an
	// error wrapping the last response's [*StatusError] or the network
	// error, or [ErrClosed] for an event Close's context cut short. It
	// runs on a worker and must be safe for concurrent use.
	OnError func(comment.Event, error)
	// Now gives the time of the signatures and of Retry-After dates
	// (time.Now).
	Now func() time.Time
	// Sleep waits d or until ctx ends, returning ctx.Err() then
	// (a timer). Tests give one that records the waits.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a random duration in [0, n) for n > 0 (math/rand/v2:
	// the jitter needs no secret randomness).
	Jitter func(n time.Duration) time.Duration
}

// Stats counts what a Webhook did since New.
type Stats struct {
	// Queued counts the events Notify accepted; Pending is how many of
	// them wait in the queue now.
	Queued  uint64
	Pending int
	// Delivered counts the events a receiver answered with a 2xx.
	Delivered uint64
	// Retried counts the requests that sent an event again.
	Retried uint64
	// Failed counts the events given up (see Config.OnError).
	Failed uint64
	// Dropped counts the events Notify refused with ErrQueueFull.
	Dropped uint64
}

// StatusError is a receiver's answer other than a 2xx.
type StatusError struct {
	// StatusCode is the response's status code.
	StatusCode int
}

// Error returns the status, as "notify: webhook answered 503 Service
// Unavailable".
func (e *StatusError) Error() string {
	return fmt.Sprintf("notify: webhook answered %d %s", e.StatusCode, http.StatusText(e.StatusCode))
}

// Webhook is a [comment.Notifier] that posts events to a URL. Make one
// with [New] and stop it with [Webhook.Close]. It is safe for concurrent
// use.
type Webhook struct {
	url      string
	secret   []byte
	cfg      Config
	ownsConn bool // cfg.Client was made by New

	mu     sync.RWMutex // guards closed and sending on queue against close(queue)
	closed bool
	queue  chan *job

	stop   context.Context // ends when Close's context does, or Close returns
	cancel context.CancelFunc
	wg     sync.WaitGroup

	queued, delivered, retried, failed, dropped, abandoned atomic.Uint64
}

var _ comment.Notifier = (*Webhook)(nil)

// job is an event as queued: encoded once, with its ID.
type job struct {
	event comment.Event
	id    string
	body  []byte
}

// New returns a Webhook posting to rawURL, an http or https URL with a
// host, and signing with secret (at least MinSecret bytes, copied), and
// starts its workers. cfg may be nil.
func New(rawURL string, secret []byte, cfg *Config) (*Webhook, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("notify: webhook URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("notify: webhook URL %q is not http or https", u.Redacted())
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("notify: webhook URL %q has no host", u.Redacted())
	}
	if len(secret) < MinSecret {
		return nil, fmt.Errorf("notify: a webhook secret needs %d bytes, not %d", MinSecret, len(secret))
	}
	w := &Webhook{url: u.String(), secret: bytes.Clone(secret)}
	if cfg != nil {
		w.cfg = *cfg
	}
	if err := w.cfg.fill(); err != nil {
		return nil, err
	}
	if cfg == nil || cfg.Client == nil {
		w.ownsConn = true
	}
	w.queue = make(chan *job, w.cfg.Queue)
	w.stop, w.cancel = context.WithCancel(context.Background())
	w.wg.Add(w.cfg.Workers)
	for range w.cfg.Workers {
		go w.work()
	}
	return w, nil
}

// fill checks c and puts the defaults in its zero fields.
func (c *Config) fill() error {
	for _, f := range []struct {
		name string
		v    *int
		def  int
	}{{"queue", &c.Queue, DefaultQueue}, {"workers", &c.Workers, DefaultWorkers}, {"attempts", &c.Attempts, DefaultAttempts}} {
		if *f.v < 0 {
			return fmt.Errorf("notify: negative %s (%d)", f.name, *f.v)
		}
		if *f.v == 0 {
			*f.v = f.def
		}
	}
	for _, f := range []struct {
		name string
		v    *time.Duration
		def  time.Duration
	}{{"base delay", &c.BaseDelay, DefaultBaseDelay}, {"maximum delay", &c.MaxDelay, DefaultMaxDelay},
		{"maximum Retry-After", &c.MaxRetryAfter, DefaultMaxRetryAfter}, {"timeout", &c.Timeout, DefaultTimeout}} {
		if *f.v < 0 {
			return fmt.Errorf("notify: negative %s (%v)", f.name, *f.v)
		}
		if *f.v == 0 {
			*f.v = f.def
		}
	}
	if c.MaxDelay < c.BaseDelay {
		return fmt.Errorf("notify: the maximum delay %v is below the base delay %v", c.MaxDelay, c.BaseDelay)
	}
	if c.Client == nil {
		c.Client = &http.Client{
			Transport: http.DefaultTransport.(*http.Transport).Clone(),
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Sleep == nil {
		c.Sleep = sleep
	}
	if c.Jitter == nil {
		c.Jitter = mrand.N[time.Duration]
	}
	return nil
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Notify queues the event for delivery and returns at once. It returns an
// error wrapping ErrQueueFull when the queue is full (the event is
// dropped and counted), ErrClosed after Close, or the error of encoding
// an event JSON cannot hold (a time beyond year 9999). ctx is not kept:
// delivery outlives the request that made the event. The event is encoded
// before Notify returns, so the caller may change it afterwards.
func (w *Webhook) Notify(ctx context.Context, e comment.Event) error {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return ErrClosed
	}
	if len(w.queue) == cap(w.queue) {
		return w.drop(e)
	}
	body, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("notify: encoding the %s event: %w", e.Kind, err)
	}
	select {
	case w.queue <- &job{event: e, id: rand.Text(), body: body}:
		w.queued.Add(1)
		return nil
	default: // filled while the event was encoded
		return w.drop(e)
	}
}

// drop counts an event refused by a full queue and returns why.
func (w *Webhook) drop(e comment.Event) error {
	w.dropped.Add(1)
	return fmt.Errorf("%w: %s event on comment %q dropped, %d waiting", ErrQueueFull, e.Kind, e.CommentID, cap(w.queue))
}

// Stats returns the counts so far.
func (w *Webhook) Stats() Stats {
	return Stats{
		Queued:    w.queued.Load(),
		Pending:   len(w.queue),
		Delivered: w.delivered.Load(),
		Retried:   w.retried.Load(),
		Failed:    w.failed.Load(),
		Dropped:   w.dropped.Load(),
	}
}

// Close stops taking events and waits for the workers to deliver those
// queued, then for them to stop. When ctx ends first, the delivery under
// way is abandoned and the events left are given up, each reported to
// OnError with an error wrapping ErrClosed; Close still waits for the
// workers to stop, and returns an error wrapping ctx.Err(). Closing again
// returns ErrClosed.
func (w *Webhook) Close(ctx context.Context) error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return ErrClosed
	}
	w.closed = true
	close(w.queue)
	w.mu.Unlock()

	done := make(chan struct{})
	go func() {
		w.wg.Wait()
		close(done)
	}()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		w.cancel()
		<-done
		err = fmt.Errorf("notify: closing the webhook: %w (%d events not delivered)", ctx.Err(), w.abandoned.Load())
	}
	w.cancel()
	if w.ownsConn {
		w.cfg.Client.CloseIdleConnections()
	}
	return err
}

// work delivers queued events until the queue is closed and empty.
func (w *Webhook) work() {
	defer w.wg.Done()
	for j := range w.queue {
		w.deliver(j)
	}
}

// deliver sends the event until a receiver takes it, refuses it for good,
// the attempts run out or Close gives up.
func (w *Webhook) deliver(j *job) {
	var err error
	for attempt := 1; ; attempt++ {
		if w.stop.Err() != nil {
			err = w.abandon(err)
			break
		}
		if attempt > 1 {
			w.retried.Add(1)
		}
		var wait time.Duration
		var again bool
		wait, again, err = w.send(j)
		if err == nil {
			w.delivered.Add(1)
			return
		}
		if w.stop.Err() != nil {
			err = w.abandon(err)
			break
		}
		if !again || attempt >= w.cfg.Attempts {
			err = fmt.Errorf("notify: %s event %s on comment %q not delivered (%d attempts): %w", j.event.Kind, j.id, j.event.CommentID, attempt, err)
			break
		}
		if wait <= 0 {
			wait = w.backoff(attempt)
		}
		if w.cfg.Sleep(w.stop, wait) != nil {
			err = w.abandon(err)
			break
		}
	}
	w.failed.Add(1)
	if w.cfg.OnError != nil {
		w.cfg.OnError(j.event, err)
	}
}

// abandon counts an event Close gave up and returns why, with the last
// attempt's error if there was one.
func (w *Webhook) abandon(last error) error {
	w.abandoned.Add(1)
	if last == nil {
		return fmt.Errorf("%w before the event was sent", ErrClosed)
	}
	return fmt.Errorf("%w before the event was delivered: %w", ErrClosed, last)
}

// send makes one attempt. It returns nil for a 2xx; otherwise the error,
// whether another attempt may pass, and the wait the receiver asked for
// (zero when it asked for none).
func (w *Webhook) send(j *job) (wait time.Duration, again bool, err error) {
	ctx, cancel := context.WithTimeout(w.stop, w.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(j.body))
	if err != nil {
		return 0, false, err
	}
	ts := strconv.FormatInt(w.cfg.Now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "binhluan-notify")
	req.Header.Set(HeaderEventID, j.id)
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, Sign(w.secret, ts, j.body))
	resp, err := w.cfg.Client.Do(req)
	if err != nil {
		return 0, true, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, drainLimit))
	code := resp.StatusCode
	switch {
	case code >= 200 && code < 300:
		return 0, false, nil
	case code == http.StatusRequestTimeout, code == http.StatusTooManyRequests, code >= 500:
		return w.retryAfter(resp.Header.Get("Retry-After")), true, &StatusError{code}
	}
	return 0, false, &StatusError{code}
}

// retryAfter returns the wait a Retry-After value asks for, in seconds or
// as an HTTP date, capped at MaxRetryAfter; zero when there is none or it
// does not parse.
func (w *Webhook) retryAfter(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if s, ok := parseTimestamp(v); ok {
		if s > int64(w.cfg.MaxRetryAfter/time.Second) {
			return w.cfg.MaxRetryAfter
		}
		d = time.Duration(s) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(w.cfg.Now())
	}
	return max(0, min(d, w.cfg.MaxRetryAfter))
}

// backoff returns the wait before the retry after the attempt: BaseDelay
// doubled attempt-1 times, at most MaxDelay, of which the second half is
// drawn at random.
func (w *Webhook) backoff(attempt int) time.Duration {
	d := w.cfg.BaseDelay
	for i := 1; i < attempt && d < w.cfg.MaxDelay; i++ {
		if d > w.cfg.MaxDelay/2 {
			d = w.cfg.MaxDelay
			break
		}
		d *= 2
	}
	half := d / 2
	if half <= 0 {
		return d
	}
	return d - half + min(max(w.cfg.Jitter(half+1), 0), half)
}
