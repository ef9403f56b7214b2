package api_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/auth"
)

// TestRefreshIntegrations: an agent's refresh runs the enabled GET
// integrations for the ticket now, though their triggers do not match; POST
// and disabled integrations are left out; each request is logged with event
// kind "refresh" and its answer becomes the customer's fetched data.
func TestRefreshIntegrations(t *testing.T) {
	t.Parallel()
	eachReachable(t, func(t *testing.T, e *env) {
		rc := newReceiver(t, 200)
		var shop, push, off struct {
			ID int64 `json:"id"`
		}
		e.want(201, e.admin, "POST", "/api/integrations", map[string]any{"name": "Loyalty", "http": map[string]any{
			"url": rc.url + "/loyalty?email={{ticket.customer.email}}", "triggers": []string{"ticket-status-updated"}}}, &shop)
		e.want(201, e.admin, "POST", "/api/integrations", map[string]any{"name": "Push", "http": map[string]any{
			"url": rc.url + "/push", "method": "POST", "body": "{}", "triggers": []string{"ticket-status-updated"}}}, &push)
		e.want(201, e.admin, "POST", "/api/integrations", map[string]any{"name": "Off", "http": map[string]any{
			"url": rc.url + "/off", "triggers": []string{"ticket-status-updated"}}}, &off)
		e.want(200, e.admin, "POST", fmt.Sprintf("/api/integrations/%d/disable", off.ID), nil, nil)
		var tk ticket
		e.want(201, e.admin, "POST", "/api/tickets", map[string]any{"customer": map[string]any{"email": "jo@example.com"},
			"messages": []map[string]any{{"body_text": "hi"}}}, &tk)
		if _, err := e.srv.Auth.CreateUser(t.Context(), auth.NewUser{Email: "agent@example.com", Name: "Al", Role: auth.RoleAgent}); err != nil {
			t.Fatal(err)
		}
		agent, err := e.srv.Auth.CreateToken(t.Context(), "agent@example.com", "test")
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Queued []struct {
				ID   int64  `json:"id"`
				Name string `json:"name"`
			} `json:"queued"`
		}
		e.want(202, agent, "POST", fmt.Sprintf("/api/tickets/%d/refresh-integrations", tk.ID), nil, &got)
		if len(got.Queued) != 1 || got.Queued[0].ID != shop.ID || got.Queued[0].Name != "Loyalty" {
			t.Fatalf("queued = %+v, want only Loyalty", got.Queued)
		}
		var rows struct {
			Data []struct {
				EventKind string `json:"event_kind"`
				Outcome   string `json:"outcome"`
				TicketID  *int64 `json:"ticket_id"`
			} `json:"data"`
		}
		path := fmt.Sprintf("/api/integrations/%d/events", shop.ID)
		for deadline := time.Now().Add(10 * time.Second); len(rows.Data) == 0 && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
			e.want(200, e.admin, "GET", path, nil, &rows)
		}
		if len(rows.Data) != 1 || rows.Data[0].EventKind != "refresh" || rows.Data[0].Outcome != "success" ||
			rows.Data[0].TicketID == nil || *rows.Data[0].TicketID != tk.ID {
			t.Fatalf("events log = %+v, want one successful refresh of the ticket", rows.Data)
		}
		var c struct {
			Integrations map[string]map[string]any `json:"integrations"`
		}
		e.want(200, agent, "GET", fmt.Sprintf("/api/customers/%d", tk.Customer.ID), nil, &c)
		if c.Integrations[fmt.Sprint(shop.ID)]["ok"] != true {
			t.Fatalf("fetched data = %v", c.Integrations)
		}
		for _, r := range rc.requests() {
			if r.path != "/loyalty" || r.query != "email=jo%40example.com" {
				t.Fatalf("receiver got %s?%s; only the refreshed GET should run", r.path, r.query)
			}
		}
		e.wantError(404, "not_found", "", agent, "POST", "/api/tickets/999999/refresh-integrations", nil)
	})
}
