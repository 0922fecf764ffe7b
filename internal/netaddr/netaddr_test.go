package netaddr

import (
	"net/netip"
	"testing"
)

func TestSubscriber(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"203.0.113.7", "203.0.113.0/24"},
		{"::ffff:203.0.113.7", "203.0.113.0/24"},
		{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"fe80::1%eth0", "fe80::/64"},
	} {
		if got := Subscriber(netip.MustParseAddr(tt.in)); got.String() != tt.want {
			t.Errorf("Subscriber(%s) = %v, want %s", tt.in, got, tt.want)
		}
	}
	if got := Subscriber(netip.Addr{}); got.IsValid() {
		t.Errorf("Subscriber of the zero Addr = %v", got)
	}
}
