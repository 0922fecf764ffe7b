package captcha_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/captcha"
	"github.com/binhluan/binhluan/captcha/captchatest"
)

// env is a service on a fixed clock with a store whose answers can be
// read.
type env struct {
	svc   *captcha.Service
	store *captchatest.Store
	clock *captchatest.Clock
}

func newEnv(t testing.TB, cfg captcha.Config) env {
	t.Helper()
	e := env{clock: captchatest.NewClock(t0)}
	e.store = captchatest.NewStore(e.clock)
	cfg.Store, cfg.Now = e.store, e.clock.Now
	if cfg.Rand == nil {
		cfg.Rand = captchatest.Rand(42)
	}
	svc, err := captcha.New(&cfg)
	require.NoError(t, err)
	e.svc = svc
	return e
}

// issue makes a challenge and returns its id and answer.
func (e env) issue(t testing.TB) (id, answer string) {
	t.Helper()
	id, err := e.svc.New(context.Background())
	require.NoError(t, err)
	answer, ok := e.store.Answer(id)
	require.True(t, ok, "the store holds the new challenge")
	return id, answer
}

func TestNewConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  *captcha.Config
		ok   bool
	}{
		{"nil", nil, true},
		{"zero", &captcha.Config{}, true},
		{"one digit", &captcha.Config{Length: 1}, true},
		{"ten digits", &captcha.Config{Length: captcha.MaxLength}, true},
		{"eleven digits", &captcha.Config{Length: captcha.MaxLength + 1}, false},
		{"negative length", &captcha.Config{Length: -1}, false},
		{"negative expiry", &captcha.Config{Expiry: -time.Second}, false},
		{"no reloads", &captcha.Config{MaxReloads: -1}, true},
		{"small image", &captcha.Config{Width: 60, Height: 24}, true},
		{"large image", &captcha.Config{Width: 1200, Height: 400}, true},
		{"too narrow", &captcha.Config{Width: 59}, false},
		{"too wide", &captcha.Config{Width: 1201}, false},
		{"too low", &captcha.Config{Height: 23}, false},
		{"too high", &captcha.Config{Height: 401}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, err := captcha.New(tt.cfg)
			if !tt.ok {
				require.Error(t, err)
				assert.True(t, strings.HasPrefix(err.Error(), "captcha: "), "error %q names the package", err)
				return
			}
			require.NoError(t, err)
			// Every configuration that is accepted works end to end.
			ctx := context.Background()
			id, err := svc.New(ctx)
			require.NoError(t, err)
			var png bytes.Buffer
			require.NoError(t, svc.WriteImage(ctx, &png, id))
			assert.NotZero(t, png.Len())
		})
	}
}

func TestNew(t *testing.T) {
	e := newEnv(t, captcha.Config{})
	seen := map[string]bool{}
	for range 100 {
		id, answer := e.issue(t)
		assert.Len(t, id, captcha.IDLength)
		assert.True(t, captcha.ValidID(id), "id %q is valid", id)
		assert.False(t, seen[id], "id %q is new", id)
		seen[id] = true
		require.Len(t, answer, captcha.DefaultLength)
		assert.Equal(t, -1, strings.IndexFunc(answer, func(r rune) bool { return r < '0' || r > '9' }), "answer %q is digits", answer)
		c, err := e.store.Get(context.Background(), id)
		require.NoError(t, err)
		assert.Equal(t, t0.Add(captcha.DefaultExpiry), c.Expires)
		assert.Zero(t, c.Reloads)
	}

	t.Run("digits are uniform", func(t *testing.T) {
		e := newEnv(t, captcha.Config{Length: 10})
		var counts [10]int
		const n = 2000
		for range n {
			_, answer := e.issue(t)
			for _, d := range answer {
				counts[d-'0']++
			}
		}
		for d, c := range counts {
			// 2000 per digit expected; 5 standard deviations is ±212.
			assert.InDelta(t, n, c, 220, "digit %d", d)
		}
	})

	t.Run("same randomness, same challenges", func(t *testing.T) {
		a, b := newEnv(t, captcha.Config{}), newEnv(t, captcha.Config{})
		idA, ansA := a.issue(t)
		idB, ansB := b.issue(t)
		assert.Equal(t, idA, idB)
		assert.Equal(t, ansA, ansB)
	})
}

