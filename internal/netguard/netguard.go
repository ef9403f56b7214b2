// Package netguard is the only way out to the network. Integration URLs,
// OAuth2 token URLs and macro hooks are typed in by admins, so every address
// is checked after DNS resolution, when the socket is about to connect: a
// name that resolves to a private address, or that changes its answer
// between a check and the dial (DNS rebinding), cannot slip through.
//
// Any port is allowed, because customers' APIs run on ports such as 8443.
package netguard

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// DefaultTimeout is used when Options.Timeout is zero; it is the product's
// promised per-request timeout (TICKETWIRE_REQUEST_TIMEOUT).
const DefaultTimeout = 5 * time.Second

// Connection pool sizes: ticketwire sends many requests to a few hosts (one
// per integration), so keep plenty of idle connections per host instead of
// the standard library's 2, which would reconnect (and redo TLS) constantly.
const (
	maxIdleConns        = 512
	maxIdleConnsPerHost = 64
	idleConnTimeout     = 90 * time.Second
	keepAlive           = 30 * time.Second
)

// Options says which addresses a client may reach and how long a request may take.
type Options struct {
	// AllowPrivate lets the client reach every address, loopback and private
	// networks included (TICKETWIRE_ALLOW_PRIVATE_NETWORKS).
	AllowPrivate bool
	// Allowed are networks reachable even when AllowPrivate is false
	// (TICKETWIRE_ALLOWED_NETWORKS).
	Allowed []netip.Prefix
	// Timeout bounds a whole request: connect, TLS, headers and reading the
	// body. Zero means DefaultTimeout.
	Timeout time.Duration
}

// NewClient returns an HTTP client that refuses blocked addresses, never
// uses a proxy and never follows redirects: a 3xx is returned as the
// response, which delivery counts as a failure.
func NewClient(o Options) *http.Client {
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &http.Client{
		Transport: newTransport(o, timeout),
		Timeout:   timeout,
		// Each hop would need its own check anyway, and a redirect to an
		// unexpected host is an integration bug the admin should see.
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

func newTransport(o Options, timeout time.Duration) *http.Transport {
	dialer := &net.Dialer{
		Timeout:   timeout,
		KeepAlive: keepAlive,
		Control:   control(o),
	}
	return &http.Transport{
		// A proxy from the environment would make the dial go to the proxy,
		// and the check would approve the proxy instead of the target.
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          maxIdleConns,
		MaxIdleConnsPerHost:   maxIdleConnsPerHost,
		IdleConnTimeout:       idleConnTimeout,
		TLSHandshakeTimeout:   timeout,
		ExpectContinueTimeout: time.Second,
	}
}

// control runs for every address the dialer tries, after DNS resolution and
// just before connect, so it sees the address actually used.
func control(o Options) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("netguard: cannot parse dialled address %q: %w", address, err)
		}
		if network != "tcp4" && network != "tcp6" {
			return &BlockedError{Addr: ap.Addr(), Reason: "network " + network + " is not allowed"}
		}
		return Check(ap.Addr(), o)
	}
}
