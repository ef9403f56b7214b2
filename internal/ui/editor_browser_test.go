package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/widget"
)

// TestBrowserWidgetEditorDetails: in edit mode the empty sidebar tells how to
// add a widget (not to turn on editing, which is on); a list source says how
// many items it holds; an age has its unit; removing a field far down a long
// sidebar shows its Undo notice on screen, and Undo brings the field back.
func TestBrowserWidgetEditorDetails(t *testing.T) {
	t.Parallel()
	e := brStart(t)
	ctx := context.Background()
	it, err := e.srv.Integrations.Create(ctx, integration.Input{Name: "Shop", HTTP: &integration.HTTP{URL: e.hook.URL + "/orders",
		Method: "GET", Triggers: integration.Triggers{event.TicketAssignmentUpdated}}})
	if err != nil {
		t.Fatal(err)
	}
	tk, err := e.srv.Helpdesk.CreateTicket(ctx, helpdesk.Actor{}, helpdesk.NewTicket{
		Customer: &helpdesk.CustomerRef{Email: "jo@example.com", Name: "Jo Customer"}, Subject: "Upgrade",
		Messages: []helpdesk.MessageInput{{BodyText: "Hi"}}})
	if err != nil {
		t.Fatal(err)
	}
	// Three years and a few days ago, whatever today is.
	birthday := time.Now().UTC().AddDate(-3, 0, -5).Format("2006-01-02")
	fields := make([]string, 0, 30)
	for i := range 30 {
		fields = append(fields, fmt.Sprintf(`"field_%02d": "value %d"`, i, i))
	}
	data := fmt.Sprintf(`{"birthday": %q, "orders": [{"id": 1, "status": "shipped"}, {"id": 2, "status": "pending"}], %s, "plan": "gold"}`,
		birthday, strings.Join(fields, ", "))
	if err := e.srv.Store.PutCustomerIntegration(ctx, store.CustomerIntegration{CustomerID: tk.Customer.ID, IntegrationID: it.ID,
		FetchedAt: time.Now(), Data: json.RawMessage(data)}); err != nil {
		t.Fatal(err)
	}
	ticketURL := fmt.Sprintf("%s/tickets/%d", e.url, tk.ID)

	browser := e.brBrowser(1280, 700)
	e.brSignIn(browser, "admin@example.com", e.adminPwd)
	e.brDo(browser, "open the ticket without widgets", chromedp.Navigate(ticketURL), chromedp.WaitVisible(`[data-test=widget-empty]`))
	if s := e.brText(browser, `[data-test=widget-empty]`); !strings.Contains(s, "gear") {
		t.Errorf("empty sidebar out of edit mode says %q, want it to point at the gear", s)
	}
	e.brDo(browser, "turn on editing", chromedp.Click(`#widgets-gear`), chromedp.WaitVisible(`[data-test=widget-source] .src-tree`))
	if s := e.brText(browser, `[data-test=widget-empty]`); strings.Contains(strings.ToLower(s), "turn on editing") || !strings.Contains(s, "Drag") {
		t.Errorf("empty sidebar in edit mode says %q, want how to add a widget", s)
	}
	if s := brEval[string](e, browser, `[...document.querySelectorAll('[data-test=widget-source-type]')].map((n) => n.textContent).join("|")`); !strings.Contains(s, "|2 orders|") {
		t.Errorf("source tree types = %q, want the list to say 2 orders", s)
	}

	tree, err := widget.DefaultTemplate("Shop", json.RawMessage(data))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.srv.Widgets.Create(ctx, widget.Input{IntegrationID: it.ID, Template: &tree}); err != nil {
		t.Fatal(err)
	}
	e.brDo(browser, "open the ticket with the widget", chromedp.Navigate(ticketURL), chromedp.WaitVisible(`[data-test=widget]`))
	age := brEval[string](e, browser, `[...document.querySelectorAll('[data-test=widget] [data-kind=field]')]
		.find((n) => n.querySelector('[data-test=widget-field-title]').textContent.trim() === 'Birthday')
		.querySelector('[data-test=widget-field-value]').textContent.trim()`)
	if age != "3 years" {
		t.Errorf("birthday %s shows %q, want 3 years", birthday, age)
	}

	// Remove the last field, at the end of a sidebar taller than the screen.
	e.brDo(browser, "turn on editing", chromedp.Click(`#widgets-gear`), chromedp.WaitVisible(`#widgets-manage`))
	brClickJS(e, browser, `(() => { const f = [...document.querySelectorAll('[data-test=widget] [data-kind=field]')]
		.find((n) => n.querySelector('[data-test=widget-field-title]').textContent.trim() === 'Plan');
		f.scrollIntoView({block: "center"}); return f.querySelector('[data-test=widget-node-remove]') })()`)
	e.brDo(browser, "the Undo notice appears", chromedp.WaitVisible(`[data-test=widgets-undo]`))
	type box struct {
		Top, Bottom, Left, Right, Height, Width float64
		Position                                string
		SidebarBottom                           float64
	}
	b := brEval[box](e, browser, `(() => { const u = document.querySelector('[data-test=widgets-undo]').getBoundingClientRect();
		const s = document.getElementById('widgets-status');
		return {Top: u.top, Bottom: u.bottom, Left: u.left, Right: u.right, Height: innerHeight, Width: innerWidth,
			Position: getComputedStyle(s).position, SidebarBottom: document.querySelector('.sidebar').scrollHeight} })()`)
	if b.Position != "fixed" || b.Top < 0 || b.Bottom > b.Height || b.Left < 0 || b.Right > b.Width {
		t.Errorf("Undo at %+v: want a toast fixed on screen", b)
	}
	if b.SidebarBottom <= b.Height {
		t.Errorf("the sidebar is %v px tall in a %v px window: the test needs it longer than the screen", b.SidebarBottom, b.Height)
	}
	// Scrolling the sidebar back to the top keeps the notice in view.
	brEval[bool](e, browser, `(() => { document.querySelector('.sidebar').scrollTop = 0; scrollTo(0, 0); return true })()`)
	if top := brEval[float64](e, browser, `document.querySelector('[data-test=widgets-undo]').getBoundingClientRect().bottom`); top > b.Height || top <= 0 {
		t.Errorf("after scrolling up the Undo button is at %v px in a %v px window", top, b.Height)
	}
	e.brShot(browser, "widget-undo-toast")
	e.brDo(browser, "undo", chromedp.Click(`[data-test=widgets-undo]`), chromedp.WaitReady(`#widgets:not([data-busy])`))
	brWaitFor(t, 10*time.Second, "the removed field is back", func() bool {
		return brEval[bool](e, browser, `[...document.querySelectorAll('[data-test=widget-field-title]')].some((n) => n.textContent.trim() === 'Plan')`)
	})
}

