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
		{"AES-128 key", &captcha.Config{Key: make([]byte, 16)}, true},
		{"AES-256 key, previous AES-192", &captcha.Config{Key: make([]byte, 32), PreviousKeys: [][]byte{make([]byte, 24)}}, true},
		{"short key", &captcha.Config{Key: make([]byte, 15)}, false},
		{"empty key", &captcha.Config{Key: []byte{}}, false},
		{"bad previous key", &captcha.Config{Key: make([]byte, 32), PreviousKeys: [][]byte{make([]byte, 31)}}, false},
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
		c, ok := e.store.Challenge(id)
		require.True(t, ok)
		assert.True(t, t0.Add(captcha.DefaultExpiry).Equal(c.Expires), "expires %v", c.Expires)
		assert.Zero(t, c.Reloads)
	}
	assert.Zero(t, e.store.Len(), "issuing stores nothing")

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
	e := newEnv(t, captcha.Config{})
	id, _ := e.issue(t)
	tests := []struct {
		name, id string
		want     bool
	}{
		{"issued", id, true},
		{"any base64url of the length", strings.Repeat("Az09-_", captcha.IDLength/6) + strings.Repeat("x", captcha.IDLength%6), true},
		{"one short", id[1:], false},
		{"one more", id + "A", false},
		{"standard base64 '+'", "+" + id[1:], false},
		{"standard base64 '/'", "/" + id[1:], false},
		{"padding", id[1:] + "=", false},
		{"a dot", "." + id[1:], false},
		{"Vietnamese letter", "Đ" + id[2:], false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, captcha.ValidID(tt.id), "%s: ValidID(%q)", tt.name, tt.id)
	}
	assert.Less(t, captcha.IDLength, 80, "an id stays compact")
}

