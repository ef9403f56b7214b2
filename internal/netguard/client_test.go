package netguard_test

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/netguard"
)

// allowLoopback reaches the httptest servers, which listen on 127.0.0.1.
var allowLoopback = netguard.Options{
	Allowed: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
	Timeout: 2 * time.Second,
}

func newServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, c *http.Client, rawURL string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.Do(req)
}

func TestClientRefusesLoopbackByDefault(t *testing.T) {
	t.Parallel()
	var hit atomic.Bool
	srv := newServer(t, func(http.ResponseWriter, *http.Request) { hit.Store(true) })

	_, err := get(t, netguard.NewClient(netguard.Options{}), srv.URL)
	if !netguard.IsBlocked(err) {
		t.Fatalf("error = %v, want a blocked address", err)
	}
	var ue *url.Error
	var be *netguard.BlockedError
	if !errors.As(err, &ue) || !errors.As(err, &be) {
		t.Fatalf("error %T should be a *url.Error wrapping *BlockedError", err)
	}
	if be.Addr != netip.MustParseAddr("127.0.0.1") {
		t.Errorf("blocked address = %s, want 127.0.0.1", be.Addr)
	}
	if hit.Load() {
		t.Error("the server was reached")
	}
}

func TestClientReachesAllowedNetwork(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") })

	resp, err := get(t, netguard.NewClient(allowLoopback), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || string(body) != "ok" {
		t.Errorf("got %d %q, want 200 ok", resp.StatusCode, body)
	}
}

func TestClientRefusesNameResolvingToLoopback(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(http.ResponseWriter, *http.Request) {})
	port := srv.Listener.Addr().(*net.TCPAddr).Port

	_, err := get(t, netguard.NewClient(netguard.Options{}), "http://localhost:"+strconv.Itoa(port)+"/")
	if !netguard.IsBlocked(err) {
		t.Fatalf("error = %v, want a blocked address", err)
	}
}

func TestClientDoesNotFollowRedirects(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	followed := false
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/elsewhere" {
			mu.Lock()
			followed = true
			mu.Unlock()
			return
		}
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	})

	resp, err := get(t, netguard.NewClient(allowLoopback), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Errorf("status = %d, want 302", resp.StatusCode)
	}
	mu.Lock()
	defer mu.Unlock()
	if followed {
		t.Error("the redirect was followed")
	}
}

func TestClientTimeoutWhenServerNeverAnswers(t *testing.T) {
	t.Parallel()
	// A listener that accepts and then stays silent, like a hung API.
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go holdConnections(ln)

	o := allowLoopback
	o.Timeout = 200 * time.Millisecond
	start := time.Now()
	_, err = get(t, netguard.NewClient(o), "http://"+ln.Addr().String()+"/")
	assertTimeout(t, err, start, o.Timeout)
}

func TestClientTimeoutCoversBody(t *testing.T) {
	t.Parallel()
	stop := make(chan struct{})
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "partial")
		w.(http.Flusher).Flush()
		select { // the rest of the body never comes
		case <-r.Context().Done():
		case <-stop:
		}
	})
	t.Cleanup(func() { close(stop) })

	o := allowLoopback
	o.Timeout = 200 * time.Millisecond
	start := time.Now()
	resp, err := get(t, netguard.NewClient(o), srv.URL)
	if err != nil {
		t.Fatalf("headers should arrive in time: %v", err)
	}
	defer resp.Body.Close()
	_, err = io.ReadAll(resp.Body)
	assertTimeout(t, err, start, o.Timeout)
}

// holdConnections accepts connections and never answers; the connections
// are closed when the listener is.
func holdConnections(ln net.Listener) {
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		conns = append(conns, c)
	}
}

func assertTimeout(t *testing.T, err error, start time.Time, timeout time.Duration) {
	t.Helper()
	elapsed := time.Since(start)
	var ne net.Error
	if err == nil || !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("error = %v, want a timeout", err)
	}
	if netguard.IsBlocked(err) {
		t.Errorf("a timeout must not look like a blocked address: %v", err)
	}
	// Generous slack for a loaded CI machine; without the timeout this
	// would hang until the test's deadline.
	if elapsed > timeout+time.Second {
		t.Errorf("request took %s, want about %s", elapsed, timeout)
	}
}
