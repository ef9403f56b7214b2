package delivery_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// A burst of events to a failing endpoint: the integration is disabled at
// the threshold, the reason's number is the recorded count, no request
// starts after the disable (only those already in flight finish), and
// every later event is logged as skipped.
func TestDisableStopsABurstAndTellsTheTruth(t *testing.T) {
	t.Parallel()
	for _, workers := range []int{4, 200} {
		t.Run(fmt.Sprintf("%d workers", workers), func(t *testing.T) {
			t.Parallel()
			burstToFailingEndpoint(t, workers)
		})
	}
}

func burstToFailingEndpoint(t *testing.T, workers int) {
	const disableAfter, events = 20, 120
	each(t, func(c *config.Config) { c.DisableAfter, c.DeliveryWorkers = disableAfter, workers }, func(t *testing.T, e *env) {
		rc := newReceiver(t, status(500, ""))
		it := e.createIntegration("failing", map[string]any{"url": rc.URL + "/x", "triggers": []string{"ticket-created"}})
		for i := range events {
			e.want(201, "POST", "/api/tickets", map[string]any{"customer": map[string]any{"email": fmt.Sprintf("b%d@example.com", i)},
				"subject": "burst", "messages": []map[string]any{{"body_text": "hi"}}}, nil)
		}
		e.waitJobs()
		all := e.waitAllRows(it.ID, events)
		got := e.integration(it.ID)
		n := got.ConsecutiveFailures
		if got.Enabled || got.DeactivationReason == nil || *got.DeactivationReason != fmt.Sprintf("disabled after %d failed requests in a row", n) {
			t.Fatalf("integration = enabled %v, consecutive_failures %d, reason %q", got.Enabled, n, deref(got.DeactivationReason))
		}
		outcomes := map[string]int{}
		for _, r := range all {
			outcomes[r.Outcome]++
		}
		sent := len(rc.Hits())
		if n < disableAfter || sent > n+workers-1 || outcomes[delivery.OutcomeFailed] != sent ||
			outcomes[delivery.OutcomeSkipped] != events-sent || len(all) != events {
			t.Fatalf("%d requests sent, consecutive_failures %d, rows %v; want at most %d in flight past the disable and a row per event",
				sent, n, outcomes, workers-1)
		}
		t.Logf("%d requests sent, disabled at %d", sent, n)
	})
}

// A delivery whose integration is deleted while its request is in flight
// ends with that attempt: nothing to record on, no retry.
func TestDeliveryToADeletedIntegrationEndsAtOnce(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		release := make(chan struct{})
		rc := newReceiver(t, func(_ int, w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"plan": "gold"}`))
		})
		it := e.createIntegration("doomed", map[string]any{"url": rc.URL + "/x", "triggers": []string{"ticket-created"}})
		e.createTicket("doomed@example.com", "Do")
		rc.waitHits(t, 1)
		e.want(204, "DELETE", fmt.Sprintf("/api/integrations/%d", it.ID), nil, nil)
		close(release)
		e.waitJobs()
		var state string
		var attempt int
		if err := e.srv.Store.DB.QueryRow(`SELECT state, attempt FROM river_job WHERE kind = 'http_delivery'`).Scan(&state, &attempt); err != nil {
			t.Fatal(err)
		}
		if state != "completed" || attempt != 1 || len(rc.Hits()) != 1 {
			t.Fatalf("job %s after %d attempts, %d requests; want completed after the one", state, attempt, len(rc.Hits()))
		}
		if !strings.Contains(e.logs.String(), "integration was deleted") {
			t.Errorf("nothing logged about the deleted integration")
		}
	})
}

// On PostgreSQL several processes deliver from one queue: whichever records
// the failure that reaches the threshold disables the integration, the
// other's results no longer count, and the reason still tells the count.
func TestDisableAcrossTwoProcesses(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		if b.Name != "postgres" {
			continue // one process serves a SQLite database
		}
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			const disableAfter, events = 20, 120
			e := start(t, b, func(c *config.Config) { c.DisableAfter, c.DeliveryWorkers = disableAfter, 20 })
			e.secondProcess(t)
			rc := newReceiver(t, status(503, ""))
			it := e.createIntegration("failing", map[string]any{"url": rc.URL + "/x", "triggers": []string{"ticket-created"}})
			for i := range events {
				e.want(201, "POST", "/api/tickets", map[string]any{"customer": map[string]any{"email": fmt.Sprintf("p%d@example.com", i)},
					"subject": "burst", "messages": []map[string]any{{"body_text": "hi"}}}, nil)
			}
			e.waitJobs()
			all := e.waitAllRows(it.ID, events)
			var processes int
			if err := e.srv.Store.DB.QueryRow(`SELECT count(DISTINCT attempted_by[array_length(attempted_by, 1)]) FROM river_job
				WHERE kind = 'http_delivery' AND attempt > 0`).Scan(&processes); err != nil {
				t.Fatal(err)
			}
			got := e.integration(it.ID)
			n := got.ConsecutiveFailures
			if got.Enabled || got.DeactivationReason == nil || *got.DeactivationReason != fmt.Sprintf("disabled after %d failed requests in a row", n) || n < disableAfter {
				t.Fatalf("integration = enabled %v, consecutive_failures %d, reason %v", got.Enabled, n, deref(got.DeactivationReason))
			}
			outcomes := map[string]int{}
			for _, r := range all {
				outcomes[r.Outcome]++
			}
			sent := len(rc.Hits())
			if outcomes[delivery.OutcomeFailed] != sent || outcomes[delivery.OutcomeSkipped] != events-sent || len(all) != events {
				t.Fatalf("%d requests sent, rows %v; want a row per event", sent, outcomes)
			}
			t.Logf("%d requests sent by %d processes, disabled at %d", sent, processes, n)
		})
	}
}

// waitAllRows waits until an integration's events log holds n rows, reading
// every page, and returns them newest first.
func (e *env) waitAllRows(id int64, n int) []logRow {
	e.t.Helper()
	var all []logRow
	eventually(e.t, fmt.Sprintf("%d events-log rows", n), func() bool {
		all = all[:0]
		cursor := ""
		for {
			var page listJSON[logRow]
			e.want(200, "GET", fmt.Sprintf("/api/integrations/%d/events?limit=100%s", id, cursor), nil, &page)
			all = append(all, page.Data...)
			if page.Meta.NextCursor == nil {
				return len(all) >= n
			}
			cursor = "&cursor=" + *page.Meta.NextCursor
		}
	})
	return all
}

func deref(s *string) string {
	if s == nil {
		return "<none>"
	}
	return *s
}
