package api_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// cardActionsWidget is a widget as the hosted helpdesk stores it: a list of
// order cards, each with a link and a refund button whose reason the agent
// picks and whose note the agent may write.
func cardActionsWidget(shop int64, rc *receiver) map[string]any {
	tpl := `{"type": "wrapper", "title": "Shop", "widgets": [{"type": "list", "path": "orders", "widgets": [
	  {"type": "card", "title": "Order {{id}}", "meta": {"custom": {
	    "links": [{"label": "Open order", "url": "https://shop.example.com/orders/{{id}}"},
	              {"label": "Tracking", "url": "{{tracking_url}}"}],
	    "buttons": [{"label": "Refund", "action": {
	      "method": "POST", "url": "` + rc.url + `/orders/{{id}}/refund",
	      "headers": [{"key": "X-Api-Key", "value": "header-secret-42"}, {"key": "X-Agent", "value": "{{current_user.email}}"}],
	      "params": [
	        {"key": "reason", "value": "", "label": "Reason", "editable": true, "mandatory": true, "type": "dropdown", "options": ["damaged", "late"]},
	        {"key": "note", "value": "", "label": "Note", "editable": true, "mandatory": false},
	        {"key": "source", "value": "ticketwire-{{$integrationId}}-{{$listIndex}}", "editable": false, "mandatory": false}],
	      "body": {"contentType": "application/json", "application/json": {
	        "order": "{{id}}", "email": "{{customer.email}}", "subject": "{{ticket.subject}}", "agent": "{{current_user.email}}", "count": 1}}
	    }}]}}, "widgets": [{"type": "text", "path": "status"}]}]}]}`
	return widgetInput(shop, tpl)
}

type cardRun struct {
	Status     string          `json:"status"`
	Error      string          `json:"error"`
	DurationMS int64           `json:"duration_ms"`
	Response   json.RawMessage `json:"response"`
	HookID     int64           `json:"hook_id"`
}

func TestCardButtonRunsThroughTheHookMachinery(t *testing.T) {
	t.Parallel()
	eachReachable(t, func(t *testing.T, e *env) {
		rc := newReceiver(t, 200)
		tk, shop := shopTicket(e)
		var w widgetBody
		e.want(201, e.admin, "POST", "/api/widgets", cardActionsWidget(shop, rc), &w)
		agent, _ := newAgent(e, "al@example.com")
		path := fmt.Sprintf("/api/tickets/%d/widget-actions", tk.ID)

		var out cardRun
		raw := e.want(200, agent, "POST", path, map[string]any{"widget_id": w.ID, "path": "orders.0", "button": "Refund",
			"values": map[string]string{"reason": "damaged", "note": "it's {{broken}} & wet"}}, &out)
		if out.Status != "success" || out.HookID == 0 || !strings.Contains(string(out.Response), `{\"ok\": true}`) {
			t.Fatalf("run = %s", raw)
		}
		got := rc.requests()
		if len(got) != 1 {
			t.Fatalf("receiver got %d requests", len(got))
		}
		r := got[0]
		q, _ := url.ParseQuery(r.query)
		if r.method != "POST" || r.path != "/orders/7/refund" || q.Get("reason") != "damaged" || q.Get("note") != "it's {{broken}} & wet" ||
			q.Get("source") != fmt.Sprintf("ticketwire-%d-0", shop) {
			t.Fatalf("request = %s %s?%s", r.method, r.path, r.query)
		}
		if r.header.Get("X-Api-Key") != "header-secret-42" || r.header.Get("X-Agent") != "al@example.com" || r.header.Get("Content-Type") != "application/json" {
			t.Fatalf("headers = %v", r.header)
		}
		var body map[string]any
		if err := json.Unmarshal([]byte(r.body), &body); err != nil {
			t.Fatalf("body %q: %v", r.body, err)
		}
		if body["order"] != "7" || body["email"] != "jo@example.com" || body["subject"] != "Broken kettle & more" ||
			body["agent"] != "al@example.com" || body["count"] != float64(1) {
			t.Fatalf("body = %s", r.body)
		}

		// By index too; the log keeps it with the secret header redacted.
		e.want(200, agent, "POST", path, map[string]any{"widget_id": w.ID, "path": "orders.0", "button": 0,
			"values": map[string]string{"reason": "late"}}, &out)
		var log list[hookCall]
		logRaw := e.want(200, e.admin, "GET", fmt.Sprintf("/api/hooks?ticket_id=%d", tk.ID), nil, &log)
		if len(log.Data) != 2 || log.Data[0].Title != "Refund" || log.Data[0].MacroID != nil || log.Data[0].Status != "success" ||
			log.Data[0].ID != out.HookID || !strings.Contains(log.Data[0].Request.URL, "reason=late") {
			t.Fatalf("hooks log = %s", logRaw)
		}
		if strings.Contains(logRaw+raw, "header-secret-42") || log.Data[0].Request.Headers["X-Api-Key"] != "[redacted]" {
			t.Fatalf("the hooks log holds the secret header: %s", logRaw)
		}
	})
}

