package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ticketwire/ticketwire/internal/widget"
)

// caWidget stores a widget whose order cards carry a link and a refund
// button to url with a dropdown reason (mandatory) and a free note.
func (e *brEnv) caWidget(integrationID int64, url string) widget.Widget {
	e.t.Helper()
	var tpl widget.Node
	raw := `{"type": "wrapper", "title": "Shop", "widgets": [{"type": "list", "path": "orders", "widgets": [
	  {"type": "card", "title": "Order {{id}}", "meta": {"custom": {
	    "links": [{"label": "Open in shop", "url": "https://shop.example.com/orders/{{id}}"}],
	    "buttons": [{"label": "Refund", "action": {"method": "POST", "url": "` + url + `/refunds",
	      "headers": [{"key": "X-Api-Key", "value": "k3y-s3cret"},
	        {"key": "X-Ticket-Ref", "value": "ref-s3cret", "label": "Reference", "editable": true, "mandatory": true}],
	      "params": [{"key": "order", "value": "{{id}}"},
	        {"key": "reason", "value": "", "label": "Reason", "editable": true, "mandatory": true, "type": "dropdown", "options": ["damaged", "late"]},
	        {"key": "note", "value": "", "label": "Note", "editable": true}],
	      "body": {"contentType": "application/json", "application/json": {"order": "{{id}}", "agent": "{{current_user.email}}", "customer": "{{customer.email}}"}}}}]}},
	   "widgets": [{"type": "text", "path": "status"}]}]}]}`
	if err := json.Unmarshal([]byte(raw), &tpl); err != nil {
		e.t.Fatal(err)
	}
	w, err := e.srv.Widgets.Create(context.Background(), widget.Input{IntegrationID: integrationID, Template: &tpl})
	if err != nil {
		e.t.Fatal(err)
	}
	return w
}

// TestBrowserAgentRunsACardButton: an agent opens a ticket, sees the order
// card's link, clicks its Refund button, is stopped until the mandatory
// reason is chosen, fills the note and runs it; the receiver gets the
// rendered request and the result shows under the button.
func TestBrowserAgentRunsACardButton(t *testing.T) {
	t.Parallel()
	e := brStart(t)
	e.brAgent(mcAgentEmail)
	rc := mcNewReceiver(t, http.StatusOK)
	shop := e.mcShopTicket()
	e.caWidget(shop.it.ID, rc.URL)

	ctx := e.brBrowser(1280, 900)
	e.brSignIn(ctx, mcAgentEmail, e.adminPwd)
	box := `[data-test=card-button-box]`
	e.brDo(ctx, "open the ticket",
		chromedp.Navigate(fmt.Sprintf("%s/tickets/%d", e.url, shop.ticket.ID)),
		chromedp.WaitVisible(`[data-test=card-link]`),
	)
	if brEval[bool](e, ctx, `document.querySelector("[data-test=card-button-form]").offsetParent !== null`) {
		t.Fatal("the button's form shows before the button is clicked")
	}
	e.brDo(ctx, "open the button's form",
		chromedp.Click(box+` [data-test=card-button]`),
		chromedp.WaitVisible(box+` [data-test=card-button-form]`),
		chromedp.Click(box+` [data-test=card-button-run]`),
		chromedp.WaitVisible(box+` [data-test=card-result]`),
	)
	if got := e.brText(ctx, box+` [data-test=card-result]`); !strings.Contains(got, "Reason is required") {
		t.Fatalf("result without the mandatory reason = %q", got)
	}
	if n := len(rc.requests()); n != 0 {
		t.Fatalf("a run without the mandatory reason sent %d requests", n)
	}
	if got := brEval[string](e, ctx, `document.querySelector("[data-test=card-link]").href`); got != "https://shop.example.com/orders/1001" {
		t.Fatalf("link = %q", got)
	}
	if html := brEval[string](e, ctx, `document.documentElement.outerHTML`); strings.Contains(html, "k3y-s3cret") || strings.Contains(html, "ref-s3cret") {
		t.Fatal("the ticket page holds a button's header value")
	}
	if got := brEval[string](e, ctx, `document.querySelector("input[data-list=headers][data-key=X-Ticket-Ref]").placeholder`); got != "Stored value" {
		t.Fatalf("the editable header with a stored value offers placeholder %q", got)
	}
	e.brDo(ctx, "fill the params and run",
		chromedp.SetValue(box+` select[data-key=reason]`, "late"),
		chromedp.SendKeys(box+` input[data-key=note]`, "sorry & thanks"),
		chromedp.Click(box+` [data-test=card-button-run]`),
		chromedp.WaitVisible(box+` [data-test=card-result-body]`),
	)
	e.brShot(ctx, "card-button-run")
	result := e.brText(ctx, box+` [data-test=card-result]`)
	for _, want := range []string{"Done: HTTP 200", `"refund_id": "rf_1"`} {
		if !strings.Contains(result, want) {
			t.Fatalf("result lacks %q: %q", want, result)
		}
	}
	got := rc.requests()
	if len(got) != 1 || got[0].Query.Get("order") != "1001" || got[0].Query.Get("reason") != "late" || got[0].Query.Get("note") != "sorry & thanks" ||
		got[0].Header.Get("X-Api-Key") != "k3y-s3cret" || got[0].Header.Get("X-Ticket-Ref") != "ref-s3cret" {
		t.Fatalf("receiver got %+v", got)
	}
	var body map[string]string
	if err := json.Unmarshal([]byte(got[0].Body), &body); err != nil || body["order"] != "1001" || body["agent"] != mcAgentEmail || body["customer"] != "jo@example.com" {
		t.Fatalf("body = %q (%v)", got[0].Body, err)
	}
	// The agent's value of the editable header goes in its place.
	e.brDo(ctx, "fill the editable header and run again",
		chromedp.WaitNotVisible(box+` [data-test=card-button-form]`),
		chromedp.Click(box+` [data-test=card-button]`),
		chromedp.WaitVisible(box+` [data-test=card-button-form]`),
		chromedp.SendKeys(box+` input[data-list=headers][data-key=X-Ticket-Ref]`, "T-42"),
		chromedp.SetValue(box+` select[data-key=reason]`, "damaged"),
		chromedp.Click(box+` [data-test=card-button-run]`),
		chromedp.WaitNotVisible(box+` [data-test=card-button-form]`),
	)
	if got = rc.requests(); len(got) != 2 || got[1].Header.Get("X-Ticket-Ref") != "T-42" || got[1].Header.Get("X-Api-Key") != "k3y-s3cret" || got[1].Query.Get("reason") != "damaged" {
		t.Fatalf("second request = %+v", got[1])
	}
}

