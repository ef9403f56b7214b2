package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
)

// caller sends one API request as the admin and answers status and body.
type caller func(method, path, body string) (int, string)

// fixtures are the ids of one of everything, for the paths of the
// endpoints that change a thing.
type fixtures struct {
	customer, ticket, message, integration, widget, macro, user int64
}

// bodyCase is an endpoint that takes a JSON body, with a body it accepts
// (see refusedAnyway for the exception).
type bodyCase struct {
	method, path, body string
}

// refusedAnyway reports the case whose clean body is a 422 for a reason
// other than its text: changing one's own password needs the current one,
// which tests of the API do not know.
func (c bodyCase) refusedAnyway() bool { return c.path == "/api/users/me/password" }

// makeFixtures creates one of everything through the API; requests the
// integration and the macro's hook send go to receiver.
func makeFixtures(call caller, receiver string) (fixtures, error) {
	var f fixtures
	steps := []struct {
		path, body string
		id         *int64
	}{
		{"/api/customers", `{"email": "ann@example.com", "name": "Ann"}`, &f.customer},
		{"/api/tickets", `{"customer_id": %[1]d, "subject": "Kettle", "messages": [{"body_text": "Hello"}]}`, &f.ticket},
		{"/api/tickets/%[2]d/messages", `{"body_text": "On its way", "from_agent": true}`, &f.message},
		{"/api/integrations", `{"name": "Shop", "http": {"url": "` + receiver + `/orders?email={{ticket.customer.email}}", "triggers": ["ticket-created"]}}`, &f.integration},
		{"/api/widgets", `{"integration_id": %[4]d, "template": {"type": "wrapper", "title": "Shop", "widgets": [{"type": "text", "path": "vip", "title": "VIP"}]}}`, &f.widget},
		{"/api/macros", `{"name": "Close", "actions": [{"type": "set_status", "status": "closed"}]}`, &f.macro},
		{"/api/users", `{"email": "agent@example.com", "name": "Al", "role": "agent"}`, &f.user},
	}
	for _, s := range steps {
		status, raw := call("POST", f.fill(s.path), f.fill(s.body))
		var out struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal([]byte(raw), &out); status != 201 || err != nil {
			return f, fmt.Errorf("POST %s = %d %s", s.path, status, raw)
		}
		*s.id = out.ID
	}
	return f, nil
}

// bodyCases lists every endpoint that takes a JSON body (every POST and PUT
// with one), each with a body it accepts that has text in nested places:
// headers, macro actions, widget trees, edits, custom data.
func bodyCases(f fixtures, receiver string) []bodyCase {
	hook := `{"type": "http_hook", "title": "Refund", "method": "POST", "url": "` + receiver + `/refunds?source=tw",
		"params": [{"key": "reason", "value": "{{ticket.subject}}", "editable": true}],
		"headers": [{"key": "X-Agent", "value": "{{current_user.email}}", "editable": true}],
		"body": "{\"order\": 7}"}`
	tree := `{"type": "wrapper", "title": "Shop", "meta": {"color": "#a1b2c3"}, "widgets": [
		{"type": "list", "path": "orders", "meta": {"limit": 3, "orderBy": "-id"}, "widgets": [
			{"type": "card", "title": "Order {{id}}", "meta": {"link": "https://shop.example.com/o/{{id}}"}, "widgets": [
				{"type": "text", "path": "status", "title": "Status"}]}]}]}`
	cases := []bodyCase{
		{"POST", "/api/customers", `{"email": "bob@example.com", "name": "Bob", "firstname": "B", "lastname": "O", "data": {"plan": "gold", "tags": ["x"]}}`},
		{"PUT", "/api/customers/%[1]d", `{"name": "Ann B", "data": {"plan": "silver"}}`},
		{"POST", "/api/tickets", `{"customer": {"email": "cy@example.com", "name": "Cy"}, "subject": "Lid", "channel": "email", "tags": ["vip"],
			"messages": [{"body_text": "Hi", "body_html": "<p>Hi</p>", "channel": "email"}]}`},
		{"PUT", "/api/tickets/%[2]d", `{"subject": "Kettle lid", "status": "open", "tags": ["late"]}`},
		{"POST", "/api/tickets/%[2]d/messages", `{"body_text": "Thanks", "body_html": "<p>Thanks</p>", "channel": "email"}`},
		{"PUT", "/api/tickets/%[2]d/messages/%[3]d", `{"failed_datetime": "2026-01-02T03:04:05Z"}`},
		{"POST", "/api/users", `{"email": "al@example.com", "name": "Al", "role": "agent", "password": "correct horse battery"}`},
		{"PUT", "/api/users/%[7]d/password", `{"password": "new horse battery staple"}`},
		{"PUT", "/api/users/me/password", `{"current_password": "not the admin's", "new_password": "new horse battery staple"}`},
		{"POST", "/api/teams", `{"name": "Tier 2"}`},
		{"POST", "/api/integrations", `{"name": "CRM", "http": {"url": "` + receiver + `/crm", "method": "POST", "request_content_type": "application/json",
			"body": "{\"email\": \"{{ticket.customer.email}}\"}", "headers": [{"key": "X-Api-Key", "value": "k1", "secret": true}, {"key": "X-Source", "value": "tw"}],
			"triggers": ["ticket-created", "ticket-updated"], "signing_secret": "whsec_abc"}}`},
		{"PUT", "/api/integrations/%[4]d", `{"name": "Shop 2", "http": {"url": "` + receiver + `/orders2", "method": "POST", "request_content_type": "application/x-www-form-urlencoded",
			"form": [{"key": "email", "value": "{{ticket.customer.email}}"}], "triggers": ["ticket-status-updated"]}}`},
		{"POST", "/api/integrations/%[4]d/preview", `{"ticket_id": %[2]d}`},
		{"POST", "/api/integrations/%[4]d/test", `{"ticket_id": %[2]d}`},
		{"POST", "/api/widgets", `{"integration_id": %[4]d, "template": ` + tree + `}`},
		{"POST", "/api/widgets/template", `{"integration_id": %[4]d, "customer_id": %[1]d}`},
		{"POST", "/api/widgets/reorder", `{"ids": [%[5]d]}`},
		{"PUT", "/api/widgets/%[5]d", `{"integration_id": %[4]d, "template": ` + tree + `}`},
		{"POST", "/api/macros", `{"name": "Refund", "actions": [{"type": "add_tags", "tags": ["refund"]}, {"type": "reply", "body_text": "Hi {{ticket.customer.name}}"}, ` + hook + `]}`},
		{"PUT", "/api/macros/%[6]d", `{"name": "Close and thank", "actions": [{"type": "set_status", "status": "closed"}, ` + hook + `]}`},
		{"POST", "/api/macros/%[6]d/preview", `{"ticket_id": %[2]d}`},
		{"POST", "/api/tickets/%[2]d/apply-macro", `{"macro_id": %[6]d, "edits": {"1": {"headers": {"X-Agent": "late"}, "params": {"reason": "why"}}}, "on_hook_failure": "stop"}`},
	}
	for i := range cases {
		cases[i].path, cases[i].body = f.fill(cases[i].path), f.fill(cases[i].body)
	}
	return cases
}

// fill puts the fixtures' ids in for %[1]d (customer) … %[7]d (user).
func (f fixtures) fill(s string) string {
	var pairs []string
	for i, id := range []int64{f.customer, f.ticket, f.message, f.integration, f.widget, f.macro, f.user} {
		pairs = append(pairs, fmt.Sprintf("%%[%d]d", i+1), fmt.Sprint(id))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}
