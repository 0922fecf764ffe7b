package captcha_test

import (
	"context"
	"testing"

	"github.com/binhluan/binhluan/captcha"
)

// BenchmarkWork issues proofs of work, verifies solved ones, and solves
// one at the default WorkMax with native SHA-256, what a bot pays per
// challenge:
//
//	go test -run='^$' -bench=Work -benchmem ./captcha/
func BenchmarkWork(b *testing.B) {
	ctx := context.Background()
	b.Run("new", func(b *testing.B) {
		svc, err := captcha.New(nil)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := svc.NewWork(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("verify", func(b *testing.B) {
		// Verifying costs the same whatever the work was: small challenges
		// solve quickly outside the timer.
		svc, err := captcha.New(&captcha.Config{WorkMax: 100})
		if err != nil {
			b.Fatal(err)
		}
		const batch = 1024
		payloads := make([]string, 0, batch)
		b.ReportAllocs()
		for b.Loop() {
			if len(payloads) == 0 {
				b.StopTimer()
				for range batch {
					c, err := svc.NewWork(ctx)
					if err != nil {
						b.Fatal(err)
					}
					p, err := captcha.SolveWork(ctx, c)
					if err != nil {
						b.Fatal(err)
					}
					payloads = append(payloads, p)
				}
				b.StartTimer()
			}
			if ok, err := svc.VerifyWork(ctx, payloads[len(payloads)-1]); !ok || err != nil {
				b.Fatal("a solution was refused", err)
			}
			payloads = payloads[:len(payloads)-1]
		}
	})
	b.Run("solve", func(b *testing.B) {
		svc, err := captcha.New(nil)
		if err != nil {
			b.Fatal(err)
		}
		c, err := svc.NewWork(ctx)
		if err != nil {
			b.Fatal(err)
		}
		// The whole range, the worst case: twice the average.
		c.Challenge = "0000000000000000000000000000000000000000000000000000000000000000"
		for b.Loop() {
			if _, err := captcha.SolveWork(ctx, c); err != captcha.ErrUnsolved {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(c.MaxNumber+1), "hashes/op")
	})
}
