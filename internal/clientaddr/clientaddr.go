// Package clientaddr tells which address a request comes from. Behind a
// reverse proxy the peer is the proxy, so X-Forwarded-For is read, but only
// when the peer is one of the proxies an admin listed in
// TICKETWIRE_TRUSTED_PROXIES: anyone else could write any address there.
package clientaddr

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Resolver finds a request's client address given the trusted proxies.
type Resolver struct {
	trusted []netip.Prefix
}

// New returns a resolver that trusts X-Forwarded-For from the given networks
// only; with none, the client is always the TCP peer.
func New(trusted []netip.Prefix) *Resolver { return &Resolver{trusted: trusted} }

// Addr returns the client's address: the TCP peer, or, when the peer is a
// trusted proxy, the right-most X-Forwarded-For entry that is not itself a
// trusted proxy (entries to its left were written by the client and may be
// forged). An unreadable entry stops the walk at the last trusted hop.
func (rs *Resolver) Addr(r *http.Request) netip.Addr {
	addr := peer(r)
	if !rs.isTrusted(addr) {
		return addr
	}
	hops := forwardedFor(r)
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(hops[i])
		if err != nil {
			return addr
		}
		addr = a.Unmap()
		if !rs.isTrusted(addr) {
			return addr
		}
	}
	return addr
}

func (rs *Resolver) isTrusted(a netip.Addr) bool {
	for _, p := range rs.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// peer is the TCP peer of r; an unreadable RemoteAddr (only possible for
// requests not made by net/http's server) is the zero address.
func peer(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap()
}

// forwardedFor lists X-Forwarded-For's entries over all its header lines,
// left to right.
func forwardedFor(r *http.Request) []string {
	var out []string
	for _, line := range r.Header.Values("X-Forwarded-For") {
		for _, part := range strings.Split(line, ",") {
			out = append(out, strings.TrimSpace(part))
		}
	}
	return out
}

// Key is the unit sign-in throttling counts per: an IPv4 address, or the /64
// network of an IPv6 address, since one IPv6 host usually holds a whole /64
// and could otherwise pick a fresh address for every try.
func Key(a netip.Addr) string {
	if a.Is6() && !a.Is4In6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// ParseProxies reads a comma-separated list of CIDRs or single addresses,
// the form of TICKETWIRE_TRUSTED_PROXIES.
func ParseProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for entry := range strings.SplitSeq(s, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		p, err := netip.ParsePrefix(entry)
		if err != nil {
			a, aerr := netip.ParseAddr(entry)
			if aerr != nil {
				return nil, fmt.Errorf("entry %q is neither a CIDR such as 10.0.0.0/8 nor an IP address", entry)
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// HTTPS reports whether the client reached ticketwire over TLS: the
// connection itself, or a trusted proxy that says so in X-Forwarded-Proto
// (its last value, the one the nearest proxy wrote).
func (rs *Resolver) HTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	if !rs.isTrusted(peer(r)) {
		return false
	}
	vals := r.Header.Values("X-Forwarded-Proto")
	if len(vals) == 0 {
		return false
	}
	parts := strings.Split(vals[len(vals)-1], ",")
	return strings.EqualFold(strings.TrimSpace(parts[len(parts)-1]), "https")
}
