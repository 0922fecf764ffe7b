package limit_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/captcha/captchatest"
	"github.com/binhluan/binhluan/captcha/limit"
)

var t0 = time.Date(2020, 11, 29, 12, 48, 0, 0, time.UTC)

// TestTake walks one bucket of 3 tokens, one a second, on a fake clock.
func TestTake(t *testing.T) {
	r := limit.Rate{Burst: 3, Every: time.Second}
	s := int64(time.Second)
	steps := []struct {
		name string
		at   int64 // when, in seconds
		ok   bool
		wait int64 // if refused, in seconds
	}{
		{"first of the burst", 10, true, 0},
		{"second", 10, true, 0},
		{"third", 10, true, 0},
		{"empty", 10, false, 1},
		{"still empty a moment later", 10, false, 1},
		{"one token back after a second", 11, true, 0},
		{"and gone", 11, false, 1},
		{"idle for long: full again, no more", 100, true, 0},
		{"two left", 100, true, 0},
		{"one left", 100, true, 0},
		{"empty again", 100, false, 1},
	}
	full := int64(0)
	for _, st := range steps {
		next, wait := limit.Take(full, st.at*s, r)
		if st.ok {
			assert.Zero(t, wait, st.name)
			full = next
		} else {
			assert.Equal(t, st.wait*s, wait, "%s: wait", st.name)
			assert.Equal(t, full, next, "%s: a refusal takes nothing", st.name)
		}
	}
}

func newMemory(t *testing.T, cfg limit.Config) (*limit.Memory, *captchatest.Clock) {
	t.Helper()
	clock := captchatest.NewClock(t0)
	cfg.Now = clock.Now
	m, err := limit.New(&cfg)
	require.NoError(t, err)
	return m, clock
}

func allow(t *testing.T, m *limit.Memory, addr string) limit.Decision {
	t.Helper()
	d, err := m.Allow(context.Background(), netip.MustParseAddr(addr))
	require.NoError(t, err)
	return d
}

func TestMemoryAggregatesPrefixes(t *testing.T) {
	m, clock := newMemory(t, limit.Config{
		PerAddr:   limit.Rate{Burst: 2, Every: time.Second},
		PerPrefix: limit.Rate{Burst: 5, Every: time.Second},
	})
	steps := []struct {
		addr string
		ok   bool
		why  string
	}{
		{"203.0.113.7", true, "a reader"},
		{"203.0.113.7", true, "its burst"},
		{"203.0.113.7", false, "its own bucket empty"},
		{"203.0.113.8", true, "a neighbour has its own"},
		{"203.0.113.9", true, "another"},
		{"203.0.113.10", true, "the /24's fifth"},
		{"203.0.113.11", false, "the /24 empty"},
		{"::ffff:203.0.113.12", false, "IPv4-mapped is the same /24"},
		{"198.51.100.1", true, "another /24 is untouched"},
		{"2001:db8:1:2::1", true, "an IPv6 client"},
		{"2001:db8:1:2::2", true, "same /64"},
		{"2001:db8:1:2:ffff::3", true, "same /64"},
		{"2001:db8:1:2::4", true, "same /64"},
		{"2001:db8:1:2::5", true, "the /64's fifth"},
		{"2001:db8:1:2::6", false, "the /64 empty, whatever the address"},
		{"2001:db8:1:3::1", true, "the next /64 is another prefix"},
	}
	for _, st := range steps {
		d := allow(t, m, st.addr)
		assert.Equal(t, st.ok, d.Allowed, "%s: %s", st.addr, st.why)
		if !st.ok {
			assert.Positive(t, d.RetryAfter, "%s: a refusal says when", st.addr)
		}
	}
	clock.Advance(time.Second)
	assert.True(t, allow(t, m, "203.0.113.11").Allowed, "a token back for the /24 after a second")
	assert.False(t, allow(t, m, "203.0.113.12").Allowed, "one only")
}

