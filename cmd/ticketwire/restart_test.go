package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// TestRetryDueWhileDownRunsSoonAfterRestart kills the process (SIGKILL) with
// a retry scheduled, lets the retry fall due, restarts and measures how long
// after the restart the retry is sent. River queues due retries only on its
// elected leader, and a killed leader's lease (15 s) outlives it, so the
// restart queues them itself.
func TestRetryDueWhileDownRunsSoonAfterRestart(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			var arrivals []time.Time
			hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				arrivals = append(arrivals, time.Now())
				first := len(arrivals) == 1
				mu.Unlock()
				if first {
					conn, _, _ := http.NewResponseController(w).Hijack()
					_ = conn.Close() // a connection error: retried
					return
				}
				w.WriteHeader(http.StatusNoContent)
			}))
			defer hook.Close()
			count := func() int { mu.Lock(); defer mu.Unlock(); return len(arrivals) }
			o := b.Options(t)
			env, dataDir := serveEnv(t, o, "TICKETWIRE_ALLOWED_NETWORKS=127.0.0.1/32", "TICKETWIRE_REQUEST_TIMEOUT=1s",
				"TICKETWIRE_RETRY_SCHEDULE=6s")
			p := startServe(t, env)
			_, _, token := p.firstAdmin(t)
			var it struct {
				ID int64 `json:"id"`
			}
			if s := api(t, p.url, token, "POST", "/api/integrations", map[string]any{"name": "hook", "http": map[string]any{
				"url": hook.URL + "/", "triggers": []string{"ticket-created"}}}, &it); s != 201 {
				t.Fatalf("create integration = %d", s)
			}
			if s := api(t, p.url, token, "POST", "/api/tickets", map[string]any{"customer": map[string]any{"email": "r@example.com"},
				"subject": "x", "messages": []map[string]any{{"body_text": "hi"}}}, nil); s != 201 {
				t.Fatalf("create ticket = %d", s)
			}
			var log struct {
				Data []struct{} `json:"data"`
			}
			waitFor(t, 30*time.Second, func() bool {
				api(t, p.url, token, "GET", fmt.Sprintf("/api/integrations/%d/events", it.ID), nil, &log)
				return len(log.Data) == 1
			})
			// River marks the job retryable just after the row is written;
			// killed before that, the job would wait for the rescuer instead.
			st, err := store.Open(t.Context(), store.Options{DataDir: dataDir, DatabaseURL: o.DatabaseURL})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			// (A retry more than River's 5 s scheduler interval away is
			// "retryable", and only the leader makes it available.)
			waitFor(t, 30*time.Second, func() bool {
				var state string
				err := st.DB.QueryRow(`SELECT state FROM river_job WHERE kind = 'http_delivery'`).Scan(&state)
				return err == nil && state == "retryable"
			})
			due := time.Now().Add(6 * time.Second)
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()
			waitFor(t, 10*time.Second, func() bool { return time.Now().After(due) }) // the retry falls due while down
			if n := count(); n != 1 {
				t.Fatalf("%d requests before the kill; the retry must fall due while the process is down", n)
			}
			restarted := time.Now()
			p = startServe(t, env)
			ready := time.Now()
			if restarted.Before(due) {
				t.Fatal("restarted before the retry was due")
			}
			waitFor(t, 60*time.Second, func() bool { return count() >= 2 })
			mu.Lock()
			sent := arrivals[1]
			mu.Unlock()
			p.stop(t)
			t.Logf("the retry was sent %v after the restart (which took %v to answer)", sent.Sub(restarted).Round(10*time.Millisecond),
				ready.Sub(restarted).Round(10*time.Millisecond))
			if late := sent.Sub(ready); late > 2*time.Second {
				t.Fatalf("the retry was sent %v after the restarted process answered; want it at once", late)
			}
		})
	}
}
