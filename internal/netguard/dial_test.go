package netguard

import (
	"testing"
)

// The transport only dials TCP, but the rule is enforced in control itself
// so that reusing the dialer elsewhere cannot open UDP or Unix sockets.
func TestControlRefusesNonTCPNetworks(t *testing.T) {
	t.Parallel()
	ctl := control(Options{AllowPrivate: true})
	for _, network := range []string{"udp4", "udp6", "ip4"} {
		if err := ctl(network, "93.184.215.14:53", nil); !IsBlocked(err) {
			t.Errorf("control(%s) = %v, want blocked", network, err)
		}
	}
	for _, network := range []string{"tcp4", "tcp6"} {
		if err := ctl(network, "93.184.215.14:443", nil); err != nil {
			t.Errorf("control(%s) = %v, want allowed", network, err)
		}
	}
}
