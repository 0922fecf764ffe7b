package redisstore

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/binhluan/binhluan/captcha"
)

// DefaultPrefix is the key prefix of a store whose options do not name one.
const DefaultPrefix = "binhluan:captcha:"

// Options configures a Store. The zero value, or nil, means the defaults.
type Options struct {
	// Prefix is put before every id to make the Redis key, so that
	// several sites or environments can share one Redis; DefaultPrefix
	// when empty.
	Prefix string
	// Now is the clock that turns Challenge.Expires into a time to live
	// and checks it on Get and Take; time.Now when nil.
	Now func() time.Time
}

// ErrNoClient is returned by the methods of a Store without a Redis
// client: the zero Store, or one New was given a nil client.
var ErrNoClient = errors.New("redisstore: Store has no Redis client; make it with New")

// Store is a captcha.Store on Redis. It is safe for concurrent use. Make
// one with New: the zero Store has no client, and its methods return
// ErrNoClient rather than panic.
type Store struct {
	client redis.UniversalClient
	prefix string
	now    func() time.Time
}

var _ captcha.Store = (*Store)(nil)

// New returns a store that keeps its challenges in client, configured by
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

// Set stores c under id, replacing what was there, until c.Expires, to the
// millisecond. A challenge that has already expired (or expires within the
// millisecond) is not stored, and whatever was under id is deleted, so a Get
// after it reports captcha.ErrNotFound.
func (s *Store) Set(ctx context.Context, id string, c captcha.Challenge) error {
	if err := s.usable(); err != nil {
		return err
	}
	return s.set(ctx, id, c, s.clock())
}

func (s *Store) set(ctx context.Context, id string, c captcha.Challenge, now time.Time) error {
	ttl := c.Expires.Sub(now).Truncate(time.Millisecond)
	if ttl <= 0 {
		if err := s.client.Del(ctx, s.key(id)).Err(); err != nil {
			return fmt.Errorf("redisstore: delete expired %s: %w", id, err)
		}
		return nil
	}
	data, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("redisstore: encode %s: %w", id, err)
	}
	if err := s.client.Set(ctx, s.key(id), data, ttl).Err(); err != nil {
		return fmt.Errorf("redisstore: set %s: %w", id, err)
	}
	return nil
}

// Get returns the challenge under id and leaves it there, or
// captcha.ErrNotFound.
func (s *Store) Get(ctx context.Context, id string) (captcha.Challenge, error) {
	if err := s.usable(); err != nil {
		return captcha.Challenge{}, err
	}
	data, err := s.client.Get(ctx, s.key(id)).Bytes()
	return s.decode("get", id, data, err, s.clock())
}

// Take returns the challenge under id and removes it with one GETDEL, or
// captcha.ErrNotFound. Of several calls racing for one id, in this process
// or another, at most one gets the challenge. A corrupt value is removed
// too, and reported as an error.
func (s *Store) Take(ctx context.Context, id string) (captcha.Challenge, error) {
	if err := s.usable(); err != nil {
		return captcha.Challenge{}, err
	}
	data, err := s.client.GetDel(ctx, s.key(id)).Bytes()
	return s.decode("take", id, data, err, s.clock())
}

func (s *Store) decode(op, id string, data []byte, err error, now time.Time) (captcha.Challenge, error) {
	if errors.Is(err, redis.Nil) {
		return captcha.Challenge{}, captcha.ErrNotFound
	}
	if err != nil {
		return captcha.Challenge{}, fmt.Errorf("redisstore: %s %s: %w", op, id, err)
	}
	var c captcha.Challenge
	if err := json.Unmarshal(data, &c); err != nil {
		return captcha.Challenge{}, fmt.Errorf("redisstore: %s %s: corrupt value under key %q: %w", op, id, s.key(id), err)
	}
	if c.Digits == "" || c.Expires.IsZero() {
		return captcha.Challenge{}, fmt.Errorf("redisstore: %s %s: corrupt value under key %q: no digits or no expiry", op, id, s.key(id))
	}
	if !c.Expires.After(now) {
		return captcha.Challenge{}, captcha.ErrNotFound
	}
	return c, nil
}