func TestCardButtonBadRunsAnswer422AndSendNothing(t *testing.T) {
	t.Parallel()
	eachReachable(t, func(t *testing.T, e *env) {
		rc := newReceiver(t, 200)
		tk, shop := shopTicket(e)
		var w widgetBody
		e.want(201, e.admin, "POST", "/api/widgets", cardActionsWidget(shop, rc), &w)
		agent, _ := newAgent(e, "al@example.com")
		path := fmt.Sprintf("/api/tickets/%d/widget-actions", tk.ID)
		run := func(field string, body map[string]any) {
			t.Helper()
			e.wantError(422, "validation_failed", field, agent, "POST", path, body)
		}
		ok := map[string]string{"reason": "late"}
		run("values.reason", map[string]any{"widget_id": w.ID, "path": "orders.0", "button": 0, "values": map[string]string{"note": "x"}})
		run("values.reason", map[string]any{"widget_id": w.ID, "path": "orders.0", "button": 0, "values": map[string]string{"reason": "bored"}})
		run("values.source", map[string]any{"widget_id": w.ID, "path": "orders.0", "button": 0, "values": map[string]string{"reason": "late", "source": "x"}})
		run("widget_id", map[string]any{"widget_id": w.ID + 100, "path": "orders.0", "button": 0, "values": ok})
		run("path", map[string]any{"widget_id": w.ID, "path": "orders.5", "button": 0, "values": ok})
		run("button", map[string]any{"widget_id": w.ID, "path": "orders.0", "button": "Cancel", "values": ok})
		run("button", map[string]any{"widget_id": w.ID, "path": "orders.0", "button": 3, "values": ok})
		e.wantError(404, "not_found", "", agent, "POST", fmt.Sprintf("/api/tickets/%d/widget-actions", tk.ID+100),
			map[string]any{"widget_id": w.ID, "path": "orders.0", "button": 0, "values": ok})
		if n := len(rc.requests()); n != 0 {
			t.Fatalf("bad runs sent %d requests", n)
		}
		// Agents run buttons but do not change widgets.
		e.wantError(403, "forbidden", "", agent, "PUT", fmt.Sprintf("/api/widgets/%d", w.ID), cardActionsWidget(shop, rc))
	})
}

