package notify_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/notify"
)

// roundTrip is an http.RoundTripper of a function, a receiver without a
// network, so that the workers run inside a synctest bubble.
type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// answer returns a response of the status with an empty body.
func answer(r *http.Request, status int) *http.Response {
	return &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(nil)), Request: r}
}

// workers returns how many goroutines run a Webhook's workers, once every
// other goroutine of the bubble is blocked or gone.
func workers() int {
	synctest.Wait()
	buf := make([]byte, 1<<20)
	return strings.Count(string(buf[:runtime.Stack(buf, true)]), "notify.(*Webhook).work")
}

func TestCloseStopsWorkers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var hits atomic.Int32
		client := &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
			if hits.Add(1)%2 == 1 {
				return answer(r, http.StatusServiceUnavailable), nil
			}
			return answer(r, http.StatusNoContent), nil
		})}
		w, err := notify.New("https://toasoan.example.vn/hook", secret, &notify.Config{Workers: 4, Client: client})
		if err != nil {
			t.Fatal(err)
		}
		if n := workers(); n != 4 {
			t.Fatalf("%d workers running after New, want 4", n)
		}
		for range 10 {
			if err := w.Notify(context.Background(), reportEvent("c-leak")); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(context.Background()); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if st := w.Stats(); st.Delivered != 10 || st.Retried != 10 {
			t.Errorf("Stats %+v, want 10 delivered after one retry each", st)
		}
		if n := workers(); n != 0 {
			t.Errorf("%d workers still running after Close", n)
		}
	})
}

func TestCloseTimeoutStopsWorkers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client := &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
			<-r.Context().Done() // a receiver that never answers
			return nil, r.Context().Err()
		})}
		var failed atomic.Int32
		w, err := notify.New("https://toasoan.example.vn/hook", secret, &notify.Config{
			Workers: 2, Client: client, Timeout: time.Hour,
			OnError: func(_ comment.Event, err error) {
				if errors.Is(err, notify.ErrClosed) {
					failed.Add(1)
				}
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		for range 5 {
			if err := w.Notify(context.Background(), reportEvent("c-stuck")); err != nil {
				t.Fatal(err)
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		start := time.Now()
		if err := w.Close(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Close: %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d != time.Second {
			t.Errorf("Close took %v of the bubble's time, want its 1s", d)
		}
		if failed.Load() != 5 {
			t.Errorf("%d events given up with ErrClosed, want 5", failed.Load())
		}
		if n := workers(); n != 0 {
			t.Errorf("%d workers still running after Close", n)
		}
	})
}
