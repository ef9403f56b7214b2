package api_test

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// at reads a dotted path ("customer.channels.0.address") out of decoded JSON.
func at(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// wantAt checks every path of want in got.
func wantAt(t *testing.T, what string, got any, want map[string]any) {
	t.Helper()
	for path, w := range want {
		if g := at(got, path); !reflect.DeepEqual(g, w) {
			t.Errorf("%s: %s = %#v, want %#v", what, path, g, w)
		}
	}
}

func TestHostedCustomerFields(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		var c map[string]any
		e.want(201, e.admin, "POST", "/api/customers", map[string]any{
			"email": "marie@example.com", "name": "Marie Curie", "firstname": "Marie", "lastname": "Curie",
			"external_id": "customer-84203241", "language": "fr", "timezone": "Europe/Paris", "note": "Prefers email",
			"channels": []map[string]any{{"type": "phone", "address": "+33 1 23 45 67 89", "preferred": false}},
		}, &c)
		want := map[string]any{"external_id": "customer-84203241", "language": "fr", "timezone": "Europe/Paris",
			"note": "Prefers email", "channels.0.type": "email", "channels.0.address": "marie@example.com",
			"channels.0.preferred": true, "channels.1.type": "phone", "channels.1.address": "+33 1 23 45 67 89",
			"channels.1.preferred": false}
		wantAt(t, "created customer", c, want)
		path := fmt.Sprintf("/api/customers/%v", c["id"])
		e.want(200, e.admin, "GET", path, nil, &c)
		wantAt(t, "customer read back", c, want)

		e.want(200, e.admin, "PUT", path, map[string]any{"timezone": nil, "language": "en-GB", "note": "",
			"channels": []map[string]any{{"type": "email", "address": "Marie@Example.com", "preferred": true}}}, &c)
		wantAt(t, "updated customer", c, map[string]any{"timezone": nil, "language": "en-GB", "note": "",
			"external_id": "customer-84203241", "channels.0.address": "marie@example.com", "channels.1": nil})

		for field, body := range map[string]map[string]any{
			"language":         {"language": "French"},
			"timezone":         {"timezone": "Mars/Olympus_Mons"},
			"channels[0].type": {"channels": []map[string]any{{"type": "pigeon", "address": "x"}}},
			"channels[1].preferred": {"channels": []map[string]any{{"type": "phone", "address": "1", "preferred": true},
				{"type": "sms", "address": "2", "preferred": true}}},
			"channels[0].address": {"channels": []map[string]any{{"type": "email", "address": "not mail"}}},
			"external_id":         {"external_id": strings.Repeat("x", 256)},
		} {
			e.wantError(422, "validation_failed", field, e.admin, "PUT", path, body)
		}
		e.want(200, e.admin, "GET", path, nil, &c)
		wantAt(t, "after refused updates", c, map[string]any{"language": "en-GB", "timezone": nil})

		// Created from its channels alone, as the hosted helpdesk allows.
		e.want(201, e.admin, "POST", "/api/customers", map[string]any{
			"channels": []map[string]any{{"type": "email", "address": "pierre@example.com", "preferred": true}}}, &c)
		wantAt(t, "customer from channels", c, map[string]any{"email": "pierre@example.com", "channels.0.address": "pierre@example.com"})
	})
}