func TestCardActionsRoundTripAndValidation(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		rc := &receiver{url: "https://shop.example.com"}
		shop := widgetIntegration(e, "Shop")
		in := cardActionsWidget(shop, rc)
		var w widgetBody
		e.want(201, e.admin, "POST", "/api/widgets", in, &w)
		var listed list[widgetBody]
		e.want(200, e.admin, "GET", fmt.Sprintf("/api/widgets?integration_id=%d", shop), nil, &listed)
		if len(listed.Data) != 1 {
			t.Fatalf("widgets = %+v", listed.Data)
		}
		again := listed.Data[0]
		tpl := string(again.Template)
		for _, want := range []string{`"links":[{"label":"Open order","url":"https://shop.example.com/orders/{{id}}"}`,
			`"options":[{"label":"damaged","value":"damaged"},{"label":"late","value":"late"}]`,
			`"mandatory":true`, `"contentType":"application/json","json":{`, `"count":1`} {
			if !strings.Contains(compactJSON(t, tpl), want) {
				t.Fatalf("stored template lacks %s:\n%s", want, tpl)
			}
		}
		// What the API returns posts back unchanged.
		var third widgetBody
		e.want(200, e.admin, "PUT", fmt.Sprintf("/api/widgets/%d", w.ID), map[string]any{"integration_id": shop, "template": again.Template}, &third)
		if compactJSON(t, string(third.Template)) != compactJSON(t, tpl) {
			t.Fatalf("round trip changed the template:\n%s\n%s", tpl, third.Template)
		}
		card := func(custom string) map[string]any {
			return widgetInput(shop, `{"type": "wrapper", "widgets": [{"type": "card", "path": "customer", "meta": {"custom": `+custom+`}}]}`)
		}
		const f = "template.widgets[0].meta.custom."
		for _, c := range []struct{ field, custom string }{
			{f + "links[0].label", `{"links": [{"label": " ", "url": "https://x.example.com"}]}`},
			{f + "links[0].url", `{"links": [{"label": "a", "url": "ftp://x.example.com"}]}`},
			{f + "links[0].url", `{"links": [{"label": "a", "url": "https://x.example.com/{{id"}]}`},
			{f + "buttons[0].label", `{"buttons": [{"label": "", "action": {"method": "GET", "url": "https://x.example.com"}}]}`},
			{f + "buttons[0].action.method", `{"buttons": [{"label": "a", "action": {"method": "FETCH", "url": "https://x.example.com"}}]}`},
			{f + "buttons[0].action.url", `{"buttons": [{"label": "a", "action": {"method": "GET", "url": "file:///etc/passwd"}}]}`},
			{f + "buttons[0].action.url", `{"buttons": [{"label": "a", "action": {"method": "GET", "url": "https://x.example.com/{% if %}"}}]}`},
			{f + "buttons[0].action.params[0].options", `{"buttons": [{"label": "a", "action": {"method": "GET", "url": "https://x.example.com", "params": [{"key": "r", "editable": true, "type": "dropdown"}]}}]}`},
			{f + "buttons[0].action.body.json.order", `{"buttons": [{"label": "a", "action": {"method": "POST", "url": "https://x.example.com", "body": {"contentType": "application/json", "json": {"order": "{{id"}}}}]}`},
		} {
			e.wantError(422, "validation_failed", c.field, e.admin, "POST", "/api/widgets", card(c.custom))
		}
		e.wantError(422, "validation_failed", "template.widgets[0].meta.custom", e.admin, "POST", "/api/widgets",
			widgetInput(shop, `{"type": "wrapper", "widgets": [{"type": "text", "path": "a", "meta": {"custom": {"links": [{"label": "a", "url": "https://x.example.com"}]}}}]}`))
	})
}

// formButtonWidget is a card whose button posts a form, with a secret
// header, an editable header and editable form fields (one a dropdown).
func formButtonWidget(shop int64, rc *receiver) map[string]any {
	return widgetInput(shop, `{"type": "wrapper", "title": "Shop", "widgets": [{"type": "list", "path": "orders", "widgets": [
	  {"type": "card", "title": "Order {{id}}", "meta": {"custom": {"buttons": [{"label": "Credit", "action": {
	    "method": "POST", "url": "`+rc.url+`/orders/{{id}}/credit",
	    "headers": [{"key": "Authorization", "value": "Bearer tok-s3cret-9"},
	      {"key": "X-Reason", "value": "default-why", "label": "Why", "editable": true, "mandatory": true}],
	    "body": {"contentType": "application/x-www-form-urlencoded", "form": [
	      {"key": "order", "value": "{{id}}"},
	      {"key": "amount", "value": "", "label": "Amount", "editable": true, "mandatory": true},
	      {"key": "kind", "value": "full", "editable": true, "type": "dropdown", "options": ["full", "part"]}]}}}]}},
	   "widgets": [{"type": "text", "path": "status"}]}]}]}`)
}