func TestValidID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"ABCDEFGHIJKLMNOPQRSTUVWXYZ", true},
		{"23456723456723456723456723", true},
		{"ABCDEFGHIJKLMNOPQRSTUVWXY", false},   // 25
		{"ABCDEFGHIJKLMNOPQRSTUVWXYZA", false}, // 27
		{"abcdefghijklmnopqrstuvwxyz", false},  // lower case
		{"ABCDEFGHIJKLMNOPQRSTUVWXY1", false},  // 1 is not base32
		{"ABCDEFGHIJKLMNOPQRSTUVWXY8", false},
		{"ABCDEFGHIJKLMNOPQRSTUVWX/Y", false},
		{"ABCDEFGHIJKLMNOPQRSTUVWX.Y", false},
		{"ABCDEFGHIJKLMNOPQRSTUVWXYĐ", false},
		{"", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, captcha.ValidID(tt.id), "ValidID(%q)", tt.id)
	}
}

func TestVerify(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, captcha.Config{})
	fullWidth := func(s string) string {
		return strings.Map(func(r rune) rune { return r - '0' + '０' }, s)
	}
	tests := []struct {
		name   string
		answer func(digits string) string
		want   bool
	}{
		{"exact", func(d string) string { return d }, true},
		{"spaces around", func(d string) string { return "  " + d + "\t\n" }, true},
		{"spaces between", func(d string) string { return d[:3] + " " + d[3:] }, true},
		{"full-width digits", fullWidth, true},
		{"full-width with ideographic space", func(d string) string { return fullWidth(d[:3]) + "\u3000" + fullWidth(d[3:]) }, true},
		{"mixed widths", func(d string) string { return d[:2] + fullWidth(d[2:]) }, true},
		{"wrong digit", func(d string) string { return d[:5] + string('0'+(d[5]-'0'+1)%10) }, false},
		{"one short", func(d string) string { return d[:5] }, false},
		{"one more", func(d string) string { return d + "0" }, false},
		{"twice", func(d string) string { return d + d }, false},
		{"empty", func(string) string { return "" }, false},
		{"spaces only", func(string) string { return "   " }, false},
		{"a letter", func(d string) string { return d[:5] + "O" }, false},
		{"a dash", func(d string) string { return d[:3] + "-" + d[3:] }, false},
		{"Vietnamese words", func(string) string { return "một hai ba bốn năm sáu" }, false},
		{"invalid UTF-8", func(d string) string { return d + "\xff" }, false},
		{"over-long", func(d string) string { return d + strings.Repeat(" ", 1000) }, false},
		{"superscripts", func(string) string { return "¹²³⁴⁵⁶" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, digits := e.issue(t)
			ok, err := e.svc.Verify(ctx, id, tt.answer(digits))
			require.NoError(t, err)
			assert.Equal(t, tt.want, ok, "answer %q for %q", tt.answer(digits), digits)

			// Right or wrong, the attempt used the challenge up.
			ok, err = e.svc.Verify(ctx, id, digits)
			require.NoError(t, err)
			assert.False(t, ok, "a second attempt, even right, fails")
			_, held := e.store.Answer(id)
			assert.False(t, held, "the store no longer holds the challenge")
		})
	}

	t.Run("unknown and malformed ids", func(t *testing.T) {
		for _, id := range []string{"", "nope", strings.Repeat("A", captcha.IDLength), "../../etc/passwd", strings.Repeat("A", 1<<16)} {
			ok, err := e.svc.Verify(ctx, id, "123456")
			assert.NoError(t, err, "id %.30q", id)
			assert.False(t, ok, "id %.30q", id)
		}
	})
}

func TestExpiry(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, captcha.Config{Expiry: 5 * time.Minute})

	id, digits := e.issue(t)
	e.clock.Advance(5*time.Minute - time.Nanosecond)
	ok, err := e.svc.Verify(ctx, id, digits)
	require.NoError(t, err)
	assert.True(t, ok, "accepted a nanosecond before expiry")

	id, digits = e.issue(t)
	e.clock.Advance(5 * time.Minute)
	ok, err = e.svc.Verify(ctx, id, digits)
	require.NoError(t, err)
	assert.False(t, ok, "refused at expiry")

	id, _ = e.issue(t)
	e.clock.Advance(5 * time.Minute)
	assert.ErrorIs(t, e.svc.WriteImage(ctx, &bytes.Buffer{}, id), captcha.ErrNotFound, "no image after expiry")
	assert.ErrorIs(t, e.svc.WriteAudio(ctx, &bytes.Buffer{}, id, ""), captcha.ErrNotFound, "no audio after expiry")
	assert.ErrorIs(t, e.svc.Reload(ctx, id), captcha.ErrNotFound, "no reload after expiry")

	t.Run("checked by the service, not only the store", func(t *testing.T) {
		// A store that never expires anything, like a Redis whose clock
		// is behind: the service still refuses.
		clock := captchatest.NewClock(t0)
		svc, err := captcha.New(&captcha.Config{Store: captchatest.NewStore(nil), Now: clock.Now, Rand: captchatest.Rand(3)})
		require.NoError(t, err)
		id, err := svc.New(ctx)
		require.NoError(t, err)
		clock.Advance(captcha.DefaultExpiry)
		assert.ErrorIs(t, svc.WriteImage(ctx, &bytes.Buffer{}, id), captcha.ErrNotFound)
		ok, err := svc.Verify(ctx, id, "000000")
		require.NoError(t, err)
		assert.False(t, ok)
	})
}

