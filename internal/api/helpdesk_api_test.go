package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAuthAndRoles(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		e.wantError(401, "unauthenticated", "", "", "GET", "/api/tickets", nil)
		e.wantError(401, "unauthenticated", "", "tw_not-a-token", "GET", "/api/tickets", nil)
		var agent struct {
			ID   int64  `json:"id"`
			Role string `json:"role"`
		}
		raw := e.want(201, e.admin, "POST", "/api/users", map[string]any{"email": "Agent@Example.com", "name": "Al", "role": "agent"}, &agent)
		if agent.Role != "agent" || strings.Contains(raw, "password") {
			t.Fatalf("created user = %s", raw)
		}
		e.wantError(409, "conflict", "", e.admin, "POST", "/api/users", map[string]any{"email": "agent@example.com", "role": "agent"})
		e.wantError(422, "validation_failed", "role", e.admin, "POST", "/api/users", map[string]any{"email": "b@example.com", "role": "owner"})
		token, err := e.srv.Auth.CreateToken(t.Context(), "agent@example.com", "test")
		if err != nil {
			t.Fatal(err)
		}
		e.want(200, token, "GET", "/api/tickets", nil, nil)
		e.wantError(403, "forbidden", "", token, "POST", "/api/users", map[string]any{"email": "c@example.com", "role": "admin"})
		var users list[struct{ Email string }]
		e.want(200, token, "GET", "/api/users", nil, &users)
		if len(users.Data) != 2 {
			t.Fatalf("users = %+v", users.Data)
		}
		e.want(200, token, "GET", fmt.Sprintf("/api/users/%d", agent.ID), nil, nil)
	})
}

func TestCustomersAPI(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		var c struct {
			ID           int64          `json:"id"`
			Email        string         `json:"email"`
			Data         map[string]any `json:"data"`
			Integrations map[string]any `json:"integrations"`
		}
		e.want(201, e.admin, "POST", "/api/customers", map[string]any{"email": "Jo@Example.com", "name": "Jo", "data": map[string]any{"plan": "gold"}}, &c)
		if c.Email != "jo@example.com" || c.Data["plan"] != "gold" || c.Integrations == nil {
			t.Fatalf("customer = %+v", c)
		}
		e.wantError(409, "conflict", "", e.admin, "POST", "/api/customers", map[string]any{"email": "jo@example.com"})
		e.wantError(422, "validation_failed", "email", e.admin, "POST", "/api/customers", map[string]any{"email": "not-an-email"})
		e.wantError(422, "validation_failed", "email", e.admin, "POST", "/api/customers", map[string]any{"name": "no email"})
		e.wantError(400, "malformed_json", "", e.admin, "POST", "/api/customers", `{"email": `)
		e.wantError(422, "validation_failed", "emial", e.admin, "POST", "/api/customers", map[string]any{"emial": "x@example.com"})
		e.wantError(422, "validation_failed", "name", e.admin, "POST", "/api/customers", map[string]any{"email": "y@example.com", "name": 5})
		e.wantError(422, "validation_failed", "data", e.admin, "POST", "/api/customers", map[string]any{"email": "y@example.com", "data": []int{1}})

		path := fmt.Sprintf("/api/customers/%d", c.ID)
		e.want(200, e.admin, "PUT", path, map[string]any{"name": "Jo Smith"}, nil)
		var got struct{ Email, Name string }
		e.want(200, e.admin, "GET", path, nil, &got)
		if got.Name != "Jo Smith" || got.Email != "jo@example.com" {
			t.Fatalf("after update = %+v", got)
		}
		e.wantError(422, "validation_failed", "email", e.admin, "PUT", path, map[string]any{"email": "bad", "name": "Changed"})
		e.want(200, e.admin, "GET", path, nil, &got)
		if got.Name != "Jo Smith" {
			t.Fatalf("a refused update changed the name to %q", got.Name)
		}
		var found list[struct{ ID int64 }]
		e.want(200, e.admin, "GET", "/api/customers?email=JO@example.com", nil, &found)
		if len(found.Data) != 1 || found.Data[0].ID != c.ID {
			t.Fatalf("find by email = %+v", found)
		}
		e.want(200, e.admin, "GET", "/api/customers?email=nobody@example.com", nil, &found)
		if len(found.Data) != 0 {
			t.Fatalf("find unknown email = %+v", found)
		}
		e.wantError(404, "not_found", "", e.admin, "GET", "/api/customers/999", nil)
		e.wantError(404, "not_found", "", e.admin, "GET", "/api/customers/abc", nil)
	})
}

