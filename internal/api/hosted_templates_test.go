package api_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// Templates as the hosted helpdesk's users write them read the fields it
// exposes, in a delivery and in a macro.
func TestHostedFieldsInTemplates(t *testing.T) {
	t.Parallel()
	eachReachable(t, func(t *testing.T, e *env) {
		rc := newReceiver(t, 200)
		body := `{"priority": "{{ticket.priority}}", "email": "{{ticket.customer.channels[0].address}}",
			"from": "{{message.source.from.address}}", "from_name": "{{message.source.from.name}}",
			"to": "{{message.source.to[0].address}}", "sender": "{{message.sender.firstname}} {{message.sender.lastname}}",
			"subject": "{{message.subject}}", "stripped": "{{message.stripped_text}}", "via": "{{message.via}}",
			"public": "{{message.public}}", "excerpt": "{{ticket.excerpt}}", "uri": "{{ticket.uri}}",
			"order": "{{ticket.meta.order_id}}", "language": "{{ticket.customer.language}}",
			"timezone": "{{ticket.customer.timezone}}", "note": "{{ticket.customer.note}}",
			"customer_ext": "{{ticket.customer.external_id}}", "count": "{{ticket.messages_count}}",
			"ticket_via": "{{ticket.via}}", "ticket_ext": "{{ticket.external_id}}", "spam": "{{ticket.spam}}",
			"from_agent": "{{ticket.from_agent}}", "received": "{{ticket.last_received_message_datetime|datetime_format('YYYY')}}",
			"ticket_sender": "{{ticket.sender.firstname}}", "ticket_receiver": "{{ticket.receiver.email|fallback('none')}}",
			"assignee": "{{ticket.assignee_user.firstname}}", "ticket_language": "{{ticket.language}}"}`
		e.want(201, e.admin, "POST", "/api/integrations", map[string]any{"name": "Returns desk", "http": map[string]any{
			"url": rc.url + "/hook", "method": "POST", "body": body, "triggers": []string{"ticket-message-created"}}}, nil)

		var users list[map[string]any]
		e.want(200, e.admin, "GET", "/api/users", nil, &users)
		admin := users.Data[0]
		e.want(200, e.admin, "PUT", fmt.Sprintf("/api/users/%v", admin["id"]), map[string]any{
			"firstname": "Steve", "lastname": "Frazelli", "bio": "Head of returns"}, nil)

		var tk ticket
		e.want(201, e.admin, "POST", "/api/tickets", map[string]any{
			"customer": map[string]any{"email": "marie@example.com", "name": "Marie Curie", "language": "fr",
				"timezone": "Europe/Paris", "note": "Loyal since 2019", "external_id": "cus-77"},
			"subject": "Return my order", "priority": "urgent", "via": "email", "external_id": "RMA-9",
			"meta": map[string]any{"order_id": 1001}, "assignee_user_id": admin["id"],
			"messages": []map[string]any{{"body_text": "Hello, the box was empty."}}}, &tk)
		e.want(201, e.admin, "POST", fmt.Sprintf("/api/tickets/%d/messages", tk.ID), map[string]any{
			"body_text": "Sorry!\nWe ship another today.\n\nOn Monday, Marie wrote:\n> the box was empty", "from_agent": true}, nil)

		var got []received
		for deadline := time.Now().Add(20 * time.Second); len(got) == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			got = rc.requests()
		}
		if len(got) != 1 {
			t.Fatalf("receiver got %d requests, want 1", len(got))
		}
		var sent map[string]string
		if err := json.Unmarshal([]byte(got[0].body), &sent); err != nil {
			t.Fatalf("sent body %s: %v", got[0].body, err)
		}
		want := map[string]string{"priority": "urgent", "email": "marie@example.com", "from": admin["email"].(string),
			"from_name": "Steve Frazelli", "to": "marie@example.com", "sender": "Steve Frazelli", "subject": "Return my order",
			"stripped": "Sorry!\nWe ship another today.", "via": "api", "public": "true",
			"excerpt": "Sorry! We ship another today. On Monday, Marie wrote: > the box was empty",
			"uri":     fmt.Sprintf("/api/tickets/%d/", tk.ID), "order": "1001", "language": "fr", "timezone": "Europe/Paris",
			"note": "Loyal since 2019", "customer_ext": "cus-77", "count": "2", "ticket_via": "email", "ticket_ext": "RMA-9",
			"spam": "false", "from_agent": "false", "received": fmt.Sprint(time.Now().UTC().Year()),
			"ticket_sender": "Marie", "ticket_receiver": "none", "assignee": "Steve", "ticket_language": "fr"}
		for k, w := range want {
			if sent[k] != w {
				t.Errorf("%s rendered %q, want %q", k, sent[k], w)
			}
		}

		var m struct {
			ID int64 `json:"id"`
		}
		e.want(201, e.admin, "POST", "/api/macros", map[string]any{"name": "Sign off", "actions": []map[string]any{{"type": "reply",
			"body_text": "Hi {{ticket.customer.firstname}}, {{current_user.firstname}} {{current_user.lastname}} here " +
				"({{current_user.bio}}) about your {{ticket.priority}} ticket."}}}, &m)
		wantReply := "Hi Marie, Steve Frazelli here (Head of returns) about your urgent ticket."
		var p struct {
			Reply struct {
				BodyText string `json:"body_text"`
			} `json:"reply"`
		}
		e.want(200, e.admin, "POST", fmt.Sprintf("/api/macros/%d/preview", m.ID), map[string]any{"ticket_id": tk.ID}, &p)
		if p.Reply.BodyText != wantReply {
			t.Fatalf("previewed reply = %q, want %q", p.Reply.BodyText, wantReply)
		}
		var out struct {
			Messages []struct {
				BodyText string `json:"body_text"`
			} `json:"messages"`
		}
		e.want(200, e.admin, "POST", fmt.Sprintf("/api/tickets/%d/apply-macro", tk.ID), map[string]any{"macro_id": m.ID}, &out)
		if len(out.Messages) != 1 || out.Messages[0].BodyText != wantReply {
			t.Fatalf("applied reply = %+v, want %q", out.Messages, wantReply)
		}
	})
}
