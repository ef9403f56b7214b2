package delivery_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/delivery"
)

// A delivery still running when a shutdown's grace runs out is cut off: its
// attempt is logged as such and the job stays queued for a retry, so that
// nothing that went out is left without its row or lost.
func TestDeliveryCutOffByAStopIsLoggedAndRetried(t *testing.T) {
	t.Parallel()
	each(t, shortTimeout(time.Minute), func(t *testing.T, e *env) {
		var rc *receiver
		rc = newReceiver(t, func(_ int, _ http.ResponseWriter, r *http.Request) { rc.hang(r) })
		it := e.createIntegration("slow", map[string]any{"url": rc.URL + "/slow", "triggers": []string{"ticket-created"}})
		e.createTicket("cut@example.com", "Cu")
		rc.waitHits(t, 1)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		t0 := time.Now()
		if err := e.srv.River.StopAndCancel(ctx); err != nil {
			t.Fatal(err)
		}
		t.Logf("stop took %v", time.Since(t0))
		row := e.waitLog(it.ID, 1)[0]
		if row.Attempt != 1 || row.Outcome != delivery.OutcomeRetrying || !strings.Contains(row.Error, "cut off: the process stopped") {
			t.Fatalf("row = attempt %d %s %q", row.Attempt, row.Outcome, row.Error)
		}
		var state string
		if err := e.srv.Store.DB.QueryRow(`SELECT state FROM river_job WHERE kind = 'http_delivery'`).Scan(&state); err != nil {
			t.Fatal(err)
		}
		if state != "retryable" && state != "available" {
			t.Fatalf("job state after the cut = %s, want it queued again", state)
		}
	})
}
