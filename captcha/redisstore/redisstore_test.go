package redisstore_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/binhluan/binhluan/internal/redistest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/captcha"
	"github.com/binhluan/binhluan/captcha/captchatest"
	"github.com/binhluan/binhluan/captcha/redisstore"
)

const testID = "spent-id"

func TestSpend(t *testing.T) {
	srv := redistest.Start(t)
	ctx := t.Context()
	rdb := srv.Client()
	now := time.Now()
	store := redisstore.New(rdb, &redisstore.Options{Now: func() time.Time { return now }})

	first, err := store.Spend(ctx, testID, now.Add(time.Minute))
	require.NoError(t, err)
	assert.True(t, first, "the first spend")
	first, err = store.Spend(ctx, testID, now.Add(time.Minute))
	require.NoError(t, err)
	assert.False(t, first, "the second")
	ttl, err := rdb.PTTL(ctx, redisstore.DefaultPrefix+testID).Result()
	require.NoError(t, err)
	assert.InDelta(t, float64(time.Minute), float64(ttl), float64(time.Second), "the key lives until the challenge expires")

	first, err = store.Spend(ctx, "other", now.Add(-time.Second))
	require.NoError(t, err)
	assert.False(t, first, "an expired id is not written")
	first, err = store.Spend(ctx, "other", now.Add(500*time.Microsecond))
	require.NoError(t, err)
	assert.False(t, first, "nor one expiring within the millisecond")
	keys, err := rdb.Keys(ctx, "*").Result()
	require.NoError(t, err)
	assert.Equal(t, []string{redisstore.DefaultPrefix + testID}, keys)
}

// key is the site's key, the same on every server.
var key = bytes.Repeat([]byte{7}, 32)

// answers opens ids sealed under key, as a test that holds the key can.
func answers(t *testing.T) *captchatest.Store {
	t.Helper()
	store := captchatest.NewStore(nil)
	_, err := captcha.New(&captcha.Config{Store: store, Key: key})
	require.NoError(t, err)
	return store
}

// answer returns the digits of id.
func answer(t *testing.T, a *captchatest.Store, id string) string {
	t.Helper()
	digits, ok := a.Answer(id)
	require.True(t, ok, "open %s", id)
	return digits
}

func twoServices(t *testing.T, srv *redistest.Server) (a, b *captcha.Service, opener *captchatest.Store) {
	t.Helper()
	a, err := captcha.New(&captcha.Config{Store: redisstore.New(srv.Client(), nil), Key: key})
	require.NoError(t, err)
	b, err = captcha.New(&captcha.Config{Store: redisstore.New(srv.Client(), nil), Key: key})
	require.NoError(t, err)
	return a, b, answers(t)
}

func TestTwoServices(t *testing.T) {
	srv := redistest.Start(t)
	ctx := t.Context()
	a, b, opener := twoServices(t, srv)

	id, err := a.New(ctx)
	require.NoError(t, err, "A issues")
	digits := answer(t, opener, id)

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
	digits = answer(t, opener, id)
	ok, err = a.Verify(ctx, id, "x")
	require.NoError(t, err)
	assert.False(t, ok)
	ok, err = a.Verify(ctx, id, digits)
	require.NoError(t, err)
	assert.False(t, ok, "the right answer after a wrong one")
}

// TestWorkExactlyOnce races solutions of one proof of work on two servers
// sharing Redis: exactly one counts, and the spent challenge is a key of
// its own, apart from the image ids.
func TestWorkExactlyOnce(t *testing.T) {
	srv := redistest.Start(t)
	ctx := t.Context()
	a, b, _ := twoServices(t, srv)
	const goroutines = 20
	for range 3 {
		c, err := a.NewWork(ctx)
		require.NoError(t, err)
		payload, err := captcha.SolveWork(ctx, c)
		require.NoError(t, err)
		var successes atomic.Int64
		var wg sync.WaitGroup
		for i := range goroutines {
			svc := []*captcha.Service{a, b}[i%2]
			wg.Go(func() {
				ok, err := svc.VerifyWork(ctx, payload)
				assert.NoError(t, err)
				if ok {
					successes.Add(1)
				}
			})
		}
		wg.Wait()
		assert.Equal(t, int64(1), successes.Load(), "exactly one of %d concurrent solutions counts", goroutines)
		n, err := srv.Client().Exists(ctx, redisstore.DefaultPrefix+"work:"+c.Challenge).Result()
		require.NoError(t, err)
		assert.Equal(t, int64(1), n, "the spent challenge is kept under its own key")
	}
}

