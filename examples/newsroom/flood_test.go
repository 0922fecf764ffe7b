package main

import (
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFlood sends GETs of an article page from one address over loopback
// after a reader opened it: the reader still posts with their captcha,
// and the process's heap after the flood is within 10 MB of before. It
// sends 5,000 GETs, or BINHLUAN_FLOOD of them (docs/captcha.md gives the
// figures of 200,000); BINHLUAN_FLOOD_LIMITS=0 floods a site without
// limits, whose every answer is the whole page.
func TestFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("the flood is not short")
	}
	n := 5000
	if v := os.Getenv("BINHLUAN_FLOOD"); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		require.NoError(t, err, "BINHLUAN_FLOOD")
	}
	cfg := siteConfig{Limits: defaultLimits()}
	if os.Getenv("BINHLUAN_FLOOD_LIMITS") == "0" {
		cfg.Limits = nil
	}
	h := newHarness(t, cfg)
	reader := h.form()
	before := heap()

	const clients = 4
	var next atomic.Int64
	var codes sync.Map // status → *atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for next.Add(1) <= int64(n) {
				res, err := h.client.Get(h.srv.URL + seedPath)
				if !assert.NoError(t, err) {
					return
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				c, _ := codes.LoadOrStore(res.StatusCode, new(atomic.Int64))
				c.(*atomic.Int64).Add(1)
			}
		})
	}
	wg.Wait()
	took := time.Since(start)
	after := heap()
	var counts []string
	codes.Range(func(k, v any) bool {
		counts = append(counts, strconv.Itoa(k.(int))+": "+strconv.FormatInt(v.(*atomic.Int64).Load(), 10))
		return true
	})
	t.Logf("%d GETs in %v (%.0f/s), by status {%s}; heap %.1f MB before, %.1f MB after; resident %s before the post",
		n, took.Round(time.Millisecond), float64(n)/took.Seconds(), strings.Join(counts, ", "),
		float64(before)/1e6, float64(after)/1e6, residentSize())
	assert.Less(t, float64(after)-float64(before), 10e6, "the heap after the flood is within 10 MB of before")

	h.postComment(reader) // the reader who opened the page before the flood
}

// heap returns the bytes of live heap after a collection.
func heap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// residentSize reads the process's resident memory from /proc, or "?"
// where there is none.
func residentSize() string {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}
