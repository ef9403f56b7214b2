package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/widget"
)

// cspRecorder is added to every document before its own scripts run: it
// keeps each securitypolicyviolation event where the test can read it.
const cspRecorder = `(() => {
  if (window.__csp) return;
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__csp.push(e.effectiveDirective + " blocked " + (e.blockedURI || "inline") + " at " + (e.sourceFile || location.href) + ":" + e.lineNumber);
  });
})()`

// brWatchPolicy records content-policy violations on every page the browser
// opens, and console errors (where the browser also reports them).
func (e *brEnv) brWatchPolicy(ctx context.Context) *consoleErrors {
	e.t.Helper()
	add := chromedp.Action[chromedp.Void](func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspRecorder})
		return chromedp.Void{}, err
	})
	if err := chromedp.Do(ctx, add); err != nil {
		e.t.Fatalf("add the violation recorder: %v", err)
	}
	ce := &consoleErrors{}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			// A page answered with an error status on purpose (a 403 page, a
			// form back with 422) and the browser's own /favicon.ico request
			// log a failed load; a failed script, style or API call counts.
			if strings.Contains(m.Text, "Failed to load resource") && !strings.Contains(m.URL, "/static/") && !strings.Contains(m.URL, "/api/") {
				continue
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
				ce.add(m.String())
			}
		}
	}()
	return ce
}

// consoleErrors collects the console errors of a browser.
type consoleErrors struct {
	mu   sync.Mutex
	list []string
}

func (c *consoleErrors) add(s string) { c.mu.Lock(); c.list = append(c.list, s); c.mu.Unlock() }

// take returns the errors seen so far and forgets them.
func (c *consoleErrors) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.list
	c.list = nil
	return out
}

// brPolicyClean opens path, waits for ready (a selector), lets the page's
// scripts and fetches settle, and fails on any policy violation or console error.
func (e *brEnv) brPolicyClean(ctx context.Context, ce *consoleErrors, who, path, ready string) {
	e.t.Helper()
	e.brDo(ctx, who+" opens "+path, chromedp.Navigate(e.url+path), chromedp.WaitVisible(ready))
	// Settled: the document is loaded and no fetch is in flight for a moment.
	brWaitFor(e.t, 10*time.Second, path+" settles", func() bool {
		return brEval[bool](e, ctx, `document.readyState === "complete" && performance.getEntriesByType("resource").every(r => r.responseEnd > 0)`)
	})
	var violations []string
	raw := brEval[string](e, ctx, `JSON.stringify(window.__csp || ["no recorder ran"])`)
	if err := json.Unmarshal([]byte(raw), &violations); err != nil {
		e.t.Fatal(err)
	}
	violations = slices.DeleteFunc(violations, func(v string) bool {
		// River's bundle probes whether it may compile code (try {
		// Function("") } catch) and falls back when it may not: blocked,
		// as it should be, and harmless.
		return strings.HasPrefix(path, "/admin/jobs/") && strings.HasPrefix(v, "script-src blocked eval at "+e.url+"/admin/jobs/assets/")
	})
	errs := ce.take()
	if len(violations) > 0 || len(errs) > 0 {
		e.brShot(ctx, "csp-"+strings.NewReplacer("/", "_", "?", "_").Replace(path))
		e.t.Errorf("%s %s: policy violations %q, console errors %q", who, path, violations, errs)
	}
}

