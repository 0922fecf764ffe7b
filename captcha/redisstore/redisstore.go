package redisstore

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/binhluan/binhluan/captcha"
)

// DefaultPrefix is the key prefix of a store whose options do not name one.
const DefaultPrefix = "binhluan:captcha:spent:"

// Options configures a Store. The zero value, or nil, means the defaults.
type Options struct {
	// Prefix is put before every id to make the Redis key, so that
	// several sites or environments can share one Redis; DefaultPrefix
	// when empty.
	Prefix string
	// Now is the clock that turns a spent id's expiry into a time to
	// live; time.Now when nil.
	Now func() time.Time
}

// ErrNoClient is returned by the methods of a Store without a Redis
// client: the zero Store, or one New was given a nil client.
var ErrNoClient = errors.New("redisstore: Store has no Redis client; make it with New")

// Store is a captcha.Store on Redis: the spent set of the services that
// share it. It is safe for concurrent use. Make
// one with New: the zero Store has no client, and its methods return
// ErrNoClient rather than panic.
type Store struct {
	client redis.UniversalClient
	prefix string
	now    func() time.Time
}

var _ captcha.Store = (*Store)(nil)

// New returns a store that keeps its spent ids in client, configured by
// opts, which may be nil. The client stays the caller's to close.
func New(client redis.UniversalClient, opts *Options) *Store {
	s := &Store{client: client, prefix: DefaultPrefix, now: time.Now}
	if opts != nil {
		if opts.Prefix != "" {
			s.prefix = opts.Prefix
		}
		if opts.Now != nil {
			s.now = opts.Now
		}
	}
	return s
}

func (s *Store) key(id string) string { return cmp.Or(s.prefix, DefaultPrefix) + id }

// clock returns the store's time, the real one for a zero Store.
func (s *Store) clock() time.Time {
	if s.now == nil {
		return time.Now()
	}
	return s.now()
}

// usable reports ErrNoClient for a Store without a client.
func (s *Store) usable() error {
	if s == nil || s.client == nil {
		return ErrNoClient
	}
	return nil
}

// Spend marks id as spent until until, to the millisecond, with one
// SET … NX PX, and reports whether it was not spent before: of any number
// of calls racing for one id, in this process or another, exactly one
// reports true. An id whose until has passed (or passes within the
// millisecond) is reported as spent without asking Redis.
func (s *Store) Spend(ctx context.Context, id string, until time.Time) (bool, error) {
	if err := s.usable(); err != nil {
		return false, err
	}
	ttl := until.Sub(s.clock()).Truncate(time.Millisecond)
	if ttl <= 0 {
		return false, nil
	}
	first, err := s.client.SetNX(ctx, s.key(id), "1", ttl).Result()
	if err != nil {
		return false, fmt.Errorf("redisstore: spend %s: %w", id, err)
	}
	return first, nil
}
