package limit

import (
	"errors"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ErrForwardedFor is returned by [ClientAddr] when a trusted proxy passed
// on an X-Forwarded-For it cannot be read from: an entry that is not an
// address, or only trusted proxies in it.
var ErrForwardedFor = errors.New("limit: unreadable X-Forwarded-For from a trusted proxy")

// maxForwardedHops bounds how many X-Forwarded-For entries ClientAddr
// reads, from the right.
const maxForwardedHops = 16

// ClientAddr returns the address of the client that sent r. It is the
// connection's peer (r.RemoteAddr), unless that peer is in one of the
// trusted prefixes (the site's own reverse proxies, e.g.
// netip.MustParsePrefix("10.0.0.0/8")): then X-Forwarded-For is read from
// the right, the last hop first, skipping trusted proxies, and the first
// address that is not one is the client. With no trusted prefixes the
// header is ignored, as a client can write anything in it; entries left
// of the first untrusted one are never read, for the same reason.
//
// IPv4-mapped IPv6 addresses are returned as IPv4. An error means no
// address could be read: r.RemoteAddr not an address (a test's request,
// a Unix socket), or [ErrForwardedFor].
func ClientAddr(r *http.Request, trusted []netip.Prefix) (netip.Addr, error) {
	peer, err := parseHop(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}, errors.New("limit: RemoteAddr is not an IP address")
	}
	if !isTrusted(peer, trusted) {
		return peer, nil
	}
	values := r.Header.Values("X-Forwarded-For")
	hops := 0
	for i := len(values) - 1; i >= 0; i-- {
		v := values[i]
		for v != "" {
			var hop string
			if j := strings.LastIndexByte(v, ','); j >= 0 {
				v, hop = v[:j], v[j+1:]
			} else {
				v, hop = "", v
			}
			if hops++; hops > maxForwardedHops {
				return netip.Addr{}, ErrForwardedFor
			}
			addr, err := parseHop(strings.TrimSpace(hop))
			if err != nil {
				return netip.Addr{}, ErrForwardedFor
			}
			if !isTrusted(addr, trusted) {
				return addr, nil
			}
		}
	}
	// Only trusted hops: the request came from the proxies themselves
	// (a health check) when there was no header, else the chain is odd.
	if hops == 0 {
		return peer, nil
	}
	return netip.Addr{}, ErrForwardedFor
}

// parseHop reads an address, with or without a port ("203.0.113.7",
// "203.0.113.7:5123", "2001:db8::1", "[2001:db8::1]:443").
func parseHop(s string) (netip.Addr, error) {
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap().WithZone(""), nil
	}
	host, _, err := net.SplitHostPort(s)
	if err != nil {
		return netip.Addr{}, err
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, err
	}
	return a.Unmap().WithZone(""), nil
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
