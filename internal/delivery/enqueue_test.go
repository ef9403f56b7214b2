package delivery_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/store"
)

// A customer's message on a closed ticket raises ticket-message-created,
// ticket-updated and ticket-status-updated in one change: an integration on
// two of them still gets one request, and one on the exclusive
// ticket-status-updated trigger gets its own.
func TestOneRequestPerIntegrationPerChange(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		rc := newReceiver(t, status(200, ""))
		both := e.createIntegration("both", map[string]any{"url": rc.URL + "/both", "method": "POST",
			"body": `{"event_message": "{{message.body_text}}"}`, "triggers": []string{"ticket-updated", "ticket-message-created"}})
		statusOnly := e.createIntegration("status", map[string]any{"url": rc.URL + "/status", "method": "POST",
			"body": `{"from": "{{changes.status.previous}}", "to": "{{changes.status.current}}"}`, "triggers": []string{"ticket-status-updated"}})
		other := e.createIntegration("created only", map[string]any{"url": rc.URL + "/other", "triggers": []string{"ticket-created"}})

		tk := e.createTicket("jo@example.com", "Jo")
		rc.waitHits(t, 1) // "other", on ticket-created
		e.want(200, "PUT", fmt.Sprintf("/api/tickets/%d", tk.ID), map[string]any{"status": "closed"}, nil)
		rc.waitHits(t, 3) // "both" on ticket-updated and "status"
		e.waitJobs()

		before := e.lastJobID()
		e.want(201, "POST", fmt.Sprintf("/api/tickets/%d/messages", tk.ID), map[string]any{"body_text": "still broken"}, nil)

		// The jobs are inserted in the change's transaction, so they are all
		// there as soon as the API answered.
		jobs := e.deliveryJobsAfter(before)
		want := map[int64]int{both.ID: 1, statusOnly.ID: 1}
		if fmt.Sprint(jobs) != fmt.Sprint(want) {
			t.Fatalf("jobs per integration = %v, want %v (both=%d status=%d other=%d)", jobs, want, both.ID, statusOnly.ID, other.ID)
		}
		var evs struct {
			Data []struct{ Kind string } `json:"data"`
		}
		e.want(200, "GET", fmt.Sprintf("/api/events?ticket_id=%d", tk.ID), nil, &evs)
		kinds := map[string]int{}
		for _, ev := range evs.Data {
			kinds[ev.Kind]++
		}
		if kinds["ticket-message-created"] != 1 || kinds["ticket-updated"] != 2 || kinds["ticket-status-updated"] != 2 {
			t.Fatalf("events raised = %v; the message should have raised message-created, updated and status-updated", kinds)
		}

		hits := rc.waitHits(t, 5)
		e.waitJobs()
		if n := len(rc.Hits()); n != 5 {
			t.Fatalf("receiver got %d requests, want 5", n)
		}
		var sawBoth, sawStatus bool
		for _, h := range hits[3:] {
			var body map[string]string
			if err := json.Unmarshal(h.Body, &body); err != nil {
				t.Fatalf("%s: %s", h.Path, h.Body)
			}
			switch h.Path {
			case "/both":
				sawBoth = true
				if body["event_message"] != "still broken" {
					t.Errorf("both got %s, want the message event (it carries the message)", h.Body)
				}
			case "/status":
				sawStatus = true
				if body["from"] != "closed" || body["to"] != "open" {
					t.Errorf("status got %s, want closed → open", h.Body)
				}
			}
		}
		if !sawBoth || !sawStatus {
			t.Fatalf("the message reached both=%v status=%v", sawBoth, sawStatus)
		}
		rows := e.waitLog(both.ID, 2)
		if rows[0].EventKind != "ticket-message-created" || rows[0].Outcome != delivery.OutcomeSuccess {
			t.Errorf("newest row of both = %+v", rows[0])
		}
	})
}

// failingEnqueuer enqueues for real, then fails, as anything later in the
// change's transaction could.
type failingEnqueuer struct{ engine *delivery.Engine }

func (f failingEnqueuer) Enqueue(ctx context.Context, tx *store.Tx, events []store.Event) error {
	if err := f.engine.Enqueue(ctx, tx, events); err != nil {
		return err
	}
	return errors.New("the change failed after its jobs were inserted")
}

func TestRolledBackChangeEnqueuesNothing(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		rc := newReceiver(t, status(200, ""))
		it := e.createIntegration("created", map[string]any{"url": rc.URL + "/x?ticket={{ticket.id}}", "triggers": []string{"ticket-created"}})
		off := e.createIntegration("disabled", map[string]any{"url": rc.URL + "/off", "triggers": []string{"ticket-created"}})
		e.want(200, "POST", fmt.Sprintf("/api/integrations/%d/disable", off.ID), nil, nil)

		before := e.lastJobID()
		hd := helpdesk.New(e.srv.Store, failingEnqueuer{e.srv.Delivery})
		_, err := hd.CreateTicket(t.Context(), helpdesk.Actor{}, helpdesk.NewTicket{Customer: &helpdesk.CustomerRef{Email: "rb@example.com"},
			Subject: "rolled back", Messages: []helpdesk.MessageInput{{BodyText: "hi"}}})
		if err == nil {
			t.Fatal("the change succeeded")
		}
		if jobs := e.deliveryJobsAfter(before); len(jobs) != 0 {
			t.Fatalf("a rolled-back change left jobs: %v", jobs)
		}
		if rows, _ := e.eventsLog(off.ID); len(rows) != 0 {
			t.Fatalf("a rolled-back change left skipped rows: %+v", rows)
		}
		var tickets struct{ Data []any }
		e.want(200, "GET", "/api/tickets", nil, &tickets)
		if len(tickets.Data) != 0 {
			t.Fatalf("tickets = %v", tickets.Data)
		}

		// The next change that commits is delivered, and it is the only one.
		tk := e.createTicket("ok@example.com", "Ok")
		rc.waitHits(t, 1)
		e.waitJobs()
		hits := rc.Hits()
		if len(hits) != 1 || hits[0].Query["ticket"][0] != fmt.Sprint(tk.ID) {
			t.Fatalf("receiver got %+v, want only ticket %d", hits, tk.ID)
		}
		if rows := e.waitLog(it.ID, 1); rows[0].Outcome != delivery.OutcomeSuccess {
			t.Fatalf("row = %+v", rows[0])
		}
		if rows := e.waitLog(off.ID, 1); rows[0].Outcome != delivery.OutcomeSkipped {
			t.Fatalf("disabled integration's row = %+v", rows[0])
		}
	})
}
