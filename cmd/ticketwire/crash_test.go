package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// receiver records, per ticket, the Webhook-Ids of the deliveries it
// answered; a request whose sender died before the answer does not count.
type receiver struct {
	mu    sync.Mutex
	byTkt map[int64]map[string]int
	total int
	delay time.Duration
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ticket, _ := strconv.ParseInt(r.URL.Query().Get("ticket"), 10, 64)
	time.Sleep(rc.delay) // keep deliveries in flight when the process dies
	if r.Context().Err() != nil {
		return // the sender died before the answer: not delivered
	}
	rc.mu.Lock()
	if rc.byTkt[ticket] == nil {
		rc.byTkt[ticket] = map[string]int{}
	}
	rc.byTkt[ticket][r.Header.Get("Webhook-Id")]++
	rc.total++
	rc.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (rc *receiver) counts() (tickets, total int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.byTkt), rc.total
}

// TestCrashMidDeliveryDeliversEveryEventAtLeastOnce kills the serving process
// (SIGKILL, no clean shutdown) while deliveries are in flight, restarts it on
// the same database, and checks that every event reaches the receiver at
// least once, duplicates carrying the same Webhook-Id.
func TestCrashMidDeliveryDeliversEveryEventAtLeastOnce(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			rc := &receiver{byTkt: map[int64]map[string]int{}, delay: 300 * time.Millisecond}
			hook := httptest.NewServer(rc)
			defer hook.Close()
			o := b.Options(t)
			env, _ := serveEnv(t, o, "TICKETWIRE_ALLOWED_NETWORKS=127.0.0.1/32", "TICKETWIRE_REQUEST_TIMEOUT=1s",
				"TICKETWIRE_RETRY_SCHEDULE=200ms,200ms,200ms", "TICKETWIRE_RESCUE_AFTER=1s", "TICKETWIRE_DELIVERY_WORKERS=4")
			p := startServe(t, env)
			_, _, token := p.firstAdmin(t)
			integ := map[string]any{"name": "hook", "http": map[string]any{
				"url": hook.URL + "/?ticket={{ticket.id}}", "method": "POST", "body": `{"id": {{ticket.id}}}`,
				"triggers": []string{"ticket-created"}}}
			if s := api(t, p.url, token, "POST", "/api/integrations", integ, nil); s != 201 {
				t.Fatalf("create integration = %d", s)
			}
			const events = 40
			for i := 0; i < events; i++ {
				body := map[string]any{"customer": map[string]any{"email": fmt.Sprintf("c%d@example.com", i)}, "subject": "x",
					"messages": []map[string]any{{"body_text": "hi"}}}
				if s := api(t, p.url, token, "POST", "/api/tickets", body, nil); s != 201 {
					t.Fatalf("create ticket = %d", s)
				}
			}
			waitFor(t, 30*time.Second, func() bool { n, _ := rc.counts(); return n >= 4 })
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()
			before, _ := rc.counts()
			if before >= events {
				t.Fatalf("all %d events were delivered before the crash; the test proves nothing", events)
			}

			p = startServe(t, env)
			waitFor(t, 120*time.Second, func() bool { n, _ := rc.counts(); return n >= events })
			p.stop(t)
			rc.mu.Lock()
			defer rc.mu.Unlock()
			for ticket, ids := range rc.byTkt {
				if len(ids) != 1 {
					t.Fatalf("ticket %d arrived under %d different Webhook-Ids %v; a redelivery must keep its id", ticket, len(ids), ids)
				}
			}
			t.Logf("%d events: %d delivered before the crash, %d requests in all", events, before, rc.total)
		})
	}
}

func waitFor(t *testing.T, limit time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within %s", limit)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