func TestMemoryRefusalTakesNothing(t *testing.T) {
	m, clock := newMemory(t, limit.Config{
		PerAddr:   limit.Rate{Burst: 1, Every: time.Second},
		PerPrefix: limit.Rate{Burst: 1, Every: time.Minute},
	})
	assert.True(t, allow(t, m, "192.0.2.1").Allowed)
	d := allow(t, m, "192.0.2.2")
	assert.False(t, d.Allowed, "the prefix is empty")
	assert.Equal(t, time.Minute, d.RetryAfter, "the longer wait of the two buckets")
	clock.Advance(time.Minute)
	assert.True(t, allow(t, m, "192.0.2.2").Allowed, "the address's own token was not taken by the refusal")
}

// TestMemoryFlood sends one request from each of many distinct addresses
// of one /64, then a reader elsewhere: the limiter never holds more than
// its capacity, the flood's prefix stays refused, and the reader is
// served.
func TestMemoryFlood(t *testing.T) {
	const capacity = 1000
	m, clock := newMemory(t, limit.Config{Capacity: capacity})
	base := netip.MustParseAddr("2001:db8:bad::").As16()
	allowed := 0
	for i := range 50 * capacity {
		a := base
		a[12], a[13], a[14], a[15] = byte(i>>24), byte(i>>16), byte(i>>8), byte(i)
		d, err := m.Allow(context.Background(), netip.AddrFrom16(a))
		require.NoError(t, err)
		if d.Allowed {
			allowed++
		}
		require.LessOrEqual(t, m.Len(), capacity)
		if i%1000 == 0 {
			clock.Advance(time.Millisecond)
		}
	}
	assert.LessOrEqual(t, allowed, limit.DefaultPerPrefix.Burst+1, "the /64 as a whole gets its burst")
	assert.True(t, allow(t, m, "203.0.113.7").Allowed, "a reader is not slowed by the flood")
	assert.False(t, allow(t, m, "2001:db8:bad::1").Allowed, "the flood's prefix is still remembered")
}

func TestMemoryExpires(t *testing.T) {
	m, clock := newMemory(t, limit.Config{PerAddr: limit.Rate{Burst: 1, Every: time.Second}})
	for i := range 100 {
		allow(t, m, fmt.Sprintf("10.0.%d.1", i))
	}
	assert.Equal(t, 200, m.Len(), "an address and a prefix each")
	clock.Advance(time.Hour)
	for range 60 {
		allow(t, m, "192.0.2.1")
	}
	assert.LessOrEqual(t, m.Len(), 2, "full buckets are dropped as requests come")
}

func TestConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  *limit.Config
		ok   bool
	}{
		{"nil", nil, true},
		{"zero", &limit.Config{}, true},
		{"no burst", &limit.Config{PerAddr: limit.Rate{Every: time.Second}}, false},
		{"no refill", &limit.Config{PerPrefix: limit.Rate{Burst: 3}}, false},
		{"negative", &limit.Config{PerAddr: limit.Rate{Burst: -1, Every: time.Second}}, false},
		{"overflowing", &limit.Config{PerAddr: limit.Rate{Burst: 1 << 40, Every: time.Hour}}, false},
	}
	for _, tt := range tests {
		_, err := limit.New(tt.cfg)
		assert.Equal(t, tt.ok, err == nil, "%s: %v", tt.name, err)
	}
	var zero *limit.Memory
	_, err := zero.Allow(context.Background(), netip.MustParseAddr("192.0.2.1"))
	assert.Error(t, err, "a nil Memory errs, never panics")
	m, _ := limit.New(nil)
	_, err = m.Allow(context.Background(), netip.Addr{})
	assert.ErrorIs(t, err, limit.ErrInvalidAddr)
}

func TestPrefix(t *testing.T) {
	for addr, want := range map[string]string{
		"203.0.113.7":          "203.0.113.0/24",
		"::ffff:203.0.113.7":   "203.0.113.0/24",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"fe80::1%eth0":         "fe80::/64",
	} {
		assert.Equal(t, want, limit.Prefix(netip.MustParseAddr(addr)).String(), addr)
	}
}

