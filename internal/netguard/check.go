package netguard

import (
	"errors"
	"fmt"
	"net/netip"
)

// ErrBlocked is matched by errors.Is on every error caused by a refused
// address, including the *url.Error that http.Client.Do returns.
var ErrBlocked = errors.New("netguard: address blocked")

// BlockedError says which address was refused and why. It reaches callers of
// http.Client.Do wrapped in *url.Error and *net.OpError; use errors.As or
// IsBlocked to find it.
type BlockedError struct {
	Addr   netip.Addr
	Reason string
}

// Error names the address, the reason and the settings that would allow it,
// because an admin reading the events log must be able to act on it.
func (e *BlockedError) Error() string {
	return fmt.Sprintf("netguard: refused to connect to %s (%s); "+
		"set TICKETWIRE_ALLOW_PRIVATE_NETWORKS=true or add it to TICKETWIRE_ALLOWED_NETWORKS to allow it",
		e.Addr, e.Reason)
}

// Is makes errors.Is(err, ErrBlocked) true for every BlockedError.
func (e *BlockedError) Is(target error) bool { return target == ErrBlocked }

// IsBlocked reports whether err, or any error it wraps, is a refused address.
func IsBlocked(err error) bool { return errors.Is(err, ErrBlocked) }

// blockedRange is a special-purpose range with the reason shown when it is hit.
type blockedRange struct {
	prefix netip.Prefix
	reason string
}

// blockedRanges follows the IANA IPv4 and IPv6 Special-Purpose Address
// Registries: every range that is not globally reachable, plus ranges that
// embed an IPv4 address (NAT64, 6to4, Teredo) and could be translated into a
// private one by a gateway. Order matters only for the reason shown:
// 255.255.255.255 is listed before 240.0.0.0/4 so it reads "broadcast".
// IPv4-mapped IPv6 addresses are unmapped before this list is consulted.
var blockedRanges = []blockedRange{
	{netip.MustParsePrefix("0.0.0.0/8"), `"this network"`},
	{netip.MustParsePrefix("10.0.0.0/8"), "private network"},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT shared address space"},
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local, includes the cloud metadata address"},
	{netip.MustParsePrefix("172.16.0.0/12"), "private network"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol assignments"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation"},
	{netip.MustParsePrefix("192.88.99.0/24"), "6to4 relay anycast"},
	{netip.MustParsePrefix("192.168.0.0/16"), "private network"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast"},
	{netip.MustParsePrefix("255.255.255.255/32"), "broadcast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},

	{netip.MustParsePrefix("::/128"), "unspecified"},
	{netip.MustParsePrefix("::1/128"), "loopback"},
	{netip.MustParsePrefix("64:ff9b::/96"), "NAT64"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "local-use NAT64"},
	{netip.MustParsePrefix("100::/64"), "discard-only"},
	{netip.MustParsePrefix("2001::/32"), "Teredo"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation"},
	{netip.MustParsePrefix("2001::/23"), "IETF protocol assignments"},
	{netip.MustParsePrefix("2002::/16"), "6to4"},
	{netip.MustParsePrefix("3fff::/20"), "documentation"},
	{netip.MustParsePrefix("5f00::/16"), "segment routing"},
	{netip.MustParsePrefix("fc00::/7"), "unique local (private network)"},
	{netip.MustParsePrefix("fe80::/10"), "link-local"},
	{netip.MustParsePrefix("fec0::/10"), "site-local"},
	{netip.MustParsePrefix("ff00::/8"), "multicast"},
}

// globalUnicastV6 is the only IPv6 block IANA delegates for global unicast;
// anything outside it is unassigned or special and never a customer's API.
var globalUnicastV6 = netip.MustParsePrefix("2000::/3")

// Check reports whether addr may be dialled under o: nil when allowed, a
// *BlockedError otherwise. It is pure, so configuration validation and tests
// can call it without touching the network.
func Check(addr netip.Addr, o Options) error {
	if !addr.IsValid() {
		return &BlockedError{Addr: addr, Reason: "invalid address"}
	}
	// Unmap first: ::ffff:127.0.0.1 reaches 127.0.0.1 on a dual-stack socket.
	// The zone is dropped because prefixes never match a zoned address.
	addr = addr.Unmap().WithZone("")
	if o.AllowPrivate || allowed(addr, o.Allowed) {
		return nil
	}
	if reason := blockedReason(addr); reason != "" {
		return &BlockedError{Addr: addr, Reason: reason}
	}
	return nil
}

// allowed reports whether addr lies in one of the admin's allowed networks.
func allowed(addr netip.Addr, nets []netip.Prefix) bool {
	for _, p := range nets {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// blockedReason returns why addr is refused, or "" for a public address.
func blockedReason(addr netip.Addr) string {
	for _, r := range blockedRanges {
		if r.prefix.Contains(addr) {
			return r.reason
		}
	}
	if addr.Is6() && !globalUnicastV6.Contains(addr) {
		return "outside the IPv6 global unicast range 2000::/3"
	}
	// A safety net should the list above ever miss a range the standard
	// library knows about.
	if !addr.IsGlobalUnicast() || addr.IsPrivate() {
		return "not a global unicast address"
	}
	return ""
}
