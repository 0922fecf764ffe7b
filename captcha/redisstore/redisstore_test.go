package redisstore_test

import (
	"context"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/binhluan/binhluan/internal/redistest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/captcha"
	"github.com/binhluan/binhluan/captcha/redisstore"
)

const testID = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

func challenge(expires time.Time) captcha.Challenge {
	return captcha.Challenge{Digits: "271828", Seed: 42, Expires: expires.UTC().Round(0), Reloads: 1}
}

func TestRoundTrip(t *testing.T) {
	srv := redistest.Start(t)
	ctx := t.Context()
	store := redisstore.New(srv.Client(), nil)
	want := challenge(time.Now().Add(time.Minute))

	require.NoError(t, store.Set(ctx, testID, want), "Set")
	got, err := store.Get(ctx, testID)
	require.NoError(t, err, "Get after Set")
	assert.True(t, want.Expires.Equal(got.Expires), "Get: Expires want %v, got %v", want.Expires, got.Expires)
	got.Expires = want.Expires
	assert.Equal(t, want, got, "Get returns what Set stored")

	got, err = store.Get(ctx, testID)
	require.NoError(t, err, "second Get: Get must leave the challenge")
	assert.Equal(t, want.Digits, got.Digits)

	got, err = store.Take(ctx, testID)
	require.NoError(t, err, "Take")
	assert.Equal(t, want.Digits, got.Digits, "Take returns the digits")

	_, err = store.Take(ctx, testID)
	assert.ErrorIs(t, err, captcha.ErrNotFound, "second Take")
	_, err = store.Get(ctx, testID)
	assert.ErrorIs(t, err, captcha.ErrNotFound, "Get after Take")
	_, err = store.Get(ctx, "NEVERSET")
	assert.ErrorIs(t, err, captcha.ErrNotFound, "Get of a key never set")

	// The key has the default prefix and a time to live from Expires.
	ttl, err := srv.Client().PTTL(ctx, redisstore.DefaultPrefix+testID).Result()
	require.NoError(t, err)
	assert.Equal(t, time.Duration(-2), ttl, "the key is gone after Take")
	require.NoError(t, store.Set(ctx, testID, want))
	ttl, err = srv.Client().PTTL(ctx, redisstore.DefaultPrefix+testID).Result()
	require.NoError(t, err)
	assert.InDelta(t, time.Minute.Seconds(), ttl.Seconds(), 2, "PTTL of %s", redisstore.DefaultPrefix+testID)
}

func TestExpiry(t *testing.T) {
	srv := redistest.Start(t)
	ctx := t.Context()
	store := redisstore.New(srv.Client(), nil)

	require.NoError(t, store.Set(ctx, testID, challenge(time.Now().Add(1200*time.Millisecond))))
	_, err := store.Get(ctx, testID)
	require.NoError(t, err, "Get before expiry")
	time.Sleep(1500 * time.Millisecond)
	_, err = store.Get(ctx, testID)
	assert.ErrorIs(t, err, captcha.ErrNotFound, "Get after expiry")
	n, err := srv.Client().Exists(ctx, redisstore.DefaultPrefix+testID).Result()
	require.NoError(t, err)
	assert.Zero(t, n, "Redis dropped the key itself")

	// An expired challenge is not stored and removes what was there.
	require.NoError(t, store.Set(ctx, testID, challenge(time.Now().Add(time.Minute))))
	require.NoError(t, store.Set(ctx, testID, challenge(time.Now().Add(-time.Second))), "Set of an expired challenge")
	_, err = store.Get(ctx, testID)
	assert.ErrorIs(t, err, captcha.ErrNotFound, "Get after Set of an expired challenge")

	// The store's clock: a value Redis still holds but that has expired by
	// the clock is not found.
	now := time.Now()
	late := redisstore.New(srv.Client(), &redisstore.Options{Now: func() time.Time { return now.Add(2 * time.Minute) }})
	require.NoError(t, store.Set(ctx, testID, challenge(now.Add(time.Minute))))
	_, err = late.Get(ctx, testID)
	assert.ErrorIs(t, err, captcha.ErrNotFound, "Get by a clock past Expires")
	_, err = late.Take(ctx, testID)
	assert.ErrorIs(t, err, captcha.ErrNotFound, "Take by a clock past Expires")
}

// answer reads the digits of id from store, as a test that can see the
// store can.
func answer(t *testing.T, store captcha.Store, id string) string {
	t.Helper()
	c, err := store.Get(t.Context(), id)
	require.NoError(t, err, "read the answer of %s", id)
	return c.Digits
}

func twoServices(t *testing.T, srv *redistest.Server) (a, b *captcha.Service, storeA *redisstore.Store) {
	t.Helper()
	storeA = redisstore.New(srv.Client(), nil)
	storeB := redisstore.New(srv.Client(), nil)
	a, err := captcha.New(&captcha.Config{Store: storeA})
	require.NoError(t, err)
	b, err = captcha.New(&captcha.Config{Store: storeB})
	require.NoError(t, err)
	return a, b, storeA
}

