package delivery_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/delivery"
)

// A body whose literal text is valid JSON for an empty ticket but not for a
// real one passes the check at save time and fails when it is built.
const breaksWithData = `{% if ticket.id %}{"id": {{ticket.id}},{% else %}{}{% endif %}`

func TestUnbuildableRequestIsNotSent(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		rc := newReceiver(t, status(200, ""))
		it := e.createIntegration("bad json", map[string]any{"url": rc.URL + "/x", "method": "POST", "body": breaksWithData,
			"triggers": []string{"ticket-created"}})
		e.createTicket("bad@example.com", "Ba")
		r := e.waitLog(it.ID, 1)[0]
		e.waitJobs()
		if r.Outcome != delivery.OutcomeBuildFailed || r.ErrorClass != delivery.ClassTemplate || !strings.Contains(r.Error, "JSON") ||
			r.Response != nil || r.Request.Method != "POST" || r.Request.URL == "" {
			t.Fatalf("row = %+v", r)
		}
		if rows, _ := e.eventsLog(it.ID); len(rows) != 1 || len(rc.Hits()) != 0 {
			t.Fatalf("%d rows, %d requests: a request that cannot be built is neither sent nor retried", len(rows), len(rc.Hits()))
		}
		if got := e.integration(it.ID).ConsecutiveFailures; got != 1 {
			t.Fatalf("consecutive failures = %d, want 1", got)
		}
	})
}

// An endpoint that sends its headers and then never finishes the body costs
// one timeout per attempt, like one that never answers.
func TestStalledBodyCostsAtMostTheTimeout(t *testing.T) {
	t.Parallel()
	const timeout = 400 * time.Millisecond
	tune := func(c *config.Config) {
		c.RequestTimeout = timeout
		c.RetrySchedule = []time.Duration{50 * time.Millisecond}
	}
	each(t, tune, func(t *testing.T, e *env) {
		var rc *receiver
		rc = newReceiver(t, func(_ int, w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"partial": `))
			_ = http.NewResponseController(w).Flush()
			rc.hang(r)
		})
		it := e.createIntegration("stalled", map[string]any{"url": rc.URL + "/x", "triggers": []string{"ticket-created"}})
		tk := e.createTicket("stall@example.com", "St")
		rows := e.waitLog(it.ID, 2)
		e.waitJobs()
		for _, r := range rows {
			if d := time.Duration(r.DurationMS) * time.Millisecond; r.ErrorClass != delivery.ClassTimeout || d < timeout-50*time.Millisecond || d > timeout+time.Second {
				t.Errorf("attempt %d: %s %s after %v: %s", r.Attempt, r.Outcome, r.ErrorClass, d, r.Error)
			}
		}
		if rows[0].Outcome != delivery.OutcomeGaveUp || rows[1].Outcome != delivery.OutcomeRetrying {
			t.Errorf("outcomes = %s, %s", rows[0].Outcome, rows[1].Outcome)
		}
		var c customerJSON
		e.want(200, "GET", "/api/customers/"+itoa(tk.Customer.ID), nil, &c)
		if len(c.Integrations) != 0 {
			t.Errorf("a partial body was stored: %v", c.Integrations)
		}
	})
}
