package api_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestIntegrationInTheHostedShape posts an integration exactly as the hosted
// helpdesk's API returns it and reads back what ticketwire made of it.
func TestIntegrationInTheHostedShape(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		hosted := `{"id": 123, "uri": "/api/integrations/123/", "managed": false, "application_id": null, "description": null,
			"user": {"id": 1}, "created_datetime": "2021-01-07T13:00:00.123456", "updated_datetime": "2021-01-07T13:00:00.123456",
			"deactivated_datetime": "2021-02-01T08:00:00.000000", "type": "http", "name": "Back office",
			"http": {"id": 987, "url": "https://backoffice.example.com/api/notes", "method": "POST",
				"headers": {"Authorization": "Bearer k3y", "X-Shop": "acme"},
				"form": {"ticket_id": "{{ticket.id}}", "email": "{{ticket.customer.email}}"},
				"request_content_type": "application/json", "response_content_type": "application/json", "execution_order": 0,
				"triggers": {"ticket_created": true, "ticket_message_created": true, "ticket-handed-over": false}}}`
		var got integrationBody
		e.want(201, e.admin, "POST", "/api/integrations", hosted, &got)
		h := got.HTTP
		if got.Enabled || got.DeactivatedDatetime == nil {
			t.Fatalf("a deactivated integration was saved enabled: %+v", got)
		}
		if strings.Join(h.Triggers, ",") != "ticket-created,ticket-message-created" {
			t.Fatalf("triggers = %v", h.Triggers)
		}
		if len(h.Headers) != 2 || h.Headers[0].Key != "Authorization" || !h.Headers[0].Secret || h.Headers[0].Value == "Bearer k3y" ||
			h.Headers[1].Key != "X-Shop" || h.Headers[1].Value != "acme" {
			t.Fatalf("headers = %+v, want the object as a list, the credential masked", h.Headers)
		}
		if h.Body != `{"ticket_id": "{{ticket.id}}", "email": "{{ticket.customer.email}}"}` {
			t.Fatalf("body = %s", h.Body)
		}
		// What the API answered can be PUT back as it is.
		var again integrationBody
		raw := e.want(200, e.admin, "GET", "/api/integrations/"+fmt.Sprint(got.ID), nil, nil)
		e.want(200, e.admin, "PUT", "/api/integrations/"+fmt.Sprint(got.ID), raw, &again)
		if again.HTTP.Body != h.Body || len(again.HTTP.Headers) != 2 {
			t.Fatalf("round trip changed it: %+v", again.HTTP)
		}

		for _, tt := range []struct{ name, http, field, msg string }{
			{"headers object of objects", `"headers": {"X-A": {"b": 1}}`, "http.headers.X-A", "must be a text"},
			{"headers a number", `"headers": 7`, "http.headers", `or an object of names and values`},
			{"handed over", `"triggers": {"ticket_handed_over": true}`, "http.triggers.ticket-handed-over", "not supported"},
		} {
			body := `{"name": "bad", "http": {"url": "https://x.io", "triggers": ["ticket-created"], ` + tt.http + `}}`
			raw := e.want(422, e.admin, "POST", "/api/integrations", body, nil)
			if !strings.Contains(raw, `"field":"`+tt.field+`"`) || !strings.Contains(raw, tt.msg) {
				t.Fatalf("%s: answer = %s, want field %s and %q", tt.name, raw, tt.field, tt.msg)
			}
		}
	})
}
