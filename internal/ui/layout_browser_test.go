package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/macro"
	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/widget"
)

// layoutWidths are the screens every page must fit: a phone, a tablet and a
// desk.
var layoutWidths = []int64{390, 800, 1280}

// layoutProblems lists, for the open page, what does not fit: the document
// wider than the viewport; a box that hides content (overflow hidden or
// clip, content wider than the box) without an ellipsis; and a box that
// scrolls sideways although it is not meant to (only a table's container, a
// pre and a form field may). Each problem names the element by a CSS path.
const layoutProblems = `(() => {
  const path = (el) => {
    const parts = [];
    for (let n = el; n && n.nodeType === 1 && n !== document.documentElement; n = n.parentElement) {
      let s = n.localName;
      if (n.id) { parts.unshift(s + "#" + n.id); break; }
      const cls = [...n.classList].slice(0, 3).join(".");
      if (cls) s += "." + cls;
      const sibs = n.parentElement ? [...n.parentElement.children].filter((c) => c.localName === n.localName) : [];
      if (sibs.length > 1) s += ":nth-of-type(" + (sibs.indexOf(n) + 1) + ")";
      parts.unshift(s);
    }
    return parts.join(" > ");
  };
  const out = [];
  const vw = window.innerWidth, doc = document.documentElement.scrollWidth;
  if (doc > vw) {
    // Name the boxes that stick out while their parent does not: the culprits.
    const out1 = (n) => n.getBoundingClientRect().right > vw + 1;
    const culprits = [...document.body.querySelectorAll("*")].filter((n) => out1(n) && n.parentElement && !out1(n.parentElement));
    out.push("the document is " + doc + " px wide in a " + vw + " px viewport; sticking out: " + culprits.slice(0, 5).map(path).join(", "));
  }
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest("svg") && el.localName !== "svg") continue;
    if (["input", "select", "textarea", "option"].includes(el.localName)) continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue; // hidden, or visually hidden for screen readers
    if (el.scrollWidth <= el.clientWidth + 1) continue;
    const cs = getComputedStyle(el);
    const where = path(el) + " (" + el.scrollWidth + " px of content in " + el.clientWidth + " px)";
    if (cs.overflowX === "hidden" || cs.overflowX === "clip") {
      if (cs.textOverflow !== "ellipsis") out.push("hides content without an ellipsis: " + where);
    } else if (cs.overflowX === "auto" || cs.overflowX === "scroll") {
      const meant = el.localName === "pre" || [...el.children].some((c) => c.localName === "table");
      if (!meant) out.push("scrolls sideways: " + where);
    }
  }
  return out;
})()`

// layoutPage is one page the test measures.
type layoutPage struct {
	name, path, ready string
	// then runs after the page is ready (opening the widget editor).
	then func(ctx context.Context)
}

// TestBrowserEveryPageFitsEveryScreen opens every page, filled with long
// realistic content (a long subject, customer email, unbroken words and
// URLs in messages, many tags, an events log with long URLs, widgets with
// long values), at 390, 800 and 1280 px, and fails on any page wider than
// the screen or any box that cuts content without an ellipsis, naming the
// page, the width and the element.
func TestBrowserEveryPageFitsEveryScreen(t *testing.T) {
	t.Parallel()
	e := brStart(t)
	pages := layoutFixture(e)

	ctx := e.brBrowser(1280, 900)
	e.brSignIn(ctx, "admin@example.com", e.adminPwd)
	shots := map[string]bool{"inbox": true, "ticket": true, "events": true, "integrations": true}
	for _, width := range layoutWidths {
		e.brDo(ctx, fmt.Sprintf("resize to %d px", width), chromedp.EmulateViewport(width, 900))
		for _, p := range pages {
			e.layoutCheck(ctx, p, width)
			if shots[p.name] && width != 800 {
				e.brShot(ctx, fmt.Sprintf("layout-%s-%d", p.name, width))
			}
		}
	}
	// Signed out: the sign-in page.
	e.brDo(ctx, "sign out", chromedp.Navigate(e.url+"/tickets"), chromedp.WaitVisible(`.rail-foot button`), chromedp.Click(`.rail-foot button`),
		chromedp.WaitVisible(`input[name=email]`))
	for _, width := range layoutWidths {
		e.brDo(ctx, fmt.Sprintf("resize to %d px", width), chromedp.EmulateViewport(width, 900))
		e.layoutCheck(ctx, layoutPage{name: "sign-in", path: "/login", ready: `input[name=email]`}, width)
	}
}

