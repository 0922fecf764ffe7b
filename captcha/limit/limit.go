// Package limit keeps a flood from one client from costing anyone else:
// token buckets per IP address and per network prefix (IPv4 /24, IPv6
// /64), checked before a site issues a captcha challenge or takes a post.
//
// # Buckets
//
// A [Rate] is a bucket of Burst tokens that refills one token every
// Every. [Memory.Allow] takes one token from the bucket of the address
// and one from the bucket of its prefix, both or neither: a client
// spread over many addresses of one /64 (which every IPv6 customer has)
// or one /24 still meets the prefix's bucket. Each bucket is kept as one
// time, the moment it will be full again (the generic cell rate
// algorithm, the same arithmetic as a token bucket), so an idle bucket
// needs no refill and one that is full needs no entry at all.
//
// A [Decision] says allowed, or how long until a token comes back. What
// to do with a refusal is the site's choice: answer 429 Too Many Requests
// with Retry-After ([SetRetryAfter]), or demand a captcha where none was.
// Make one limiter for issuing and another for posting, with their own
// rates.
//
// # Addresses
//
// [ClientAddr] reads the client's address from an *http.Request: the
// connection's peer, or, only when that peer is one of the trusted
// proxies a site names, the last address in X-Forwarded-For that is not a
// trusted proxy. By default no proxy is trusted, so a client cannot
// choose its own address by sending the header.
//
// # Memory and Redis
//
// [Memory] keeps buckets in the process, bounded by a capacity: when full,
// the bucket used longest ago is dropped, which forgives that client (its
// bucket comes back full), never refuses one. A flood of new addresses
// therefore costs no memory past the capacity; the flood's own prefix
// bucket, touched on every request, stays. Package
// captcha/redisstore has a Limiter with the same arithmetic in one Lua
// script, shared by every server.
//
// The limiter lives in its own package, beside captcha rather than in
// it, because it limits senders, not challenges: a site limits posting
// with it whether or not it shows a captcha.
//
// # Concurrency
//
// A Memory is safe for concurrent use; it starts no goroutine, and expired
// buckets are dropped a few at a time by Allow. The functions of the
// package have no state.
package limit

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/binhluan/binhluan/internal/netaddr"
)

// Rate is a bucket of Burst tokens that refills one token every Every.
type Rate struct {
	Burst int
	Every time.Duration
}

// Defaults of a [Config]: an address may make 20 requests at once, then
// one every 3 seconds; its prefix ten times as many.
var (
	DefaultPerAddr   = Rate{Burst: 20, Every: 3 * time.Second}
	DefaultPerPrefix = Rate{Burst: 200, Every: 300 * time.Millisecond}
)

// DefaultCapacity is the most buckets a [Memory] holds when its
// configuration does not say: about 12 MB.
const DefaultCapacity = 100_000