func TestClientAddr(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8:ffff::/48")}
	tests := []struct {
		name    string
		remote  string
		xff     []string
		trusted []netip.Prefix
		want    string // "" for an error
	}{
		{"the peer", "203.0.113.7:5123", nil, nil, "203.0.113.7"},
		{"header ignored by default", "203.0.113.7:5123", []string{"198.51.100.1"}, nil, "203.0.113.7"},
		{"header ignored from an untrusted peer", "203.0.113.7:5123", []string{"198.51.100.1"}, proxies, "203.0.113.7"},
		{"a trusted proxy's client", "10.1.2.3:80", []string{"198.51.100.1"}, proxies, "198.51.100.1"},
		{"a forged entry left of the real one", "10.1.2.3:80", []string{"1.1.1.1, 198.51.100.1"}, proxies, "198.51.100.1"},
		{"two proxies", "10.1.2.3:80", []string{"198.51.100.1, 10.9.9.9"}, proxies, "198.51.100.1"},
		{"several headers", "10.1.2.3:80", []string{"1.1.1.1", "198.51.100.1, 10.9.9.9"}, proxies, "198.51.100.1"},
		{"with a port", "10.1.2.3:80", []string{"198.51.100.1:4711"}, proxies, "198.51.100.1"},
		{"IPv6 with a port", "[2001:db8:ffff::1]:443", []string{"[2001:db8::7]:4711"}, proxies, "2001:db8::7"},
		{"IPv6 peer", "[2001:db8::9]:443", nil, nil, "2001:db8::9"},
		{"mapped", "[::ffff:203.0.113.7]:1", nil, nil, "203.0.113.7"},
		{"a proxy's own request", "10.1.2.3:80", nil, proxies, "10.1.2.3"},
		{"garbage from a trusted proxy", "10.1.2.3:80", []string{"unknown"}, proxies, ""},
		{"only proxies", "10.1.2.3:80", []string{"10.2.2.2"}, proxies, ""},
		{"too many hops", "10.1.2.3:80", []string{strings.Repeat("10.2.2.2,", 40) + "10.2.2.2"}, proxies, ""},
		{"no peer address", "@", nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			got, err := limit.ClientAddr(r, tt.trusted)
			if tt.want == "" {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.String())
		})
	}
}

func TestSetRetryAfter(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Millisecond: "1", time.Second: "1", 1500 * time.Millisecond: "2", time.Minute: "60",
	} {
		h := http.Header{}
		limit.SetRetryAfter(h, d)
		assert.Equal(t, want, h.Get("Retry-After"), "%v", d)
	}
}

// FuzzClientAddr reads arbitrary peers and headers: no panic, and an
// address found is the peer or written in the header.
func FuzzClientAddr(f *testing.F) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	f.Add("10.1.2.3:80", "198.51.100.1, 10.9.9.9")
	f.Add("203.0.113.7:1", "")
	f.Add("[::1]:1", "[2001:db8::1]:2,,")
	f.Add("10.0.0.1:1", ",,,")
	f.Add("10.0.0.1:1", "fe80::1%eth0")
	f.Fuzz(func(t *testing.T, remote, xff string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = remote
		r.Header.Set("X-Forwarded-For", xff)
		a, err := limit.ClientAddr(r, proxies)
		if err != nil {
			return
		}
		if !a.IsValid() || a.Zone() != "" || a.Is4In6() {
			t.Fatalf("ClientAddr(%q, %q) = %v", remote, xff, a)
		}
	})
}

// BenchmarkAllow is one request's check, from a cycle of addresses in
// several prefixes.
func BenchmarkAllow(b *testing.B) {
	m, err := limit.New(&limit.Config{PerAddr: limit.Rate{Burst: 1 << 20, Every: time.Nanosecond}, PerPrefix: limit.Rate{Burst: 1 << 20, Every: time.Nanosecond}})
	if err != nil {
		b.Fatal(err)
	}
	addrs := make([]netip.Addr, 4096)
	for i := range addrs {
		addrs[i] = netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 1})
	}
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := m.Allow(ctx, addrs[i%len(addrs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
