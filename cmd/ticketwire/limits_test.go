package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// TestSlotOfAKilledProcessIsFreedByItsLease: on PostgreSQL an integration's
// max_concurrency holds for every process, under a lease per request. A
// process killed (SIGKILL) mid-request leaves its lease behind; another
// process sends none of the integration's deliveries until that lease
// expires, then sends them all, the killed one's included.
func TestSlotOfAKilledProcessIsFreedByItsLease(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		if b.Name != "postgres" {
			continue // one process serves a SQLite database
		}
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			var arrivals []time.Time
			answered := map[int64]bool{}
			hold := make(chan struct{})
			hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				ticket, _ := strconv.ParseInt(r.URL.Query().Get("ticket"), 10, 64)
				mu.Lock()
				arrivals = append(arrivals, time.Now())
				first := len(arrivals) == 1
				mu.Unlock()
				if first {
					select { // held until its sender dies
					case <-r.Context().Done():
					case <-hold:
					}
					return
				}
				mu.Lock()
				answered[ticket] = true
				mu.Unlock()
				w.WriteHeader(http.StatusNoContent)
			}))
			defer hook.Close()
			defer close(hold)
			count := func() (arrived, done int) { mu.Lock(); defer mu.Unlock(); return len(arrivals), len(answered) }
			o := b.Options(t)
			env, dataDir := serveEnv(t, o, "TICKETWIRE_ALLOWED_NETWORKS=127.0.0.1/32", "TICKETWIRE_REQUEST_TIMEOUT=2s",
				"TICKETWIRE_RETRY_SCHEDULE=200ms,200ms,200ms", "TICKETWIRE_RESCUE_AFTER=1s")
			p := startServe(t, env)
			_, _, token := p.firstAdmin(t)
			integ := map[string]any{"name": "capped", "http": map[string]any{"url": hook.URL + "/?ticket={{ticket.id}}",
				"triggers": []string{"ticket-created"}, "max_concurrency": 1}}
			if s := api(t, p.url, token, "POST", "/api/integrations", integ, nil); s != 201 {
				t.Fatalf("create integration = %d", s)
			}
			ticket := func(base string, i int) {
				body := map[string]any{"customer": map[string]any{"email": fmt.Sprintf("k%d@example.com", i)}, "subject": "x",
					"messages": []map[string]any{{"body_text": "hi"}}}
				if s := api(t, base, token, "POST", "/api/tickets", body, nil); s != 201 {
					t.Fatalf("create ticket = %d", s)
				}
			}
			ticket(p.url, 0)
			waitFor(t, 30*time.Second, func() bool { n, _ := count(); return n == 1 })
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()

			st, err := store.Open(t.Context(), store.Options{DataDir: dataDir, DatabaseURL: o.DatabaseURL})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			var holder string
			var expires time.Time
			if err := st.DB.QueryRow(`SELECT holder, expires_datetime FROM delivery_leases`).Scan(&holder, &expires); err != nil {
				t.Fatalf("the killed process left no lease: %v", err)
			}

			p = startServe(t, env)
			const events = 3
			for i := 1; i < events; i++ {
				ticket(p.url, i)
			}
			waitFor(t, 120*time.Second, func() bool { _, done := count(); return done == events })
			p.stop(t)
			mu.Lock()
			defer mu.Unlock()
			for _, at := range arrivals[1:] {
				if at.Before(expires) {
					t.Errorf("a request arrived %v before the killed process's lease (%s) expired", expires.Sub(at), holder)
				}
			}
			t.Logf("lease of %q held until %v; %d requests in all, the first after the kill %v after it expired", holder,
				expires.Format("15:04:05.000"), len(arrivals), arrivals[1].Sub(expires).Round(time.Millisecond))
		})
	}
}
