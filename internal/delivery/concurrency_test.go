package delivery_test

import (
	"fmt"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/delivery"
)

// gate is a receiver's way to hold requests and count how many it holds.
type gate struct {
	mu      sync.Mutex
	open    chan struct{}
	now     int
	most    int
	arrived []time.Time
}

func newGate() *gate { return &gate{open: make(chan struct{})} }

func (g *gate) serve(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	g.now++
	g.most = max(g.most, g.now)
	g.arrived = append(g.arrived, time.Now())
	g.mu.Unlock()
	select {
	case <-g.open:
	case <-r.Context().Done():
	}
	g.mu.Lock()
	g.now--
	g.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (g *gate) state() (inFlight, most, arrived int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.now, g.most, len(g.arrived)
}

// TestMaxConcurrencyHoldsWhileOthersWait: with max_concurrency 2 and a
// receiver that holds every request, two are in flight and the others wait
// (snoozed, not in a worker: a second integration's deliveries still go
// through); once the receiver answers, every delivery arrives, each once,
// with one events-log row and no attempt used by the waits.
func TestMaxConcurrencyHoldsWhileOthersWait(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		g := newGate()
		slow := newReceiver(t, func(_ int, w http.ResponseWriter, r *http.Request) { g.serve(w, r) })
		fast := newReceiver(t, nil)
		s := e.createIntegration("capped", map[string]any{"url": slow.URL, "triggers": []string{"ticket-created"}, "max_concurrency": 2})
		f := e.createIntegration("free", map[string]any{"url": fast.URL, "triggers": []string{"ticket-created"}})
		if got := e.integration(s.ID).HTTP["max_concurrency"]; got != float64(2) {
			t.Errorf("max_concurrency read back as %v", got)
		}
		const n = 8
		for i := range n {
			e.createTicket(fmt.Sprintf("c%d@example.com", i), "C")
		}
		fast.waitHits(t, n)
		eventually(t, "two requests held", func() bool { in, _, _ := g.state(); return in == 2 })
		if _, most, arrived := g.state(); most != 2 || arrived != 2 {
			t.Fatalf("receiver held %d at most and got %d, want 2 and 2 while its answers are held", most, arrived)
		}
		close(g.open)
		rows := e.waitLog(s.ID, n)
		e.waitJobs()
		if _, most, arrived := g.state(); most > 2 || arrived != n {
			t.Errorf("receiver held up to %d requests at once and got %d, want at most 2 and %d", most, arrived, n)
		}
		for _, r := range rows {
			if r.Outcome != delivery.OutcomeSuccess || r.Attempt != 1 {
				t.Errorf("row = %s attempt %d, want success on attempt 1: waiting uses no attempt", r.Outcome, r.Attempt)
			}
		}
		e.waitLog(f.ID, n)
	})
}

// TestRateLimitHoldsInEverySecond: with 4 requests a second and a burst of
// 2, no second of arrivals holds more than the burst plus one second's
// rate, and the events log has one row per delivery (no waits).
func TestRateLimitHoldsInEverySecond(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		var mu sync.Mutex
		var at []time.Time
		rc := newReceiver(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
			mu.Lock()
			at = append(at, time.Now())
			mu.Unlock()
			w.WriteHeader(http.StatusOK)
		})
		const rps, burst, n = 4, 2, 10
		it := e.createIntegration("limited", map[string]any{"url": rc.URL, "triggers": []string{"ticket-created"},
			"rate_limit": map[string]any{"requests_per_second": rps, "burst": burst}})
		for i := range n {
			e.createTicket(fmt.Sprintf("r%d@example.com", i), "R")
		}
		rows := e.waitLog(it.ID, n)
		e.waitJobs()
		for _, r := range rows {
			if r.Outcome != delivery.OutcomeSuccess || r.Attempt != 1 {
				t.Errorf("row = %s attempt %d, want success on attempt 1", r.Outcome, r.Attempt)
			}
		}
		mu.Lock()
		defer mu.Unlock()
		sort.Slice(at, func(i, j int) bool { return at[i].Before(at[j]) })
		for i := range at {
			k := 0
			for j := i; j < len(at) && at[j].Sub(at[i]) < time.Second; j++ {
				k++
			}
			if k > burst+rps {
				t.Errorf("%d requests arrived within a second from request %d, want at most %d", k, i+1, burst+rps)
			}
		}
		if span := at[len(at)-1].Sub(at[0]); span < time.Duration(float64(n-burst-1)/rps*float64(time.Second)) {
			t.Errorf("%d requests arrived within %v, faster than %d a second allows", n, span, rps)
		}
	})
}

// TestLimitsAreValidated: out-of-range limits are 422s naming the field.
func TestLimitsAreValidated(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		for _, tt := range []struct {
			field string
			http  map[string]any
		}{
			{"http.max_concurrency", map[string]any{"max_concurrency": -1}},
			{"http.max_concurrency", map[string]any{"max_concurrency": 100000}},
			{"http.max_concurrency", map[string]any{"max_concurrency": "many"}},
			{"http.rate_limit.requests_per_second", map[string]any{"rate_limit": map[string]any{"requests_per_second": 0}}},
			{"http.rate_limit.requests_per_second", map[string]any{"rate_limit": map[string]any{"requests_per_second": 1e9}}},
			{"http.rate_limit.burst", map[string]any{"rate_limit": map[string]any{"requests_per_second": 5, "burst": -2}}},
			{"http.rate_limit", map[string]any{"rate_limit": "fast"}},
		} {
			h := map[string]any{"url": "https://example.com", "triggers": []string{"ticket-created"}}
			for k, v := range tt.http {
				h[k] = v
			}
			e.wantError(422, "validation_failed", tt.field, "POST", "/api/integrations", map[string]any{"name": "x", "http": h})
		}
		it := e.createIntegration("default burst", map[string]any{"url": "https://example.com", "triggers": []string{"ticket-created"},
			"rate_limit": map[string]any{"requests_per_second": 2.5}})
		rl, _ := it.HTTP["rate_limit"].(map[string]any)
		if rl["burst"] != float64(3) || rl["requests_per_second"] != 2.5 {
			t.Errorf("rate_limit = %v, want burst 3 (a second's worth, rounded up)", it.HTTP["rate_limit"])
		}
	})
}
