package main

import (
	"log"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"
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

// loginGuard slows down guessing of the admin password: after
// freeFailures wrong passwords in a row, a client is refused without its
// password being checked for firstLockout, doubling with every further
// failure up to maxLockout, until it gets the password right. A client is
// an IP address, an IPv6 one by its /64, the block one subscriber gets;
// behind a reverse proxy every reader is the proxy, so a guesser there
// locks the moderator out too, which is the price of not trusting a
// forwarded header. Failures are logged, at most one line each logEvery.
//
// The zero loginGuard is ready to use and safe for concurrent use.
type loginGuard struct {
	mu      sync.Mutex
	clients map[netip.Prefix]*failures
	logged  time.Time // when a failure was last logged
	quiet   int       // failures not logged since
}

// failures is what the guard remembers of a client.
type failures struct {
	n     int       // wrong passwords in a row
	last  time.Time // the last of them
	until time.Time // the client waits until then
}

// clientOf returns the client of r: its IP address, an IPv6 one as its /64.
func clientOf(r *http.Request) netip.Prefix {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Prefix{} // every unparsable address is one client
	}
	addr = addr.Unmap().WithZone("")
	bits := 32
	if addr.Is6() {
		bits = 64
	}
	p, _ := addr.Prefix(bits)
	return p
}

// attempt is called before a client's password is checked. Under one
// lock it either refuses a locked-out client, returning how long it must
// still wait, or counts the attempt as a failure up front and returns 0,
// so that attempts sent at once cannot all pass before the first of them
// is counted: each lockout lets one attempt through, however many arrive
// together. A right password then clears the count with succeeded; a
// wrong one is logged with wrong.
func (g *loginGuard) attempt(client netip.Prefix, now time.Time) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	if f, ok := g.clients[client]; ok && now.Before(f.until) {
		return f.until.Sub(now)
	}
	if g.clients == nil {
		g.clients = make(map[netip.Prefix]*failures)
	}
	f, ok := g.clients[client]
	if !ok {
		if len(g.clients) >= maxClients {
			g.forgetOldest()
		}
		f = new(failures)
		g.clients[client] = f
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
	return 0
}

// succeeded forgets the client's failures.
func (g *loginGuard) succeeded(client netip.Prefix) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.clients, client)
}

// wrong logs a wrong password, already counted by attempt, unless a line
// was logged less than logEvery ago.
func (g *loginGuard) wrong(client netip.Prefix, now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	if f, ok := g.clients[client]; ok {
		n = f.n
	}
	if now.Sub(g.logged) < logEvery {
		g.quiet++
		return
	}
	log.Printf("newsroom: wrong admin password from %s (%d in a row; %d other failures since the last line)", client, n, g.quiet)
	g.logged, g.quiet = now, 0
}

// forgetOldest forgets the client that failed longest ago. g.mu is held.
func (g *loginGuard) forgetOldest() {
	var oldest netip.Prefix
	var at time.Time
	first := true
	for c, f := range g.clients {
		if first || f.last.Before(at) {
			oldest, at, first = c, f.last, false
		}
	}
	delete(g.clients, oldest)
}