func TestReload(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, captcha.Config{MaxReloads: 3})
	id, digits := e.issue(t)
	var img bytes.Buffer
	require.NoError(t, e.svc.WriteImage(ctx, &img, id))

	seen := map[string]bool{digits: true}
	for i := 1; i <= 3; i++ {
		e.clock.Advance(time.Minute)
		require.NoError(t, e.svc.Reload(ctx, id), "reload %d", i)
		c, err := e.store.Get(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, i, c.Reloads)
		assert.Equal(t, e.clock.Now().Add(captcha.DefaultExpiry), c.Expires, "a reload gives a fresh expiry")
		seen[c.Digits] = true

		var again bytes.Buffer
		require.NoError(t, e.svc.WriteImage(ctx, &again, id))
		assert.NotEqual(t, img.Bytes(), again.Bytes(), "a reload gives a new image")
		img = again
	}
	assert.Len(t, seen, 4, "each reload drew new digits")

	before, _ := e.store.Answer(id)
	assert.ErrorIs(t, e.svc.Reload(ctx, id), captcha.ErrReloadLimit, "the fourth reload")
	after, ok := e.store.Answer(id)
	require.True(t, ok, "the challenge survives a refused reload")
	assert.Equal(t, before, after, "with the same digits")
	var again bytes.Buffer
	require.NoError(t, e.svc.WriteImage(ctx, &again, id))
	assert.Equal(t, img.Bytes(), again.Bytes(), "and the same image")

	ok, err := e.svc.Verify(ctx, id, before)
	require.NoError(t, err)
	assert.True(t, ok, "the last digits are the answer")
	assert.ErrorIs(t, e.svc.Reload(ctx, id), captcha.ErrNotFound, "no reload after verification")

	t.Run("old digits are refused", func(t *testing.T) {
		// The source is seeded, so the draw is fixed: these digits differ,
		// and a Reload that kept the old ones fails here rather than skip.
		id, old := e.issue(t)
		require.NoError(t, e.svc.Reload(ctx, id))
		now, _ := e.store.Answer(id)
		require.NotEqual(t, old, now, "want new digits after a reload")
		ok, err := e.svc.Verify(ctx, id, old)
		require.NoError(t, err)
		assert.False(t, ok)
	})

	t.Run("reloads forbidden", func(t *testing.T) {
		e := newEnv(t, captcha.Config{MaxReloads: -1})
		id, _ := e.issue(t)
		assert.ErrorIs(t, e.svc.Reload(ctx, id), captcha.ErrReloadLimit)
	})

	t.Run("default limit", func(t *testing.T) {
		e := newEnv(t, captcha.Config{})
		id, _ := e.issue(t)
		for i := range captcha.DefaultMaxReloads {
			require.NoError(t, e.svc.Reload(ctx, id), "reload %d", i+1)
		}
		assert.ErrorIs(t, e.svc.Reload(ctx, id), captcha.ErrReloadLimit)
	})

	t.Run("unknown ids", func(t *testing.T) {
		for _, id := range []string{"", "nope", strings.Repeat("A", captcha.IDLength)} {
			assert.ErrorIs(t, e.svc.Reload(ctx, id), captcha.ErrNotFound, "id %q", id)
		}
	})
}

// failingStore fails every call, as a store that lost its server.
type failingStore struct{}

var errDown = errors.New("store is down")

func (failingStore) Set(context.Context, string, captcha.Challenge) error { return errDown }
func (failingStore) Get(context.Context, string) (captcha.Challenge, error) {
	return captcha.Challenge{}, errDown
}
func (failingStore) Take(context.Context, string) (captcha.Challenge, error) {
	return captcha.Challenge{}, errDown
}