// TestBrowserEveryPageKeepsTheContentPolicy opens every page as an admin and
// as an agent with data on them (a widget with a border colour, a macro, an
// events log) and fails on any content-policy violation or console error;
// then each changes their password on the account page.
func TestBrowserEveryPageKeepsTheContentPolicy(t *testing.T) {
	t.Parallel()
	e := brStart(t)
	e.brAgent(mcAgentEmail)
	ctx := context.Background()
	shop := e.mcShopTicket()
	var in widget.Input
	if err := json.Unmarshal([]byte(fmt.Sprintf(`{"integration_id": %d, "template": {"type": "wrapper", "title": "Shop",
		"meta": {"color": "#a1b2c3"}, "widgets": [{"type": "text", "path": "plan", "title": "Plan"}]}}`, shop.it.ID)), &in); err != nil {
		t.Fatal(err)
	}
	if _, err := e.srv.Widgets.Create(ctx, in); err != nil {
		t.Fatal(err)
	}
	m := e.mcMacro("Refund", mcRefundHook("Refund", e.hook.URL+"/refund", shop.path))
	logged, err := e.srv.Integrations.Create(ctx, integration.Input{Name: "Logger", HTTP: &integration.HTTP{URL: e.hook.URL + "/log",
		Method: "GET", Triggers: integration.Triggers{event.TicketCreated}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.srv.Helpdesk.CreateTicket(ctx, helpdesk.Actor{}, helpdesk.NewTicket{Customer: &helpdesk.CustomerRef{Email: "kim@example.com"},
		Subject: "Where is my order?", Messages: []helpdesk.MessageInput{{BodyText: "Hello"}}}); err != nil {
		t.Fatal(err)
	}
	var eventID int64
	brWaitFor(t, 20*time.Second, "the logger integration logged a request", func() bool {
		list, err := e.srv.Delivery.ListLog(ctx, query.DeliveryLogFilter{IntegrationID: logged.ID, Page: query.Page{Limit: 1}})
		if err == nil && len(list) > 0 {
			eventID = list[0].ID
		}
		return eventID != 0
	})
	users, err := e.srv.Auth.ListUsers(ctx, query.Page{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var agentID int64
	for _, u := range users {
		if u.Email == mcAgentEmail {
			agentID = u.ID
		}
	}
	ticket := fmt.Sprintf("/tickets/%d", shop.ticket.ID)

	browser := e.brBrowser(1280, 900)
	ce := e.brWatchPolicy(browser)
	e.brPolicyClean(browser, ce, "signed out", "/login", `input[name=email]`)
	e.brSignIn(browser, "admin@example.com", e.adminPwd)
	for _, p := range []struct{ path, ready string }{
		{"/tickets", `table.tickets`},
		{"/tickets/new", `form#new-ticket`},
		{ticket, `[data-test=widget]`},
		{"/account/password", `[data-test=password-form]`},
		{"/settings/users", `[data-test=users]`},
		{fmt.Sprintf("/settings/users/%d/password", agentID), `[data-test=reset-form]`},
		{"/settings/integrations", `main`},
		{"/settings/integrations/new", `#integration-form`},
		{fmt.Sprintf("/settings/integrations/%d/edit", logged.ID), `#integration-form`},
		{fmt.Sprintf("/settings/integrations/%d/events", logged.ID), `main`},
		{fmt.Sprintf("/settings/integrations/%d/events/%d", logged.ID, eventID), `main`},
		{fmt.Sprintf("/settings/integrations/%d/delete", logged.ID), `main`},
		{"/settings/macros", `[data-test=macros]`},
		{"/settings/macros/new", `#macro-form`},
		{fmt.Sprintf("/settings/macros/%d/edit", m.ID), `#macro-form`},
		{fmt.Sprintf("/settings/macros/%d/delete", m.ID), `[data-test=delete-confirm]`},
		{"/admin/jobs/", `#root nav, #root a`},
	} {
		e.brPolicyClean(browser, ce, "admin", p.path, p.ready)
	}
	// The widget's colour comes from data-color through the CSSOM.
	e.brPolicyClean(browser, ce, "admin", ticket, `[data-test=widget]`)
	if c := brEval[string](e, browser, `getComputedStyle(document.querySelector("[data-test=widget]")).getPropertyValue("--widget-color").trim()`); c != "#a1b2c3" {
		t.Errorf("widget border colour = %q, want #a1b2c3", c)
	}
	e.brChangePassword(browser, ce, e.adminPwd, "admin's new password")

	agent := e.brBrowser(800, 900)
	ace := e.brWatchPolicy(agent)
	e.brSignIn(agent, mcAgentEmail, brAdminPassword)
	for _, p := range []struct{ path, ready string }{
		{"/tickets", `table.tickets`},
		{ticket, `[data-test=widget]`},
		{"/account/password", `[data-test=password-form]`},
		{"/settings/integrations", `main`}, // the 403 page
	} {
		e.brPolicyClean(agent, ace, "agent", p.path, p.ready)
	}
	e.brChangePassword(agent, ace, brAdminPassword, "agent's new password")
	e.brDo(agent, "sign out", chromedp.Navigate(e.url+"/tickets"), chromedp.WaitVisible(`.rail-foot button`), chromedp.Click(`.rail-foot button`),
		chromedp.WaitVisible(`input[name=email]`))
	e.brSignIn(agent, mcAgentEmail, "agent's new password")
}

// brChangePassword changes the signed-in user's password on the account
// page as a person would, first with a wrong current password.
func (e *brEnv) brChangePassword(ctx context.Context, ce *consoleErrors, current, next string) {
	e.t.Helper()
	e.brDo(ctx, "open the account page from the rail", chromedp.Navigate(e.url+"/tickets"), chromedp.WaitVisible(`[data-test=account-password]`),
		chromedp.Click(`[data-test=account-password]`), chromedp.WaitVisible(`#current-password`))
	e.brDo(ctx, "change the password with a wrong current one",
		chromedp.SendKeys(`#current-password`, "not the password"),
		chromedp.SendKeys(`#new-password`, next),
		chromedp.SendKeys(`#confirm-password`, next),
		chromedp.Click(`#change-password`),
		chromedp.WaitVisible(`#current-password-error`))
	if msg := e.brText(ctx, `#current-password-error`); !strings.Contains(msg, "not your current password") {
		e.t.Fatalf("error beside the current password = %q", msg)
	}
	e.brDo(ctx, "change the password",
		chromedp.SendKeys(`#current-password`, current),
		chromedp.SendKeys(`#new-password`, next),
		chromedp.SendKeys(`#confirm-password`, next),
		chromedp.Click(`#change-password`),
		chromedp.WaitVisible(`[data-test=flash]`))
	if msg := e.brText(ctx, `[data-test=flash]`); !strings.Contains(msg, "Password changed") {
		e.t.Fatalf("flash after the change = %q", msg)
	}
	// The form page rendered after a 422 is checked too.
	if v := ce.take(); len(v) > 0 {
		e.t.Errorf("console errors while changing the password: %q", v)
	}
}
