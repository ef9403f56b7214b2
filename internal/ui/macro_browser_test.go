package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/macro"
	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/store"
)

const mcAgentEmail = "agent@example.com"

// mcShop is a ticket whose customer has data an integration fetched.
type mcShop struct {
	ticket event.Ticket
	it     integration.Integration
	path   string // the template path of the customer's last order
}

// mcShopTicket creates an integration, a ticket, and the data the
// integration fetched for its customer. The integration fires only on
// assignment changes, so no delivery replaces that data during the test.
func (e *brEnv) mcShopTicket() mcShop {
	e.t.Helper()
	ctx := context.Background()
	it, err := e.srv.Integrations.Create(ctx, integration.Input{Name: "Shop", HTTP: &integration.HTTP{URL: e.hook.URL + "/orders",
		Method: "GET", Triggers: integration.Triggers{event.TicketAssignmentUpdated}}})
	if err != nil {
		e.t.Fatal(err)
	}
	tk, err := e.srv.Helpdesk.CreateTicket(ctx, helpdesk.Actor{}, helpdesk.NewTicket{
		Customer: &helpdesk.CustomerRef{Email: "jo@example.com", Name: "Jo Customer"}, Subject: "Broken kettle",
		Messages: []helpdesk.MessageInput{{BodyText: "My kettle arrived broken. Can I have a refund?"}}})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.srv.Store.PutCustomerIntegration(ctx, store.CustomerIntegration{CustomerID: tk.Customer.ID, IntegrationID: it.ID,
		FetchedAt: time.Now(), Data: json.RawMessage(`{"plan": "gold", "orders": [{"id": 1001, "status": "shipped", "total": 42.5}]}`)}); err != nil {
		e.t.Fatal(err)
	}
	return mcShop{ticket: tk, it: it, path: fmt.Sprintf("ticket.customer.integrations[%d].orders[0]", it.ID)}
}

// mcRefundHook is an HTTP hook to url with an editable reason and a secret key.
func mcRefundHook(title, url, order string) macro.Action {
	return macro.Action{Type: macro.ActionHTTPHook, Title: title, Method: "POST", URL: url,
		Params:  []macro.Field{{Key: "reason", Value: "{{ticket.subject}}", Editable: true}},
		Headers: []macro.Field{{Key: "X-Api-Key", Value: "k3y-s3cret", Secret: true}},
		Body:    `{"order": {{` + order + `.id}}, "agent": "{{current_user.email}}"}`}
}

func (e *brEnv) mcMacro(name string, actions ...macro.Action) macro.Macro {
	e.t.Helper()
	m, err := e.srv.Macros.Create(context.Background(), macro.Input{Name: name, Actions: actions})
	if err != nil {
		e.t.Fatal(err)
	}
	return m
}