// layoutCheck opens one page at one width and reports what does not fit.
func (e *brEnv) layoutCheck(ctx context.Context, p layoutPage, width int64) {
	e.t.Helper()
	e.brDo(ctx, fmt.Sprintf("open %s at %d px", p.name, width), chromedp.Navigate(e.url+p.path), chromedp.WaitVisible(p.ready))
	brWaitFor(e.t, 10*time.Second, p.path+" settles", func() bool {
		return brEval[bool](e, ctx, `document.readyState === "complete" && !document.querySelector("[data-busy], [data-loading]")`)
	})
	if p.then != nil {
		p.then(ctx)
	}
	if problems := brEval[[]string](e, ctx, layoutProblems); len(problems) > 0 {
		e.brShot(ctx, fmt.Sprintf("layout-failed-%s-%d", strings.ReplaceAll(p.name, " ", "-"), width))
		e.t.Errorf("%s (%s) at %d px:\n  %s", p.name, p.path, width, strings.Join(problems, "\n  "))
	}
}

// Long content that real helpdesks see: a subject of a forwarded thread,
// an address of a big company, an unbroken tracking URL, and the like.
const (
	layoutSubject = "Fwd: Re: Refund for order #48213-A — the kettle arrived broken and the replacement we were promised never shipped"
	layoutEmail   = "customer.service.escalations.department@subdomain.very-long-company-name.example.com"
	layoutName    = "Maximiliane Alexandrovna Featherstonehaugh-Wolfeschlegelsteinhausen"
	layoutURL     = "https://tracking.example-logistics.com/shipments/track?number=JD014600006281234567&lang=en-GB&utm_source=email&utm_campaign=delivery-notification"
	layoutWord    = "Pneumonoultramicroscopicsilicovolcanoconiosis-Antidisestablishmentarianism"
)

