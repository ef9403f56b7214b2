package delivery_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/config"
)

// TestSlowNeighbourCannotHoldTheWorkers: 300 events to an endpoint that
// does not answer and the same 300 to one that answers at once. The slow
// integration holds at most its default cap (a quarter of the 8 workers)
// and every fast delivery arrives while none of the slow ones has finished:
// the fast one never waits behind the slow one. (The latency this buys is
// measured by ticketwire-bench's noisy-neighbour mode, not asserted here.)
func TestSlowNeighbourCannotHoldTheWorkers(t *testing.T) {
	t.Parallel()
	const workers, n = 8, 300
	tune := func(c *config.Config) {
		c.DeliveryWorkers = workers
		c.RequestTimeout = 10 * time.Minute // the slow answers are held until the fast ones are in, however slow the machine
	}
	each(t, tune, func(t *testing.T, e *env) {
		g := newGate()
		slow := newReceiver(t, func(_ int, w http.ResponseWriter, r *http.Request) { g.serve(w, r) })
		fast := newReceiver(t, nil)
		s := e.createIntegration("slow", map[string]any{"url": slow.URL, "triggers": []string{"ticket-created"}})
		f := e.createIntegration("fast", map[string]any{"url": fast.URL, "triggers": []string{"ticket-created"}})
		for i := range n {
			e.createTicket(fmt.Sprintf("n%d@example.com", i), "N")
		}
		fast.waitHits(t, n)
		inFlight, most, _ := g.state()
		if most > workers/4 {
			t.Errorf("the slow endpoint held %d requests at once, want at most %d (a quarter of the workers)", most, workers/4)
		}
		if rows, _ := e.eventsLog(s.ID); len(rows) != 0 || inFlight != most {
			t.Errorf("a slow delivery finished (%d rows, %d in flight) before the fast ones were in", len(rows), inFlight)
		}
		close(g.open)
		e.waitLog(f.ID, min(n, 100)) // the events log pages at 100
		// 300 slow deliveries, two at a time, each snoozed while it waits
		// its turn: a deadline for a slow machine, not a timing goal.
		e.waitJobsWithin(3 * time.Minute)
		if _, most, arrived := g.state(); arrived != n || most > workers/4 {
			t.Errorf("slow endpoint got %d requests, at most %d at once; want %d, at most %d", arrived, most, n, workers/4)
		}
	})
}
