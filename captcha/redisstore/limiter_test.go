package redisstore_test

import (
	"context"
	"fmt"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/captcha/captchatest"
	"github.com/binhluan/binhluan/captcha/limit"
	"github.com/binhluan/binhluan/captcha/redisstore"
	"github.com/binhluan/binhluan/internal/redistest"
)

// TestLimiterAsMemory sends one sequence of requests, on one fake clock,
// to the Redis limiter and to limit.Memory: the same decisions, the same
// waits.
func TestLimiterAsMemory(t *testing.T) {
	srv := redistest.Start(t)
	ctx := t.Context()
	clock := captchatest.NewClock(time.Now())
	perAddr := limit.Rate{Burst: 3, Every: time.Second}
	perPrefix := limit.Rate{Burst: 5, Every: 200 * time.Millisecond}
	rl, err := redisstore.NewLimiter(srv.Client(), &redisstore.LimiterOptions{PerAddr: perAddr, PerPrefix: perPrefix, Now: clock.Now})
	require.NoError(t, err)
	ml, err := limit.New(&limit.Config{PerAddr: perAddr, PerPrefix: perPrefix, Now: clock.Now})
	require.NoError(t, err)

	addrs := []string{"203.0.113.7", "203.0.113.7", "203.0.113.8", "2001:db8::1", "2001:db8::2", "::ffff:203.0.113.9", "198.51.100.4"}
	allowed := 0
	for i := range 200 {
		a := netip.MustParseAddr(addrs[i%len(addrs)])
		got, err := rl.Allow(ctx, a)
		require.NoError(t, err)
		want, err := ml.Allow(ctx, a)
		require.NoError(t, err)
		require.Equal(t, want, got, "request %d from %s at %v", i, a, clock.Now())
		if got.Allowed {
			allowed++
		}
		clock.Advance(time.Duration(i%7) * 30 * time.Millisecond)
	}
	assert.Positive(t, allowed)
	assert.Less(t, allowed, 200, "some were refused")
}

// TestLimiterExactlyOnce races goroutines of two limiters (two servers)
// for one address's burst: exactly the burst is allowed.
func TestLimiterExactlyOnce(t *testing.T) {
	srv := redistest.Start(t)
	ctx := t.Context()
	now := time.Now()
	clock := func() time.Time { return now }
	opts := &redisstore.LimiterOptions{PerAddr: limit.Rate{Burst: 10, Every: time.Hour}, Now: clock}
	a, err := redisstore.NewLimiter(srv.Client(), opts)
	require.NoError(t, err)
	b, err := redisstore.NewLimiter(srv.Client(), opts)
	require.NoError(t, err)
	var allowed atomic.Int32
	var wg sync.WaitGroup
	for i := range 60 {
		l := a
		if i%2 == 1 {
			l = b
		}
		wg.Go(func() {
			d, err := l.Allow(ctx, netip.MustParseAddr("192.0.2.1"))
			assert.NoError(t, err)
			if d.Allowed {
				allowed.Add(1)
			} else {
				assert.InDelta(t, float64(time.Hour), float64(d.RetryAfter), float64(time.Millisecond))
			}
		})
	}
	wg.Wait()
	assert.Equal(t, int32(10), allowed.Load())
}

// TestLimiterKeys checks what the limiter leaves in Redis: two keys an
// address, sharing a hash tag, gone once the buckets are full again; a
// flood of distinct addresses costs keys that expire with their buckets.
func TestLimiterKeys(t *testing.T) {
	srv := redistest.Start(t)
	ctx := t.Context()
	rdb := srv.Client()
	l, err := redisstore.NewLimiter(rdb, &redisstore.LimiterOptions{Prefix: "t:", PerAddr: limit.Rate{Burst: 2, Every: 50 * time.Millisecond}})
	require.NoError(t, err)
	_, err = l.Allow(ctx, netip.MustParseAddr("2001:db8:1:2::7"))
	require.NoError(t, err)
	keys, err := rdb.Keys(ctx, "*").Result()
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"t:{2001:db8:1:2::/64}", "t:{2001:db8:1:2::/64}:2001:db8:1:2::7"}, keys)
	for _, k := range keys {
		ttl, err := rdb.PTTL(ctx, k).Result()
		require.NoError(t, err)
		assert.Positive(t, ttl, "%s expires", k)
		assert.LessOrEqual(t, ttl, time.Second, "%s expires when the bucket is full again", k)
	}

	for i := range 500 {
		_, err := l.Allow(ctx, netip.MustParseAddr(fmt.Sprintf("10.%d.%d.1", i/250, i%250)))
		require.NoError(t, err)
	}
	require.Eventually(t, func() bool {
		n, err := rdb.DBSize(ctx).Result()
		return err == nil && n == 0
	}, 5*time.Second, 50*time.Millisecond, "every key expires with its bucket")
}

func TestLimiterOutage(t *testing.T) {
	srv := redistest.Start(t)
	l, err := redisstore.NewLimiter(srv.Client(), nil)
	require.NoError(t, err)
	srv.Stop()
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	_, err = l.Allow(ctx, netip.MustParseAddr("192.0.2.1"))
	assert.Error(t, err, "an outage is an error, the site chooses")
	_, err = redisstore.NewLimiter(nil, &redisstore.LimiterOptions{PerAddr: limit.Rate{Burst: -1}})
	assert.Error(t, err, "a bad rate")
}

func BenchmarkLimiterAllow(b *testing.B) {
	srv := redistest.Start(b)
	l, err := redisstore.NewLimiter(srv.Client(), &redisstore.LimiterOptions{PerAddr: limit.Rate{Burst: 1 << 20, Every: time.Microsecond}, PerPrefix: limit.Rate{Burst: 1 << 20, Every: time.Microsecond}})
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	addr := netip.MustParseAddr("192.0.2.1")
	for b.Loop() {
		if _, err := l.Allow(ctx, addr); err != nil {
			b.Fatal(err)
		}
	}
}
