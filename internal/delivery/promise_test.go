package delivery_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/delivery"
)

func shortTimeout(d time.Duration) func(*config.Config) {
	return func(c *config.Config) { c.RequestTimeout = d }
}

// dropConnection closes the connection without answering.
func dropConnection(t *testing.T, w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	_ = conn.Close()
}

func TestRetryAfterConnectionErrorAndTimeoutKeepsWebhookID(t *testing.T) {
	t.Parallel()
	const timeout = 500 * time.Millisecond
	each(t, shortTimeout(timeout), func(t *testing.T, e *env) {
		var rc *receiver
		rc = newReceiver(t, func(n int, w http.ResponseWriter, r *http.Request) {
			switch n {
			case 1:
				dropConnection(t, w)
			case 2:
				rc.hang(r)
			default:
				w.WriteHeader(http.StatusOK)
			}
		})
		it := e.createIntegration("flaky", map[string]any{"url": rc.URL + "/flaky", "method": "POST",
			"body": `{"ticket": {{ticket.id}}}`, "triggers": []string{"ticket-created"}})
		e.createTicket("retry@example.com", "Re")
		rows := e.waitLog(it.ID, 3)
		e.waitJobs()
		hits := rc.Hits()
		if len(hits) != 3 {
			t.Fatalf("receiver got %d requests, want 3", len(hits))
		}
		id := hits[0].Header.Get("Webhook-Id")
		for i, h := range hits {
			if h.Header.Get("Webhook-Id") != id || id == "" {
				t.Errorf("request %d has Webhook-Id %q, want %q on every retry", i+1, h.Header.Get("Webhook-Id"), id)
			}
			if string(h.Body) != string(hits[0].Body) {
				t.Errorf("request %d has body %s, want the same as the first", i+1, h.Body)
			}
		}
		want := []struct {
			attempt        int
			outcome, class string
		}{{3, delivery.OutcomeSuccess, ""}, {2, delivery.OutcomeRetrying, delivery.ClassTimeout}, {1, delivery.OutcomeRetrying, delivery.ClassConnection}}
		for i, w := range want {
			r := rows[i]
			if r.Attempt != w.attempt || r.Outcome != w.outcome || r.ErrorClass != w.class || r.DeliveryID != id {
				t.Errorf("row %d = attempt %d %s %q (%s) delivery %s; want attempt %d %s %q delivery %s",
					i, r.Attempt, r.Outcome, r.ErrorClass, r.Error, r.DeliveryID, w.attempt, w.outcome, w.class, id)
			}
		}
		if got := e.integration(it.ID).ConsecutiveFailures; got != 0 {
			t.Errorf("consecutive failures after the success = %d, want 0", got)
		}
	})
}

func TestHTTPErrorIsNotRetried(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		rc := newReceiver(t, status(500, `{"error": "boom"}`))
		it := e.createIntegration("500", map[string]any{"url": rc.URL + "/x", "triggers": []string{"ticket-created"}})
		e.createTicket("e500@example.com", "E")
		rc.waitHits(t, 1)
		e.waitJobs()
		rows := e.waitLog(it.ID, 1)
		r := rows[0]
		if len(rc.Hits()) != 1 || r.Outcome != delivery.OutcomeFailed || r.ErrorClass != delivery.ClassHTTPStatus ||
			r.Response == nil || r.Response.Status != 500 || r.Response.Body != `{"error": "boom"}` || !strings.Contains(r.Error, "500") {
			t.Fatalf("hits %d, row %+v", len(rc.Hits()), r)
		}
		if got := e.integration(it.ID).ConsecutiveFailures; got != 1 {
			t.Fatalf("consecutive failures = %d, want 1", got)
		}
	})
}

// An endpoint that never answers costs one timeout per attempt, is retried
// per the schedule, and the last attempt gives up.
func TestTimeoutRetriedThenGivesUp(t *testing.T) {
	t.Parallel()
	const timeout = 400 * time.Millisecond
	each(t, shortTimeout(timeout), func(t *testing.T, e *env) {
		var rc *receiver
		rc = newReceiver(t, func(_ int, _ http.ResponseWriter, r *http.Request) { rc.hang(r) })
		it := e.createIntegration("silent", map[string]any{"url": rc.URL + "/silent", "triggers": []string{"ticket-created"}})
		e.createTicket("silent@example.com", "Si")
		rows := e.waitLog(it.ID, 1+len(testSchedule))
		e.waitJobs()
		if n := len(rc.Hits()); n != 4 {
			t.Fatalf("receiver got %d requests, want 4 (the first and 3 retries)", n)
		}
		for i, r := range rows {
			wantOutcome := delivery.OutcomeRetrying
			if i == 0 {
				wantOutcome = delivery.OutcomeGaveUp
			}
			if r.Attempt != 4-i || r.Outcome != wantOutcome || r.ErrorClass != delivery.ClassTimeout || r.Response != nil {
				t.Errorf("row %d = attempt %d %s %s: %s", i, r.Attempt, r.Outcome, r.ErrorClass, r.Error)
			}
			// The timeout bounds the attempt: a generous margin for a busy
			// machine, but nowhere near a request left hanging.
			if d := time.Duration(r.DurationMS) * time.Millisecond; d < timeout-50*time.Millisecond || d > timeout+time.Second {
				t.Errorf("attempt %d took %v with a %v timeout", r.Attempt, d, timeout)
			}
		}
		if got := e.integration(it.ID).ConsecutiveFailures; got != 4 {
			t.Fatalf("consecutive failures = %d, want 4 (every attempt counts)", got)
		}
	})
}

