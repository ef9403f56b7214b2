package delivery_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/config"
)

// eventBody uses the event and account variables the way the hosted
// helpdesk's users write them in an HTTP integration's body.
const eventBody = `{"event_id": {{event.id}}, "type": "{{event.type}}", "user_id": {{event.user_id}},
 "at": "{{event.created_datetime}}", "object": "{{event.object_type}} {{event.object_id}}",
 "domain": "{{account.domain}}", "link": "{{account.url}}/tickets/{{ticket.id}}",
 "ticket_link": "https://{{ticket.account.domain}}/tickets/{{ticket.id}}"}`

// sentEvent is eventBody as a receiver decodes it.
type sentEvent struct {
	EventID    *int64 `json:"event_id"`
	Type       string `json:"type"`
	UserID     *int64 `json:"user_id"`
	At         string `json:"at"`
	Object     string `json:"object"`
	Domain     string `json:"domain"`
	Link       string `json:"link"`
	TicketLink string `json:"ticket_link"`
}

// storedEvent is an event as GET /api/events lists it.
type storedEvent struct {
	ID              int64     `json:"id"`
	Kind            string    `json:"kind"`
	UserID          *int64    `json:"user_id"`
	CreatedDatetime time.Time `json:"created_datetime"`
}

func TestEventAndAccountVariables(t *testing.T) {
	t.Parallel()
	tune := func(c *config.Config) { c.PublicURL = "https://support.example.com" }
	each(t, tune, func(t *testing.T, e *env) {
		rc := newReceiver(t, status(204, ""))
		created := e.createIntegration("created", map[string]any{"method": "POST", "triggers": []string{"ticket-created"},
			"url": rc.URL + "/created?domain={{account.domain}}&event={{event.type}}", "body": eventBody})
		e.createIntegration("status", map[string]any{"method": "POST", "triggers": []string{"ticket-status-updated"},
			"url": rc.URL + "/status", "body": eventBody})

		tk := e.createTicket("vars@example.com", "Val")
		first := decodeSent(t, rc.waitHits(t, 1)[0].Body)
		e.want(200, "PUT", fmt.Sprintf("/api/tickets/%d", tk.ID), map[string]any{"status": "closed"}, nil)
		hits := rc.waitHits(t, 2)
		if hits[0].Query.Get("domain") != "support.example.com" || hits[0].Query.Get("event") != "ticket-created" {
			t.Errorf("created query = %v", hits[0].Query)
		}

		for _, c := range []struct {
			sent sentEvent
			kind string
		}{{first, "ticket-created"}, {decodeSent(t, hits[1].Body), "ticket-status-updated"}} {
			ev := e.event(tk.ID, c.kind)
			at, err := time.Parse(time.RFC3339Nano, c.sent.At)
			if c.sent.EventID == nil || *c.sent.EventID != ev.ID || c.sent.Type != c.kind || !sameUser(c.sent.UserID, ev.UserID) ||
				err != nil || !at.Equal(ev.CreatedDatetime) || c.sent.Object != fmt.Sprintf("Ticket %d", tk.ID) {
				t.Errorf("%s event sent as %+v, stored as %+v", c.kind, c.sent, ev)
			}
			if c.sent.Domain != "support.example.com" || c.sent.Link != fmt.Sprintf("https://support.example.com/tickets/%d", tk.ID) ||
				c.sent.TicketLink != c.sent.Link {
				t.Errorf("%s account variables sent as %+v", c.kind, c.sent)
			}
		}
		// The admin's API call closed the ticket: that event has the
		// admin as its user.
		if ev := e.event(tk.ID, "ticket-status-updated"); ev.UserID == nil {
			t.Errorf("status event stored without the admin as its user: %+v", ev)
		}

		var p struct {
			Request reqLog   `json:"request"`
			Empty   []string `json:"empty_variables"`
		}
		before := time.Now().Add(-time.Second)
		e.want(200, "POST", fmt.Sprintf("/api/integrations/%d/preview", created.ID), map[string]any{"ticket_id": tk.ID}, &p)
		prev := decodeSent(t, []byte(p.Request.Body))
		at, err := time.Parse(time.RFC3339Nano, prev.At)
		if prev.EventID != nil || prev.Type != "ticket-created" || prev.UserID != nil || err != nil || at.Before(before) ||
			prev.Domain != "support.example.com" || !strings.Contains(p.Request.URL, "domain=support.example.com&event=ticket-created") {
			t.Errorf("preview rendered %s (url %s)", p.Request.Body, p.Request.URL)
		}
		if !slices.Contains(p.Empty, "event.id") || !slices.Contains(p.Empty, "event.user_id") || slices.Contains(p.Empty, "account.domain") {
			t.Errorf("preview empty_variables = %q, want event.id and event.user_id (a preview has no event) and not account.domain", p.Empty)
		}
	})
}

func TestAccountVariablesWithoutPublicURL(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		it := e.createIntegration("no url", map[string]any{"method": "POST", "triggers": []string{"ticket-created"},
			"url": "https://hooks.example.com/in", "body": eventBody})
		tk := e.createTicket("nourl@example.com", "N")
		var p struct {
			Request reqLog   `json:"request"`
			Empty   []string `json:"empty_variables"`
		}
		e.want(200, "POST", fmt.Sprintf("/api/integrations/%d/preview", it.ID), map[string]any{"ticket_id": tk.ID}, &p)
		got := decodeSent(t, []byte(p.Request.Body))
		if got.Domain != "" || got.Link != fmt.Sprintf("/tickets/%d", tk.ID) || !slices.Contains(p.Empty, "account.domain") {
			t.Errorf("without TICKETWIRE_PUBLIC_URL the preview is %s, empty %q", p.Request.Body, p.Empty)
		}
	})
}

func decodeSent(t *testing.T, body []byte) sentEvent {
	t.Helper()
	var s sentEvent
	if err := json.Unmarshal(body, &s); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, body)
	}
	return s
}

// event is the ticket's stored event of a kind.
func (e *env) event(ticketID int64, kind string) storedEvent {
	e.t.Helper()
	var page struct {
		Data []storedEvent `json:"data"`
	}
	e.want(200, "GET", fmt.Sprintf("/api/events?ticket_id=%d&kind=%s", ticketID, kind), nil, &page)
	if len(page.Data) != 1 {
		e.t.Fatalf("ticket %d has %d %s events, want 1", ticketID, len(page.Data), kind)
	}
	return page.Data[0]
}

func sameUser(a, b *int64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
