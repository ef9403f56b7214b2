package api_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/server/servertest"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// TestMacroWithTheHostedProductsVariables previews and applies a macro
// written the way the hosted helpdesk's users write one: its current-user
// and account variables, Shopify-style metafields read by key and an LDML
// date, in the reply and in an HTTP hook.
func TestMacroWithTheHostedProductsVariables(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := servertest.Start(t, b, servertest.Options{Tune: func(cfg *config.Config) {
				servertest.AllowLoopback(cfg)
				cfg.PublicURL = "https://support.example.com/"
			}})
			e := &env{t: t, url: s.URL, admin: s.FirstAdmin.Token, srv: s.Server, clock: &clock{t: time.Now()}}
			rc := newReceiver(t, 200)
			shop := widgetIntegration(e, "Shop")
			var tk ticket
			e.want(201, e.admin, "POST", "/api/tickets", newTicket("jo@example.com", "Points?"), &tk)
			data := `{"customer": {"metafields": [{"namespace": "loyalty", "key": "tier", "value": "Gold"},
			  {"namespace": "loyalty", "key": "loyalty_points", "value": 1250}, {"namespace": "loyalty", "key": "expires", "value": "2026-12-01"}]}}`
			if err := e.srv.Store.PutCustomerIntegration(t.Context(), store.CustomerIntegration{CustomerID: tk.Customer.ID,
				IntegrationID: shop, Data: json.RawMessage(data), FetchedAt: time.Now()}); err != nil {
				t.Fatal(err)
			}
			agent, _ := newAgent(e, "al@example.com")
			mf := fmt.Sprintf("ticket.customer.integrations[%d].customer.metafields", shop)
			var m macroBody
			e.want(201, e.admin, "POST", "/api/macros", map[string]any{"name": "Points", "actions": []map[string]any{
				{"type": "reply", "body_text": "You have {{" + mf + ".loyalty_points.value}} points ({{" + mf + "['tier'].value}}), " +
					`valid until {{` + mf + `.expires.value|datetime_format("MMMM d yyyy")}}.` +
					" [{{satisfaction_survey_url}}] {{current_user.firstname}} at {{account.domain}}"},
				{"type": "http_hook", "title": "Log", "method": "POST", "url": rc.url + "/log?agent={{current_user.lastname}}",
					"body": `{"points": {{` + mf + `.loyalty_points.value}}, "link": "https://{{ticket.account.domain}}/tickets/{{ticket.id}}"}`},
			}}, &m)

			want := "You have 1250 points (Gold), valid until December 1 2026. [] Al at support.example.com"
			var p struct {
				Reply struct {
					BodyText string `json:"body_text"`
				} `json:"reply"`
				Empty []string `json:"empty_variables"`
			}
			raw := e.want(200, agent, "POST", fmt.Sprintf("/api/macros/%d/preview", m.ID), map[string]any{"ticket_id": tk.ID}, &p)
			if p.Reply.BodyText != want {
				t.Fatalf("preview = %s\nwant reply %q", raw, want)
			}
			var a applied
			e.want(200, agent, "POST", fmt.Sprintf("/api/tickets/%d/apply-macro", tk.ID), map[string]any{"macro_id": m.ID}, &a)
			got := rc.requests()
			wantBody := fmt.Sprintf(`{"points": 1250, "link": "https://support.example.com/tickets/%d"}`, tk.ID)
			if len(a.Messages) != 1 || a.Messages[0].BodyText != want || len(got) != 1 || got[0].body != wantBody || got[0].query != "agent=Agent" {
				t.Fatalf("applied %+v; hook got %+v, want body %s", a, got, wantBody)
			}
		})
	}
}
