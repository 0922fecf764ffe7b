// Package netaddr holds binhluan's one rule for grouping client
// addresses: the block one subscriber usually gets, an IPv4 /24 or an
// IPv6 /64. The captcha's limits per prefix and the bans on a prefix use
// it. Its functions are pure and safe for concurrent use.
package netaddr

import "net/netip"

// Bits returns the prefix length of the subscriber block of addr: 24 for
// IPv4 (an IPv4-mapped IPv6 address included), 64 for IPv6.
func Bits(addr netip.Addr) int {
	if addr.Unmap().Is4() {
		return 24
	}
	return 64
}

// Subscriber returns the subscriber block of addr, unmapped and masked:
// 203.0.113.7 gives 203.0.113.0/24, 2001:db8:1:2::9 gives 2001:db8:1:2::/64.
// An invalid addr gives the zero Prefix.
func Subscriber(addr netip.Addr) netip.Prefix {
	addr = addr.Unmap().WithZone("")
	p, err := addr.Prefix(Bits(addr))
	if err != nil {
		return netip.Prefix{}
	}
	return p
}