// Config configures a [Memory]. The zero value, or nil, means the
// defaults.
type Config struct {
	// PerAddr is the rate of one IP address; DefaultPerAddr when zero.
	PerAddr Rate
	// PerPrefix is the rate of one /24 (IPv4) or /64 (IPv6);
	// DefaultPerPrefix when zero.
	PerPrefix Rate
	// Capacity is the most buckets held; DefaultCapacity when zero or
	// negative.
	Capacity int
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Check returns the rates with their defaults, or an error for a rate out
// of range. It is what [New] and redisstore.NewLimiter check.
func (c *Config) Check() (perAddr, perPrefix Rate, err error) {
	var cfg Config
	if c != nil {
		cfg = *c
	}
	perAddr, perPrefix = orRate(cfg.PerAddr, DefaultPerAddr), orRate(cfg.PerPrefix, DefaultPerPrefix)
	for _, r := range []struct {
		name string
		Rate
	}{{"PerAddr", perAddr}, {"PerPrefix", perPrefix}} {
		if r.Burst < 1 || r.Every <= 0 || time.Duration(r.Burst) > math.MaxInt64/r.Every {
			return Rate{}, Rate{}, fmt.Errorf("limit: %s %+v: want Burst ≥ 1 and Every > 0", r.name, r.Rate)
		}
	}
	return perAddr, perPrefix, nil
}

func orRate(r, def Rate) Rate {
	if r == (Rate{}) {
		return def
	}
	return r
}

// Decision is a limiter's answer: allowed, or refused until RetryAfter
// has passed.
type Decision struct {
	Allowed    bool
	RetryAfter time.Duration
}

// Limiter is what a site needs of a limiter, so that it can be given the
// one in memory or the one on Redis: [Memory] and redisstore.Limiter have
// this method. Allow takes a token for addr, or says how long until one
// comes back; an error is a failure of the limiter itself.
type Limiter interface {
	Allow(ctx context.Context, addr netip.Addr) (Decision, error)
}

var _ Limiter = (*Memory)(nil)

// Take is the bucket arithmetic, shared by every limiter: given the time
// full (the moment the bucket would be full again, in any unit) and now
// in the same unit, it returns the new time full after one token is
// taken, and 0; or, when the bucket is empty, how long until a token
// comes back. A full of 0 is a full bucket.
func Take(full, now int64, r Rate) (next, wait int64) {
	every := int64(r.Every)
	next = max(full, now) + every
	if over := next - now - int64(r.Burst)*every; over > 0 {
		return full, over
	}
	return next, 0
}

// Prefix returns the network a bucket per prefix aggregates addr into:
// its /24 for IPv4 (IPv4-mapped IPv6 included), its /64 for IPv6.
func Prefix(addr netip.Addr) netip.Prefix { return netaddr.Subscriber(addr) }

// Memory is a limiter in the process's memory, for a site on one server.
// Make one with [New]; it is safe for concurrent use.
type Memory struct {
	perAddr, perPrefix Rate
	capacity           int
	now                func() time.Time

	mu      sync.Mutex
	buckets map[netip.Prefix]*bucket
	// oldest and newest end the list of buckets in the order they were
	// last used.
	oldest, newest *bucket
}

type bucket struct {
	key        netip.Prefix
	full       int64 // Unix ns
	prev, next *bucket
}

// sweepPerAllow bounds how many full buckets one Allow drops.
const sweepPerAllow = 4

// New returns an empty limiter configured by cfg, which may be nil, or an
// error for a rate out of range.
func New(cfg *Config) (*Memory, error) {
	perAddr, perPrefix, err := cfg.Check()
	if err != nil {
		return nil, err
	}
	m := &Memory{perAddr: perAddr, perPrefix: perPrefix, capacity: DefaultCapacity, now: time.Now}
	if cfg != nil {
		if cfg.Capacity > 0 {
			m.capacity = max(cfg.Capacity, 2) // an address and its prefix
		}
		if cfg.Now != nil {
			m.now = cfg.Now
		}
	}
	m.buckets = make(map[netip.Prefix]*bucket, min(m.capacity, 1024))
	return m, nil
}

// ErrInvalidAddr is returned for the zero netip.Addr, which names no
// client.
var ErrInvalidAddr = errors.New("limit: invalid address")

// Allow takes a token for addr from its bucket and its prefix's, or
// neither, and says whether it was allowed. The context is unused: nothing
// blocks.
func (m *Memory) Allow(_ context.Context, addr netip.Addr) (Decision, error) {
	if m == nil || m.buckets == nil {
		return Decision{}, errors.New("limit: Memory not made by New")
	}
	if !addr.IsValid() {
		return Decision{}, ErrInvalidAddr
	}
	addr = addr.Unmap()
	own, _ := addr.Prefix(addr.BitLen())
	wide := Prefix(addr)
	now := m.now().UnixNano()

	m.mu.Lock()
	defer m.mu.Unlock()
	for i := 0; i < sweepPerAllow && m.oldest != nil && m.oldest.full <= now; i++ {
		m.remove(m.oldest)
	}
	a, p := m.get(own, now), m.get(wide, now)
	nextA, waitA := Take(a.full, now, m.perAddr)
	nextP, waitP := Take(p.full, now, m.perPrefix)
	if wait := max(waitA, waitP); wait > 0 {
		return Decision{RetryAfter: time.Duration(wait)}, nil
	}
	a.full, p.full = nextA, nextP
	return Decision{Allowed: true}, nil
}

// get returns the bucket of key, made full if new, as the newest. m.mu is
// held.
func (m *Memory) get(key netip.Prefix, now int64) *bucket {
	b, ok := m.buckets[key]
	if ok {
		m.unlink(b)
	} else {
		if len(m.buckets) >= m.capacity {
			m.remove(m.oldest)
		}
		b = &bucket{key: key, full: now}
		m.buckets[key] = b
	}
	b.prev, b.next = m.newest, nil
	if m.newest != nil {
		m.newest.next = b
	} else {
		m.oldest = b
	}
	m.newest = b
	return b
}

func (m *Memory) unlink(b *bucket) {
	if b.prev != nil {
		b.prev.next = b.next
	} else {
		m.oldest = b.next
	}
	if b.next != nil {
		b.next.prev = b.prev
	} else {
		m.newest = b.prev
	}
}

func (m *Memory) remove(b *bucket) {
	m.unlink(b)
	delete(m.buckets, b.key)
}

// Len returns the number of buckets held.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.buckets)
}

// SetRetryAfter sets the Retry-After header of a refusal to d in whole
// seconds, rounded up, at least 1, for a 429 answer.
func SetRetryAfter(h http.Header, d time.Duration) {
	h.Set("Retry-After", strconv.FormatInt(max(1, int64((d+time.Second-1)/time.Second)), 10))
}
