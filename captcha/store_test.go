package captcha_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/captcha"
	"github.com/binhluan/binhluan/captcha/captchatest"
)

var t0 = time.Date(2020, 11, 29, 12, 48, 0, 0, time.UTC)

func challenge(digits string, expires time.Time) captcha.Challenge {
	return captcha.Challenge{Digits: digits, Seed: 7, Expires: expires}
}

func TestMemoryStore(t *testing.T) {
	ctx := context.Background()
	clock := captchatest.NewClock(t0)
	s := captcha.NewMemoryStore(&captcha.MemoryConfig{Capacity: 3, Now: clock.Now})

	_, err := s.Get(ctx, "nope")
	require.ErrorIs(t, err, captcha.ErrNotFound, "an id never set")
	_, err = s.Take(ctx, "nope")
	require.ErrorIs(t, err, captcha.ErrNotFound, "an id never set")

	a := challenge("111111", t0.Add(time.Minute))
	require.NoError(t, s.Set(ctx, "a", a))
	got, err := s.Get(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, a, got, "Get returns what Set stored")
	got, err = s.Get(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, a, got, "Get leaves the challenge in place")
	got, err = s.Take(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, a, got, "Take returns what Set stored")
	_, err = s.Take(ctx, "a")
	require.ErrorIs(t, err, captcha.ErrNotFound, "Take removes the challenge")
	_, err = s.Get(ctx, "a")
	require.ErrorIs(t, err, captcha.ErrNotFound, "Take removes the challenge")
	assert.Equal(t, 0, s.Len())

	t.Run("replace", func(t *testing.T) {
		s := captcha.NewMemoryStore(&captcha.MemoryConfig{Capacity: 3, Now: clock.Now})
		require.NoError(t, s.Set(ctx, "a", challenge("111111", t0.Add(time.Minute))))
		b := challenge("222222", t0.Add(2*time.Minute))
		require.NoError(t, s.Set(ctx, "a", b))
		got, err := s.Get(ctx, "a")
		require.NoError(t, err)
		assert.Equal(t, b, got, "a second Set replaces the first")
		assert.Equal(t, 1, s.Len())
	})

	t.Run("oldest evicted first", func(t *testing.T) {
		s := captcha.NewMemoryStore(&captcha.MemoryConfig{Capacity: 3, Now: clock.Now})
		for _, id := range []string{"a", "b", "c"} {
			require.NoError(t, s.Set(ctx, id, challenge("123456", t0.Add(time.Minute))))
		}
		// Setting "a" again makes it the newest, so "b" is the oldest.
		require.NoError(t, s.Set(ctx, "a", challenge("654321", t0.Add(time.Minute))))
		require.NoError(t, s.Set(ctx, "d", challenge("123456", t0.Add(time.Minute))))
		assert.Equal(t, 3, s.Len(), "the store stays at capacity")
		_, err := s.Get(ctx, "b")
		assert.ErrorIs(t, err, captcha.ErrNotFound, "b was set longest ago")
		for _, id := range []string{"a", "c", "d"} {
			_, err := s.Get(ctx, id)
			assert.NoError(t, err, "%s is among the newest three", id)
		}
		require.NoError(t, s.Set(ctx, "e", challenge("123456", t0.Add(time.Minute))))
		_, err = s.Get(ctx, "c")
		assert.ErrorIs(t, err, captcha.ErrNotFound, "then c")
	})

	t.Run("expiry", func(t *testing.T) {
		clock := captchatest.NewClock(t0)
		s := captcha.NewMemoryStore(&captcha.MemoryConfig{Capacity: 10, Now: clock.Now})
		require.NoError(t, s.Set(ctx, "a", challenge("123456", t0.Add(time.Minute))))
		require.NoError(t, s.Set(ctx, "b", challenge("123456", t0.Add(time.Minute))))
		require.NoError(t, s.Set(ctx, "late", challenge("123456", t0.Add(time.Hour))))
		require.NoError(t, s.Set(ctx, "past", challenge("123456", t0)))
		assert.Equal(t, 3, s.Len(), "a challenge already expired is not stored")

		clock.Advance(time.Minute - time.Nanosecond)
		_, err := s.Get(ctx, "a")
		require.NoError(t, err, "a nanosecond before expiry")

		clock.Advance(time.Nanosecond)
		_, err = s.Get(ctx, "a")
		assert.ErrorIs(t, err, captcha.ErrNotFound, "Get at expiry")
		assert.Equal(t, 2, s.Len(), "Get drops what it finds expired")
		_, err = s.Take(ctx, "b")
		assert.ErrorIs(t, err, captcha.ErrNotFound, "Take at expiry")
		assert.Equal(t, 1, s.Len(), "Take drops what it finds expired")

	})

	t.Run("sweep", func(t *testing.T) {
		// Set drops expired challenges from the old end, without a
		// goroutine and without anyone looking them up.
		clock := captchatest.NewClock(t0)
		s := captcha.NewMemoryStore(&captcha.MemoryConfig{Capacity: 10, Now: clock.Now})
		require.NoError(t, s.Set(ctx, "x", challenge("123456", t0.Add(time.Minute))))
		require.NoError(t, s.Set(ctx, "y", challenge("123456", t0.Add(time.Minute))))
		require.NoError(t, s.Set(ctx, "late", challenge("123456", t0.Add(time.Hour))))
		require.NoError(t, s.Set(ctx, "after", challenge("123456", t0.Add(time.Minute))))
		clock.Advance(time.Minute)
		require.NoError(t, s.Set(ctx, "z", challenge("123456", t0.Add(time.Hour))))
		assert.Equal(t, 3, s.Len(), "x and y swept; the sweep stops at late, so after waits for a lookup or eviction")
		_, err := s.Get(ctx, "after")
		assert.ErrorIs(t, err, captcha.ErrNotFound)
		assert.Equal(t, 2, s.Len())
	})

	t.Run("defaults", func(t *testing.T) {
		s := captcha.NewMemoryStore(nil)
		require.NoError(t, s.Set(ctx, "a", challenge("123456", time.Now().Add(time.Minute))))
		_, err := s.Get(ctx, "a")
		assert.NoError(t, err)
	})
}