// failingReader runs out of randomness after n bytes.
type failingReader struct{ n int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, errors.New("no more randomness")
	}
	k := min(len(p), r.n)
	clear(p[:k])
	r.n -= k
	return k, nil
}

func TestFailures(t *testing.T) {
	ctx := context.Background()
	id := strings.Repeat("A", captcha.IDLength)

	svc, err := captcha.New(&captcha.Config{Store: failingStore{}})
	require.NoError(t, err)
	_, err = svc.New(ctx)
	assert.ErrorIs(t, err, errDown)
	ok, err := svc.Verify(ctx, id, "123456")
	assert.ErrorIs(t, err, errDown, "a store failure is an error, not a wrong answer")
	assert.False(t, ok)
	assert.ErrorIs(t, svc.Reload(ctx, id), errDown)
	assert.ErrorIs(t, svc.WriteImage(ctx, &bytes.Buffer{}, id), errDown)

	svc, err = captcha.New(&captcha.Config{Rand: &failingReader{n: 10}})
	require.NoError(t, err)
	_, err = svc.New(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "captcha: reading randomness")

	t.Run("reload keeps the challenge when randomness fails", func(t *testing.T) {
		store := captchatest.NewStore(nil)
		r := &failingReader{n: 26 + 8 + 20}
		svc, err := captcha.New(&captcha.Config{Store: store, Rand: r})
		require.NoError(t, err)
		id, err := svc.New(ctx)
		require.NoError(t, err)
		before, _ := store.Answer(id)
		require.Error(t, svc.Reload(ctx, id))
		after, ok := store.Answer(id)
		assert.True(t, ok)
		assert.Equal(t, before, after)
	})
}

// TestConcurrent runs the whole life of many challenges at once, with
// several goroutines answering each: exactly one answer counts. Run with
// -race.
func TestConcurrent(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, captcha.Config{Rand: captchatest.Rand(9)})
	h := e.svc.Handler()
	const challenges, racers = 40, 4
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range challenges {
		wg.Go(func() {
			id, err := e.svc.New(ctx)
			if !assert.NoError(t, err) {
				return
			}
			assert.NoError(t, e.svc.WriteImage(ctx, &bytes.Buffer{}, id))
			assert.NoError(t, e.svc.WriteAudio(ctx, &bytes.Buffer{}, id, captcha.English))
			assert.NoError(t, e.svc.Reload(ctx, id))
			serve(h, "GET", "/"+id+".png?reload=1")
			answer, ok := e.store.Answer(id)
			if !assert.True(t, ok) {
				return
			}
			var inner sync.WaitGroup
			for range racers {
				inner.Go(func() {
					ok, err := e.svc.Verify(ctx, id, answer)
					assert.NoError(t, err)
					if ok {
						wins.Add(1)
					}
				})
			}
			inner.Wait()
		})
	}
	wg.Wait()
	assert.Equal(t, int32(challenges), wins.Load(), "each challenge accepted exactly once")
}

// TestZeroService checks that a Service not made by New refuses every call
// with ErrZeroService instead of panicking, through its handler too.
func TestZeroService(t *testing.T) {
	ctx := context.Background()
	id := strings.Repeat("A", captcha.IDLength)
	for name, svc := range map[string]*captcha.Service{"zero": {}, "nil": nil} {
		t.Run(name, func(t *testing.T) {
			_, err := svc.New(ctx)
			assert.ErrorIs(t, err, captcha.ErrZeroService, "New")
			assert.ErrorIs(t, svc.Reload(ctx, id), captcha.ErrZeroService, "Reload")
			ok, err := svc.Verify(ctx, id, "123456")
			assert.ErrorIs(t, err, captcha.ErrZeroService, "Verify")
			assert.False(t, ok, "Verify")
			var buf bytes.Buffer
			assert.ErrorIs(t, svc.WriteImage(ctx, &buf, id), captcha.ErrZeroService, "WriteImage")
			assert.ErrorIs(t, svc.WriteAudio(ctx, &buf, id, ""), captcha.ErrZeroService, "WriteAudio")
			assert.Zero(t, buf.Len(), "nothing written")

			rec := httptest.NewRecorder()
			svc.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/"+id+".png", nil))
			assert.Equal(t, http.StatusInternalServerError, rec.Code, "the handler")
			assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
		})
	}
}