// TestBrowserAdminAddsACardButton: in the widget editor's card panel an
// admin adds a link and a button with an editable, mandatory dropdown
// param; a URL that is not http(s) is refused beside its field, and once
// fixed the card shows the link and the button.
func TestBrowserAdminAddsACardButton(t *testing.T) {
	t.Parallel()
	e := brStart(t)
	shop := e.mcShopTicket()
	rc := mcNewReceiver(t, http.StatusOK)
	var tpl widget.Node
	if err := json.Unmarshal([]byte(`{"type": "wrapper", "title": "Shop", "widgets": [{"type": "list", "path": "orders", "widgets": [
	  {"type": "card", "title": "Order {{id}}", "widgets": [{"type": "text", "path": "status"}]}]}]}`), &tpl); err != nil {
		t.Fatal(err)
	}
	if _, err := e.srv.Widgets.Create(context.Background(), widget.Input{IntegrationID: shop.it.ID, Template: &tpl}); err != nil {
		t.Fatal(err)
	}
	ctx := e.brBrowser(1280, 1000)
	e.brSignIn(ctx, "admin@example.com", e.adminPwd)
	e.brDo(ctx, "open the ticket and edit mode",
		chromedp.Navigate(fmt.Sprintf("%s/tickets/%d", e.url, shop.ticket.ID)),
		chromedp.WaitVisible(`#widgets-gear`),
		chromedp.Click(`#widgets-gear`),
	)
	brClickJS(e, ctx, `document.querySelector('[data-test=widget] [data-kind=card] [data-test=widget-node-edit]')`)
	ed := `[data-test=card-actions-editor]`
	e.brDo(ctx, "add a link and a button",
		chromedp.WaitVisible(ed),
		chromedp.Click(ed+` summary`),
		chromedp.Click(`[data-test=ca-links-add]`),
		chromedp.SendKeys(`[data-test=ca-link-label]`, "Open in shop"),
		chromedp.SendKeys(`[data-test=ca-link-url]`, "https://shop.example.com/orders/{{id}}"),
		chromedp.Click(`[data-test=ca-buttons-add]`),
		chromedp.SendKeys(`[data-test=ca-button-label]`, "Refund"),
		chromedp.SetValue(`[data-test=ca-button-method]`, "POST"),
		chromedp.SendKeys(`[data-test=ca-button-url]`, "ftp://shop.example.com/refunds"),
		chromedp.Click(`[data-test=ca-params-add]`),
		chromedp.SendKeys(`[data-test=ca-param-key]`, "reason"),
		chromedp.SendKeys(`[data-test=ca-param-label]`, "Reason"),
		chromedp.Click(`[data-test=ca-param-editable]`),
		chromedp.Click(`[data-test=ca-param-mandatory]`),
		chromedp.SendKeys(`[data-test=ca-param-options]`, "damaged, late"),
		chromedp.Click(`[data-test=ca-headers-add]`),
		chromedp.SendKeys(`[data-test=ca-header-key]`, "X-Api-Key"),
		chromedp.SendKeys(`[data-test=ca-header-value]`, "adm-s3cret"),
		chromedp.SetValue(`[data-test=ca-button-json]`, `{"order": "{{id}}"}`),
		chromedp.Click(`[data-test=widget-editor-save]`),
		chromedp.WaitVisible(`[data-test=ca-button-url][aria-invalid]`),
	)
	if msg := brEval[string](e, ctx, `document.querySelector('[data-test=ca-button-url]').closest('label').nextElementSibling.textContent`); !strings.Contains(msg, "http or https") {
		t.Fatalf("URL error beside the field = %q", msg)
	}
	e.brDo(ctx, "fix the URL and save",
		chromedp.SetValue(`[data-test=ca-button-url]`, rc.URL+"/api/orders/{{id}}/refund"),
		chromedp.Click(`[data-test=widget-editor-save]`),
		chromedp.WaitVisible(`[data-test=widget] [data-test=card-button]`),
	)
	ws, err := e.srv.Widgets.List(context.Background(), shop.it.ID)
	if err != nil || len(ws) != 1 {
		t.Fatalf("widgets = %+v, %v", ws, err)
	}
	c := ws[0].Template.Widgets[0].Widgets[0].Meta.Custom
	if c == nil || len(c.Links) != 1 || len(c.Buttons) != 1 {
		t.Fatalf("custom = %+v", c)
	}
	b := c.Buttons[0]
	if len(b.Action.Headers) != 1 || b.Action.Headers[0].Key != "X-Api-Key" || b.Action.Headers[0].Value != "********" {
		t.Fatalf("headers = %+v", b.Action.Headers)
	}
	if row, err := e.srv.Store.GetWidget(context.Background(), ws[0].ID); err != nil || strings.Contains(string(row.Template), "adm-s3cret") {
		t.Fatalf("the stored widget holds the header value in clear: %s (%v)", row.Template, err)
	}
	if b.Label != "Refund" || b.Action.Method != "POST" || b.Action.URL != rc.URL+"/api/orders/{{id}}/refund" ||
		len(b.Action.Params) != 1 || !b.Action.Params[0].Editable || !b.Action.Params[0].Mandatory || b.Action.Params[0].Type != "dropdown" ||
		len(b.Action.Params[0].Options) != 2 || b.Action.Body.JSON["order"] != "{{id}}" {
		t.Fatalf("button = %+v", b)
	}
	e.brShot(ctx, "card-button-added")
	if got := e.brText(ctx, `[data-test=widget] [data-test=card-button]`); got != "Refund" {
		t.Fatalf("card button = %q", got)
	}
	if got := e.brText(ctx, `[data-test=widget] [data-test=card-link]`); !strings.Contains(got, "Open in shop") {
		t.Fatalf("card link = %q", got)
	}
	if html := brEval[string](e, ctx, `document.documentElement.outerHTML`); strings.Contains(html, "adm-s3cret") {
		t.Fatal("the admin's ticket page holds the header value")
	}

	// Edited again and saved with the header left as shown, the button
	// still sends the stored value.
	brClickJS(e, ctx, `document.querySelector('[data-test=widget] [data-kind=card] [data-test=widget-node-edit]')`)
	e.brDo(ctx, "edit the card again",
		chromedp.WaitVisible(ed),
		chromedp.Click(ed+` summary`),
		chromedp.WaitVisible(`[data-test=ca-header-value]`),
	)
	if got := brEval[string](e, ctx, `document.querySelector('[data-test=ca-header-value]').value`); got != "********" {
		t.Fatalf("the editor shows the header value %q", got)
	}
	e.brDo(ctx, "save unchanged and run the button",
		chromedp.SetValue(`[data-test=ca-button-label]`, "Refund now"),
		chromedp.Click(`[data-test=widget-editor-save]`),
		chromedp.Poll[chromedp.Void](`document.querySelector("[data-test=widget] [data-test=card-button]")?.textContent === "Refund now"`),
		chromedp.Click(`[data-test=widget] [data-test=card-button]`),
		chromedp.WaitVisible(`[data-test=widget] [data-test=card-button-form]`),
		chromedp.SetValue(`[data-test=widget] select[data-key=reason]`, "late"),
		chromedp.Click(`[data-test=widget] [data-test=card-button-run]`),
		chromedp.WaitVisible(`[data-test=widget] [data-test=card-result-body]`),
	)
	if got := rc.requests(); len(got) != 1 || got[0].Header.Get("X-Api-Key") != "adm-s3cret" || got[0].Query.Get("reason") != "late" {
		t.Fatalf("receiver got %+v", got)
	}
}