// TestCardButtonHeadersAreSecrets: a button's header values are sealed in
// the row, masked by the API, kept by a PUT that sends the mask back, and
// sent in clear to the receiver only; editable headers and form fields take
// the agent's values, mandatory ones and dropdowns checked.
func TestCardButtonHeadersAreSecrets(t *testing.T) {
	t.Parallel()
	eachReachable(t, func(t *testing.T, e *env) {
		rc := newReceiver(t, 200)
		tk, shop := shopTicket(e)
		var w widgetBody
		created := e.want(201, e.admin, "POST", "/api/widgets", formButtonWidget(shop, rc), &w)
		row, err := e.srv.Store.GetWidget(t.Context(), w.ID)
		if err != nil || strings.Contains(string(row.Template), "tok-s3cret-9") || strings.Contains(string(row.Template), "default-why") {
			t.Fatalf("the stored widget holds a header value in clear: %s (%v)", row.Template, err)
		}
		var listed list[widgetBody]
		raw := e.want(200, e.admin, "GET", fmt.Sprintf("/api/widgets?integration_id=%d", shop), nil, &listed)
		if strings.Contains(raw+created, "tok-s3cret-9") || strings.Contains(raw, "default-why") || strings.Count(raw, `"value":"********"`) != 2 {
			t.Fatalf("GET /api/widgets shows header values: %s", raw)
		}
		// Sent back as read, with another title, the headers keep their values.
		tpl := strings.Replace(string(listed.Data[0].Template), `"title":"Shop"`, `"title":"Shop (renamed)"`, 1)
		e.want(200, e.admin, "PUT", fmt.Sprintf("/api/widgets/%d", w.ID), map[string]any{"integration_id": shop, "template": json.RawMessage(tpl)}, nil)

		agent, _ := newAgent(e, "al@example.com")
		path := fmt.Sprintf("/api/tickets/%d/widget-actions", tk.ID)
		e.wantError(422, "validation_failed", "form.amount", agent, "POST", path, map[string]any{"widget_id": w.ID, "path": "orders.0", "button": 0})
		e.wantError(422, "validation_failed", "form.kind", agent, "POST", path, map[string]any{"widget_id": w.ID, "path": "orders.0", "button": 0,
			"form": map[string]string{"amount": "5", "kind": "most"}})
		e.wantError(422, "validation_failed", "form.order", agent, "POST", path, map[string]any{"widget_id": w.ID, "path": "orders.0", "button": 0,
			"form": map[string]string{"amount": "5", "order": "8"}})
		e.wantError(422, "validation_failed", "headers.Authorization", agent, "POST", path, map[string]any{"widget_id": w.ID, "path": "orders.0", "button": 0,
			"form": map[string]string{"amount": "5"}, "headers": map[string]string{"Authorization": "Bearer mine"}})
		if n := len(rc.requests()); n != 0 {
			t.Fatalf("bad runs sent %d requests", n)
		}
		var out cardRun
		e.want(200, agent, "POST", path, map[string]any{"widget_id": w.ID, "path": "orders.0", "button": "Credit",
			"form": map[string]string{"amount": "5 & {{x}}", "kind": "part"}}, &out)
		e.want(200, agent, "POST", path, map[string]any{"widget_id": w.ID, "path": "orders.0", "button": 0,
			"form": map[string]string{"amount": "6"}, "headers": map[string]string{"x-reason": "agent-why"}}, &out)
		got := rc.requests()
		if len(got) != 2 || out.Status != "success" {
			t.Fatalf("receiver got %d requests, run = %+v", len(got), out)
		}
		for i, want := range []struct{ reason, amount, kind string }{{"default-why", "5 & {{x}}", "part"}, {"agent-why", "6", "full"}} {
			r := got[i]
			f, _ := url.ParseQuery(r.body)
			if r.header.Get("Authorization") != "Bearer tok-s3cret-9" || r.header.Get("X-Reason") != want.reason ||
				f.Get("order") != "7" || f.Get("amount") != want.amount || f.Get("kind") != want.kind {
				t.Fatalf("request %d = %v %q", i, r.header, r.body)
			}
		}
		var log list[hookCall]
		logRaw := e.want(200, e.admin, "GET", fmt.Sprintf("/api/hooks?ticket_id=%d", tk.ID), nil, &log)
		if strings.Contains(logRaw, "tok-s3cret-9") || strings.Contains(logRaw, "why") || log.Data[0].Request.Headers["X-Reason"] != "[redacted]" {
			t.Fatalf("the hooks log holds a header value: %s", logRaw)
		}
	})
}
