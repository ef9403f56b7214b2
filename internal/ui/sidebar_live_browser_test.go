package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
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

// TestBrowserSidebarSaysAFetchFailed: the last fetch of a widget's
// integration answered 500, so the widget says so (with a link to the event
// for admins) instead of "No data yet"; an integration with no widget that
// failed is named too.
func TestBrowserSidebarSaysAFetchFailed(t *testing.T) {
	t.Parallel()
	e := brStart(t)
	ctx := context.Background()
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error": "down"}`, http.StatusInternalServerError)
	}))
	t.Cleanup(down.Close)
	var ids []int64
	for _, name := range []string{"Loyalty", "CRM"} {
		it, err := e.srv.Integrations.Create(ctx, integration.Input{Name: name, HTTP: &integration.HTTP{
			URL: down.URL + "/" + name, Method: "GET", Triggers: integration.Triggers{event.TicketStatusUpdated}}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, it.ID)
	}
	var in widget.Input
	if err := json.Unmarshal([]byte(fmt.Sprintf(`{"integration_id": %d, "template": {"type": "wrapper", "title": "Points",
		"widgets": [{"type": "text", "path": "plan", "title": "Plan"}]}}`, ids[0])), &in); err != nil {
		t.Fatal(err)
	}
	if _, err := e.srv.Widgets.Create(ctx, in); err != nil {
		t.Fatal(err)
	}
	tk, err := e.srv.Helpdesk.CreateTicket(ctx, helpdesk.Actor{}, helpdesk.NewTicket{Customer: &helpdesk.CustomerRef{Email: "jo@example.com"},
		Subject: "Points?", Messages: []helpdesk.MessageInput{{BodyText: "Hi"}}})
	if err != nil {
		t.Fatal(err)
	}
	b := e.brBrowser(1280, 900)
	e.brSignIn(b, "admin@example.com", e.adminPwd)
	e.brDo(b, "refresh and wait for the failures",
		chromedp.Navigate(fmt.Sprintf("%s/tickets/%d", e.url, tk.ID)),
		chromedp.WaitVisible(`[data-test=widget-nodata]`),
		chromedp.Click(`[data-test=widgets-refresh]`, chromedp.NodeVisible),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll("[data-test=widget-failure]").length === 2`,
			chromedp.WithPollingTimeout(15*time.Second)),
		chromedp.WaitNotPresent(`[data-test=widget-nodata]`),
	)
	if got := e.brText(b, `[data-test=widget] [data-test=widget-failure]`); got != "Couldn’t reach Loyalty: HTTP 500, just now See the event" {
		t.Fatalf("widget says %q", got)
	}
	if got := e.brText(b, `#widget-list > [data-test=widget-failure]`); !strings.HasPrefix(got, "Couldn’t reach CRM: HTTP 500") {
		t.Fatalf("the widgetless integration says %q", got)
	}
	e.brShot(b, "sidebar-failure-1280")
	e.brDo(b, "open the failed event",
		chromedp.Click(`[data-test=widget] [data-test=widget-failure-event]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`main`),
	)
	if got := brEval[string](e, b, `location.pathname`); !strings.HasPrefix(got, fmt.Sprintf("/settings/integrations/%d/events/", ids[0])) {
		t.Fatalf("the link opened %s", got)
	}
}
