package main

import (
	"log"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/binhluan/binhluan/captcha/limit"
	"github.com/binhluan/binhluan/internal/netaddr"
)

// Limits of the loginGuard.
const (
	// freeFailures is how many wrong passwords in a row a client may send
	// before it has to wait.
	freeFailures = 3
	// firstLockout is the wait after the first failure past the free ones;
	// each further failure doubles it, up to maxLockout.
	firstLockout = time.Second
	maxLockout   = 15 * time.Minute
	// forgetAfter is how long after its last failure a client starts
	// afresh.
	forgetAfter = 24 * time.Hour
	// maxClients bounds the clients the guard remembers: past it, the one
	// that failed longest ago is forgotten to make room.
	maxClients = 4096
	// logEvery is the least time between two log lines about failures;
	// the ones in between are counted in the next line.
	logEvery = time.Second
)

// loginGuard slows down guessing of moderators' passwords: after
// freeFailures wrong passwords in a row, a key is refused without the
// password being checked for firstLockout, doubling with every further
// failure up to maxLockout, until a password is right. A login attempt is
// counted under two keys, the client's and the account's (see
// clientKey, accountKey), so that one address cannot try many accounts
// fast, nor many addresses one account: a guesser who spreads over
// addresses still locks the account, for at most maxLockout, which is
// the price of keeping it safe. A client is an IP address, an IPv6 one
// by its /64, the block one subscriber gets; behind a reverse proxy every
// reader is the proxy, so a guesser there locks the moderators out too,
// which is the price of not trusting a forwarded header. Failures are
// logged, at most one line each logEvery.
//
// The zero loginGuard is ready to use and safe for concurrent use.
type loginGuard struct {
	mu      sync.Mutex
	clients map[string]*failures // by key
	logged  time.Time            // when a failure was last logged
	quiet   int                  // failures not logged since
}

// clientKey and accountKey are the guard's keys of an address and of an
// account name.
func clientKey(p netip.Prefix) string { return "ip " + p.String() }
func accountKey(name string) string   { return "account " + name }

// failures is what the guard remembers of a client.
type failures struct {
	n     int       // wrong passwords in a row
	last  time.Time // the last of them
	until time.Time // the client waits until then
}

// clientOf returns the client of r: its IP address, an IPv6 one as its
// /64, the address limit.ClientAddr reads (X-Forwarded-For only from the
// trusted proxies).
func clientOf(r *http.Request, trusted []netip.Prefix) netip.Prefix {
	addr, err := limit.ClientAddr(r, trusted)
	if err != nil {
		return netip.Prefix{} // every unreadable address is one client
	}
	addr = addr.Unmap().WithZone("")
	if addr.Is6() {
		return netaddr.Subscriber(addr)
	}
	return netip.PrefixFrom(addr, 32)
}

// attempt is called before a password is checked, with the keys of the
// attempt. Under one lock it either refuses it when any key is locked
// out, returning the longest wait left, or counts the attempt as a
// failure of every key up front and returns 0, so that attempts sent at
// once cannot all pass before the first of them is counted: each lockout
// lets one attempt through, however many arrive together. A right
// password then clears the counts with succeeded; a wrong one is logged
// with wrong.
func (g *loginGuard) attempt(now time.Time, keys ...string) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	var wait time.Duration
	for _, k := range keys {
		if f, ok := g.clients[k]; ok && now.Before(f.until) {
			wait = max(wait, f.until.Sub(now))
		}
	}
	if wait > 0 {
		return wait
	}
	for _, k := range keys {
		g.fail(k, now)
	}
	return 0
}

// fail counts a failure of the key; g.mu is held.
func (g *loginGuard) fail(key string, now time.Time) {
	if g.clients == nil {
		g.clients = make(map[string]*failures)
	}
	f, ok := g.clients[key]
	if !ok {
		if len(g.clients) >= maxClients {
			g.forgetOldest(now)
		}
		f = new(failures)
		g.clients[key] = f
	}
	if now.Sub(f.last) > forgetAfter {
		f.n = 0
	}
	f.n++
	f.last = now
	if extra := f.n - freeFailures; extra > 0 {
		wait := maxLockout
		if extra <= 20 { // 2^20 s is far past maxLockout
			wait = min(firstLockout<<(extra-1), maxLockout)
		}
		f.until = now.Add(wait)
	}
}

// succeeded forgets the failures of the keys.
func (g *loginGuard) succeeded(keys ...string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, k := range keys {
		delete(g.clients, k)
	}
}

// wrong logs a wrong password from a client, already counted by attempt,
// unless a line was logged less than logEvery ago. The account is named
// only when it exists: a name typed wrong may be a password.
func (g *loginGuard) wrong(client netip.Prefix, account string, known bool, now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	if f, ok := g.clients[clientKey(client)]; ok {
		n = f.n
	}
	if now.Sub(g.logged) < logEvery {
		g.quiet++
		return
	}
	if !known {
		account = "(unknown)"
	}
	log.Printf("newsroom: wrong moderator password from %s for account %s (%d in a row from there; %d other failures since the last line)", client, account, n, g.quiet)
	g.logged, g.quiet = now, 0
}

// forgetOldest makes room: it forgets, of the keys not locked out at now,
// the one that failed longest ago, so that a flood of new keys never
// frees a locked account; only when every key is locked does it forget
// the oldest lockout of an address, and an account's last. g.mu is held.
func (g *loginGuard) forgetOldest(now time.Time) {
	var oldest string
	var rank int
	var at time.Time
	for c, f := range g.clients {
		r := 0 // unlocked first, then addresses, then accounts
		switch {
		case f.until.After(now) && strings.HasPrefix(c, "account "):
			r = 2
		case f.until.After(now):
			r = 1
		}
		if oldest == "" || r < rank || r == rank && f.last.Before(at) {
			oldest, rank, at = c, r, f.last
		}
	}
	delete(g.clients, oldest)
}
