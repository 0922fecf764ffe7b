// Package captchatest helps a site test its forms end to end with a real
// [captcha.Service]: a clock the test moves by hand, a deterministic
// source of randomness, and a store that can tell the test the answer of
// a challenge, so that no site needs a back door of its own. Challenge
// ids are sealed by the service's key; a Store given to captcha.New
// receives from it the function that opens them (captcha.Opener), and
// Answer uses it.
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

// Store is a captcha.MemoryStore that can open the ids of the services
// it was given to, and so tell a test their answers.
type Store struct {
	*captcha.MemoryStore

	mu      sync.Mutex
	openers []func(id string) (captcha.Challenge, error)
}

var _ captcha.Opener = (*Store)(nil)

// NewStore returns an empty store on the clock, which may be nil for the
// real time.
func NewStore(clock *Clock) *Store {
	cfg := &captcha.MemoryConfig{}
	if clock != nil {
		cfg.Now = clock.Now
	}
	return &Store{MemoryStore: captcha.NewMemoryStore(cfg)}
}

// SetOpener is called by captcha.New for every service made with the
// store; Answer tries each service's opener.
func (s *Store) SetOpener(open func(id string) (captcha.Challenge, error)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.openers = append(s.openers, open)
}

// Answer returns the digits of the challenge id without spending it, and
// false if no service of the store opens it, it has expired or it was
// spent.
func (s *Store) Answer(id string) (string, bool) {
	c, ok := s.Challenge(id)
	return c.Digits, ok
}

// Challenge returns all that id carries, as Answer does its digits.
func (s *Store) Challenge(id string) (captcha.Challenge, bool) {
	s.mu.Lock()
	openers := s.openers
	s.mu.Unlock()
	for _, open := range openers {
		if c, err := open(id); err == nil {
			return c, !s.Spent(id, c.Expires)
		}
	}
	return captcha.Challenge{}, false
}