// TestMemoryStoreConcurrentTake races many goroutines for each challenge:
// exactly one of them gets it.
func TestMemoryStoreConcurrentTake(t *testing.T) {
	ctx := context.Background()
	s := captcha.NewMemoryStore(&captcha.MemoryConfig{Capacity: 100})
	const ids, racers = 50, 8
	for i := range ids {
		require.NoError(t, s.Set(ctx, fmt.Sprint(i), challenge("123456", time.Now().Add(time.Hour))))
	}
	var wins [ids]int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range racers {
		wg.Go(func() {
			for i := range ids {
				if _, err := s.Take(ctx, fmt.Sprint(i)); err == nil {
					mu.Lock()
					wins[i]++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	for i, w := range wins {
		assert.Equal(t, 1, w, "challenge %d taken once", i)
	}
}

// TestFlood makes 1,000,000 challenges (100,000 under the race detector)
// with a memory store of the default capacity (10,000 under the race
// detector): the store stays at its capacity and the heap does not grow
// past what that many challenges need.
func TestFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("a million challenges take a few seconds")
	}
	n, capacity := 1_000_000, captcha.DefaultCapacity
	if raceEnabled {
		n, capacity = 100_000, 10_000
	}
	ctx := context.Background()
	store := captcha.NewMemoryStore(&captcha.MemoryConfig{Capacity: capacity})
	svc, err := captcha.New(&captcha.Config{Store: store, Rand: captchatest.Rand(1)})
	require.NoError(t, err)

	var before, mid, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range n {
		_, err := svc.New(ctx)
		require.NoError(t, err)
		if i == capacity-1 {
			runtime.GC()
			runtime.ReadMemStats(&mid)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	require.Equal(t, capacity, store.Len(), "the store holds its capacity, no more")

	perEntry := float64(after.HeapAlloc-before.HeapAlloc) / float64(capacity)
	t.Logf("%d New calls, capacity %d: %d held, heap %.1f MB after the first %d, %.1f MB after all (%.0f B a challenge)",
		n, capacity, store.Len(),
		float64(mid.HeapAlloc-before.HeapAlloc)/1e6, capacity,
		float64(after.HeapAlloc-before.HeapAlloc)/1e6, perEntry)
	assert.Less(t, perEntry, 400.0, "bytes held a challenge")
	// Once full, the store reuses its entries: the heap after n calls is
	// the heap at capacity, give or take the map's growth and GC noise.
	assert.Less(t, float64(after.HeapAlloc), float64(mid.HeapAlloc)*1.5+1<<20,
		"the heap does not grow with the number of calls")
	runtime.KeepAlive(svc)
}

var farFuture = time.Date(2999, 1, 1, 0, 0, 0, 0, time.UTC)

// TestMemoryStoreZero checks that the zero MemoryStore works as one from
// NewMemoryStore(nil): real clock, default capacity.
func TestMemoryStoreZero(t *testing.T) {
	ctx := context.Background()
	var s captcha.MemoryStore
	assert.Zero(t, s.Len())
	_, err := s.Get(ctx, "a")
	require.ErrorIs(t, err, captcha.ErrNotFound, "an empty zero store")
	_, err = s.Take(ctx, "a")
	require.ErrorIs(t, err, captcha.ErrNotFound, "an empty zero store")

	live := challenge("123456", time.Now().Add(time.Minute))
	require.NoError(t, s.Set(ctx, "a", live))
	require.NoError(t, s.Set(ctx, "b", challenge("654321", time.Now().Add(-time.Minute))))
	got, err := s.Get(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, live, got, "Get returns what Set stored")
	_, err = s.Get(ctx, "b")
	assert.ErrorIs(t, err, captcha.ErrNotFound, "an expired challenge on the real clock")
	got, err = s.Take(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, live, got)
	assert.Zero(t, s.Len(), "Take removed it")

	// The zero store holds DefaultCapacity, not zero challenges.
	for i := range 100 {
		require.NoError(t, s.Set(ctx, fmt.Sprint(i), live))
	}
	assert.Equal(t, 100, s.Len(), "want every challenge kept below DefaultCapacity")

	svc, err := captcha.New(&captcha.Config{Store: &captcha.MemoryStore{}})
	require.NoError(t, err)
	id, err := svc.New(ctx)
	require.NoError(t, err, "a service on a zero store")
	var png bytes.Buffer
	require.NoError(t, svc.WriteImage(ctx, &png, id))
}