// TestBrowserAgentAppliesAMacro: an agent finds a macro by name with the
// keyboard, previews its reply (filled from fetched data) and its HTTP hook,
// changes the hook's editable parameter, applies it, and sees the reply with
// "Actions performed" under it; the receiver got the rendered request.
func TestBrowserAgentAppliesAMacro(t *testing.T) {
	t.Parallel()
	for _, width := range []int{1280, 800} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			e := brStart(t)
			e.brAgent(mcAgentEmail)
			rc := mcNewReceiver(t, http.StatusOK)
			shop := e.mcShopTicket()
			e.mcMacro("Close as spam", macro.Action{Type: macro.ActionSetStatus, Status: "closed"})
			e.mcMacro("Refund last order",
				macro.Action{Type: macro.ActionReply, BodyText: "Hi {{ticket.customer.name}}, order {{" + shop.path + ".id}} is {{" + shop.path + ".status}}; we refunded it."},
				mcRefundHook("Refund", rc.URL+"/refunds", shop.path),
				macro.Action{Type: macro.ActionAddTags, Tags: []string{"refund"}})

			ctx := e.brBrowser(width, 900)
			e.brSignIn(ctx, mcAgentEmail, e.adminPwd)
			e.brDo(ctx, "find the macro with the keyboard",
				chromedp.Navigate(fmt.Sprintf("%s/tickets/%d", e.url, shop.ticket.ID)),
				chromedp.WaitVisible(`#macro-open`),
				chromedp.Click(`#macro-open`),
				chromedp.WaitVisible(`#macro-search`),
				chromedp.WaitVisible(`[data-test=macro-option]`),
				chromedp.SendKeys(`#macro-search`, "refund"),
				chromedp.WaitNotPresent(`#macro-opt-1`), // "Close as spam" is filtered out
				chromedp.SendKeys(`#macro-search`, kb.Enter),
				chromedp.WaitVisible(`[data-test=preview-reply]`),
			)
			e.brShot(ctx, fmt.Sprintf("macro-preview-%d", width))
			if got := brEval[string](e, ctx, `document.querySelector("[data-test=preview-reply]").value`); got != "Hi Jo Customer, order 1001 is shipped; we refunded it." {
				t.Fatalf("preview reply = %q", got)
			}
			if got := e.brText(ctx, `[data-test=preview-hook] .mc-url`); got != rc.URL+"/refunds?reason=Broken+kettle" {
				t.Fatalf("preview URL = %q", got)
			}
			e.brDo(ctx, "change the editable parameter and apply",
				chromedp.Clear(`[data-test=preview-hook] input[data-key=reason]`),
				chromedp.SendKeys(`[data-test=preview-hook] input[data-key=reason]`, "arrived broken"),
				chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelector("[data-test=preview-hook] .mc-url").textContent === %q`,
					rc.URL+"/refunds?reason=arrived+broken")),
				chromedp.Click(`[data-test=preview-reply]`),
				chromedp.SendKeys(`[data-test=preview-reply]`, kb.End+" Sorry!"),
				chromedp.Click(`[data-test=macro-apply-button]`),
				chromedp.WaitVisible(`li.message.agent [data-test=actions-performed]`),
				chromedp.Click(`li.message.agent .mc-hook summary`),
				chromedp.WaitVisible(`li.message.agent [data-test=hook-request-body]`),
			)
			e.brShot(ctx, fmt.Sprintf("macro-applied-%d", width))
			if got := e.brText(ctx, `li.message.agent .body`); got != "Hi Jo Customer, order 1001 is shipped; we refunded it. Sorry!" {
				t.Fatalf("reply shows %q", got)
			}
			performed := e.brText(ctx, `li.message.agent [data-test=actions-performed]`)
			// The heading is in upper case by its style.
			for _, want := range []string{"ACTIONS PERFORMED", "Refund", "Success", "200", "reason=arrived+broken", `"refund_id": "rf_1"`, "[redacted]"} {
				if !strings.Contains(performed, want) {
					t.Fatalf("actions performed lacks %q: %q", want, performed)
				}
			}
			got := rc.requests()
			if len(got) != 1 || got[0].Body != `{"order": 1001, "agent": "agent@example.com"}` ||
				got[0].Query.Get("reason") != "arrived broken" || got[0].Header.Get("X-Api-Key") != "k3y-s3cret" {
				t.Fatalf("receiver got %+v", got)
			}
			if tags := brEval[string](e, ctx, `document.querySelector("input[name=tags]").value`); !strings.Contains(tags, "refund") {
				t.Fatalf("tags after the macro: %q", tags)
			}
		})
	}
}

// TestBrowserAgentRetriesAFailedHook: the second of two hooks fails, the
// panel says which and why and changes nothing; Retry leaves out the hook
// that succeeded, and once the receiver recovers the macro is applied.
func TestBrowserAgentRetriesAFailedHook(t *testing.T) {
	t.Parallel()
	e := brStart(t)
	e.brAgent(mcAgentEmail)
	notify, refund := mcNewReceiver(t, http.StatusOK), mcNewReceiver(t, http.StatusInternalServerError)
	shop := e.mcShopTicket()
	e.mcMacro("Refund last order",
		macro.Action{Type: macro.ActionSetStatus, Status: "closed"},
		mcRefundHook("Notify warehouse", notify.URL, shop.path),
		mcRefundHook("Refund", refund.URL, shop.path),
		macro.Action{Type: macro.ActionReply, BodyText: "Refunded order {{" + shop.path + ".id}}."})

	ctx := e.brBrowser(800, 900)
	e.brSignIn(ctx, mcAgentEmail, e.adminPwd)
	e.brDo(ctx, "apply a macro whose second hook fails",
		chromedp.Navigate(fmt.Sprintf("%s/tickets/%d", e.url, shop.ticket.ID)),
		chromedp.Click(`#macro-open`, chromedp.NodeVisible),
		chromedp.WaitVisible(`[data-test=macro-option]`),
		chromedp.SendKeys(`#macro-search`, kb.Enter),
		chromedp.Click(`[data-test=macro-apply-button]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`[data-test=hook-failed]`),
	)
	e.brShot(ctx, "macro-hook-failed-800")
	msg := e.brText(ctx, `[data-test=hook-failed]`)
	if !strings.Contains(msg, `Hook "Refund" failed`) || !strings.Contains(msg, "500") {
		t.Fatalf("failure says %q", msg)
	}
	if got := e.brText(ctx, `[data-test=hook-failed-badge]`); got != "Failed" {
		t.Fatalf("failed hook badge = %q", got)
	}
	if n := brEval[int](e, ctx, `document.querySelectorAll("li.message.agent").length`); n != 0 {
		t.Fatalf("a failed apply added %d replies", n)
	}
	refund.mu.Lock()
	refund.code = http.StatusOK
	refund.mu.Unlock()
	e.brDo(ctx, "retry",
		chromedp.Click(`[data-test=macro-retry]`),
		chromedp.WaitVisible(`li.message.agent [data-test=actions-performed]`),
	)
	if n, m := len(notify.requests()), len(refund.requests()); n != 1 || m != 2 {
		t.Fatalf("the warehouse got %d requests (want 1: not sent again), the refund %d (want 2)", n, m)
	}
	if got := e.brText(ctx, `li.message.agent [data-test=actions-performed]`); !strings.Contains(got, "Refund") || strings.Contains(got, "Notify warehouse") {
		t.Fatalf("actions performed = %q (the retry sent the refund only)", got)
	}
	if got := e.brText(ctx, `.page-head [data-test=status]`); got != "closed" {
		t.Fatalf("status after the retry = %q", got)
	}
}

// TestBrowserAdminBuildsAMacro: an admin builds a macro with the action
// builder: a variable inserted from the picker (fetched data included), a
// hook added and moved first, then saves it.
func TestBrowserAdminBuildsAMacro(t *testing.T) {
	t.Parallel()
	e := brStart(t)
	shop := e.mcShopTicket()
	ctx := e.brBrowser(1280, 1000)
	e.brSignIn(ctx, "admin@example.com", e.adminPwd)
	e.brDo(ctx, "name the macro and insert a variable into the reply",
		chromedp.Navigate(e.url+"/settings/macros/new"),
		chromedp.SendKeys(`#m-name`, "Order status"),
		chromedp.SendKeys(`#m-actions-0-body_text`, "Your order is "),
		chromedp.Click(`[data-var-for="m-actions-0-body_text"]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`[data-test=var-picker] input[type=search]`),
		chromedp.SendKeys(`[data-test=var-picker] input[type=search]`, "orders[0].status"),
	)
	e.brShot(ctx, "macro-form-picker-1280")
	e.brDo(ctx, "insert it, then add a hook and move it first",
		chromedp.SendKeys(`[data-test=var-picker] input[type=search]`, kb.Enter),
		chromedp.WaitNotVisible(`[data-test=var-picker]`),
		chromedp.SetValue(`#m-add-type`, "http_hook"),
		chromedp.Click(`#m-add`),
		chromedp.WaitVisible(`#m-actions-1-title`),
		chromedp.SendKeys(`#m-actions-1-title`, "Notify shop"),
		chromedp.SendKeys(`#m-actions-1-url`, "https://shop.example.com/notify"),
		chromedp.SendKeys(`#m-actions-1-params-0-key`, "reason"),
		chromedp.SendKeys(`#m-actions-1-params-0-value`, "late"),
		chromedp.Click(`input[name="actions[1].params[0].editable"]`),
		chromedp.Click(`[data-test=add-headers]`, chromedp.NodeVisible),
		chromedp.Click(`#m-actions-1-type [data-op=up]`),
		chromedp.WaitVisible(`#m-actions-0-title`),
	)
	if got := brEval[string](e, ctx, `document.querySelector("#m-actions-1-body_text").value`); got != "Your order is {{"+shop.path+".status}}" {
		t.Fatalf("reply = %q", got)
	}
	e.brDo(ctx, "save", chromedp.Click(`#save-macro`), chromedp.WaitVisible(`[data-test=flash]`))
	list, err := e.srv.Macros.List(context.Background(), query.MacroFilter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("macros = %+v, %v", list, err)
	}
	raw, _ := json.Marshal(list[0].Actions)
	want := `[{"type":"http_hook","title":"Notify shop","method":"POST","url":"https://shop.example.com/notify",` +
		`"params":[{"key":"reason","value":"late","secret":false,"editable":true}],"headers":[],` +
		`"request_content_type":"application/json","body":"","form":[]},` +
		`{"type":"reply","body_text":"Your order is {{` + shop.path + `.status}}"}]`
	if list[0].Name != "Order status" || string(raw) != want {
		t.Fatalf("saved %q %s,\nwant %s", list[0].Name, raw, want)
	}
	e.brDo(ctx, "narrow", chromedp.EmulateViewport(800, 1000))
	e.brShot(ctx, "macro-form-800")

	// A hook with a stored secret moved to another place asks for the
	// secret again; moved back, the stored one is kept.
	m := e.mcMacro("Refund last order", macro.Action{Type: macro.ActionReply, BodyText: "Refunded."},
		mcRefundHook("Refund", "https://shop.example.com/refunds", shop.path))
	secretValue := `document.querySelector("[data-action]:nth-child(%d) input[data-masked]")`
	e.brDo(ctx, "move a hook with a secret",
		chromedp.EmulateViewport(1280, 1000),
		chromedp.Navigate(fmt.Sprintf("%s/settings/macros/%d/edit", e.url, m.ID)),
		chromedp.Click(`#m-actions-1-type [data-op=up]`, chromedp.NodeVisible),
	)
	if v := brEval[string](e, ctx, fmt.Sprintf(secretValue, 1)+".value"); v != "" {
		t.Fatalf("a moved hook's secret field holds %q", v)
	}
	e.brDo(ctx, "move it back", chromedp.Click(`#m-actions-0-type [data-op=down]`))
	if v := brEval[string](e, ctx, fmt.Sprintf(secretValue, 2)+".value"); v != "********" {
		t.Fatalf("a hook moved back has %q in its secret field", v)
	}
	e.brDo(ctx, "list", chromedp.Navigate(e.url+"/settings/macros"), chromedp.WaitVisible(`[data-test=macro-row]`))
	e.brShot(ctx, "macro-list-1280")
}
