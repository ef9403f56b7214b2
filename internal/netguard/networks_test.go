package netguard_test

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/netguard"
)

func TestParseNetworks(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name    string
		in      string
		want    []string
		wantErr string // a substring of the error; "" for success
	}{
		{name: "empty", in: "", want: nil},
		{name: "blanks", in: " , ,", want: nil},
		{name: "one CIDR", in: "10.0.0.0/8", want: []string{"10.0.0.0/8"}},
		{name: "several with spaces", in: "10.0.0.0/8, 192.168.1.0/24 ,fd00::/8",
			want: []string{"10.0.0.0/8", "192.168.1.0/24", "fd00::/8"}},
		{name: "bare IPv4", in: "127.0.0.1", want: []string{"127.0.0.1/32"}},
		{name: "bare IPv6", in: "::1", want: []string{"::1/128"}},
		{name: "host bits masked", in: "10.1.2.3/8", want: []string{"10.0.0.0/8"}},
		{name: "mapped prefix unmapped", in: "::ffff:10.0.0.0/104", want: []string{"10.0.0.0/8"}},
		{name: "bad CIDR", in: "10.0.0.0/8,10.0.0.0/33", wantErr: `"10.0.0.0/33"`},
		{name: "host name", in: "example.com", wantErr: `"example.com"`},
		{name: "zone", in: "fe80::1%eth0", wantErr: "zone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := netguard.ParseNetworks(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseNetworks(%q) error = %v, want it to mention %s", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseNetworks(%q): %v", tt.in, err)
			}
			var want []netip.Prefix
			for _, w := range tt.want {
				want = append(want, netip.MustParsePrefix(w))
			}
			if !slices.Equal(got, want) {
				t.Errorf("ParseNetworks(%q) = %v, want %v", tt.in, got, want)
			}
		})
	}
}
