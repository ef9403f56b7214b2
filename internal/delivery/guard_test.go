package delivery_test

import (
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/delivery"
)

// Only 127.0.0.1/32 is allowed in these tests: every other private, loopback,
// link-local or metadata address is refused before connecting, logged as
// blocked, counted as a failure and not retried.
func TestBlockedAddressesAreLoggedAndCounted(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		rc := newReceiver(t, status(200, ""))
		_, port, _ := net.SplitHostPort(rc.Listener.Addr().String())
		port = ":" + port
		targets := map[string]string{
			"loopback":         "http://127.0.0.2" + port + "/x",
			"ipv6 loopback":    "http://[::1]" + port + "/x",
			"ipv4-mapped":      "http://[::ffff:127.0.0.2]" + port + "/x",
			"private":          "http://10.0.0.1/x",
			"cgnat":            "http://100.64.0.1/x",
			"metadata":         "http://169.254.169.254/latest/meta-data/",
			"unspecified":      "http://0.0.0.0" + port + "/x",
			"private ipv6 ula": "http://[fd00::1]/x",
		}
		ids := map[string]int64{}
		for name, u := range targets {
			ids[name] = e.createIntegration(name, map[string]any{"url": u, "triggers": []string{"ticket-created"}}).ID
		}
		e.createTicket("guard@example.com", "Gu")
		for name, id := range ids {
			r := e.waitLog(id, 1)[0]
			if r.Outcome != delivery.OutcomeBlocked || r.ErrorClass != delivery.ClassBlocked || r.Response != nil || r.Error == "" {
				t.Errorf("%s: row = %+v", name, r)
			}
			if got := e.integration(id).ConsecutiveFailures; got != 1 {
				t.Errorf("%s: consecutive failures = %d, want 1", name, got)
			}
		}
		e.waitJobs()
		for name, id := range ids {
			if rows, _ := e.eventsLog(id); len(rows) != 1 {
				t.Errorf("%s: %d rows, want 1: a refused address is not retried", name, len(rows))
			}
		}
		if n := len(rc.Hits()); n != 0 {
			t.Fatalf("the receiver on 127.0.0.1 got %d requests meant for other addresses", n)
		}
	})
}

// A redirect is not followed: it is a failure that names where it pointed.
func TestRedirectIsAFailure(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		target := newReceiver(t, status(200, `{"followed": true}`))
		rc := newReceiver(t, func(_ int, w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target.URL+"/moved", http.StatusFound)
		})
		it := e.createIntegration("redirecting", map[string]any{"url": rc.URL + "/old", "triggers": []string{"ticket-created"}})
		e.createTicket("redirect@example.com", "Rd")
		r := e.waitLog(it.ID, 1)[0]
		e.waitJobs()
		if r.Outcome != delivery.OutcomeFailed || r.Response == nil || r.Response.Status != 302 || !strings.Contains(r.Error, target.URL+"/moved") {
			t.Fatalf("row = %+v", r)
		}
		if len(target.Hits()) != 0 || len(rc.Hits()) != 1 {
			t.Fatalf("redirect followed: %d, origin hit %d times", len(target.Hits()), len(rc.Hits()))
		}
	})
}
