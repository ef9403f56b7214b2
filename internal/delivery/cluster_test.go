package delivery_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/server"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// onPostgres runs fn against a fresh server on PostgreSQL only: several
// processes share one database there (one process serves a SQLite file).
func onPostgres(t *testing.T, tune func(*config.Config), fn func(t *testing.T, e *env)) {
	t.Helper()
	for _, b := range storetest.Backends() {
		if b.Name != "postgres" {
			continue
		}
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, start(t, b, tune))
		})
	}
}

// secondProcess opens a second ticketwire on e's database, with its own
// store, engine and River client running delivery workers, as another
// process of the cluster would.
func (e *env) secondProcess(t *testing.T) *server.Server {
	t.Helper()
	other, err := server.Open(t.Context(), e.cfg, server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := other.River.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		stop, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		_ = other.River.Stop(stop)
		other.Close()
	})
	return other
}

// deliveryProcesses counts the processes that worked on delivery jobs
// (sent a request or snoozed one at a limit).
func (e *env) deliveryProcesses() int {
	e.t.Helper()
	var n int
	if err := e.srv.Store.DB.QueryRow(`SELECT count(DISTINCT a) FROM river_job, unnest(attempted_by) AS a
		WHERE kind = 'http_delivery'`).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// arrivals records when each request reached a receiver.
type arrivals struct {
	mu sync.Mutex
	at []time.Time
}

func (a *arrivals) serve(_ int, w http.ResponseWriter, _ *http.Request) {
	a.mu.Lock()
	a.at = append(a.at, time.Now())
	a.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

// mostInASecond is the most requests that arrived within any one second.
func (a *arrivals) mostInASecond() (most int, from time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	at := append([]time.Time(nil), a.at...)
	sort.Slice(at, func(i, j int) bool { return at[i].Before(at[j]) })
	for i := range at {
		k := 0
		for j := i; j < len(at) && at[j].Sub(at[i]) < time.Second; j++ {
			k++
		}
		if k > most {
			most, from = k, at[i]
		}
	}
	return most, from
}

// TestRateLimitHoldsAcrossTwoProcesses: two processes deliver one
// rate-limited integration's events from one PostgreSQL database; the
// receiver never sees more than the burst plus one second's rate within a
// second, as from one process (each process keeping its own bucket would
// allow twice that).
func TestRateLimitHoldsAcrossTwoProcesses(t *testing.T) {
	t.Parallel()
	onPostgres(t, nil, func(t *testing.T, e *env) {
		e.secondProcess(t)
		var a arrivals
		rc := newReceiver(t, a.serve)
		// One a second keeps the bound clear of how late a request may
		// reach the receiver after taking its token on a loaded machine:
		// only a delay of a whole second could put one more into a second.
		const rps, burst, n = 1, 2, 10
		it := e.createIntegration("limited", map[string]any{"url": rc.URL, "triggers": []string{"ticket-created"},
			"rate_limit": map[string]any{"requests_per_second": rps, "burst": burst}})
		for i := range n {
			e.createTicket(fmt.Sprintf("r%d@example.com", i), "R")
		}
		rows := e.waitLog(it.ID, n)
		e.waitJobs()
		for _, r := range rows {
			if r.Outcome != delivery.OutcomeSuccess || r.Attempt != 1 {
				t.Errorf("row = %s attempt %d, want success on attempt 1: waiting uses no attempt", r.Outcome, r.Attempt)
			}
		}
		if got := len(rc.Hits()); got != n {
			t.Errorf("receiver got %d requests, want %d", got, n)
		}
		if most, from := a.mostInASecond(); most > rps+burst {
			t.Errorf("%d requests arrived within a second from %v, want at most %d (burst %d + %d a second)",
				most, from.Format("15:04:05.000"), rps+burst, burst, rps)
		}
		if p := e.deliveryProcesses(); p < 2 {
			t.Errorf("%d process worked on the deliveries, want both", p)
		}
	})
}

// holder is a receiver that holds every request until opened, then answers
// each after a short while, counting the requests in flight.
type holder struct {
	mu      sync.Mutex
	open    chan struct{}
	now     int
	most    int
	arrived int
}

func (h *holder) serve(_ int, w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.now++
	h.most = max(h.most, h.now)
	h.arrived++
	h.mu.Unlock()
	select {
	case <-h.open:
		// Answer after a little while, so that requests overlap.
		select {
		case <-time.After(30 * time.Millisecond):
		case <-r.Context().Done():
		}
	case <-r.Context().Done():
	}
	h.mu.Lock()
	h.now--
	h.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (h *holder) state() (inFlight, most, arrived int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.now, h.most, h.arrived
}

// TestMaxConcurrencyHoldsAcrossTwoProcesses: two processes deliver one
// integration with max_concurrency 2 from one PostgreSQL database; while the
// receiver holds its requests it has 2 in flight and no more, while another
// integration's deliveries go through; once it answers, every delivery
// arrives and it never had more than 2 at once.
func TestMaxConcurrencyHoldsAcrossTwoProcesses(t *testing.T) {
	t.Parallel()
	// The held requests must not time out (and be retried) while the other
	// integration's deliveries go through on a loaded machine.
	tune := func(c *config.Config) { c.RequestTimeout = 30 * time.Second }
	onPostgres(t, tune, func(t *testing.T, e *env) {
		e.secondProcess(t)
		h := &holder{open: make(chan struct{})}
		capped := newReceiver(t, h.serve)
		free := newReceiver(t, nil)
		const maxConcurrency, n = 2, 12
		c := e.createIntegration("capped", map[string]any{"url": capped.URL, "triggers": []string{"ticket-created"},
			"max_concurrency": maxConcurrency})
		f := e.createIntegration("free", map[string]any{"url": free.URL, "triggers": []string{"ticket-created"}})
		for i := range n {
			e.createTicket(fmt.Sprintf("c%d@example.com", i), "C")
		}
		free.waitHits(t, n)
		eventually(t, "two requests held", func() bool { in, _, _ := h.state(); return in == maxConcurrency })
		if _, most, arrived := h.state(); most > maxConcurrency || arrived != maxConcurrency {
			t.Fatalf("receiver held %d at most and got %d while its answers were held, want %d and %d",
				most, arrived, maxConcurrency, maxConcurrency)
		}
		close(h.open)
		rows := e.waitLog(c.ID, n)
		e.waitJobs()
		if _, most, arrived := h.state(); most > maxConcurrency || arrived != n {
			t.Errorf("receiver had up to %d requests at once and got %d, want at most %d and %d", most, arrived, maxConcurrency, n)
		}
		for _, r := range rows {
			if r.Outcome != delivery.OutcomeSuccess || r.Attempt != 1 {
				t.Errorf("row = %s attempt %d, want success on attempt 1", r.Outcome, r.Attempt)
			}
		}
		e.waitLog(f.ID, n)
		if p := e.deliveryProcesses(); p < 2 {
			t.Errorf("%d process worked on the deliveries, want both", p)
		}
	})
}

// TestLeaseOfACrashedProcessExpires: a process that died holding an
// integration's only concurrency slot leaves its lease behind; no delivery
// goes out until that lease expires, and then every one does.
func TestLeaseOfACrashedProcessExpires(t *testing.T) {
	t.Parallel()
	onPostgres(t, nil, func(t *testing.T, e *env) {
		var a arrivals
		rc := newReceiver(t, a.serve)
		it := e.createIntegration("capped", map[string]any{"url": rc.URL, "triggers": []string{"ticket-created"},
			"max_concurrency": 1})
		const ttl, n = 2 * time.Second, 3
		before := time.Now()
		if _, ok, err := e.srv.Store.AcquireDeliveryLease(context.Background(), it.ID, 1, "crashed pid 1 job 1", ttl); !ok || err != nil {
			t.Fatalf("lease of the crashed process = %v, %v", ok, err)
		}
		for i := range n {
			e.createTicket(fmt.Sprintf("l%d@example.com", i), "L")
		}
		rows := e.waitLog(it.ID, n)
		e.waitJobs()
		for _, r := range rows {
			if r.Outcome != delivery.OutcomeSuccess || r.Attempt != 1 {
				t.Errorf("row = %s attempt %d, want success on attempt 1", r.Outcome, r.Attempt)
			}
		}
		a.mu.Lock()
		defer a.mu.Unlock()
		if len(a.at) != n {
			t.Fatalf("receiver got %d requests, want %d", len(a.at), n)
		}
		for _, at := range a.at {
			// The lease ends ttl after the database's now, which is later
			// than before.
			if at.Before(before.Add(ttl)) {
				t.Errorf("a request arrived %v after the crashed process's lease was taken, before it expired (%v)", at.Sub(before), ttl)
			}
		}
	})
}
