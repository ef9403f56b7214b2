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
	      "headers": [{"key": "X-Api-Key", "value": "k3y-s3cret"}],
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
	e.brDo(ctx, "open the ticket and the button's form",
		chromedp.Navigate(fmt.Sprintf("%s/tickets/%d", e.url, shop.ticket.ID)),
		chromedp.WaitVisible(`[data-test=card-link]`),
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
		got[0].Header.Get("X-Api-Key") != "k3y-s3cret" {
		t.Fatalf("receiver got %+v", got)
	}
	var body map[string]string
	if err := json.Unmarshal([]byte(got[0].Body), &body); err != nil || body["order"] != "1001" || body["agent"] != mcAgentEmail || body["customer"] != "jo@example.com" {
		t.Fatalf("body = %q (%v)", got[0].Body, err)
	}
}
