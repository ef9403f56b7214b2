package ui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/query"
)

// TestBrowserAdminBuildsAWidgetAgentSeesIt is the flow of DESIGN.md "What
// people do with it": an admin adds an HTTP integration through the form
// (meeting a validation error first), a ticket event fetches the customer's
// data, the admin drags that data into the sidebar, renames a field and
// changes the border colour, and after a reload it is all still there; an
// agent then sees the widget, has no gear, and gets 403 on settings.
func TestBrowserAdminBuildsAWidgetAgentSeesIt(t *testing.T) {
	t.Parallel()
	e := brStart(t)
	ctx := e.brBrowser(1280, 900)
	e.brSignIn(ctx, "admin@example.com", e.adminPwd)

	e.brDo(ctx, "submit the form with a bad URL",
		chromedp.Navigate(e.url+"/settings/integrations/new"),
		chromedp.WaitVisible(`#f-name`),
		chromedp.SendKeys(`#f-name`, "Shop"),
		chromedp.SendKeys(`#f-url`, "shop.example.com/customers"),
		chromedp.Click(`#f-trigger-ticket-created`),
		chromedp.Click(`#save-integration`),
		chromedp.WaitVisible(`#f-url-error`),
	)
	if msg := e.brText(ctx, `#f-url-error`); !strings.Contains(msg, "absolute") {
		t.Fatalf("URL error beside the field = %q", msg)
	}
	e.brDo(ctx, "fix the URL and save",
		chromedp.SetValue(`#f-url`, e.hook.URL+"/customers?email={{ticket.customer.email}}"),
		chromedp.Click(`#save-integration`),
		chromedp.WaitVisible(`[data-test=flash]`),
	)
	list, err := e.srv.Store.ListIntegrations(context.Background(), query.Page{Limit: 10})
	if err != nil || len(list) != 1 || list[0].Name != "Shop" {
		t.Fatalf("integrations = %+v, %v", list, err)
	}
	integrationID := list[0].ID

	tk, err := e.srv.Helpdesk.CreateTicket(context.Background(), helpdesk.Actor{}, helpdesk.NewTicket{
		Customer: &helpdesk.CustomerRef{Email: "jo@example.com", Name: "Jo Customer"}, Subject: "Upgrade my plan",
		Messages: []helpdesk.MessageInput{{BodyText: "Hi!"}}})
	if err != nil {
		t.Fatal(err)
	}
	brWaitFor(t, 20*time.Second, "the integration fetched the customer's data", func() bool {
		data, err := e.srv.Store.CustomerIntegrations(context.Background(), tk.Customer.ID)
		return err == nil && len(data) == 1
	})

	ticketURL := fmt.Sprintf("%s/tickets/%d", e.url, tk.ID)
	e.brDo(ctx, "open the ticket and the widget editor",
		chromedp.Navigate(ticketURL),
		chromedp.WaitVisible(`#widgets-gear`),
		chromedp.Click(`#widgets-gear`),
		chromedp.WaitVisible(`[data-test=widget-source]`),
	)
	brDrag(e, ctx, `[data-test=widget-source-node][data-node=""] [data-test=widget-source-handle]`, `#widget-drop`)
	e.brDo(ctx, "the dragged section became a widget",
		chromedp.WaitVisible(`[data-test=widget] [data-test=widget-title]`),
		chromedp.WaitReady(`#widgets:not([data-busy])`),
	)

	// Rename the "Plan" field through its pencil.
	brClickJS(e, ctx, `[...document.querySelectorAll('[data-test=widget] [data-kind=field]')]
		.find(n => n.querySelector('[data-test=widget-field-title]').textContent.trim() === 'Plan')
		.querySelector('[data-test=widget-node-edit]')`)
	e.brDo(ctx, "rename the field",
		chromedp.WaitVisible(`[data-test=widget-editor-title]`),
		chromedp.SetValue(`[data-test=widget-editor-title]`, "Subscription"),
		chromedp.Click(`[data-test=widget-editor-save]`),
		chromedp.WaitReady(`#widgets:not([data-busy])`),
	)
	brClickJS(e, ctx, `document.querySelector('[data-test=widget] [data-test=widget-customize]')`)
	brEval[bool](e, ctx, `(() => { const c = document.querySelector('[data-test=widget-color]');
		c.value = '#ff8800'; c.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	brWaitFor(t, 10*time.Second, "the colour was saved", func() bool {
		ws, err := e.srv.Widgets.List(context.Background(), integrationID)
		return err == nil && len(ws) == 1 && ws[0].Template.Meta.Color == "#ff8800"
	})

	e.brDo(ctx, "reload", chromedp.Navigate(ticketURL), chromedp.WaitVisible(`[data-test=widget]`))
	sidebar := e.brText(ctx, `#widgets`)
	if !strings.Contains(sidebar, "Subscription") || !strings.Contains(sidebar, "gold") || strings.Contains(sidebar, "never shown") {
		t.Fatalf("after reload the sidebar shows %q", sidebar)
	}
	if c := brEval[string](e, ctx, `document.querySelector('[data-test=widget]').dataset.color`); c != "#ff8800" {
		t.Fatalf("border colour after reload = %q", c)
	}
	e.brShot(ctx, "ticket-with-widget")
	e.brDo(ctx, "events tab",
		chromedp.Navigate(fmt.Sprintf("%s/settings/integrations/%d/events", e.url, integrationID)),
		chromedp.WaitVisible(`[data-test=event-row]`),
	)
	e.brShot(ctx, "events-tab")
	if code := e.brStatus(ctx, "/admin/jobs/"); code != 200 {
		t.Fatalf("admin on the jobs page = %d, want 200", code)
	}

	e.brAgent("alex@example.com")
	agent := e.brBrowser(800, 900)
	e.brSignIn(agent, "alex@example.com", e.adminPwd)
	e.brDo(agent, "agent opens the ticket", chromedp.Navigate(ticketURL), chromedp.WaitVisible(`[data-test=widget]`))
	if s := e.brText(agent, `#widgets`); !strings.Contains(s, "Subscription") || !strings.Contains(s, "gold") {
		t.Fatalf("agent's sidebar shows %q", s)
	}
	if n := brEval[int](e, agent, `document.querySelectorAll('#widgets-gear').length`); n != 0 {
		t.Fatal("an agent sees the widget editor's gear")
	}
	for _, p := range []string{"/settings/integrations", "/admin/jobs/"} {
		if code := e.brStatus(agent, p); code != 403 {
			t.Fatalf("agent on %s = %d, want 403", p, code)
		}
	}
	e.brShot(agent, "ticket-agent-800")
}

// brDrag drags one element onto another with HTML drag and drop events that
// share one DataTransfer, as the browser itself does during a drag.
func brDrag(e *brEnv, ctx context.Context, from, to string) {
	e.t.Helper()
	// Both ends may still be rendering (the sources come from a fetch): wait
	// for them first, as a person would.
	e.brDo(ctx, "wait for the drag's ends", chromedp.WaitVisible(from), chromedp.WaitReady(to))
	ok := brEval[bool](e, ctx, fmt.Sprintf(`(() => {
		const src = document.querySelector(%q), dst = document.querySelector(%q);
		if (!src || !dst) return false;
		const dt = new DataTransfer();
		const r = dst.getBoundingClientRect();
		const at = {bubbles: true, cancelable: true, dataTransfer: dt, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2};
		src.dispatchEvent(new DragEvent('dragstart', at));
		dst.dispatchEvent(new DragEvent('dragenter', at));
		dst.dispatchEvent(new DragEvent('dragover', at));
		dst.dispatchEvent(new DragEvent('drop', at));
		src.dispatchEvent(new DragEvent('dragend', at));
		return true })()`, from, to))
	if !ok {
		e.brShot(ctx, "failed-drag")
		e.t.Fatalf("drag %s onto %s: element missing", from, to)
	}
}

// brClickJS clicks the element a script expression finds (for controls that
// show on hover, which a script can reach without moving a mouse).
func brClickJS(e *brEnv, ctx context.Context, expr string) {
	e.t.Helper()
	if !brEval[bool](e, ctx, `(() => { const el = `+expr+`; if (!el) return false; el.click(); return true })()`) {
		e.brShot(ctx, "failed-click")
		e.t.Fatalf("nothing to click: %s", expr)
	}
}

func brWaitFor(t *testing.T, limit time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s: %s did not happen", limit, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
