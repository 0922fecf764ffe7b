package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/notify"
)

var secret = []byte("khóa-bí-mật-của-tòa-soạn")

// clock is a fixed time that tests move by hand.
var clock = time.Date(2025, 3, 14, 9, 30, 0, 0, article.Vietnam())

// reportEvent returns a report event on the comment.
func reportEvent(commentID string) comment.Event {
	return comment.Event{
		Kind:      comment.EventReport,
		At:        clock,
		CommentID: commentID,
		ArticleID: "thoi-su-123",
		Report: &comment.Report{
			CommentID: commentID,
			Reader:    "r1-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
			Reason:    comment.ReportOffensive,
			Note:      "Bình luận xúc phạm người khác",
			CreatedAt: clock.Add(-time.Minute),
		},
		Open:     3,
		Requeued: true,
	}
}

// sleeps records the waits of a Webhook, returning at once.
type sleeps struct {
	mu sync.Mutex
	ds []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.ds = append(s.ds, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.ds)
}

// failures collects what OnError is told.
type failures struct {
	mu   sync.Mutex
	errs []error
	evs  []comment.Event
}

func (f *failures) onError(e comment.Event, err error) {
	f.mu.Lock()
	f.evs = append(f.evs, e)
	f.errs = append(f.errs, err)
	f.mu.Unlock()
}

func (f *failures) got() []error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.errs)
}

// testConfig is a Config whose waits are recorded and whose jitter is
// none, with the time fixed at clock.
func testConfig(s *sleeps, f *failures) *notify.Config {
	return &notify.Config{
		Attempts:  3,
		BaseDelay: 100 * time.Millisecond,
		MaxDelay:  time.Second,
		Now:       func() time.Time { return clock },
		Sleep:     s.sleep,
		Jitter:    func(time.Duration) time.Duration { return 0 },
		OnError:   f.onError,
	}
}

// newHook returns a Webhook that tests close.
func newHook(t *testing.T, url string, cfg *notify.Config) *notify.Webhook {
	t.Helper()
	w, err := notify.New(url, secret, cfg)
	if err != nil {
		t.Fatalf("New(%q): %v", url, err)
	}
	t.Cleanup(func() { _ = w.Close(context.Background()) })
	return w
}

// closeHook closes w, failing the test on an error.
func closeHook(t *testing.T, w *notify.Webhook) {
	t.Helper()
	if err := w.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

// received is a request as a receiver saw it.
type received struct {
	id, ts, sig, contentType string
	body                     []byte
}

// read returns the request's headers and body.
func read(r *http.Request) received {
	body, _ := io.ReadAll(r.Body)
	return received{
		id:          r.Header.Get(notify.HeaderEventID),
		ts:          r.Header.Get(notify.HeaderTimestamp),
		sig:         r.Header.Get(notify.HeaderSignature),
		contentType: r.Header.Get("Content-Type"),
		body:        body,
	}
}

func TestDeliverSigned(t *testing.T) {
	got := make(chan received, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			t.Errorf("method %s, want POST", r.Method)
		}
		rec := read(r)
		if err := notify.Verify(secret, rec.ts, rec.sig, rec.body, clock, time.Minute); err != nil {
			t.Errorf("Verify: %v", err)
			http.Error(w, "bad signature", http.StatusUnauthorized)
		}
		got <- rec
	}))
	defer srv.Close()
	var s sleeps
	var f failures
	w := newHook(t, srv.URL, testConfig(&s, &f))
	want := reportEvent("c-1")
	if err := w.Notify(context.Background(), want); err != nil {
		t.Fatalf("Notify: %v", err)
	}
	rec := <-got
	closeHook(t, w)

	if rec.contentType != "application/json" {
		t.Errorf("Content-Type %q, want application/json", rec.contentType)
	}
	if len(rec.id) != 26 {
		t.Errorf("event ID %q, want 26 characters", rec.id)
	}
	if rec.ts != strconv.FormatInt(clock.Unix(), 10) {
		t.Errorf("timestamp %q, want %d", rec.ts, clock.Unix())
	}
	var e comment.Event
	if err := json.Unmarshal(rec.body, &e); err != nil {
		t.Fatalf("the body is not an event: %v\n%s", err, rec.body)
	}
	if e.Kind != want.Kind || e.CommentID != want.CommentID || e.ArticleID != want.ArticleID ||
		!e.At.Equal(want.At) || e.Open != want.Open || e.Requeued != want.Requeued {
		t.Errorf("received event %+v, want %+v", e, want)
	}
	if e.Report == nil || e.Report.Note != want.Report.Note || e.Report.Reason != want.Report.Reason ||
		!e.Report.CreatedAt.Equal(want.Report.CreatedAt) {
		t.Errorf("received report %+v, want %+v", e.Report, want.Report)
	}
	if st := w.Stats(); st != (notify.Stats{Queued: 1, Delivered: 1}) {
		t.Errorf("Stats %+v, want one queued and delivered", st)
	}
	if len(s.got()) != 0 || len(f.got()) != 0 {
		t.Errorf("waits %v and failures %v, want none", s.got(), f.got())
	}
}

