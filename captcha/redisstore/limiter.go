package redisstore

import (
	"cmp"
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/binhluan/binhluan/captcha/limit"
)

// DefaultLimiterPrefix is the key prefix of a limiter whose options do
// not name one.
const DefaultLimiterPrefix = "binhluan:limit:"

// LimiterOptions configures a Limiter. The zero value, or nil, means the
// defaults of limit.Config.
type LimiterOptions struct {
	// Prefix is put before every key; DefaultLimiterPrefix when empty.
	// Give the limiter of issuing and that of posting different ones.
	Prefix string
	// PerAddr and PerPrefix are the rates, as in limit.Config.
	PerAddr, PerPrefix limit.Rate
	// Now is the clock; time.Now when nil. Servers sharing a limiter
	// should keep their clocks together (NTP): a server ahead by s sees
	// buckets s fuller.
	Now func() time.Time
}

// Limiter is limit.Memory's arithmetic on Redis, shared by every server
// of a site. Each Allow is one EVALSHA of a Lua script (EVAL the first
// time), one round trip, that reads the two buckets of the address and
// its prefix, and takes a token from both or neither, atomically. A
// bucket is one key holding the time it is full again, in Unix
// microseconds, that expires at that time: a full bucket is no key, so
// Redis holds only the buckets in use. Both keys of one address share a
// hash tag (the prefix), so the script runs on Redis Cluster too.
//
// A Limiter is safe for concurrent use. Make one with NewLimiter.
type Limiter struct {
	client             redis.UniversalClient
	prefix             string
	perAddr, perPrefix limit.Rate
	now                func() time.Time
}

var _ limit.Limiter = (*Limiter)(nil)

// NewLimiter returns a limiter on client, or an error for a rate out of
// range. The client stays the caller's to close.
func NewLimiter(client redis.UniversalClient, opts *LimiterOptions) (*Limiter, error) {
	var o LimiterOptions
	if opts != nil {
		o = *opts
	}
	perAddr, perPrefix, err := (&limit.Config{PerAddr: o.PerAddr, PerPrefix: o.PerPrefix}).Check()
	if err != nil {
		return nil, fmt.Errorf("redisstore: %w", err)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Limiter{client: client, prefix: cmp.Or(o.Prefix, DefaultLimiterPrefix), perAddr: perAddr, perPrefix: perPrefix, now: o.Now}, nil
}

// takeScript is limit.Take for two buckets at once. KEYS are the
// address's bucket and the prefix's; ARGV are now, then every and burst
// of each, in microseconds and tokens. It returns 0 when allowed, else
// the wait in microseconds.
var takeScript = redis.NewScript(`
local now = tonumber(ARGV[1])
local function take(key, every, burst)
  local full = tonumber(redis.call('GET', key) or '0')
  local nxt = math.max(full, now) + every
  return nxt, nxt - now - burst * every
end
local na, oa = take(KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[3]))
local np, op = take(KEYS[2], tonumber(ARGV[4]), tonumber(ARGV[5]))
local over = math.max(oa, op)
if over > 0 then return over end
redis.call('SET', KEYS[1], string.format('%d', na), 'PX', math.ceil((na - now) / 1000))
redis.call('SET', KEYS[2], string.format('%d', np), 'PX', math.ceil((np - now) / 1000))
return 0
`)

// Allow takes a token for addr from its bucket and its prefix's, or
// neither. An error is a failure of Redis or the context; the site
// chooses whether to let the request through then.
func (l *Limiter) Allow(ctx context.Context, addr netip.Addr) (limit.Decision, error) {
	if l == nil || l.client == nil {
		return limit.Decision{}, ErrNoClient
	}
	if !addr.IsValid() {
		return limit.Decision{}, limit.ErrInvalidAddr
	}
	addr = addr.Unmap()
	wide := limit.Prefix(addr)
	tag := l.prefix + "{" + wide.String() + "}"
	keys := []string{tag + ":" + addr.String(), tag}
	us := func(d time.Duration) int64 { return max(d.Microseconds(), 1) }
	over, err := takeScript.Run(ctx, l.client, keys,
		l.now().UnixMicro(),
		us(l.perAddr.Every), l.perAddr.Burst,
		us(l.perPrefix.Every), l.perPrefix.Burst,
	).Int64()
	if err != nil {
		return limit.Decision{}, fmt.Errorf("redisstore: limit %s: %w", addr, err)
	}
	if over > 0 {
		return limit.Decision{RetryAfter: time.Duration(over) * time.Microsecond}, nil
	}
	return limit.Decision{Allowed: true}, nil
}
