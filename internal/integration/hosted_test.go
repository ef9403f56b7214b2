package integration_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
	"github.com/ticketwire/ticketwire/internal/tmpl"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// hostedExample is an HTTP integration as the hosted helpdesk's REST API
// returns it (GET /api/integrations/{id}), with every read-only field.
const hostedExample = `{
  "id": 123,
  "created_datetime": "2021-01-07T13:00:00.123456",
  "updated_datetime": "2021-01-07T13:00:00.123456",
  "deactivated_datetime": null,
  "description": "Loyalty points from our back office",
  "uri": "/api/integrations/123/",
  "managed": false,
  "application_id": null,
  "user": {"id": 2, "name": "Ann Admin"},
  "type": "http",
  "name": "Back office",
  "http": {
    "id": 987,
    "url": "https://backoffice.example.com/api/customers?email={{ticket.customer.email}}",
    "method": "POST",
    "headers": {"x-api-key": "abcdef12345", "Accept": "application/json"},
    "form": {"hello": "world", "ticket_id": "{{ticket.id}}", "greeting": "Hi {{ticket.customer.name|fallback(\"there\")}} <3",
             "nested": {"tags": ["vip", "{{ticket.subject}}"], "count": 2, "urgent": true}},
    "request_content_type": "application/json",
    "response_content_type": "application/json",
    "execution_order": 1,
    "triggers": {"ticket_created": true, "ticket_updated": true, "ticket_message_created": false, "ticket-handed-over": false}
  }
}`

func TestHostedIntegrationShapeIsRead(t *testing.T) {
	t.Parallel()
	in := input(t, hostedExample)
	h := in.HTTP
	if in.Name != "Back office" || in.Type != "http" || in.Enabled != nil {
		t.Fatalf("input = %+v", in)
	}
	if fmt.Sprint(h.Headers) != "[{x-api-key abcdef12345 false} {Accept application/json false}]" {
		t.Fatalf("headers = %v, want the object's members in order", h.Headers)
	}
	if fmt.Sprint(h.Triggers) != "[ticket-created ticket-updated]" {
		t.Fatalf("triggers = %v", h.Triggers)
	}
	if len(h.Form) != 0 {
		t.Fatalf("a JSON request's form object became form fields: %v", h.Form)
	}
	tpl, err := tmpl.Parse(h.Body)
	if err != nil {
		t.Fatalf("body %s does not parse: %v", h.Body, err)
	}
	ctx := tmpl.BuildContext(tmpl.ContextInput{Ticket: map[string]any{"id": 42, "subject": `Where is "it"?`,
		"customer": map[string]any{"email": "ann@example.com"}}})
	res, err := tpl.Render(ctx, tmpl.PlaceJSON)
	if err != nil {
		t.Fatalf("render %s: %v", h.Body, err)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(res.Text), &got); err != nil {
		t.Fatal(err)
	}
	want := `map[greeting:Hi there <3 hello:world nested:map[count:2 tags:[vip Where is "it"?] urgent:true] ticket_id:42]`
	if fmt.Sprint(got) != want {
		t.Fatalf("body rendered %s\n got %v\nwant %s", res.Text, got, want)
	}
	if !strings.HasPrefix(h.Body, `{"hello": "world", "ticket_id"`) {
		t.Fatalf("body %s does not keep the members' order", h.Body)
	}
}

func TestHostedFormObjectOnFormAndGETRequests(t *testing.T) {
	t.Parallel()
	form := input(t, `{"name": "f", "http": {"url": "https://x.io", "method": "POST", "request_content_type": "application/x-www-form-urlencoded",
		"form": {"email": "{{ticket.customer.email}}", "points": 10, "vip": true}, "triggers": {"ticket-created": true}}}`)
	if form.HTTP.Body != "" || fmt.Sprint(form.HTTP.Form) != "[{email {{ticket.customer.email}} false} {points 10 false} {vip true false}]" {
		t.Fatalf("form request = body %q, form %v", form.HTTP.Body, form.HTTP.Form)
	}
	get := input(t, `{"name": "g", "http": {"url": "https://x.io", "method": "GET", "form": {"hello": "world"}, "triggers": ["ticket_created"]}}`)
	if get.HTTP.Body != "" || len(get.HTTP.Form) != 0 {
		t.Fatalf("a GET kept its form object: body %q, form %v", get.HTTP.Body, get.HTTP.Form)
	}
	scopes := input(t, `{"name": "o", "http": {"url": "https://x.io", "triggers": ["ticket-created"],
		"oauth2": {"token_url": "https://auth.example.com/token", "client_id": "id", "client_secret": "s", "scopes": " orders:read  customers:read ", "has_client_secret": true}}}`)
	if fmt.Sprint(scopes.HTTP.OAuth2.Scopes) != "[orders:read customers:read]" {
		t.Fatalf("scopes = %q", scopes.HTTP.OAuth2.Scopes)
	}
}