// TestSealed checks what an id opens to: forged, truncated, retouched and
// old-key ids are ErrNotFound, and a rotated key still opens what it
// sealed.
func TestSealed(t *testing.T) {
	ctx := context.Background()
	keyA, keyB := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	clock := captchatest.NewClock(t0)
	make := func(key []byte, previous ...[]byte) (*captcha.Service, *captchatest.Store) {
		store := captchatest.NewStore(clock)
		svc, err := captcha.New(&captcha.Config{Store: store, Now: clock.Now, Key: key, PreviousKeys: previous, Rand: captchatest.Rand(5)})
		require.NoError(t, err)
		return svc, store
	}
	a, storeA := make(keyA)
	id, err := a.New(ctx)
	require.NoError(t, err)
	answer, ok := storeA.Answer(id)
	require.True(t, ok)

	flip := func(id string, i int) string {
		b := []byte(id)
		b[i] = "AB"[boolIndex(b[i] == 'A')]
		return string(b)
	}
	forged := []struct{ name, id string }{
		{"truncated", id[:len(id)-1]},
		{"first character changed", flip(id, 0)},
		{"middle character changed", flip(id, len(id)/2)},
		{"last character changed", flip(id, len(id)-1)},
		{"all A", strings.Repeat("A", captcha.IDLength)},
		{"not base64", strings.Repeat("!", captcha.IDLength)},
	}
	for _, tt := range forged {
		t.Run(tt.name, func(t *testing.T) {
			assert.ErrorIs(t, a.WriteImage(ctx, &bytes.Buffer{}, tt.id), captcha.ErrNotFound)
			_, err := a.Reload(ctx, tt.id)
			assert.ErrorIs(t, err, captcha.ErrNotFound)
			ok, err := a.Verify(ctx, tt.id, answer)
			require.NoError(t, err)
			assert.False(t, ok)
		})
	}
	assert.Zero(t, storeA.Len(), "forged ids never reach the store")

	t.Run("rotation", func(t *testing.T) {
		b, _ := make(keyB, keyA) // keyA rotated out, still opening
		idB, err := b.New(ctx)
		require.NoError(t, err)
		ok, err := b.Verify(ctx, id, answer)
		require.NoError(t, err)
		assert.True(t, ok, "the previous key still opens ids it sealed")
		ok, err = a.Verify(ctx, idB, "000000")
		require.NoError(t, err)
		assert.False(t, ok)
		c, _ := make(keyB) // keyA dropped
		assert.ErrorIs(t, c.WriteImage(ctx, &bytes.Buffer{}, id), captcha.ErrNotFound, "an old-key id once the key is dropped")
		assert.NoError(t, c.WriteImage(ctx, &bytes.Buffer{}, idB))
	})

	t.Run("servers sharing a key share ids", func(t *testing.T) {
		x, storeX := make(keyA)
		y, _ := make(keyA)
		id, err := x.New(ctx)
		require.NoError(t, err)
		answer, _ := storeX.Answer(id)
		var imgX, imgY bytes.Buffer
		require.NoError(t, x.WriteImage(ctx, &imgX, id))
		require.NoError(t, y.WriteImage(ctx, &imgY, id))
		assert.Equal(t, imgX.Bytes(), imgY.Bytes(), "the same image on both")
		ok, err := y.Verify(ctx, id, answer)
		require.NoError(t, err)
		assert.True(t, ok)
	})

	t.Run("generated keys differ", func(t *testing.T) {
		x, err := captcha.New(nil)
		require.NoError(t, err)
		y, err := captcha.New(nil)
		require.NoError(t, err)
		id, err := x.New(ctx)
		require.NoError(t, err)
		assert.NoError(t, x.WriteImage(ctx, &bytes.Buffer{}, id))
		assert.ErrorIs(t, y.WriteImage(ctx, &bytes.Buffer{}, id), captcha.ErrNotFound)
	})
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
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
			assert.False(t, held, "the id is spent")
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
	_, err = e.svc.Reload(ctx, id)
	assert.ErrorIs(t, err, captcha.ErrNotFound, "no reload after expiry")

	t.Run("checked by the service, not only the store", func(t *testing.T) {
		// A store on another clock, like a Redis whose clock is behind:
		// the service still refuses.
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
	ids := []string{id}
	for i := 1; i <= 3; i++ {
		e.clock.Advance(time.Minute)
		next, err := e.svc.Reload(ctx, id)
		require.NoError(t, err, "reload %d", i)
		assert.NotEqual(t, id, next, "a reload issues a new id")
		c, ok := e.store.Challenge(next)
		require.True(t, ok)
		assert.Equal(t, i, c.Reloads)
		assert.True(t, e.clock.Now().Add(captcha.DefaultExpiry).Equal(c.Expires), "a reload gives a fresh expiry")
		seen[c.Digits] = true

		var again bytes.Buffer
		require.NoError(t, e.svc.WriteImage(ctx, &again, next))
		assert.NotEqual(t, img.Bytes(), again.Bytes(), "a reload gives a new image")
		img = again
		id = next
		ids = append(ids, id)
	}
	assert.Len(t, seen, 4, "each reload drew new digits")
	assert.Zero(t, e.store.Len(), "reloading stores nothing")

	_, err := e.svc.Reload(ctx, id)
	assert.ErrorIs(t, err, captcha.ErrReloadLimit, "the fourth reload")
	last, ok := e.store.Answer(id)
	require.True(t, ok, "the challenge survives a refused reload")
	ok, err = e.svc.Verify(ctx, id, last)
	require.NoError(t, err)
	assert.True(t, ok, "the last digits answer the last id")

	first, ok := e.store.Answer(ids[0])
	require.True(t, ok, "an id reloaded is not spent")
	ok, err = e.svc.Verify(ctx, ids[0], first)
	require.NoError(t, err)
	assert.True(t, ok, "and is answered by its own digits until it expires")

	t.Run("reloads forbidden", func(t *testing.T) {
		e := newEnv(t, captcha.Config{MaxReloads: -1})
		id, _ := e.issue(t)
		_, err := e.svc.Reload(ctx, id)
		assert.ErrorIs(t, err, captcha.ErrReloadLimit)
	})

	t.Run("default limit", func(t *testing.T) {
		e := newEnv(t, captcha.Config{})
		id, _ := e.issue(t)
		for i := range captcha.DefaultMaxReloads {
			var err error
			id, err = e.svc.Reload(ctx, id)
			require.NoError(t, err, "reload %d", i+1)
		}
		_, err := e.svc.Reload(ctx, id)
		assert.ErrorIs(t, err, captcha.ErrReloadLimit)
	})

	t.Run("unknown ids", func(t *testing.T) {
		for _, id := range []string{"", "nope", strings.Repeat("A", captcha.IDLength)} {
			_, err := e.svc.Reload(ctx, id)
			assert.ErrorIs(t, err, captcha.ErrNotFound, "id %q", id)
		}
	})
}

// failingStore fails every call, as a store that lost its server.
type failingStore struct{}

var errDown = errors.New("store is down")

func (failingStore) Spend(context.Context, string, time.Time) (bool, error) { return false, errDown }

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

	svc, err := captcha.New(&captcha.Config{Store: failingStore{}})
	require.NoError(t, err)
	id, err := svc.New(ctx)
	require.NoError(t, err, "issuing needs no store")
	assert.NoError(t, svc.WriteImage(ctx, &bytes.Buffer{}, id), "nor does drawing")
	_, err = svc.Reload(ctx, id)
	assert.NoError(t, err, "nor reloading")
	ok, err := svc.Verify(ctx, id, "123456")
	assert.ErrorIs(t, err, errDown, "a store failure is an error, not a wrong answer")
	assert.False(t, ok)

	_, err = captcha.New(&captcha.Config{Rand: &failingReader{n: 10}})
	require.Error(t, err, "no randomness for a key")
	assert.Contains(t, err.Error(), "captcha: reading randomness")

	svc, err = captcha.New(&captcha.Config{Rand: &failingReader{n: 10}, Key: make([]byte, 32)})
	require.NoError(t, err)
	_, err = svc.New(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "captcha: reading randomness")
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
			_, err = e.svc.Reload(ctx, id)
			assert.NoError(t, err)
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
			_, err = svc.Reload(ctx, id)
			assert.ErrorIs(t, err, captcha.ErrZeroService, "Reload")
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
