package notify_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/binhluan/binhluan/comment/notify"
)

// BenchmarkNotify measures what a reader's request pays to tell
// moderators: encoding the event and queueing it, with workers emptying
// the queue at once ("queued"), and with a receiver that holds every
// request, so that Notify refuses the event ("full").
func BenchmarkNotify(b *testing.B) {
	ctx := context.Background()
	e := reportEvent("c-bench")
	b.Run("queued", func(b *testing.B) {
		client := &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
			return answer(r, http.StatusNoContent), nil
		})}
		w, err := notify.New("https://toasoan.example.vn/hook", secret, &notify.Config{Queue: 1 << 16, Client: client})
		if err != nil {
			b.Fatal(err)
		}
		var dropped int
		b.ReportAllocs()
		for b.Loop() {
			if err := w.Notify(ctx, e); errors.Is(err, notify.ErrQueueFull) {
				dropped++
			} else if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(dropped)/float64(b.N), "dropped/op")
		if err := w.Close(ctx); err != nil {
			b.Fatal(err)
		}
	})
	b.Run("full", func(b *testing.B) {
		release := make(chan struct{})
		client := &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
			<-release
			return answer(r, http.StatusNoContent), nil
		})}
		w, err := notify.New("https://toasoan.example.vn/hook", secret, &notify.Config{Queue: 1, Workers: 1, Client: client})
		if err != nil {
			b.Fatal(err)
		}
		for range 2 { // one held by the worker, one in the queue, give or take
			_ = w.Notify(ctx, e)
		}
		b.ReportAllocs()
		for b.Loop() {
			_ = w.Notify(ctx, e)
		}
		b.StopTimer()
		close(release)
		if err := w.Close(ctx); err != nil {
			b.Fatal(err)
		}
	})
}
