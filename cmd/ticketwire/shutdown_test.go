package main

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// holdingReceiver holds every request until release is closed, and counts
// per ticket the requests that arrived and those it answered.
type holdingReceiver struct {
	release chan struct{}

	mu       sync.Mutex
	arrived  map[int64]int
	answered map[int64]int
	ids      map[int64]map[string]bool
}

func newHoldingReceiver() *holdingReceiver {
	return &holdingReceiver{release: make(chan struct{}), arrived: map[int64]int{}, answered: map[int64]int{}, ids: map[int64]map[string]bool{}}
}

func (rc *holdingReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ticket, _ := strconv.ParseInt(r.URL.Query().Get("ticket"), 10, 64)
	rc.mu.Lock()
	rc.arrived[ticket]++
	if rc.ids[ticket] == nil {
		rc.ids[ticket] = map[string]bool{}
	}
	rc.ids[ticket][r.Header.Get("Webhook-Id")] = true
	rc.mu.Unlock()
	select {
	case <-rc.release:
	case <-r.Context().Done():
		return // the sender gave up: not answered
	}
	rc.mu.Lock()
	rc.answered[ticket]++
	rc.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// counts are the tickets whose requests arrived and were answered, and the
// requests that arrived in all.
func (rc *holdingReceiver) counts() (arrived, answered, requests int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, n := range rc.arrived {
		requests += n
	}
	return len(rc.arrived), len(rc.answered), requests
}

// TestSIGTERMLetsDeliveriesInFlightFinish stops the serving process with
// SIGTERM while deliveries are in flight: it stops taking connections at
// once, starts no new delivery, waits for those in flight to be answered and
// recorded, and exits 0; after a restart the rest are delivered and none that
// was in flight is sent again.
func TestSIGTERMLetsDeliveriesInFlightFinish(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			rc := newHoldingReceiver()
			hook := httptest.NewServer(rc)
			defer hook.Close()
			o := b.Options(t)
			const workers, events = 8, 30
			env, _ := serveEnv(t, o, "TICKETWIRE_ALLOWED_NETWORKS=127.0.0.1/32", "TICKETWIRE_REQUEST_TIMEOUT=60s", "TICKETWIRE_SHUTDOWN_GRACE=90s",
				"TICKETWIRE_RETRY_SCHEDULE=200ms,200ms,200ms", fmt.Sprintf("TICKETWIRE_DELIVERY_WORKERS=%d", workers))
			p := startServe(t, env)
			_, _, token := p.firstAdmin(t)
			integ := map[string]any{"name": "hook", "http": map[string]any{
				"url": hook.URL + "/?ticket={{ticket.id}}", "method": "POST", "body": `{"id": {{ticket.id}}}`,
				"triggers": []string{"ticket-created"},
				// Every worker in flight on this one integration: above the default cap.
				"max_concurrency": workers}}
			var created struct {
				ID int64 `json:"id"`
			}
			if s := api(t, p.url, token, "POST", "/api/integrations", integ, &created); s != 201 {
				t.Fatalf("create integration = %d", s)
			}
			for i := range events {
				body := map[string]any{"customer": map[string]any{"email": fmt.Sprintf("c%d@example.com", i)}, "subject": "x",
					"messages": []map[string]any{{"body_text": "hi"}}}
				if s := api(t, p.url, token, "POST", "/api/tickets", body, nil); s != 201 {
					t.Fatalf("create ticket = %d", s)
				}
			}
			waitFor(t, 30*time.Second, func() bool { n, _, _ := rc.counts(); return n >= workers })

			_ = p.cmd.Process.Signal(syscall.SIGTERM)
			exited := make(chan error, 1)
			go func() { exited <- p.cmd.Wait() }()
			waitFor(t, 20*time.Second, func() bool {
				res, err := http.Get(p.url + "/healthz")
				if err == nil {
					res.Body.Close()
				}
				return err != nil
			})
			select {
			case err := <-exited:
				t.Fatalf("serve exited (%v) with %d deliveries in flight", err, workers)
			default:
			}
			close(rc.release)
			select {
			case err := <-exited:
				var ee interface{ ExitCode() int }
				if err != nil && (!errors.As(err, &ee) || ee.ExitCode() != 0) {
					t.Fatalf("serve exited with %v after SIGTERM", err)
				}
			case <-time.After(60 * time.Second):
				t.Fatal("serve did not exit after its deliveries finished")
			}
			arrived, answered, requests := rc.counts()
			if arrived != workers || answered != workers || requests != workers {
				t.Fatalf("before exit: %d tickets' requests arrived, %d answered, %d requests; want the %d in flight, no new one",
					arrived, answered, requests, workers)
			}

			p = startServe(t, env)
			waitFor(t, 60*time.Second, func() bool { _, n, _ := rc.counts(); return n >= events })
			var log struct {
				Data []struct {
					Attempt int    `json:"attempt"`
					Outcome string `json:"outcome"`
				} `json:"data"`
			}
			waitFor(t, 30*time.Second, func() bool {
				api(t, p.url, token, "GET", fmt.Sprintf("/api/integrations/%d/events?limit=100", created.ID), nil, &log)
				return len(log.Data) >= events
			})
			p.stop(t)
			rc.mu.Lock()
			defer rc.mu.Unlock()
			for ticket, n := range rc.arrived {
				if n != 1 || len(rc.ids[ticket]) != 1 {
					t.Errorf("ticket %d: %d requests under Webhook-Ids %v; each delivery is sent once", ticket, n, rc.ids[ticket])
				}
			}
			if len(log.Data) != events {
				t.Errorf("events log has %d rows, want %d", len(log.Data), events)
			}
			for _, r := range log.Data {
				if r.Attempt != 1 || r.Outcome != "success" {
					t.Errorf("events-log row attempt %d %s; want every delivery done in its first attempt", r.Attempt, r.Outcome)
				}
			}
		})
	}
}
