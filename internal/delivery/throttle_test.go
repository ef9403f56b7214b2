package delivery_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/delivery"
)

// wantRows checks an events log (newest first) row by row.
func wantRows(t *testing.T, rows []logRow, outcomes ...string) {
	t.Helper()
	if len(rows) != len(outcomes) {
		t.Fatalf("events log has %d rows, want %d (%v)", len(rows), len(outcomes), outcomes)
	}
	for i, o := range outcomes {
		if rows[i].Outcome != o {
			t.Errorf("row %d (attempt %d) outcome = %q (%s), want %q", i, rows[i].Attempt, rows[i].Outcome, rows[i].Error, o)
		}
	}
}

// TestThrottledDeliveryWaitsForRetryAfter: a receiver that answers 429 with
// Retry-After in seconds, then 503 with an HTTP date, is called again only
// when it asked (the retry schedule is 50 ms, so a gap of about a second can
// only come from Retry-After), the rows say throttled, and the
// consecutive-failure count never moves.
func TestThrottledDeliveryWaitsForRetryAfter(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		var mu sync.Mutex
		var at []time.Time
		rc := newReceiver(t, func(n int, w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			at = append(at, time.Now())
			mu.Unlock()
			switch n {
			case 1:
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusTooManyRequests)
			case 2:
				// An HTTP date has whole seconds: two ahead is at least one.
				w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
				w.WriteHeader(http.StatusServiceUnavailable)
			default:
				w.WriteHeader(http.StatusOK)
			}
		})
		it := e.createIntegration("throttling", map[string]any{"url": rc.URL, "triggers": []string{"ticket-created"}})
		e.createTicket("slow@example.com", "Slow")
		rows := e.waitLog(it.ID, 3)
		wantRows(t, rows, delivery.OutcomeSuccess, delivery.OutcomeThrottled, delivery.OutcomeThrottled)
		if rows[2].ErrorClass != delivery.ClassThrottled || rows[2].Response == nil || rows[2].Response.Status != 429 {
			t.Errorf("first row = %+v, want a 429 of class throttled", rows[2])
		}
		mu.Lock()
		defer mu.Unlock()
		for i := 1; i < len(at); i++ {
			if gap := at[i].Sub(at[i-1]); gap < 900*time.Millisecond {
				t.Errorf("request %d came %v after the throttle, before the receiver's Retry-After", i+1, gap)
			}
		}
		if n := e.integration(it.ID).ConsecutiveFailures; n != 0 {
			t.Errorf("consecutive_failures = %d, want 0", n)
		}
	})
}

// TestThrottlesThatRunOutCountOnce: a 429 without Retry-After is retried on
// the schedule; when the retries run out the delivery gives up, and only
// that counts toward auto-disable.
func TestThrottlesThatRunOutCountOnce(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		rc := newReceiver(t, status(http.StatusTooManyRequests, ""))
		it := e.createIntegration("always busy", map[string]any{"url": rc.URL, "triggers": []string{"ticket-created"}})
		e.createTicket("busy@example.com", "Busy")
		rows := e.waitLog(it.ID, len(testSchedule)+1)
		e.waitJobs()
		wantRows(t, rows, delivery.OutcomeGaveUp, delivery.OutcomeThrottled, delivery.OutcomeThrottled, delivery.OutcomeThrottled)
		if n := e.integration(it.ID).ConsecutiveFailures; n != 1 {
			t.Errorf("consecutive_failures = %d, want 1: throttles do not count, giving up does", n)
		}
	})
}

// TestServerErrorsRetriedOnlyWhenAsked: a 503 without Retry-After and a
// 500 are final by default; with retry_on ["5xx"] they are retried on the
// schedule and each counts as a failure.
func TestServerErrorsRetriedOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		plain := newReceiver(t, status(http.StatusServiceUnavailable, ""))
		p := e.createIntegration("plain", map[string]any{"url": plain.URL, "triggers": []string{"ticket-created"}})
		flaky := newReceiver(t, func(n int, w http.ResponseWriter, _ *http.Request) {
			if n <= 2 {
				w.WriteHeader(http.StatusInternalServerError)
				return
			}
			w.WriteHeader(http.StatusOK)
		})
		f := e.createIntegration("retries 5xx", map[string]any{"url": flaky.URL, "triggers": []string{"ticket-created"},
			"retry_on": []string{"5xx"}})
		if got := e.integration(f.ID).HTTP["retry_on"]; got == nil {
			t.Errorf("retry_on not returned: %v", e.integration(f.ID).HTTP)
		}
		e.createTicket("fivexx@example.com", "Five")
		wantRows(t, e.waitLog(f.ID, 3), delivery.OutcomeSuccess, delivery.OutcomeRetrying, delivery.OutcomeRetrying)
		e.waitJobs()
		wantRows(t, e.waitLog(p.ID, 1), delivery.OutcomeFailed)
		if n := len(plain.Hits()); n != 1 {
			t.Errorf("a 503 without Retry-After was sent %d times, want once", n)
		}
		if n := e.integration(p.ID).ConsecutiveFailures; n != 1 {
			t.Errorf("plain consecutive_failures = %d, want 1", n)
		}
	})
}

// TestRetryOnRefusesUnknownClasses: only "5xx" is known.
func TestRetryOnRefusesUnknownClasses(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		msg := e.wantError(422, "validation_failed", "http.retry_on[1]", "POST", "/api/integrations", map[string]any{"name": "x",
			"http": map[string]any{"url": "https://example.com", "triggers": []string{"ticket-created"}, "retry_on": []string{"5xx", "4xx"}}})
		if msg == "" {
			t.Error("no message")
		}
		e.wantError(422, "validation_failed", "http.retry_on", "POST", "/api/integrations", map[string]any{"name": "x",
			"http": map[string]any{"url": "https://example.com", "triggers": []string{"ticket-created"}, "retry_on": "5xx"}})
	})
}
