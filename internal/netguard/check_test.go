package netguard_test

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/ticketwire/ticketwire/internal/netguard"
)

func TestCheck(t *testing.T) {
	t.Parallel()

	loopbackOnly := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	tests := []struct {
		name    string
		addr    string
		opts    netguard.Options
		blocked bool
	}{
		{name: "public IPv4", addr: "93.184.215.14"},
		{name: "public IPv6", addr: "2606:4700::1111"},
		{name: "public IPv4 mapped", addr: "::ffff:93.184.215.14"},

		{name: "loopback", addr: "127.0.0.1", blocked: true},
		{name: "loopback other", addr: "127.1.2.3", blocked: true},
		{name: "loopback IPv6", addr: "::1", blocked: true},
		{name: "private 10/8", addr: "10.0.0.1", blocked: true},
		{name: "private 172.16/12", addr: "172.31.255.254", blocked: true},
		{name: "private 192.168/16", addr: "192.168.1.1", blocked: true},
		{name: "unique local", addr: "fd00::1", blocked: true},
		{name: "unique local fc", addr: "fc00::1", blocked: true},
		{name: "link-local", addr: "169.254.1.1", blocked: true},
		{name: "metadata", addr: "169.254.169.254", blocked: true},
		{name: "link-local IPv6", addr: "fe80::1", blocked: true},
		{name: "link-local IPv6 zoned", addr: "fe80::1%eth0", blocked: true},
		{name: "CGNAT", addr: "100.64.0.1", blocked: true},
		{name: "CGNAT top", addr: "100.127.255.254", blocked: true},
		{name: "unspecified", addr: "0.0.0.0", blocked: true},
		{name: "unspecified IPv6", addr: "::", blocked: true},
		{name: "this network", addr: "0.1.2.3", blocked: true},
		{name: "multicast", addr: "224.0.0.1", blocked: true},
		{name: "multicast IPv6", addr: "ff02::1", blocked: true},
		{name: "broadcast", addr: "255.255.255.255", blocked: true},
		{name: "benchmarking", addr: "198.19.0.1", blocked: true},
		{name: "reserved 240/4", addr: "240.0.0.1", blocked: true},
		{name: "documentation 192.0.2", addr: "192.0.2.1", blocked: true},
		{name: "documentation 198.51.100", addr: "198.51.100.7", blocked: true},
		{name: "documentation 203.0.113", addr: "203.0.113.9", blocked: true},
		{name: "documentation IPv6", addr: "2001:db8::1", blocked: true},
		{name: "NAT64", addr: "64:ff9b::7f00:1", blocked: true},
		{name: "6to4", addr: "2002:7f00:1::1", blocked: true},
		{name: "Teredo", addr: "2001:0:4136:e378:8000:63bf:3fff:fdd2", blocked: true},
		{name: "IPv4-compatible IPv6", addr: "::127.0.0.1", blocked: true},
		{name: "IPv6 outside 2000::/3", addr: "4000::1", blocked: true},

		{name: "mapped loopback", addr: "::ffff:127.0.0.1", blocked: true},
		{name: "mapped private", addr: "::ffff:10.0.0.1", blocked: true},
		{name: "mapped 172.16", addr: "::ffff:172.16.0.1", blocked: true},
		{name: "mapped 192.168", addr: "::ffff:192.168.0.1", blocked: true},
		{name: "mapped metadata", addr: "::ffff:169.254.169.254", blocked: true},
		{name: "mapped CGNAT", addr: "::ffff:100.64.0.1", blocked: true},
		{name: "mapped unspecified", addr: "::ffff:0.0.0.0", blocked: true},
		{name: "mapped broadcast", addr: "::ffff:255.255.255.255", blocked: true},
		{name: "mapped benchmarking", addr: "::ffff:198.18.0.1", blocked: true},
		{name: "mapped reserved", addr: "::ffff:240.0.0.1", blocked: true},

		{name: "allow private loopback", addr: "127.0.0.1", opts: netguard.Options{AllowPrivate: true}},
		{name: "allow private 10/8", addr: "10.1.2.3", opts: netguard.Options{AllowPrivate: true}},
		{name: "allow private IPv6", addr: "fd12::1", opts: netguard.Options{AllowPrivate: true}},
		{name: "allow private mapped", addr: "::ffff:192.168.1.1", opts: netguard.Options{AllowPrivate: true}},

		{name: "allowed prefix", addr: "127.0.0.1", opts: netguard.Options{Allowed: loopbackOnly}},
		{name: "allowed prefix mapped", addr: "::ffff:127.0.0.1", opts: netguard.Options{Allowed: loopbackOnly}},
		{name: "outside allowed prefix", addr: "127.0.0.2", opts: netguard.Options{Allowed: loopbackOnly}, blocked: true},
		{name: "allowed IPv6 prefix", addr: "fd00:1::5", opts: netguard.Options{
			Allowed: []netip.Prefix{netip.MustParsePrefix("fd00:1::/64")},
		}},
		{name: "allowed wide prefix", addr: "10.20.30.40", opts: netguard.Options{
			Allowed: []netip.Prefix{netip.MustParsePrefix("192.168.0.0/16"), netip.MustParsePrefix("10.0.0.0/8")},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := netguard.Check(netip.MustParseAddr(tt.addr), tt.opts)
			if got := err != nil; got != tt.blocked {
				t.Fatalf("Check(%s) = %v, want blocked=%v", tt.addr, err, tt.blocked)
			}
			if !tt.blocked {
				return
			}
			var be *netguard.BlockedError
			if !errors.As(err, &be) || be.Reason == "" {
				t.Fatalf("Check(%s) = %#v, want a *BlockedError with a reason", tt.addr, err)
			}
			if !netguard.IsBlocked(err) || !errors.Is(err, netguard.ErrBlocked) {
				t.Errorf("IsBlocked(%v) = false", err)
			}
		})
	}
}

func TestCheckInvalidAddr(t *testing.T) {
	t.Parallel()
	for _, o := range []netguard.Options{{}, {AllowPrivate: true}} {
		if !netguard.IsBlocked(netguard.Check(netip.Addr{}, o)) {
			t.Errorf("the zero address must be refused with %+v", o)
		}
	}
}