func TestTwoServices(t *testing.T) {
	srv := redistest.Start(t)
	ctx := t.Context()
	a, b, storeA := twoServices(t, srv)

	id, err := a.New(ctx)
	require.NoError(t, err, "A issues")
	digits := answer(t, storeA, id)

	ok, err := b.Verify(ctx, id, digits)
	require.NoError(t, err)
	assert.True(t, ok, "B accepts the answer to A's challenge")
	ok, err = b.Verify(ctx, id, digits)
	require.NoError(t, err)
	assert.False(t, ok, "B refuses the same answer a second time")
	ok, err = a.Verify(ctx, id, digits)
	require.NoError(t, err)
	assert.False(t, ok, "A refuses it too")

	// A wrong answer uses the challenge up as well.
	id, err = b.New(ctx)
	require.NoError(t, err)
	digits = answer(t, storeA, id)
	ok, err = a.Verify(ctx, id, "x")
	require.NoError(t, err)
	assert.False(t, ok)
	ok, err = a.Verify(ctx, id, digits)
	require.NoError(t, err)
	assert.False(t, ok, "the right answer after a wrong one")
}

func TestConcurrentVerifyExactlyOnce(t *testing.T) {
	srv := redistest.Start(t)
	ctx := t.Context()
	a, b, storeA := twoServices(t, srv)

	const goroutines = 50
	for round := range 5 {
		id, err := a.New(ctx)
		require.NoError(t, err)
		digits := answer(t, storeA, id)

		var attempts, successes atomic.Int64
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make(chan error, goroutines)
		for i := range goroutines {
			svc := a
			if i%2 == 1 {
				svc = b
			}
			wg.Go(func() {
				<-start
				attempts.Add(1)
				ok, err := svc.Verify(ctx, id, digits)
				if err != nil {
					errs <- err
				}
				if ok {
					successes.Add(1)
				}
			})
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("Verify: %v", err)
		}
		if round == 0 {
			t.Logf("attempts %d, successes %d", attempts.Load(), successes.Load())
		}
		assert.Equal(t, int64(goroutines), attempts.Load(), "round %d: attempts", round)
		assert.Equal(t, int64(1), successes.Load(), "round %d: exactly one of %d concurrent right answers succeeds", round, goroutines)
	}
}

func TestOutage(t *testing.T) {
	srv := redistest.Start(t)
	a, b, _ := twoServices(t, srv)
	ctx := t.Context()

	id, err := a.New(ctx)
	require.NoError(t, err)

	srv.Stop()

	const deadline = 2 * time.Second
	timed := func(name string, f func(context.Context) error) {
		t.Helper()
		ctx, cancel := context.WithTimeout(ctx, deadline)
		defer cancel()
		start := time.Now()
		err := f(ctx)
		took := time.Since(start)
		assert.Error(t, err, "%s with Redis down must fail, not pass silently", name)
		assert.NotErrorIs(t, err, captcha.ErrNotFound, "%s with Redis down: an outage is not a missing id", name)
		assert.Less(t, took, deadline+500*time.Millisecond, "%s took %v, past the context deadline", name, took)
		t.Logf("%s with Redis down: %v (after %v)", name, err, took.Round(time.Millisecond))
	}
	timed("Verify", func(ctx context.Context) error {
		ok, err := b.Verify(ctx, id, "123456")
		assert.False(t, ok, "Verify with Redis down")
		return err
	})
	timed("New", func(ctx context.Context) error {
		_, err := a.New(ctx)
		return err
	})

	srv.Start()

	// The data went with the server (no persistence); the services work again.
	var id2 string
	require.Eventually(t, func() bool {
		id2, err = a.New(ctx)
		return err == nil
	}, 5*time.Second, 50*time.Millisecond, "New after Redis is back: %v", err)
	store := redisstore.New(srv.Client(), nil)
	ok, err := b.Verify(ctx, id2, answer(t, store, id2))
	require.NoError(t, err, "Verify after Redis is back")
	assert.True(t, ok, "Verify after Redis is back")
	ok, err = b.Verify(ctx, id, "123456")
	require.NoError(t, err)
	assert.False(t, ok, "a challenge lost with the server is unknown, not an error")
}

