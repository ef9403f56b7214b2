package delivery_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/config"
)

// A failed request is written to the server log once, at WARN, with the
// integration's id and name, the outcome, the status and the duration, and
// without its URL, credentials or secrets.
func TestFailedDeliveryLogsOneWarning(t *testing.T) {
	t.Parallel()
	each(t, func(c *config.Config) { c.LogFormat = "json" }, func(t *testing.T, e *env) {
		rc := newReceiver(t, status(503, "down for maintenance"))
		it := e.createIntegration("Billing", map[string]any{"url": rc.URL + "/hook/path-7731", "method": "POST",
			"triggers": []string{"ticket-created"},
			"headers": []map[string]any{{"key": "X-Api-Key", "value": "hdr-secret-4821", "secret": true},
				{"key": "Authorization", "value": "Bearer static-auth-5937"}}})
		e.createTicket("ann@example.com", "Ann", "Hello")
		if rows := e.waitLog(it.ID, 1); rows[0].Outcome != "failed" {
			t.Fatalf("events log = %+v, want one failed row", rows)
		}
		e.waitJobs()

		var warns []map[string]any
		for _, line := range strings.Split(e.logs.String(), "\n") {
			var l map[string]any
			if json.Unmarshal([]byte(line), &l) != nil {
				continue
			}
			if l["level"] == "WARN" && l["msg"] == "delivery: request failed" {
				warns = append(warns, l)
				for _, bad := range []string{"hdr-secret-4821", "static-auth-5937", "path-7731", rc.URL} {
					if strings.Contains(line, bad) {
						t.Errorf("the warning shows %q: %s", bad, line)
					}
				}
			}
		}
		if len(warns) != 1 {
			t.Fatalf("%d failure warnings, want 1:\n%s", len(warns), e.logs.String())
		}
		w := warns[0]
		if w["integration_id"] != float64(it.ID) || w["integration"] != "Billing" || w["outcome"] != "failed" ||
			w["status"] != float64(503) || w["duration"] == nil || w["attempt"] != float64(1) {
			t.Fatalf("warning = %v, want integration id and name, outcome failed, status 503, a duration, attempt 1", w)
		}
	})
}
