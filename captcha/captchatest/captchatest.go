// Package captchatest helps a site test its forms end to end with a real
// [captcha.Service]: a clock the test moves by hand, a deterministic
// source of randomness, and a store whose answers the test can read, so
// that no site needs a back door of its own.
//
//	clock := captchatest.NewClock(time.Date(2020, 11, 29, 12, 48, 0, 0, time.UTC))
//	store := captchatest.NewStore(clock)
//	svc, _ := captcha.New(&captcha.Config{Store: store, Now: clock.Now, Rand: captchatest.Rand(1)})
//	id, _ := svc.New(ctx)
//	answer, _ := store.Answer(id) // post the form with it
//
// Everything here is safe for concurrent use.
package captchatest

import (
	"context"
	"io"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/binhluan/binhluan/captcha"
)

// Clock is a clock that moves only when told. Pass its Now method as
// captcha.Config.Now and captcha.MemoryConfig.Now.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Rand returns a deterministic source for captcha.Config.Rand: the same
// seed gives the same ids, digits and images.
func Rand(seed uint64) io.Reader {
	var key [32]byte
	for i := range 8 {
		key[i] = byte(seed >> (8 * i))
	}
	return rand.NewChaCha8(key)
}

// Store is a captcha.MemoryStore whose answers a test can read.
type Store struct {
	*captcha.MemoryStore
}

// NewStore returns an empty store on the clock, which may be nil for the
// real time.
func NewStore(clock *Clock) *Store {
	cfg := &captcha.MemoryConfig{}
	if clock != nil {
		cfg.Now = clock.Now
	}
	return &Store{captcha.NewMemoryStore(cfg)}
}

// Answer returns the digits of the challenge id without using it up, and
// false if the store does not hold it.
func (s *Store) Answer(id string) (string, bool) {
	c, err := s.Get(context.Background(), id)
	if err != nil {
		return "", false
	}
	return c.Digits, true
}
