package clientaddr

import (
	"crypto/tls"
	"net/http"
	"net/netip"
	"strings"
	"testing"
)

func TestAddr(t *testing.T) {
	t.Parallel()
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	tests := []struct {
		name    string
		trusted []netip.Prefix
		remote  string
		xff     []string
		want    string
	}{
		{"no proxy", nil, "203.0.113.7:5000", nil, "203.0.113.7"},
		{"header ignored without trusted proxies", nil, "203.0.113.7:5000", []string{"198.51.100.1"}, "203.0.113.7"},
		{"header ignored from an untrusted peer", proxies, "203.0.113.7:5000", []string{"198.51.100.1"}, "203.0.113.7"},
		{"trusted proxy", proxies, "10.1.2.3:5000", []string{"198.51.100.1"}, "198.51.100.1"},
		{"forged entries left of the real one", proxies, "10.1.2.3:5000", []string{"1.1.1.1, 198.51.100.1"}, "198.51.100.1"},
		{"two trusted hops", proxies, "10.1.2.3:5000", []string{"198.51.100.1, 10.9.9.9"}, "198.51.100.1"},
		{"several header lines", proxies, "10.1.2.3:5000", []string{"1.1.1.1", "198.51.100.1"}, "198.51.100.1"},
		{"all trusted", proxies, "10.1.2.3:5000", []string{"10.4.4.4"}, "10.4.4.4"},
		{"garbage stops at the last trusted hop", proxies, "10.1.2.3:5000", []string{"198.51.100.1, nonsense"}, "10.1.2.3"},
		{"no header from a trusted proxy", proxies, "10.1.2.3:5000", nil, "10.1.2.3"},
		{"ipv6 peer", nil, "[2001:db8::1]:5000", nil, "2001:db8::1"},
		{"ipv6 proxy", proxies, "[fd00::1]:5000", []string{"2001:db8::5"}, "2001:db8::5"},
		{"mapped ipv4", nil, "[::ffff:203.0.113.7]:5000", nil, "203.0.113.7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, _ := http.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := New(tt.trusted).Addr(r).String(); got != tt.want {
				t.Fatalf("Addr = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestKey(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, addr, want string }{
		{"ipv4", "203.0.113.7", "203.0.113.7"},
		{"ipv6 counts per /64", "2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"},
		{"another address in the same /64", "2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Key(netip.MustParseAddr(tt.addr)); got != tt.want {
				t.Fatalf("Key(%s) = %s, want %s", tt.addr, got, tt.want)
			}
		})
	}
}

func TestParseProxies(t *testing.T) {
	t.Parallel()
	got, err := ParseProxies(" 10.0.0.0/8, 192.0.2.7 ,fd00::/8,,::ffff:198.51.100.1")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "192.0.2.7/32", "fd00::/8", "198.51.100.1/32"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if _, err := ParseProxies("10.0.0.0/8,proxy.local"); err == nil || !strings.Contains(err.Error(), `"proxy.local"`) {
		t.Fatalf("a host name was accepted or not named: %v", err)
	}
}

func TestHTTPS(t *testing.T) {
	t.Parallel()
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	tests := []struct {
		name   string
		remote string
		proto  []string
		tls    bool
		want   bool
	}{
		{"plain", "203.0.113.7:1", nil, false, false},
		{"tls", "203.0.113.7:1", nil, true, true},
		{"trusted proxy says https", "10.0.0.1:1", []string{"https"}, false, true},
		{"trusted proxy says http", "10.0.0.1:1", []string{"http"}, false, false},
		{"nearest proxy's value counts", "10.0.0.1:1", []string{"https, http"}, false, false},
		{"untrusted peer cannot claim https", "203.0.113.7:1", []string{"https"}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, _ := http.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.proto {
				r.Header.Add("X-Forwarded-Proto", v)
			}
			if tt.tls {
				r.TLS = &tls.ConnectionState{}
			}
			if got := New(proxies).HTTPS(r); got != tt.want {
				t.Fatalf("HTTPS = %v, want %v", got, tt.want)
			}
		})
	}
}