func TestFailuresDisableTheIntegration(t *testing.T) {
	t.Parallel()
	const disableAfter = 3
	each(t, func(c *config.Config) { c.DisableAfter = disableAfter }, func(t *testing.T, e *env) {
		rc := newReceiver(t, status(500, ""))
		it := e.createIntegration("failing", map[string]any{"url": rc.URL + "/x", "method": "POST",
			"body": `{"text": "{{message.body_text}}"}`, "triggers": []string{"ticket-created", "ticket-message-created"}})
		tk := e.createTicket("fail@example.com", "Fa")
		rows := 1
		wantCount := func(n int) {
			t.Helper()
			e.waitLog(it.ID, rows)
			if got := e.integration(it.ID); got.ConsecutiveFailures != n || !got.Enabled {
				t.Fatalf("after %d rows: consecutive failures %d enabled %v, want %d and enabled", rows, got.ConsecutiveFailures, got.Enabled, n)
			}
		}
		message := func(text string) {
			t.Helper()
			e.want(201, "POST", fmt.Sprintf("/api/tickets/%d/messages", tk.ID), map[string]any{"body_text": text, "from_agent": true}, nil)
			rows++
		}
		wantCount(1)
		rc.setReply(status(204, ""))
		message("ok")
		wantCount(0) // any 2xx resets the count
		rc.setReply(status(503, ""))
		for i := 1; i < disableAfter; i++ {
			message(fmt.Sprintf("failing %d", i))
			wantCount(i)
		}
		message("the last straw")
		e.waitLog(it.ID, rows)
		got := e.integration(it.ID)
		if got.Enabled || got.ConsecutiveFailures != disableAfter || got.DeactivatedDatetime == nil || got.DeactivationReason == nil ||
			!strings.Contains(*got.DeactivationReason, fmt.Sprint(disableAfter)) {
			t.Fatalf("after %d failures: %+v", disableAfter, got)
		}

		var notes listJSON[struct {
			Kind          string `json:"kind"`
			IntegrationID *int64 `json:"integration_id"`
			Message       string `json:"message"`
		}]
		e.want(200, "GET", "/api/notifications", nil, &notes)
		if len(notes.Data) != 1 || notes.Data[0].IntegrationID == nil || *notes.Data[0].IntegrationID != it.ID || notes.Data[0].Message == "" {
			t.Fatalf("notifications = %+v", notes.Data)
		}
		if _, err := e.srv.Auth.CreateUser(t.Context(), auth.NewUser{Email: "agent@example.com", Name: "Al", Role: auth.RoleAgent}); err != nil {
			t.Fatal(err)
		}
		agent, err := e.srv.Auth.CreateToken(t.Context(), "agent@example.com", "test")
		if err != nil {
			t.Fatal(err)
		}
		if code, raw := e.call(agent, "GET", "/api/notifications", nil, nil); code != 403 {
			t.Fatalf("an agent reads notifications: %d %s", code, raw)
		}
		warned := false
		for _, line := range strings.Split(e.logs.String(), "\n") {
			warned = warned || strings.Contains(line, "level=WARN") && strings.Contains(line, "disabled") &&
				strings.Contains(line, fmt.Sprintf("integration_id=%d ", it.ID))
		}
		if !warned {
			t.Fatalf("no warning logged for the disabled integration:\n%s", e.logs.String())
		}

		// Events that arrive now are logged as skipped, and nothing is sent.
		sent := len(rc.Hits())
		message("while disabled")
		log, _ := e.eventsLog(it.ID)
		skipped := log[0]
		if len(log) != rows || skipped.Outcome != delivery.OutcomeSkipped || skipped.EventKind != "ticket-message-created" || skipped.EventID == nil {
			t.Fatalf("row for an event while disabled = %+v", skipped)
		}
		e.waitJobs()
		if len(rc.Hits()) != sent {
			t.Fatal("a disabled integration sent a request")
		}
		e.wantError(409, "conflict", "", "POST", fmt.Sprintf("/api/integrations/%d/events/%d/replay", it.ID, skipped.ID), nil)

		// Enabling starts from zero; replaying the skipped row delivers it.
		var enabled integrationJSON
		e.want(200, "POST", fmt.Sprintf("/api/integrations/%d/enable", it.ID), nil, &enabled)
		if !enabled.Enabled || enabled.ConsecutiveFailures != 0 || enabled.DeactivationReason != nil || enabled.DeactivatedDatetime != nil {
			t.Fatalf("enabled = %+v", enabled)
		}
		rc.setReply(status(200, ""))
		e.want(202, "POST", fmt.Sprintf("/api/integrations/%d/events/%d/replay", it.ID, skipped.ID), nil, nil)
		rows++
		log = e.waitLog(it.ID, rows)
		h := rc.waitHits(t, sent+1)[sent]
		if log[0].Outcome != delivery.OutcomeSuccess || log[0].DeliveryID != skipped.DeliveryID || log[0].EventKind != "ticket-message-created" ||
			string(h.Body) != `{"text": "while disabled"}` || h.Header.Get("Webhook-Id") != skipped.DeliveryID {
			t.Fatalf("replayed row %+v, request %s %v", log[0], h.Body, h.Header)
		}
		e.want(200, "GET", "/api/notifications", nil, &notes)
		if len(notes.Data) != 1 {
			t.Fatalf("notifications after enabling = %+v", notes.Data)
		}
	})
}