func TestConcurrentVerifyExactlyOnce(t *testing.T) {
	srv := redistest.Start(t)
	ctx := t.Context()
	a, b, opener := twoServices(t, srv)

	const goroutines = 50
	for round := range 5 {
		id, err := a.New(ctx)
		require.NoError(t, err)
		digits := answer(t, opener, id)

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
	_, err = a.New(ctx)
	assert.NoError(t, err, "issuing needs no Redis")

	srv.Start()

	// The data went with the server (no persistence); the services work again.
	id2, err := a.New(ctx)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		return srv.Client().Ping(ctx).Err() == nil
	}, 5*time.Second, 50*time.Millisecond, "Redis is back")
	ok, err := b.Verify(ctx, id2, answer(t, answers(t), id2))
	require.NoError(t, err, "Verify after Redis is back")
	assert.True(t, ok, "Verify after Redis is back")
	ok, err = b.Verify(ctx, id, answer(t, answers(t), id))
	require.NoError(t, err)
	assert.True(t, ok, "a challenge issued while Redis was up is answerable: only the spent set lives there")
}

func TestContext(t *testing.T) {
	srv := redistest.Start(t)
	store := redisstore.New(srv.Client(), nil)

	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		start := time.Now()
		_, err := store.Spend(ctx, testID, time.Now().Add(time.Minute))
		assert.ErrorIs(t, err, context.Canceled, "Spend with a cancelled context")
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
		_, err = mute.Spend(ctx, testID, time.Now().Add(time.Minute))
		took := time.Since(start)
		require.Error(t, err, "Spend on a silent server")
		assert.True(t, errors.Is(err, context.DeadlineExceeded) || isTimeout(err), "want a deadline error, got %v", err)
		assert.Less(t, took, time.Second, "Spend took %v with a 300ms deadline", took)
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
	until := time.Now().Add(time.Minute)

	first, err := blue.Spend(ctx, testID, until)
	require.NoError(t, err)
	assert.True(t, first)
	first, err = green.Spend(ctx, testID, until)
	require.NoError(t, err)
	assert.True(t, first, "green does not see blue's spent ids")

	keys, err := rdb.Keys(ctx, "*").Result()
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"blue:" + testID, "green:" + testID}, keys, "keys in Redis")

	require.NoError(t, rdb.LPush(ctx, "red:"+testID, "x").Err())
	_, err = redisstore.New(rdb, &redisstore.Options{Prefix: "red:"}).Spend(ctx, testID, until)
	assert.NoError(t, err, "SET overwrites nothing with NX, and a list under the key is simply there")
}

func BenchmarkSpend(b *testing.B) {
	srv := redistest.Start(b)
	store := redisstore.New(srv.Client(), nil)
	ctx := b.Context()
	until := time.Now().Add(time.Hour)
	i := 0
	for b.Loop() {
		i++
		if _, err := store.Spend(ctx, strconv.Itoa(i), until); err != nil {
			b.Fatal(err)
		}
	}
}

// TestNoClient checks that a Store or Limiter without a client refuses
// every call with ErrNoClient instead of panicking; it needs no Redis.
func TestNoClient(t *testing.T) {
	ctx := t.Context()
	for name, store := range map[string]*redisstore.Store{
		"zero":       {},
		"nil client": redisstore.New(nil, nil),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := store.Spend(ctx, testID, time.Now().Add(time.Minute))
			assert.ErrorIs(t, err, redisstore.ErrNoClient, "Spend")

			svc, err := captcha.New(&captcha.Config{Store: store})
			require.NoError(t, err)
			id, err := svc.New(ctx)
			require.NoError(t, err)
			_, err = svc.Verify(ctx, id, "123456")
			assert.ErrorIs(t, err, redisstore.ErrNoClient, "a service on the store passes the error on")
		})
	}
	l, err := redisstore.NewLimiter(nil, nil)
	require.NoError(t, err)
	_, err = l.Allow(ctx, netip.MustParseAddr("192.0.2.1"))
	assert.ErrorIs(t, err, redisstore.ErrNoClient, "Allow")
	var zero *redisstore.Limiter
	_, err = zero.Allow(ctx, netip.MustParseAddr("192.0.2.1"))
	assert.ErrorIs(t, err, redisstore.ErrNoClient, "Allow on nil")
}