// layoutFixture fills every page with long content and answers the pages.
func layoutFixture(e *brEnv) []layoutPage {
	e.t.Helper()
	ctx := context.Background()
	t := e.t
	agent, err := e.srv.Auth.CreateUser(ctx, auth.NewUser{Email: "alexandra.longname-agent@support.very-long-company-name.example.com",
		Name: "Alexandra Katharina von Longname-Agentenhausen", Role: "agent", Password: brAdminPassword})
	if err != nil {
		t.Fatal(err)
	}
	team, err := e.srv.Helpdesk.CreateTeam(ctx, "Tier 2 escalations and refunds for enterprise customers")
	if err != nil {
		t.Fatal(err)
	}
	logger, err := e.srv.Integrations.Create(ctx, integration.Input{Name: "Customer lookup in the billing and loyalty back office (production)",
		HTTP: &integration.HTTP{URL: e.hook.URL + "/v2/customers/lookup/by-email?email={{ticket.customer.email}}&include=orders,subscriptions,loyalty-points&format=json",
			Method: "GET", Triggers: integration.Triggers{event.TicketCreated, event.TicketUpdated, event.TicketMessageCreated}}})
	if err != nil {
		t.Fatal(err)
	}
	// An integration at risk, whose last error is long: the list's health
	// column and the banner on every admin page must fit too.
	shaky, err := e.srv.Integrations.Create(ctx, integration.Input{Name: "Order status push to the warehouse management system (staging)",
		HTTP: &integration.HTTP{URL: e.hook.URL + "/push", Method: "POST", Triggers: integration.Triggers{event.TicketMessageFailed}}})
	if err != nil {
		t.Fatal(err)
	}
	var failures []store.DeliveryLog
	for i := range 12 {
		failures = append(failures, store.DeliveryLog{IntegrationID: shaky.ID, DeliveryID: fmt.Sprintf("layout-%d", i), EventKind: "ticket-created",
			Attempt: 1, Outcome: "failed", Request: json.RawMessage(`{}`), ErrorClass: "http_status", DurationMS: int64(40 * i),
			Error: "the endpoint answered 502 Bad Gateway: " + layoutURL + " " + layoutWord, CreatedAt: time.Now()})
	}
	if err := e.srv.Store.InTx(ctx, func(tx *store.Tx) error { return tx.InsertDeliveryLogs(ctx, failures) }); err != nil {
		t.Fatal(err)
	}
	if _, err := e.srv.Store.MarkAtRisk(ctx, shaky.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	tags := []string{"refund", "vip", "billing", "shipping-damage", "replacement-pending", "escalated-to-tier-2", "kettle", "warranty", "enterprise-account", "follow-up"}
	var tk event.Ticket
	for i := range 3 {
		tk, err = e.srv.Helpdesk.CreateTicket(ctx, helpdesk.Actor{}, helpdesk.NewTicket{
			Customer: &helpdesk.CustomerRef{Email: layoutEmail, Name: layoutName}, Subject: fmt.Sprintf("%s (%d)", layoutSubject, i),
			Tags: tags, AssigneeUserID: &agent.ID, AssigneeTeamID: &team.ID,
			Messages: []helpdesk.MessageInput{{BodyText: "Hello, my kettle arrived broken. Tracking: " + layoutURL + "\n\n" + layoutWord + " " + layoutWord}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	// The long data replaces what the receiver answered, once every
	// delivery of the three tickets is logged (so none replaces it again).
	var eventID int64
	brWaitFor(t, 20*time.Second, "the lookup integration logged its requests", func() bool {
		list, err := e.srv.Delivery.ListLog(ctx, query.DeliveryLogFilter{IntegrationID: logger.ID, Page: query.Page{Limit: 5}})
		if err == nil && len(list) >= 3 {
			eventID = list[0].ID
		}
		return eventID != 0
	})
	// A replay's row, whose list entry and page link to the row it
	// replayed; it is logged before the long data is stored, as it
	// fetches too.
	if err := e.srv.Delivery.Replay(ctx, logger.ID, eventID); err != nil {
		t.Fatal(err)
	}
	replayed := eventID
	brWaitFor(t, 20*time.Second, "the replay logged its request", func() bool {
		list, err := e.srv.Delivery.ListLog(ctx, query.DeliveryLogFilter{IntegrationID: logger.ID, Page: query.Page{Limit: 1}})
		if err == nil && len(list) == 1 && list[0].ReplayOf != nil && *list[0].ReplayOf == replayed {
			eventID = list[0].ID
		}
		return eventID != replayed
	})
	data := fmt.Sprintf(`{"plan": "Enterprise Gold Plus (annual, billed in advance)", "email": %q, "website": %q,
		"note": %q, "birthday": "1990-04-02", "vip": true,
		"orders": [{"id": 48213, "status": "shipped", "tracking": %q}, {"id": 48214, "status": "pending", "tracking": %q}]}`,
		layoutEmail, layoutURL, layoutWord+layoutWord, layoutURL, layoutURL)
	if err := e.srv.Store.PutCustomerIntegration(ctx, store.CustomerIntegration{CustomerID: tk.Customer.ID, IntegrationID: logger.ID,
		FetchedAt: time.Now(), Data: json.RawMessage(data)}); err != nil {
		t.Fatal(err)
	}
	tree, err := widget.DefaultTemplate(logger.Name, json.RawMessage(data))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.srv.Widgets.Create(ctx, widget.Input{IntegrationID: logger.ID, Template: &tree}); err != nil {
		t.Fatal(err)
	}
	m, err := e.srv.Macros.Create(ctx, macro.Input{Name: "Refund the last order and tell the customer when the money arrives on their card",
		Actions: []macro.Action{mcRefundHook("Refund in the shop's back office", e.hook.URL+"/api/v3/orders/refunds/create?reason=damaged-in-transit&notify=customer",
			fmt.Sprintf("ticket.customer.integrations[%d].orders[0]", logger.ID))}})
	if err != nil {
		t.Fatal(err)
	}
	ticket := fmt.Sprintf("/tickets/%d", tk.ID)
	openEditor := func(ctx context.Context) {
		e.brDo(ctx, "open the widget editor", chromedp.Click(`#widgets-gear`), chromedp.WaitVisible(`[data-test=widget-source] .src-tree`))
	}
	return []layoutPage{
		{name: "inbox", path: "/tickets", ready: `table.tickets`},
		{name: "ticket", path: ticket, ready: `[data-test=widget]`},
		{name: "new ticket", path: "/tickets/new", ready: `main form`},
		{name: "ticket, widget editor open", path: ticket, ready: `[data-test=widget]`, then: openEditor},
		{name: "password", path: "/account/password", ready: `[data-test=password-form]`},
		{name: "users", path: "/settings/users", ready: `[data-test=users]`},
		{name: "user password reset", path: fmt.Sprintf("/settings/users/%d/password", agent.ID), ready: `[data-test=reset-form]`},
		{name: "integrations", path: "/settings/integrations", ready: `main table`},
		{name: "new integration", path: "/settings/integrations/new", ready: `#integration-form`},
		{name: "integration form", path: fmt.Sprintf("/settings/integrations/%d/edit", logger.ID), ready: `#integration-form`},
		{name: "events", path: fmt.Sprintf("/settings/integrations/%d/events", logger.ID), ready: `[data-test=event-row]`},
		{name: "event", path: fmt.Sprintf("/settings/integrations/%d/events/%d", logger.ID, eventID), ready: `main h1`},
		{name: "integration delete", path: fmt.Sprintf("/settings/integrations/%d/delete", logger.ID), ready: `main h1`},
		{name: "macros", path: "/settings/macros", ready: `[data-test=macros]`},
		{name: "new macro", path: "/settings/macros/new", ready: `#macro-form`},
		{name: "macro form", path: fmt.Sprintf("/settings/macros/%d/edit", m.ID), ready: `#macro-form`},
		{name: "macro delete", path: fmt.Sprintf("/settings/macros/%d/delete", m.ID), ready: `[data-test=delete-confirm]`},
	}
}