func TestHostedTicketAndMessageFields(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		var users list[map[string]any]
		e.want(200, e.admin, "GET", "/api/users", nil, &users)
		adminPath := fmt.Sprintf("/api/users/%v", users.Data[0]["id"])
		e.want(200, e.admin, "PUT", adminPath, map[string]any{"firstname": "Steve", "lastname": "Frazelli"}, nil)

		var tk map[string]any
		e.want(201, e.admin, "POST", "/api/tickets", map[string]any{
			"customer": map[string]any{"email": "john@example.com", "firstname": "John", "lastname": "Doe",
				"external_id": "cus-1", "language": "en", "timezone": "America/New_York", "note": "VIP",
				"data": map[string]any{"city": "Paris"}},
			"subject": "Refund request", "priority": "high", "via": "email", "spam": false, "external_id": "RETURN#4213",
			"meta": map[string]any{"order": map[string]any{"id": 42}}, "channel": "email",
			"messages": []map[string]any{{"body_text": "Hello,\n\nI want a refund.\n\n-- \nJohn, sent from my phone"}},
		}, &tk)
		id := tk["id"]
		want := map[string]any{
			"uri": fmt.Sprintf("/api/tickets/%v/", id), "priority": "high", "via": "email", "spam": false,
			"external_id": "RETURN#4213", "meta.order.id": float64(42), "language": "en", "from_agent": false,
			"messages_count": float64(1), "excerpt": "Hello, I want a refund. -- John, sent from my phone",
			"sender.email": "john@example.com", "sender.firstname": "John", "sender.lastname": "Doe",
			"sender.name": "John Doe", "receiver": nil,
			"customer.external_id": "cus-1", "customer.language": "en", "customer.timezone": "America/New_York",
			"customer.note": "VIP", "customer.data.city": "Paris", "customer.channels.0.address": "john@example.com",
			"messages.0.subject": "Refund request", "messages.0.via": "email", "messages.0.public": true,
			"messages.0.stripped_text": "Hello,\n\nI want a refund.", "messages.0.source.type": "email",
			"messages.0.source.from.address": "john@example.com", "messages.0.source.from.name": "John Doe",
			"messages.0.receiver": nil, "messages.0.sender.firstname": "John",
			"messages.0.uri": fmt.Sprintf("/api/tickets/%v/messages/%v/", id, at(tk, "messages.0.id")),
		}
		wantAt(t, "created ticket", tk, want)
		received := tk["last_received_message_datetime"]
		if received == nil || received != tk["last_message_datetime"] {
			t.Fatalf("last_received_message_datetime = %v, last_message_datetime %v", received, tk["last_message_datetime"])
		}
		path := fmt.Sprintf("/api/tickets/%v", id)
		e.want(200, e.admin, "GET", path, nil, &tk)
		wantAt(t, "ticket read back", tk, want)

		var reply map[string]any
		e.want(201, e.admin, "POST", path+"/messages", map[string]any{"body_text": "On its way!\n\nOn Tue, John wrote:\n> I want a refund.",
			"from_agent": true, "subject": "Re: Refund request"}, &reply)
		wantAt(t, "agent reply", reply, map[string]any{"subject": "Re: Refund request", "via": "api", "public": true,
			"stripped_text": "On its way!", "sender.firstname": "Steve", "sender.lastname": "Frazelli",
			"sender.name": "Steve Frazelli", "receiver.email": "john@example.com", "receiver.firstname": "John",
			"source.from.address": users.Data[0]["email"], "source.to.0.address": "john@example.com",
			"source.to.0.name": "John Doe"})
		var note map[string]any
		e.want(201, e.admin, "POST", path+"/messages", map[string]any{"body_html": "<p>Refund <b>approved</b> &amp; sent</p>",
			"from_agent": true, "channel": "internal-note"}, &note)
		wantAt(t, "internal note", note, map[string]any{"public": false, "receiver": nil, "source.type": "internal-note",
			"source.to": []any{}, "stripped_text": "Refund approved & sent", "subject": "Refund request"})

		e.want(200, e.admin, "GET", path, nil, &tk)
		wantAt(t, "after the reply", tk, map[string]any{"messages_count": float64(3), "excerpt": "On its way! On Tue, John wrote: > I want a refund.",
			"last_received_message_datetime": received, "from_agent": false})

		e.want(200, e.admin, "PUT", path, map[string]any{"priority": "urgent", "meta": map[string]any{"rma": "R-7"},
			"language": nil, "spam": true, "external_id": "RETURN#4214"}, &tk)
		want = map[string]any{"priority": "urgent", "meta.rma": "R-7", "meta.order": nil, "language": nil,
			"spam": true, "external_id": "RETURN#4214"}
		wantAt(t, "updated ticket", tk, want)
		e.want(200, e.admin, "GET", path, nil, &tk)
		wantAt(t, "updated ticket read back", tk, want)
		var events list[map[string]any]
		e.want(200, e.admin, "GET", fmt.Sprintf("/api/events?ticket_id=%v&kind=ticket-updated", id), nil, &events)
		if len(events.Data) != 1 || at(events.Data[0], "ticket.priority") != "urgent" || at(events.Data[0], "ticket.meta.rma") != "R-7" {
			t.Fatalf("ticket-updated events = %+v", events.Data)
		}

		var all list[map[string]any]
		e.want(200, e.admin, "GET", "/api/tickets", nil, &all)
		wantAt(t, "ticket list", all.Data[0], map[string]any{"priority": "urgent", "messages_count": float64(3),
			"sender.email": "john@example.com", "uri": fmt.Sprintf("/api/tickets/%v/", id)})

		for field, body := range map[string]map[string]any{
			"priority":    {"priority": "critical"},
			"meta":        {"meta": []int{1}},
			"language":    {"language": "English"},
			"external_id": {"external_id": strings.Repeat("x", 256)},
		} {
			e.wantError(422, "validation_failed", field, e.admin, "PUT", path, body)
		}
		_, raw := e.call(e.admin, "PUT", path, map[string]any{"priority": "critical"}, nil)
		if !strings.Contains(raw, "low, normal, high, urgent") {
			t.Fatalf("priority error = %s, want the allowed values", raw)
		}
		e.want(200, e.admin, "GET", path, nil, &tk)
		wantAt(t, "after refused updates", tk, map[string]any{"priority": "urgent", "spam": true})

		bad := newTicket("new@example.com", "x")
		bad["via"] = "carrier-pigeon"
		e.wantError(422, "validation_failed", "via", e.admin, "POST", "/api/tickets", bad)
		bad = newTicket("new@example.com", "x")
		bad["customer"] = map[string]any{"email": "new@example.com", "timezone": "Nowhere/City"}
		e.wantError(422, "validation_failed", "customer.timezone", e.admin, "POST", "/api/tickets", bad)

		// A ticket created without them gets the defaults.
		e.want(201, e.admin, "POST", "/api/tickets", newTicket("plain@example.com", "Plain"), &tk)
		wantAt(t, "default ticket", tk, map[string]any{"priority": "normal", "via": "api", "spam": false,
			"external_id": nil, "language": nil, "meta": map[string]any{}, "customer.channels.0.address": "plain@example.com"})
	})
}

