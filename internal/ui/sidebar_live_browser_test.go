package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/widget"
)

// TestBrowserAgentRefreshesCustomerData: a widget whose integration has not
// answered for this customer says "No data yet"; the agent presses Refresh,
// the GET integration runs now (logged as a refresh) and the widget shows
// the data without a reload. Then data fetched by an event while the page is
// open appears by itself too.
func TestBrowserAgentRefreshesCustomerData(t *testing.T) {
	t.Parallel()
	e := brStart(t)
	e.brAgent(mcAgentEmail)
	ctx := context.Background()
	it, err := e.srv.Integrations.Create(ctx, integration.Input{Name: "Loyalty", HTTP: &integration.HTTP{
		URL: e.hook.URL + "/loyalty", Method: "GET", Triggers: integration.Triggers{event.TicketStatusUpdated}}})
	if err != nil {
		t.Fatal(err)
	}
	var in widget.Input
	if err := json.Unmarshal([]byte(fmt.Sprintf(`{"integration_id": %d, "template": {"type": "wrapper", "title": "Loyalty",
		"widgets": [{"type": "text", "path": "plan", "title": "Plan"}]}}`, it.ID)), &in); err != nil {
		t.Fatal(err)
	}
	if _, err := e.srv.Widgets.Create(ctx, in); err != nil {
		t.Fatal(err)
	}
	tk, err := e.srv.Helpdesk.CreateTicket(ctx, helpdesk.Actor{}, helpdesk.NewTicket{Customer: &helpdesk.CustomerRef{Email: "jo@example.com"},
		Subject: "Points?", Messages: []helpdesk.MessageInput{{BodyText: "How many points do I have?"}}})
	if err != nil {
		t.Fatal(err)
	}
	b := e.brBrowser(1280, 900)
	e.brSignIn(b, mcAgentEmail, e.adminPwd)
	e.brDo(b, "open the ticket and refresh",
		chromedp.Navigate(fmt.Sprintf("%s/tickets/%d", e.url, tk.ID)),
		chromedp.WaitVisible(`[data-test=widget-nodata]`),
		chromedp.Click(`[data-test=widgets-refresh]`, chromedp.NodeVisible),
		chromedp.Poll[chromedp.Void](`document.querySelector("[data-test=widgets-status]").textContent === "Refreshing Loyalty…"`),
		chromedp.Poll[chromedp.Void](`(document.querySelector("[data-test=widget]")?.textContent || "").includes("gold")`,
			chromedp.WithPollingTimeout(15*time.Second)),
	)
	list, err := e.srv.Delivery.ListLog(ctx, query.DeliveryLogFilter{IntegrationID: it.ID, Page: query.Page{Limit: 10}})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].EventKind != "refresh" {
		t.Fatalf("events log = %+v, want one refresh row", list)
	}

	// Data that an event fetches while the page is open is picked up by
	// itself: a status change triggers the integration again, and the page's
	// poll sees the new fetch time and reloads the widgets.
	closed := "closed"
	if _, err := e.srv.Helpdesk.UpdateTicket(ctx, helpdesk.Actor{}, tk.ID, helpdesk.TicketPatch{Status: &closed}); err != nil {
		t.Fatal(err)
	}
	before := brEval[string](e, b, `document.getElementById("widgets").dataset.version`)
	e.brDo(b, "wait for the new data to arrive by itself",
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.getElementById("widgets").dataset.version !== %q`, before),
			chromedp.WithPollingTimeout(20*time.Second)),
	)
}
