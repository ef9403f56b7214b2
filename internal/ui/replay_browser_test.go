package ui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/query"
)

// TestBrowserReplayLinksToItsOriginal: an admin replays an event from its
// page; the new row says "Replay of #N" in the events list and on its own
// page, and the link leads to the row it replayed.
func TestBrowserReplayLinksToItsOriginal(t *testing.T) {
	t.Parallel()
	e := brStart(t)
	ctx := context.Background()
	it, err := e.srv.Integrations.Create(ctx, integration.Input{Name: "Lookup",
		HTTP: &integration.HTTP{URL: e.hook.URL + "/lookup", Method: "GET", Triggers: integration.Triggers{event.TicketCreated}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.srv.Helpdesk.CreateTicket(ctx, helpdesk.Actor{}, helpdesk.NewTicket{Customer: &helpdesk.CustomerRef{Email: "jo@example.com"},
		Subject: "Where is my order?", Messages: []helpdesk.MessageInput{{BodyText: "Hello"}}}); err != nil {
		t.Fatal(err)
	}
	var first int64
	brWaitFor(t, 20*time.Second, "the first request logged", func() bool {
		list, err := e.srv.Delivery.ListLog(ctx, query.DeliveryLogFilter{IntegrationID: it.ID, Page: query.Page{Limit: 1}})
		if err == nil && len(list) == 1 {
			first = list[0].ID
		}
		return first != 0
	})
	events := fmt.Sprintf("%s/settings/integrations/%d/events", e.url, it.ID)
	original := fmt.Sprintf("%s/%d", events, first)

	bctx := e.brBrowser(1280, 900)
	e.brSignIn(bctx, "admin@example.com", e.adminPwd)
	e.brDo(bctx, "replay the event",
		chromedp.Navigate(original),
		chromedp.WaitVisible(`[data-test=replay]`),
		chromedp.Click(`[data-test=replay]`),
		chromedp.WaitVisible(`[data-test=flash]`),
	)
	if n := brEval[int](e, bctx, `document.querySelectorAll("[data-test=replay-of]").length`); n != 0 {
		t.Fatalf("the original row's page shows %d replay links", n)
	}
	brWaitFor(t, 20*time.Second, "the replay logged", func() bool {
		list, err := e.srv.Delivery.ListLog(ctx, query.DeliveryLogFilter{IntegrationID: it.ID, Page: query.Page{Limit: 5}})
		return err == nil && len(list) == 2
	})
	want := fmt.Sprintf("Replay of #%d", first)
	e.brDo(bctx, "open the events list",
		chromedp.Navigate(events),
		chromedp.WaitVisible(`[data-test=event-row] [data-test=replay-of]`),
	)
	e.brShot(bctx, "events-replay-of")
	if got := e.brText(bctx, `[data-test=event-row] [data-test=replay-of]`); got != want {
		t.Fatalf("events list says %q, want %q", got, want)
	}
	if n := brEval[int](e, bctx, `document.querySelectorAll("[data-test=replay-of]").length`); n != 1 {
		t.Fatalf("the list shows %d replay links, want 1 (the original is no replay)", n)
	}
	e.brDo(bctx, "open the replay's row",
		chromedp.Click(`[data-test=event-row] [data-test=event-link]`),
		chromedp.WaitVisible(`.int-facts [data-test=replay-of]`),
	)
	if got := e.brText(bctx, `.int-facts [data-test=replay-of]`); got != want {
		t.Fatalf("the replay's page says %q, want %q", got, want)
	}
	e.brDo(bctx, "follow the link to the original",
		chromedp.Click(`.int-facts [data-test=replay-of]`),
		chromedp.WaitVisible(`[data-test=replay]`),
	)
	if got := brEval[string](e, bctx, `location.href`); !strings.HasSuffix(got, fmt.Sprintf("/events/%d", first)) {
		t.Fatalf("the link led to %s, want the row %d", got, first)
	}
}
