package netguard

import (
	"fmt"
	"net/netip"
	"strings"
)

// ParseNetworks parses TICKETWIRE_ALLOWED_NETWORKS: comma-separated CIDRs,
// where a bare IP means that one address (/32 or /128). Blank entries are
// ignored, so "" gives no networks. An error names the bad entry.
func ParseNetworks(s string) ([]netip.Prefix, error) {
	var nets []netip.Prefix
	for entry := range strings.SplitSeq(s, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		p, err := parseNetwork(entry)
		if err != nil {
			return nil, fmt.Errorf("netguard: TICKETWIRE_ALLOWED_NETWORKS entry %q: %w "+
				"(want a CIDR such as 10.0.0.0/8 or fd00::/8, or a single IP address)", entry, err)
		}
		nets = append(nets, p)
	}
	return nets, nil
}

func parseNetwork(entry string) (netip.Prefix, error) {
	var p netip.Prefix
	if strings.Contains(entry, "/") {
		var err error
		if p, err = netip.ParsePrefix(entry); err != nil {
			return netip.Prefix{}, err
		}
	} else {
		addr, err := netip.ParseAddr(entry)
		if err != nil {
			return netip.Prefix{}, err
		}
		if addr.Zone() != "" {
			return netip.Prefix{}, fmt.Errorf("an IPv6 zone is not allowed")
		}
		p = netip.PrefixFrom(addr, addr.BitLen())
	}
	return unmapPrefix(p).Masked(), nil
}

// unmapPrefix turns ::ffff:10.0.0.0/104 into 10.0.0.0/8, because Check
// unmaps addresses before matching and a mapped prefix would never match.
func unmapPrefix(p netip.Prefix) netip.Prefix {
	if p.Addr().Is4In6() && p.Bits() >= 96 {
		return netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	return p
}
