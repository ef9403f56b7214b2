package ui

import (
	"strings"
	"testing"
)

// TestConnectionCausesFitTheURL: no DNS advice for an IP address, no TLS
// advice for a plain-http URL.
func TestConnectionCausesFitTheURL(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, url, host string
		want            []string
	}{
		{"plain http to an IP", "http://127.0.0.1:9/x", "127.0.0.1", []string{"Nothing accepts"}},
		{"https to an IP", "https://[2001:db8::1]/x", "2001:db8::1", []string{"Nothing accepts", "TLS"}},
		{"plain http to a name", "http://shop.example.com/x", "shop.example.com", []string{"does not resolve", "Nothing accepts"}},
		{"https to a name", "https://shop.example.com/x", "shop.example.com", []string{"does not resolve", "Nothing accepts", "TLS"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := connectionCauses(tt.url, tt.host, tt.host+":443", tt.url)
			if len(got) != len(tt.want) {
				t.Fatalf("%d causes %+v, want %v", len(got), got, tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i].What, w) {
					t.Fatalf("cause %d = %q, want one about %q", i, got[i].What, w)
				}
			}
		})
	}
}
