package captcha

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	dchest "github.com/dchest/captcha"
)

// benchDigits is the challenge both libraries draw in BenchmarkPNG.
const benchDigits = "381964"

// BenchmarkPNG draws one 240×80 image of six digits and encodes it to
// io.Discard, ours and github.com/dchest/captcha's in one run, so that the
// ratio comes from the same machine at the same moment:
//
//	go test -run='^$' -bench=PNG -benchmem ./captcha/
//
// "service" adds what a request adds: the store lookup, and a buffer as
// the handler's.
func BenchmarkPNG(b *testing.B) {
	// Each library draws a different image every time, from a cycle of
	// seeds or ids: one image over and over would let the processor learn
	// its branches.
	const cycle = 256
	b.Run("binhluan", func(b *testing.B) {
		r := newImageRenderer(DefaultWidth, DefaultHeight)
		var cw countingWriter
		b.ReportAllocs()
		seed := uint64(0)
		for b.Loop() {
			seed = (seed + 1) % cycle
			if err := r.writePNG(&cw, benchDigits, seed); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(cw.n)/float64(b.N), "png-B/op")
	})
	b.Run("service", func(b *testing.B) {
		ctx := context.Background()
		svc, err := New(nil)
		if err != nil {
			b.Fatal(err)
		}
		ids := make([]string, cycle)
		for i := range ids {
			if ids[i], err = svc.New(ctx); err != nil {
				b.Fatal(err)
			}
		}
		var buf bytes.Buffer
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			buf.Reset()
			if err := svc.WriteImage(ctx, &buf, ids[i%cycle]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("dchest", func(b *testing.B) {
		digits := make([]byte, len(benchDigits))
		for i := range digits {
			digits[i] = benchDigits[i] - '0' // dchest takes digit values
		}
		ids := make([]string, cycle)
		for i := range ids {
			ids[i] = fmt.Sprint("benchmark-", i) // dchest seeds its noise from the id
		}
		var cw countingWriter
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			img := dchest.NewImage(ids[i%cycle], digits, dchest.StdWidth, dchest.StdHeight)
			if _, err := img.WriteTo(&cw); err != nil {
				b.Fatal(err)
			}
			i++
		}
		b.ReportMetric(float64(cw.n)/float64(b.N), "png-B/op")
	})
}

// countingWriter is io.Discard that counts.
type countingWriter struct{ n int }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += len(p)
	return len(p), nil
}

// BenchmarkWAV makes the audio of six digits in Vietnamese.
func BenchmarkWAV(b *testing.B) {
	v, err := voices[Vietnamese]()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var buf []byte
	seed := uint64(0)
	for b.Loop() {
		seed++
		buf = appendWAV(buf[:0], v, benchDigits, seed)
	}
	b.ReportMetric(float64(len(buf)), "wav-B")
	_, _ = io.Discard.Write(buf)
}

// BenchmarkNewVerify is a challenge's life without its image: made,
// answered, gone.
func BenchmarkNewVerify(b *testing.B) {
	ctx := context.Background()
	store := NewMemoryStore(nil)
	svc, err := New(&Config{Store: store})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		id, err := svc.New(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := svc.Verify(ctx, id, "123456"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMemoryStoreFull spends ids in a full store, each dropping the
// oldest.
func BenchmarkMemoryStoreFull(b *testing.B) {
	ctx := context.Background()
	const capacity = 10_000
	s := NewMemoryStore(&MemoryConfig{Capacity: capacity})
	ids := make([]string, 4*capacity)
	for i := range ids {
		ids[i] = fmt.Sprint("id-", i)
	}
	until := time.Now().Add(time.Hour)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_, _ = s.Spend(ctx, ids[i%len(ids)], until.Add(time.Duration(i)))
		i++
	}
	if s.Len() > capacity {
		b.Fatalf("%d held, capacity %d", s.Len(), capacity)
	}
}

// BenchmarkNew issues one challenge, as every page with a comment form
// does.
func BenchmarkNew(b *testing.B) {
	ctx := context.Background()
	svc, err := New(nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := svc.New(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify checks answers to challenges issued beforehand, a batch
// at a time outside the timer: every Verify uses its challenge up.
func BenchmarkVerify(b *testing.B) {
	ctx := context.Background()
	svc, err := New(nil)
	if err != nil {
		b.Fatal(err)
	}
	const batch = 1024
	ids := make([]string, 0, batch)
	b.ReportAllocs()
	for b.Loop() {
		if len(ids) == 0 {
			b.StopTimer()
			for range batch {
				id, err := svc.New(ctx)
				if err != nil {
					b.Fatal(err)
				}
				ids = append(ids, id)
			}
			b.StartTimer()
		}
		if _, err := svc.Verify(ctx, ids[len(ids)-1], benchDigits); err != nil {
			b.Fatal(err)
		}
		ids = ids[:len(ids)-1]
	}
}