func TestHostedShapeErrorsNameTheFieldAndTheShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, http, field, msg string
	}{
		{"headers a number", `"headers": 5`, "http.headers", `{"X-Api-Key": "…"}`},
		{"headers a string", `"headers": "X-A: b"`, "http.headers", `[{"key": "X-Api-Key"`},
		{"header value an object", `"headers": {"X-A": {"v": 1}}`, "http.headers.X-A", "must be a text"},
		{"header list entry with a number value", `"headers": [{"key": "X-A", "value": 1}]`, "http.headers", "must be a JSON string"},
		{"form a number", `"method": "POST", "form": 3`, "http.form", "must be a list"},
		{"form object and body", `"method": "POST", "body": "{}", "form": {"a": "b"}`, "http.form", "given once"},
		{"form field an array", `"method": "POST", "request_content_type": "application/x-www-form-urlencoded", "form": {"a": [1]}`, "http.form.a", "must be a text"},
		{"handed over", `"triggers": {"ticket_created": true, "ticket_handed_over": true}`, "http.triggers.ticket-handed-over", "not supported"},
		{"handed over in a list", `"triggers": ["ticket-handed-over"]`, "http.triggers.ticket-handed-over", "not supported"},
		{"triggers a string", `"triggers": "ticket-created"`, "http.triggers", "snake_case"},
		{"scopes a number", `"oauth2": {"scopes": 1}`, "http.oauth2.scopes", "separated by spaces"},
		{"unknown oauth2 field", `"oauth2": {"secret": "x"}`, "http.oauth2.secret", "not a known field"},
		{"unknown http field", `"verb": "POST"`, "http.verb", "not a known field"},
		{"url a number", `"url": 5`, "http.url", "must be a JSON string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// A member given twice takes its last value, so tt.http may
			// override url or triggers.
			raw := `{"name": "bad", "http": {"url": "https://x.io", "triggers": ["ticket-created"], ` + tt.http + `}}`
			var in integration.Input
			err := json.Unmarshal([]byte(raw), &in)
			v, ok := validate.As(err)
			if !ok || v.Field != tt.field || !strings.Contains(v.Message, tt.msg) {
				t.Fatalf("decode %s: %v; want field %s with %q", raw, err, tt.field, tt.msg)
			}
		})
	}
}

func TestDeactivatedDatetimeSavesDisabled(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			svc := newService(t, storetest.Open(t, b))
			ctx := t.Context()
			raw := strings.Replace(hostedExample, `"deactivated_datetime": null`, `"deactivated_datetime": "2024-03-01T10:00:00.123456"`, 1)
			it, err := svc.Create(ctx, input(t, raw))
			if err != nil {
				t.Fatal(err)
			}
			if it.Enabled || it.DeactivatedDatetime == nil {
				t.Fatalf("created %+v, want it disabled", it)
			}
			again, err := svc.Create(ctx, input(t, hostedExample))
			if err != nil || !again.Enabled {
				t.Fatalf("without deactivated_datetime: %+v, %v; want it enabled", again, err)
			}
			on := strings.Replace(raw, `"type": "http",`, `"type": "http", "enabled": true,`, 1)
			if it, err = svc.Update(ctx, it.ID, input(t, on)); err != nil || !it.Enabled {
				t.Fatalf("enabled: true with a deactivated_datetime: %+v, %v; want enabled to win", it, err)
			}
		})
	}
}