func TestRetryThenDeliver(t *testing.T) {
	var mu sync.Mutex
	var ids []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := read(r)
		mu.Lock()
		ids = append(ids, rec.id)
		n := len(ids)
		mu.Unlock()
		if n <= 2 {
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	var s sleeps
	var f failures
	w := newHook(t, srv.URL, testConfig(&s, &f))
	if err := w.Notify(context.Background(), reportEvent("c-2")); err != nil {
		t.Fatalf("Notify: %v", err)
	}
	closeHook(t, w)

	mu.Lock()
	defer mu.Unlock()
	if len(ids) != 3 || ids[0] != ids[1] || ids[1] != ids[2] {
		t.Errorf("event IDs %q, want the same one three times", ids)
	}
	if st := w.Stats(); st != (notify.Stats{Queued: 1, Delivered: 1, Retried: 2}) {
		t.Errorf("Stats %+v, want delivered once after 2 retries", st)
	}
	// Waits of 100ms and 200ms, with no jitter drawn: half of each.
	if want := []time.Duration{50 * time.Millisecond, 100 * time.Millisecond}; !slices.Equal(s.got(), want) {
		t.Errorf("waits %v, want %v", s.got(), want)
	}
	if errs := f.got(); len(errs) != 0 {
		t.Errorf("failures %v, want none", errs)
	}
}

func TestReceiverDown(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	var s sleeps
	var f failures
	w := newHook(t, srv.URL, testConfig(&s, &f))
	e := reportEvent("c-3")
	if err := w.Notify(context.Background(), e); err != nil {
		t.Fatalf("Notify: %v", err)
	}
	closeHook(t, w)

	if st := w.Stats(); st != (notify.Stats{Queued: 1, Retried: 2, Failed: 1}) {
		t.Errorf("Stats %+v, want failed after 2 retries", st)
	}
	errs := f.got()
	if len(errs) != 1 {
		t.Fatalf("failures %v, want one", errs)
	}
	var ue *url.Error
	if !errors.As(errs[0], &ue) {
		t.Errorf("failure %v, want a *url.Error of the connection", errs[0])
	}
	if f.evs[0].CommentID != e.CommentID {
		t.Errorf("failed event on %q, want %q", f.evs[0].CommentID, e.CommentID)
	}
	if len(s.got()) != 2 {
		t.Errorf("waits %v, want 2", s.got())
	}
}

func TestStatusRetried(t *testing.T) {
	tests := []struct {
		status int
		hits   int32
	}{
		{http.StatusBadRequest, 1},
		{http.StatusUnauthorized, 1},
		{http.StatusNotFound, 1},
		{http.StatusGone, 1},
		{http.StatusUnprocessableEntity, 1},
		{http.StatusMovedPermanently, 1}, // the default client follows no redirect
		{http.StatusRequestTimeout, 3},
		{http.StatusTooManyRequests, 3},
		{http.StatusInternalServerError, 3},
		{http.StatusBadGateway, 3},
		{http.StatusServiceUnavailable, 3},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.status), func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/moved" {
					return // a redirect followed would deliver here
				}
				hits.Add(1)
				w.Header().Set("Location", "/moved")
				w.WriteHeader(tt.status)
			}))
			defer srv.Close()
			var s sleeps
			var f failures
			w := newHook(t, srv.URL+"/hook", testConfig(&s, &f))
			if err := w.Notify(context.Background(), reportEvent("c-4")); err != nil {
				t.Fatalf("Notify: %v", err)
			}
			closeHook(t, w)
			if got := hits.Load(); got != tt.hits {
				t.Errorf("%d requests, want %d", got, tt.hits)
			}
			errs := f.got()
			if len(errs) != 1 {
				t.Fatalf("failures %v, want one", errs)
			}
			var se *notify.StatusError
			if !errors.As(errs[0], &se) || se.StatusCode != tt.status {
				t.Errorf("failure %v, want a StatusError of %d", errs[0], tt.status)
			}
			if st := w.Stats(); st.Failed != 1 || st.Retried != uint64(tt.hits-1) || st.Delivered != 0 {
				t.Errorf("Stats %+v, want failed after %d retries", st, tt.hits-1)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		name, value string
		status      int
		wait        time.Duration
	}{
		{"seconds", "7", http.StatusTooManyRequests, 7 * time.Second},
		{"unavailable", "3", http.StatusServiceUnavailable, 3 * time.Second},
		{"capped", "3600", http.StatusTooManyRequests, 30 * time.Second},
		{"date", clock.Add(20 * time.Second).UTC().Format(http.TimeFormat), http.StatusTooManyRequests, 20 * time.Second},
		{"past date", clock.Add(-time.Hour).UTC().Format(http.TimeFormat), http.StatusTooManyRequests, 50 * time.Millisecond},
		{"negative", "-5", http.StatusTooManyRequests, 50 * time.Millisecond},
		{"garbage", "bây giờ", http.StatusTooManyRequests, 50 * time.Millisecond},
		{"none", "", http.StatusTooManyRequests, 50 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if hits.Add(1) == 1 {
					if tt.value != "" {
						w.Header().Set("Retry-After", tt.value)
					}
					w.WriteHeader(tt.status)
				}
			}))
			defer srv.Close()
			var s sleeps
			var f failures
			cfg := testConfig(&s, &f)
			cfg.MaxRetryAfter = 30 * time.Second
			w := newHook(t, srv.URL, cfg)
			if err := w.Notify(context.Background(), reportEvent("c-5")); err != nil {
				t.Fatalf("Notify: %v", err)
			}
			closeHook(t, w)
			if want := []time.Duration{tt.wait}; !slices.Equal(s.got(), want) {
				t.Errorf("waits %v, want %v", s.got(), want)
			}
			if st := w.Stats(); st.Delivered != 1 || st.Retried != 1 {
				t.Errorf("Stats %+v, want delivered after 1 retry", st)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	var s sleeps
	var f failures
	cfg := testConfig(&s, &f)
	cfg.Attempts = 6
	var mu sync.Mutex
	var drawn []time.Duration
	cfg.Jitter = func(n time.Duration) time.Duration {
		mu.Lock()
		drawn = append(drawn, n)
		mu.Unlock()
		return n - 1 // the most it may return
	}
	cfg.MaxDelay = 500 * time.Millisecond
	w := newHook(t, srv.URL, cfg)
	if err := w.Notify(context.Background(), reportEvent("c-6")); err != nil {
		t.Fatalf("Notify: %v", err)
	}
	closeHook(t, w)
	ms := time.Millisecond
	if want := []time.Duration{100 * ms, 200 * ms, 400 * ms, 500 * ms, 500 * ms}; !slices.Equal(s.got(), want) {
		t.Errorf("waits %v, want %v", s.got(), want)
	}
	if want := []time.Duration{50*ms + 1, 100*ms + 1, 200*ms + 1, 250*ms + 1, 250*ms + 1}; !slices.Equal(drawn, want) {
		t.Errorf("jitter drawn below %v, want %v", drawn, want)
	}
	if hits.Load() != 6 {
		t.Errorf("%d requests, want 6", hits.Load())
	}
}

