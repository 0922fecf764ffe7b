package captcha_test

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/captcha"
	"github.com/binhluan/binhluan/captcha/captchatest"
)

var t0 = time.Date(2020, 11, 29, 12, 48, 0, 0, time.UTC)

// TestMemoryStore spends ids on a fixed clock, step by step.
func TestMemoryStore(t *testing.T) {
	ctx := context.Background()
	clock := captchatest.NewClock(t0)
	s := captcha.NewMemoryStore(&captcha.MemoryConfig{Capacity: 3, Now: clock.Now})
	steps := []struct {
		name    string
		advance time.Duration
		id      string
		until   time.Duration // from the clock's start
		first   bool
		len     int
	}{
		{"a new id", 0, "a", 10 * time.Minute, true, 1},
		{"the same id again", 0, "a", 10 * time.Minute, false, 1},
		{"another id", 0, "b", 10 * time.Minute, true, 2},
		{"already expired", 0, "c", 0, false, 2},
		{"a third", time.Minute, "c", 11 * time.Minute, true, 3},
		{"full: the oldest dropped, and ids expiring with it refused", 0, "d", 12 * time.Minute, true, 3},
		{"an id expiring when the dropped one did is refused", 0, "e", 10 * time.Minute, false, 3},
		{"spent a still refused while held", 0, "b", 10 * time.Minute, false, 3},
		{"after expiry, b and c are swept", 10 * time.Minute, "f", 21 * time.Minute, true, 2},
		{"then d", 2 * time.Minute, "g", 22 * time.Minute, true, 2},
	}
	for _, st := range steps {
		clock.Advance(st.advance)
		first, err := s.Spend(ctx, st.id, t0.Add(st.until))
		require.NoError(t, err, st.name)
		assert.Equal(t, st.first, first, "%s: Spend(%q) first", st.name, st.id)
		assert.Equal(t, st.len, s.Len(), "%s: held", st.name)
		assert.True(t, s.Spent(st.id, t0.Add(st.until)), "%s: %q is spent after Spend", st.name, st.id)
	}
}

// TestMemoryStoreConcurrentSpend races goroutines for each id: exactly
// one is first.
func TestMemoryStoreConcurrentSpend(t *testing.T) {
	ctx := context.Background()
	s := captcha.NewMemoryStore(nil)
	until := time.Now().Add(time.Hour)
	const ids, racers = 200, 4
	var firsts atomic.Int32
	var wg sync.WaitGroup
	for i := range ids {
		for range racers {
			wg.Go(func() {
				first, err := s.Spend(ctx, fmt.Sprint(i), until)
				assert.NoError(t, err)
				if first {
					firsts.Add(1)
				}
			})
		}
	}
	wg.Wait()
	assert.Equal(t, int32(ids), firsts.Load())
	assert.Equal(t, ids, s.Len())
}

// TestMemoryStoreFull fills a small store with attempts: it never holds
// more than its capacity, and no id dropped to make room can be spent
// again.
func TestMemoryStoreFull(t *testing.T) {
	ctx := context.Background()
	clock := captchatest.NewClock(t0)
	const capacity = 100
	s := captcha.NewMemoryStore(&captcha.MemoryConfig{Capacity: capacity, Now: clock.Now})
	for i := range 10 * capacity {
		clock.Advance(time.Millisecond)
		first, err := s.Spend(ctx, fmt.Sprint(i), clock.Now().Add(time.Minute))
		require.NoError(t, err)
		require.True(t, first, "id %d", i)
		require.LessOrEqual(t, s.Len(), capacity)
	}
	for i := range 10 * capacity {
		first, err := s.Spend(ctx, fmt.Sprint(i), t0.Add(time.Duration(i+1)*time.Millisecond+time.Minute))
		require.NoError(t, err)
		assert.False(t, first, "id %d spent twice", i)
	}
}

// TestFlood issues 1,000,000 challenges (100,000 under the race detector
// or with -short) after one a reader holds: the reader's answer still
// counts, and the store holds no more than before the flood, as issuing
// stores nothing.
func TestFlood(t *testing.T) {
	n := 1_000_000
	if raceEnabled || testing.Short() {
		n = 100_000
	}
	ctx := context.Background()
	clock := captchatest.NewClock(t0)
	store := captchatest.NewStore(clock)
	svc, err := captcha.New(&captcha.Config{Store: store, Now: clock.Now, Rand: captchatest.Rand(1)})
	require.NoError(t, err)
	reader, err := svc.New(ctx)
	require.NoError(t, err)
	answer, ok := store.Answer(reader)
	require.True(t, ok)
	// Another reader's attempt, so that the store is not empty before.
	other, err := svc.New(ctx)
	require.NoError(t, err)
	_, err = svc.Verify(ctx, other, "")
	require.NoError(t, err)
	before := store.Len()

	for range n {
		id, err := svc.New(ctx)
		if err != nil {
			require.NoError(t, err)
		}
		_ = id
	}
	clock.Advance(time.Minute)
	ok, err = svc.Verify(ctx, reader, answer)
	require.NoError(t, err)
	assert.True(t, ok, "a challenge issued before %d others still verifies", n)
	assert.LessOrEqual(t, store.Len()-1, before, "the store holds no more after the flood than before (the reader's own attempt aside)")
}

// TestMemoryStoreZero checks that the zero MemoryStore works as one from
// NewMemoryStore(nil): real clock, default capacity.
func TestMemoryStoreZero(t *testing.T) {
	ctx := context.Background()
	var s captcha.MemoryStore
	assert.Zero(t, s.Len())
	live := time.Now().Add(time.Minute)
	first, err := s.Spend(ctx, "a", live)
	require.NoError(t, err)
	assert.True(t, first)
	first, err = s.Spend(ctx, "a", live)
	require.NoError(t, err)
	assert.False(t, first)
	first, err = s.Spend(ctx, "b", time.Now().Add(-time.Minute))
	require.NoError(t, err)
	assert.False(t, first, "an expired id on the real clock")

	// The zero store holds DefaultCapacity, not zero ids.
	for i := range 100 {
		_, err := s.Spend(ctx, fmt.Sprint(i), live)
		require.NoError(t, err)
	}
	assert.Equal(t, 101, s.Len(), "want every id kept below DefaultCapacity")

	svc, err := captcha.New(&captcha.Config{Store: &captcha.MemoryStore{}})
	require.NoError(t, err)
	id, err := svc.New(ctx)
	require.NoError(t, err, "a service on a zero store")
	var png bytes.Buffer
	require.NoError(t, svc.WriteImage(ctx, &png, id))
}