func TestTicketsAPI(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		var tk ticket
		e.want(201, e.admin, "POST", "/api/tickets", newTicket("jo@example.com", "First"), &tk)
		if tk.Status != "open" || tk.Customer.Email != "jo@example.com" || len(tk.Messages) != 1 {
			t.Fatalf("created ticket = %+v", tk)
		}
		var again ticket
		body := map[string]any{"customer_id": tk.Customer.ID, "subject": "Second", "tags": []string{"vip"},
			"messages": []map[string]any{{"body_text": "Hi again"}}}
		e.want(201, e.admin, "POST", "/api/tickets", body, &again)
		if again.Customer.ID != tk.Customer.ID || len(again.Tags) != 1 {
			t.Fatalf("ticket by customer_id = %+v", again)
		}
		e.want(201, e.admin, "POST", "/api/tickets", newTicket("ann@example.com", "Third"), nil)
		e.wantError(422, "validation_failed", "messages", e.admin, "POST", "/api/tickets", map[string]any{"customer": map[string]any{"email": "x@example.com"}})

		path := fmt.Sprintf("/api/tickets/%d", tk.ID)
		var upd ticket
		e.want(200, e.admin, "PUT", path, map[string]any{"status": "closed", "subject": "First (renamed)"}, &upd)
		if upd.Status != "closed" || upd.Subject != "First (renamed)" {
			t.Fatalf("updated = %+v", upd)
		}
		e.wantError(422, "validation_failed", "status", e.admin, "PUT", path, map[string]any{"status": "pending"})
		e.wantError(422, "validation_failed", "assignee_user_id", e.admin, "PUT", path, map[string]any{"assignee_user_id": "me"})
		e.wantError(404, "not_found", "", e.admin, "PUT", "/api/tickets/999", map[string]any{"status": "closed"})

		var open list[ticket]
		e.want(200, e.admin, "GET", "/api/tickets?status=open", nil, &open)
		if len(open.Data) != 2 {
			t.Fatalf("open tickets = %d, want 2", len(open.Data))
		}
		e.wantError(422, "validation_failed", "status", e.admin, "GET", "/api/tickets?status=weird", nil)
		e.wantError(422, "validation_failed", "limit", e.admin, "GET", "/api/tickets?limit=500", nil)

		var p1, p2 list[ticket]
		e.want(200, e.admin, "GET", "/api/tickets?limit=2", nil, &p1)
		if len(p1.Data) != 2 || p1.Meta.NextCursor == nil {
			t.Fatalf("page 1 = %+v", p1)
		}
		e.want(200, e.admin, "GET", "/api/tickets?limit=2&cursor="+*p1.Meta.NextCursor, nil, &p2)
		if len(p2.Data) != 1 || p2.Data[0].ID != tk.ID || p2.Meta.NextCursor != nil {
			t.Fatalf("page 2 = %+v", p2)
		}
	})
}