// gate is a receiver that holds every request until released, telling
// of each on arrived.
type gate struct {
	arrived chan struct{}
	release chan struct{}
	once    sync.Once
}

func newGate(t *testing.T, n int) (*gate, *httptest.Server) {
	g := &gate{arrived: make(chan struct{}, n), release: make(chan struct{})}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		g.arrived <- struct{}{}
		select {
		case <-g.release:
		case <-r.Context().Done():
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(g.open) // runs before srv.Close
	return g, srv
}

func (g *gate) open() { g.once.Do(func() { close(g.release) }) }

// notifyAsync calls Notify on another goroutine and returns its result,
// failing the test if it does not come: Notify must not wait for the
// receiver, which the gate holds while this runs.
func notifyAsync(t *testing.T, w *notify.Webhook, e comment.Event) error {
	t.Helper()
	res := make(chan error, 1)
	go func() { res <- w.Notify(context.Background(), e) }()
	select {
	case err := <-res:
		return err
	case <-time.After(time.Minute):
		t.Fatal("Notify waits for the receiver")
		return nil
	}
}

// held returns a Webhook of one worker and the queue size, whose
// receiver holds every request until the gate opens, with n events
// notified: the worker holds the first, the others wait in the queue.
func held(t *testing.T, queue, n int) (*gate, *notify.Webhook, *failures) {
	t.Helper()
	g, srv := newGate(t, n)
	var f failures
	cfg := testConfig(new(sleeps), &f)
	cfg.Workers, cfg.Queue = 1, queue
	w := newHook(t, srv.URL, cfg)
	for i := range n {
		if err := notifyAsync(t, w, reportEvent("c-"+strconv.Itoa(i))); err != nil {
			t.Fatalf("Notify %d: %v", i, err)
		}
		if i == 0 {
			<-g.arrived
		}
	}
	return g, w, &f
}

func TestQueueFull(t *testing.T) {
	g, w, _ := held(t, 2, 3)
	err := notifyAsync(t, w, reportEvent("c-full"))
	if !errors.Is(err, notify.ErrQueueFull) {
		t.Fatalf("Notify on a full queue: %v, want ErrQueueFull", err)
	}
	if st := w.Stats(); st != (notify.Stats{Queued: 3, Pending: 2, Dropped: 1}) {
		t.Errorf("Stats %+v, want 3 queued, 2 pending, 1 dropped", st)
	}
	g.open()
	closeHook(t, w)
	if st := w.Stats(); st != (notify.Stats{Queued: 3, Delivered: 3, Dropped: 1}) {
		t.Errorf("Stats after Close %+v, want 3 delivered, 1 dropped", st)
	}
}

func TestCloseDrains(t *testing.T) {
	g, w, _ := held(t, 4, 5)
	closed := make(chan error, 1)
	go func() { closed <- w.Close(context.Background()) }()
	// The queue is full until Close stops taking events.
	for {
		err := w.Notify(context.Background(), reportEvent("c-probe"))
		if errors.Is(err, notify.ErrClosed) {
			break
		}
		if !errors.Is(err, notify.ErrQueueFull) {
			t.Fatalf("Notify on a full queue: %v, want ErrQueueFull", err)
		}
		runtime.Gosched()
	}
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) while the receiver holds the first event", err)
	default:
	}
	g.open()
	if err := <-closed; err != nil {
		t.Fatalf("Close: %v", err)
	}
	if st := w.Stats(); st.Queued != 5 || st.Delivered != 5 || st.Failed != 0 || st.Pending != 0 {
		t.Errorf("Stats %+v, want the 5 delivered", st)
	}
	if err := w.Close(context.Background()); !errors.Is(err, notify.ErrClosed) {
		t.Errorf("second Close: %v, want ErrClosed", err)
	}
}