// TestBrowserFaviconAndTheWayBackFromJobs: /favicon.ico is an icon the
// browser decodes, kept for a while; River's job page has a link back to
// ticketwire, on top of River's own layout, that leads to the tickets.
func TestBrowserFaviconAndTheWayBackFromJobs(t *testing.T) {
	t.Parallel()
	e := brStart(t)
	browser := e.brBrowser(1280, 800)
	e.brSignIn(browser, "admin@example.com", e.adminPwd)
	icon := brEval[string](e, browser, `fetch("/favicon.ico").then(async (r) => {
		const img = new Image(); img.src = "/favicon.ico"; await img.decode();
		return [r.status, r.headers.get("Content-Type"), r.headers.get("Cache-Control"), img.naturalWidth + "x" + img.naturalHeight].join(" ") })`)
	if !strings.HasPrefix(icon, "200 image/x-icon public, max-age=") || !strings.HasSuffix(icon, " 32x32") {
		t.Errorf("favicon: %q, want 200, an icon, a cache lifetime and a 32x32 image", icon)
	}
	if href := brEval[string](e, browser, `document.querySelector('link[rel=icon]').href`); href != e.url+"/favicon.ico" {
		t.Errorf("pages name the icon %q", href)
	}

	e.brDo(browser, "open the jobs page", chromedp.Navigate(e.url+"/admin/jobs/"), chromedp.WaitVisible(`#root nav, #root a`),
		chromedp.WaitVisible(`[data-test=jobs-back]`))
	onTop := brEval[bool](e, browser, `(() => { const a = document.querySelector('[data-test=jobs-back]'), r = a.getBoundingClientRect();
		return r.bottom <= innerHeight && r.right <= innerWidth && a.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)) })()`)
	if !onTop {
		e.brShot(browser, "jobs-back-hidden")
		t.Error("the way back on the jobs page is off screen or under River's layout")
	}
	e.brShot(browser, "jobs-way-back")
	e.brDo(browser, "go back to ticketwire", chromedp.Click(`[data-test=jobs-back]`), chromedp.WaitVisible(`table.tickets`))
}