func TestUserNamesAndBio(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		var u map[string]any
		e.want(201, e.admin, "POST", "/api/users", map[string]any{"email": "ann@example.com", "role": "agent",
			"firstname": "Ann", "lastname": "Marie Lee", "bio": "Refunds and returns"}, &u)
		wantAt(t, "user from first and last names", u, map[string]any{"name": "Ann Marie Lee", "firstname": "Ann",
			"lastname": "Marie Lee", "bio": "Refunds and returns"})
		e.want(201, e.admin, "POST", "/api/users", map[string]any{"email": "bob@example.com", "role": "agent", "name": "Bob Stone"}, &u)
		wantAt(t, "user from a name", u, map[string]any{"name": "Bob Stone", "firstname": "Bob", "lastname": "Stone", "bio": ""})
		bob := fmt.Sprintf("/api/users/%v", u["id"])

		token, err := e.srv.Auth.CreateToken(t.Context(), "bob@example.com", "test")
		if err != nil {
			t.Fatal(err)
		}
		e.want(200, token, "PUT", bob, map[string]any{"lastname": "Stoner", "bio": "Night shift"}, &u)
		wantAt(t, "own update", u, map[string]any{"name": "Bob Stoner", "firstname": "Bob", "lastname": "Stoner", "bio": "Night shift"})
		e.wantError(422, "validation_failed", "role", token, "PUT", bob, map[string]any{"role": "admin"})
		var ann list[map[string]any]
		e.want(200, token, "GET", "/api/users", nil, &ann)
		e.wantError(403, "forbidden", "", token, "PUT", fmt.Sprintf("/api/users/%v", ann.Data[1]["id"]), map[string]any{"bio": "x"})
		e.wantError(422, "validation_failed", "bio", e.admin, "PUT", bob, map[string]any{"bio": strings.Repeat("b", 2001)})
		e.wantError(422, "validation_failed", "role", e.admin, "PUT", bob, map[string]any{"role": "owner"})
		e.want(200, e.admin, "PUT", bob, map[string]any{"name": "Robert Stone", "role": "admin"}, &u)
		wantAt(t, "admin update", u, map[string]any{"name": "Robert Stone", "firstname": "Robert", "lastname": "Stone",
			"role": "admin", "bio": "Night shift"})
		e.want(200, e.admin, "GET", bob, nil, &u)
		wantAt(t, "read back", u, map[string]any{"name": "Robert Stone", "firstname": "Robert", "bio": "Night shift"})
		e.wantError(404, "not_found", "", e.admin, "PUT", "/api/users/999999", map[string]any{"bio": "x"})
	})
}