func TestCloseGivesUp(t *testing.T) {
	_, w, f := held(t, 0, 3)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := w.Close(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Close with its context ended: %v, want context.Canceled", err)
	}
	errs := f.got()
	if len(errs) != 3 {
		t.Fatalf("failures %v, want the 3 events", errs)
	}
	for _, err := range errs {
		if !errors.Is(err, notify.ErrClosed) {
			t.Errorf("failure %v, want ErrClosed", err)
		}
	}
	if st := w.Stats(); st != (notify.Stats{Queued: 3, Failed: 3}) {
		t.Errorf("Stats %+v, want the 3 failed", st)
	}
}

func TestNewRefuses(t *testing.T) {
	tests := []struct {
		name, url string
		secret    []byte
		cfg       *notify.Config
	}{
		{"ftp", "ftp://example.vn/hook", secret, nil},
		{"no scheme", "example.vn/hook", secret, nil},
		{"no host", "https:///hook", secret, nil},
		{"port only", "https://:8443/hook", secret, nil},
		{"unparsable", "http://[::1", secret, nil},
		{"empty", "", secret, nil},
		{"short secret", "https://example.vn/hook", []byte("mười lăm b"), nil},
		{"no secret", "https://example.vn/hook", nil, nil},
		{"negative queue", "https://example.vn/hook", secret, &notify.Config{Queue: -1}},
		{"negative workers", "https://example.vn/hook", secret, &notify.Config{Workers: -1}},
		{"negative attempts", "https://example.vn/hook", secret, &notify.Config{Attempts: -1}},
		{"negative timeout", "https://example.vn/hook", secret, &notify.Config{Timeout: -time.Second}},
		{"max below base", "https://example.vn/hook", secret, &notify.Config{BaseDelay: time.Minute, MaxDelay: time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := notify.New(tt.url, tt.secret, tt.cfg)
			if err == nil {
				_ = w.Close(context.Background())
				t.Fatalf("New(%q) took it", tt.url)
			}
		})
	}
}

func TestNotifyKeepsEncoding(t *testing.T) {
	got := make(chan received, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- read(r)
	}))
	defer srv.Close()
	var s sleeps
	var f failures
	w := newHook(t, srv.URL, testConfig(&s, &f))
	e := reportEvent("c-7")
	if err := w.Notify(context.Background(), e); err != nil {
		t.Fatalf("Notify: %v", err)
	}
	e.Report.Note = "đã sửa sau khi gửi"
	var sent comment.Event
	if err := json.Unmarshal((<-got).body, &sent); err != nil {
		t.Fatal(err)
	}
	if sent.Report.Note != "Bình luận xúc phạm người khác" {
		t.Errorf("sent note %q, want the one at Notify", sent.Report.Note)
	}
	bad := reportEvent("c-8")
	bad.At = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := w.Notify(context.Background(), bad); err == nil {
		t.Error("Notify took an event JSON cannot hold")
	}
}