func TestContext(t *testing.T) {
	srv := redistest.Start(t)
	store := redisstore.New(srv.Client(), nil)

	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		start := time.Now()
		err := store.Set(ctx, testID, challenge(time.Now().Add(time.Minute)))
		assert.ErrorIs(t, err, context.Canceled, "Set with a cancelled context")
		_, err = store.Get(ctx, testID)
		assert.ErrorIs(t, err, context.Canceled, "Get with a cancelled context")
		_, err = store.Take(ctx, testID)
		assert.ErrorIs(t, err, context.Canceled, "Take with a cancelled context")
		assert.Less(t, time.Since(start), 100*time.Millisecond, "a cancelled context returns at once")
	})

	// A server that accepts connections and never answers: only the context
	// deadline ends the wait.
	t.Run("deadline", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		t.Cleanup(func() { l.Close() })
		var mu sync.Mutex
		var conns []net.Conn
		go func() {
			for {
				c, err := l.Accept()
				if err != nil {
					return
				}
				mu.Lock()
				conns = append(conns, c)
				mu.Unlock()
			}
		}()
		t.Cleanup(func() {
			mu.Lock()
			defer mu.Unlock()
			for _, c := range conns {
				c.Close()
			}
		})
		rdb := newSilentClient(t, l.Addr().String())
		mute := redisstore.New(rdb, nil)
		ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err = mute.Take(ctx, testID)
		took := time.Since(start)
		require.Error(t, err, "Take from a silent server")
		assert.True(t, errors.Is(err, context.DeadlineExceeded) || isTimeout(err), "Take from a silent server: want a deadline error, got %v", err)
		assert.Less(t, took, time.Second, "Take took %v with a 300ms deadline", took)
	})
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func TestPrefix(t *testing.T) {
	srv := redistest.Start(t)
	ctx := t.Context()
	rdb := srv.Client()
	blue := redisstore.New(rdb, &redisstore.Options{Prefix: "blue:"})
	green := redisstore.New(rdb, &redisstore.Options{Prefix: "green:"})

	require.NoError(t, blue.Set(ctx, testID, challenge(time.Now().Add(time.Minute))))
	_, err := green.Get(ctx, testID)
	assert.ErrorIs(t, err, captcha.ErrNotFound, "green sees blue's challenge")
	_, err = green.Take(ctx, testID)
	assert.ErrorIs(t, err, captcha.ErrNotFound, "green takes blue's challenge")
	_, err = blue.Get(ctx, testID)
	assert.NoError(t, err, "blue's challenge survives green's Take")

	keys, err := rdb.Keys(ctx, "*").Result()
	require.NoError(t, err)
	assert.Equal(t, []string{"blue:" + testID}, keys, "keys in Redis")
}

func TestCorrupt(t *testing.T) {
	srv := redistest.Start(t)
	ctx := t.Context()
	rdb := srv.Client()
	store := redisstore.New(rdb, nil)
	key := redisstore.DefaultPrefix + testID

	for _, tc := range []struct{ name, value string }{
		{"not JSON", "\x00garbage"},
		{"wrong type", `{"digits": 123}`},
		{"empty object", `{}`},
		{"truncated", `{"digits":"12345","seed":1,"expires":"2099-01-01T00:00:00Z"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, rdb.Set(ctx, key, tc.value, time.Minute).Err())
			_, err := store.Get(ctx, testID)
			require.Error(t, err, "Get of %q", tc.value)
			assert.NotErrorIs(t, err, captcha.ErrNotFound)
			assert.Contains(t, err.Error(), "corrupt value")
			_, err = store.Take(ctx, testID)
			require.Error(t, err, "Take of %q", tc.value)
			assert.Contains(t, err.Error(), "corrupt value")
			n, err := rdb.Exists(ctx, key).Result()
			require.NoError(t, err)
			assert.Zero(t, n, "Take removes a corrupt value")
		})
	}

	// A key of another Redis type is an error from Redis (WRONGTYPE).
	require.NoError(t, rdb.LPush(ctx, key, "x").Err())
	_, err := store.Get(ctx, testID)
	assert.ErrorContains(t, err, "WRONGTYPE")
	assert.ErrorContains(t, err, "redisstore: get")
}

func BenchmarkTake(b *testing.B) {
	srv := redistest.Start(b)
	store := redisstore.New(srv.Client(), nil)
	ctx := b.Context()
	c := challenge(time.Now().Add(time.Hour))
	for b.Loop() {
		if err := store.Set(ctx, testID, c); err != nil {
			b.Fatal(err)
		}
		if _, err := store.Take(ctx, testID); err != nil {
			b.Fatal(err)
		}
	}
}

// TestNoClient checks that a Store without a client refuses every call
// with ErrNoClient instead of panicking; it needs no Redis.
func TestNoClient(t *testing.T) {
	ctx := t.Context()
	for name, store := range map[string]*redisstore.Store{
		"zero":       {},
		"nil client": redisstore.New(nil, nil),
	} {
		t.Run(name, func(t *testing.T) {
			assert.ErrorIs(t, store.Set(ctx, testID, challenge(time.Now().Add(time.Minute))), redisstore.ErrNoClient, "Set")
			_, err := store.Get(ctx, testID)
			assert.ErrorIs(t, err, redisstore.ErrNoClient, "Get")
			_, err = store.Take(ctx, testID)
			assert.ErrorIs(t, err, redisstore.ErrNoClient, "Take")

			svc, err := captcha.New(&captcha.Config{Store: store})
			require.NoError(t, err)
			_, err = svc.New(ctx)
			assert.ErrorIs(t, err, redisstore.ErrNoClient, "a service on the store passes the error on")
		})
	}
}