func TestMessagesAndEventsAPI(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		var tk ticket
		e.want(201, e.admin, "POST", "/api/tickets", newTicket("jo@example.com", "Help"), &tk)
		var m struct {
			ID     int64 `json:"id"`
			Sender struct{ Email string }
		}
		e.want(201, e.admin, "POST", fmt.Sprintf("/api/tickets/%d/messages", tk.ID), map[string]any{"body_text": "Reply", "from_agent": true}, &m)
		if m.Sender.Email != "admin@localhost" {
			t.Fatalf("agent message sender = %+v", m.Sender)
		}
		e.wantError(422, "validation_failed", "body_text", e.admin, "POST", fmt.Sprintf("/api/tickets/%d/messages", tk.ID), map[string]any{"from_agent": true})
		var failed struct {
			FailedDatetime *time.Time `json:"failed_datetime"`
		}
		e.want(200, e.admin, "PUT", fmt.Sprintf("/api/tickets/%d/messages/%d", tk.ID, m.ID), map[string]any{"failed_datetime": "2026-03-01T10:00:00Z"}, &failed)
		if failed.FailedDatetime == nil {
			t.Fatal("failed_datetime not set")
		}
		e.wantError(404, "not_found", "", e.admin, "PUT", fmt.Sprintf("/api/tickets/%d/messages/%d", tk.ID+1, m.ID), map[string]any{"failed_datetime": "2026-03-01T10:00:00Z"})
		e.want(200, e.admin, "PUT", fmt.Sprintf("/api/tickets/%d", tk.ID), map[string]any{"status": "closed"}, nil)

		var events list[struct {
			Kind      string `json:"kind"`
			TicketID  int64  `json:"ticket_id"`
			MessageID *int64 `json:"message_id"`
			Ticket    ticket `json:"ticket"`
		}]
		e.want(200, e.admin, "GET", fmt.Sprintf("/api/events?ticket_id=%d", tk.ID), nil, &events)
		var kinds []string
		for _, ev := range events.Data {
			kinds = append(kinds, ev.Kind)
		}
		want := "ticket-status-updated ticket-updated ticket-message-failed ticket-message-created ticket-created"
		if strings.Join(kinds, " ") != want {
			t.Fatalf("events newest first = %v, want %s", kinds, want)
		}
		if events.Data[0].Ticket.Status != "closed" || events.Data[4].Ticket.Status != "open" || len(events.Data[3].Ticket.Messages) != 2 {
			t.Fatal("event snapshots do not show the ticket as it was after each change")
		}
		e.want(200, e.admin, "GET", "/api/events?kind=ticket-created", nil, &events)
		if len(events.Data) != 1 {
			t.Fatalf("ticket-created events = %d", len(events.Data))
		}
		e.wantError(422, "validation_failed", "kind", e.admin, "GET", "/api/events?kind=ticket-exploded", nil)
	})
}

func TestSnoozeExpiresThroughTheJobQueue(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		var tk ticket
		e.want(201, e.admin, "POST", "/api/tickets", newTicket("jo@example.com", "Later"), &tk)
		until := e.clock.Now().Add(time.Hour).Format(time.RFC3339)
		var snoozed ticket
		e.want(200, e.admin, "PUT", fmt.Sprintf("/api/tickets/%d", tk.ID), map[string]any{"snooze_datetime": until}, &snoozed)
		if snoozed.Status != "closed" || snoozed.SnoozeDatetime == nil {
			t.Fatalf("snoozed = %+v", snoozed)
		}
		e.clock.Add(2 * time.Hour)
		deadline := time.Now().Add(20 * time.Second)
		for {
			var got ticket
			e.want(200, e.admin, "GET", fmt.Sprintf("/api/tickets/%d", tk.ID), nil, &got)
			if got.Status == "open" && got.SnoozeDatetime == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the periodic job never reopened the ticket: %+v", got)
			}
			time.Sleep(50 * time.Millisecond)
		}
		var events list[struct{ Kind string }]
		e.want(200, e.admin, "GET", fmt.Sprintf("/api/events?ticket_id=%d&kind=ticket-self-unsnoozed", tk.ID), nil, &events)
		if len(events.Data) != 1 {
			t.Fatalf("self-unsnoozed events = %d, want 1", len(events.Data))
		}
	})
}

func TestHealth(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		for _, p := range []string{"/healthz", "/readyz"} {
			res, err := http.Get(e.url + p)
			if err != nil || res.StatusCode != 200 {
				t.Fatalf("%s = %v, %v", p, res, err)
			}
			res.Body.Close()
		}
		e.wantError(404, "not_found", "", e.admin, "GET", "/api/nothing-here", nil)
	})
}
