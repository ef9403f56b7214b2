package integration_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/secret"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
	"github.com/ticketwire/ticketwire/internal/validate"
)

func newService(t *testing.T, st *store.Store) *integration.Service {
	t.Helper()
	box, err := secret.NewBox([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	return integration.New(st, box)
}

// input decodes an integration as a client would send it.
func input(t *testing.T, raw string) integration.Input {
	t.Helper()
	var in integration.Input
	if err := json.Unmarshal([]byte(raw), &in); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return in
}

func TestValidation(t *testing.T) {
	t.Parallel()
	svc := newService(t, storetest.Open(t, storetest.Backends()[0]))
	const trig = `"triggers": ["ticket-created"]`
	const oauthOK = `"token_url": "https://auth.example.com/token", "client_id": "id", "client_secret": "s"`
	tests := []struct {
		name  string
		http  string // the "http" object's members
		field string // "" when valid
		msg   string // part of the message
	}{
		{name: "minimal GET", http: `"url": "https://shop.example.com/orders?email={{ticket.customer.email}}", ` + trig},
		{name: "templated host", http: `"url": "https://{{ticket.customer.data.shop}}.example.com/x", ` + trig},
		{name: "JSON body", http: `"url": "https://x.io", "method": "post", "body": "{\"id\": {{ticket.id}}}", ` + trig},
		{name: "context body", http: `"url": "https://x.io", "method": "PUT", "body": "{{context}}", ` + trig},
		{name: "form", http: `"url": "https://x.io", "method": "PATCH", "request_content_type": "application/x-www-form-urlencoded",
			"form": [{"key": "email", "value": "{{ticket.customer.email}}"}], ` + trig},
		{name: "DELETE without body", http: `"url": "https://x.io/{{ticket.id}}", "method": "DELETE", ` + trig},
		{name: "oauth2 complete", http: `"url": "https://x.io", "oauth2": {` + oauthOK + `}, ` + trig},

		{name: "no url", http: trig, field: "http.url", msg: "required"},
		{name: "relative url", http: `"url": "/orders", ` + trig, field: "http.url", msg: "absolute"},
		{name: "not http", http: `"url": "ftp://x.io/file", ` + trig, field: "http.url", msg: "absolute"},
		{name: "url is only a variable", http: `"url": "{{ticket.customer.data.url}}", ` + trig, field: "http.url", msg: "absolute"},
		{name: "url syntax error", http: `"url": "https://x.io/{{ticket.id", ` + trig, field: "http.url", msg: "line 1, column"},
		{name: "url includes a file", http: `"url": "https://x.io/{% include 'x' %}", ` + trig, field: "http.url"},
		{name: "bad method", http: `"url": "https://x.io", "method": "FETCH", ` + trig, field: "http.method", msg: "GET, POST, PUT, PATCH, DELETE"},
		{name: "body with GET", http: `"url": "https://x.io", "body": "{}", ` + trig, field: "http.body", msg: "GET"},
		{name: "form with GET", http: `"url": "https://x.io", "form": [{"key": "a", "value": "b"}], ` + trig, field: "http.body", msg: "GET"},
		{name: "bad content type", http: `"url": "https://x.io", "method": "POST", "request_content_type": "text/plain", ` + trig,
			field: "http.request_content_type", msg: "application/json"},
		{name: "body syntax error", http: `"url": "https://x.io", "method": "POST", "body": "{\"a\": \"{{ticket.id\"}", ` + trig,
			field: "http.body", msg: "line 1, column"},
		{name: "body not JSON", http: `"url": "https://x.io", "method": "POST", "body": "{\"a\": 1,}", ` + trig, field: "http.body", msg: "JSON"},
		{name: "form with JSON type", http: `"url": "https://x.io", "method": "POST", "form": [{"key": "a", "value": "b"}], ` + trig, field: "http.form"},
		{name: "body with form type", http: `"url": "https://x.io", "method": "POST", "request_content_type": "application/x-www-form-urlencoded",
			"body": "a=b", ` + trig, field: "http.body"},
		{name: "form value syntax error", http: `"url": "https://x.io", "method": "POST", "request_content_type": "application/x-www-form-urlencoded",
			"form": [{"key": "a", "value": "{{ x"}], ` + trig, field: "http.form[0].value", msg: "line 1, column"},
		{name: "form key missing", http: `"url": "https://x.io", "method": "POST", "request_content_type": "application/x-www-form-urlencoded",
			"form": [{"key": " ", "value": "x"}], ` + trig, field: "http.form[0].key"},
		{name: "header value syntax error", http: `"url": "https://x.io", "headers": [{"key": "X-A", "value": "ok"}, {"key": "X-B", "value": "{% if %}"}], ` + trig,
			field: "http.headers[1].value", msg: "line 1, column"},
		{name: "header name with a space", http: `"url": "https://x.io", "headers": [{"key": "X Bad", "value": "v"}], ` + trig, field: "http.headers[0].key"},
		{name: "reserved header", http: `"url": "https://x.io", "headers": [{"key": "webhook-signature", "value": "v"}], ` + trig, field: "http.headers[0].key"},
		{name: "no triggers", http: `"url": "https://x.io"`, field: "http.triggers"},
		{name: "empty triggers", http: `"url": "https://x.io", "triggers": []`, field: "http.triggers"},
		{name: "exclusive with another", http: `"url": "https://x.io", "triggers": ["ticket-status-updated", "ticket-updated"]`,
			field: "http.triggers", msg: "only trigger"},
		{name: "exclusive in object form", http: `"url": "https://x.io", "triggers": {"ticket-assignment-updated": true, "ticket-created": true}`,
			field: "http.triggers", msg: "only trigger"},
		{name: "unknown trigger", http: `"url": "https://x.io", "triggers": ["ticket-closed"]`, field: "http.triggers[0]", msg: "ticket-created"},
		{name: "oauth2 without token url", http: `"url": "https://x.io", "oauth2": {"client_id": "id", "client_secret": "s"}, ` + trig,
			field: "http.oauth2.token_url"},
		{name: "oauth2 relative token url", http: `"url": "https://x.io", "oauth2": {"token_url": "/token", "client_id": "id", "client_secret": "s"}, ` + trig,
			field: "http.oauth2.token_url"},
		{name: "oauth2 without client id", http: `"url": "https://x.io", "oauth2": {"token_url": "https://a.io/t", "client_secret": "s"}, ` + trig,
			field: "http.oauth2.client_id"},
		{name: "oauth2 without client secret", http: `"url": "https://x.io", "oauth2": {"token_url": "https://a.io/t", "client_id": "id"}, ` + trig,
			field: "http.oauth2.client_secret"},
		{name: "oauth2 bad token location", http: `"url": "https://x.io", "oauth2": {` + oauthOK + `, "token_location": "cookie"}, ` + trig,
			field: "http.oauth2.token_location"},
		{name: "oauth2 bad header key", http: `"url": "https://x.io", "oauth2": {` + oauthOK + `, "token_key": "X Token"}, ` + trig,
			field: "http.oauth2.token_key"},
		{name: "oauth2 scope with a space", http: `"url": "https://x.io", "oauth2": {` + oauthOK + `, "scopes": ["a b"]}, ` + trig,
			field: "http.oauth2.scopes[0]"},
		{name: "body lipsum past its limit", http: `"url": "https://x.io", "method": "POST", "body": "{\"a\": \"{{ lipsum(1000000) }}\"}", ` + trig,
			field: "http.body", msg: "lipsum makes at most 100 paragraphs"},
		{name: "body output past its limit", http: `"url": "https://x.io", "method": "POST", "body": "{\"a\": \"{{ 'x' * 200000 }}{{ 'x' * 100000 }}\"}", ` + trig,
			field: "http.body", msg: "larger than 256 KiB"},
		{name: "url output past its limit", http: `"url": "https://x.io/{% for i in range(100) %}{{ 'x' * 100 }}{% endfor %}", ` + trig,
			field: "http.url", msg: "larger than 8 KiB"},
		{name: "header output past its limit", http: `"url": "https://x.io", "headers": [{"key": "X-A", "value": "{{ 'x' * 9000 }}"}], ` + trig,
			field: "http.headers[0].value", msg: "larger than 8 KiB"},
		{name: "form value repetition past its limit", http: `"url": "https://x.io", "method": "POST", "request_content_type": "application/x-www-form-urlencoded",
			"form": [{"key": "a", "value": "{% set n = 300000000 %}{{ 'a' * n }}"}], ` + trig, field: "http.form[0].value", msg: "longer than 256 KiB"},
		{name: "mask with nothing stored", http: `"url": "https://x.io", "headers": [{"key": "X-Key", "value": "********", "secret": true}], ` + trig,
			field: "http.headers[0].value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := input(t, `{"name": "n", "http": {`+tt.http+`}}`)
			it, err := svc.Create(t.Context(), in)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if it.ID == 0 || !it.Enabled {
					t.Fatalf("created = %+v", it)
				}
				return
			}
			v, ok := validate.As(err)
			if !ok || v.Field != tt.field || !strings.Contains(v.Message, tt.msg) || v.Message == "" {
				t.Fatalf("Create = %v; want a 422 on %s saying %q", err, tt.field, tt.msg)
			}
		})
	}
}

func TestValidationOfTheWhole(t *testing.T) {
	t.Parallel()
	svc := newService(t, storetest.Open(t, storetest.Backends()[0]))
	for _, tt := range []struct {
		name, json, field string
	}{
		{"no name", `{"http": {"url": "https://x.io", "triggers": ["ticket-created"]}}`, "name"},
		{"blank name", `{"name": "  ", "http": {"url": "https://x.io", "triggers": ["ticket-created"]}}`, "name"},
		{"no http", `{"name": "n"}`, "http"},
		{"other type", `{"type": "email", "name": "n", "http": {"url": "https://x.io", "triggers": ["ticket-created"]}}`, "type"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := svc.Create(t.Context(), input(t, tt.json))
			if v, ok := validate.As(err); !ok || v.Field != tt.field {
				t.Fatalf("Create = %v, want a 422 on %s", err, tt.field)
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	svc := newService(t, storetest.Open(t, storetest.Backends()[0]))
	it, err := svc.Create(t.Context(), input(t, `{"name": " Shop ", "http": {"url": "https://x.io", "method": "post",
		"oauth2": {"token_url": "https://a.io/t", "client_id": "id", "client_secret": "s", "token_location": "query"},
		"triggers": ["ticket-created"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if it.Type != "http" || it.Name != "Shop" || it.HTTP.Method != "POST" || it.HTTP.RequestContentType != integration.ContentJSON ||
		it.HTTP.OAuth2.TokenKey != "access_token" {
		t.Fatalf("defaults = %+v %+v", it, it.HTTP.OAuth2)
	}
	it, err = svc.Create(t.Context(), input(t, `{"name": "n", "enabled": false, "http": {"url": "https://x.io",
		"oauth2": {"token_url": "https://a.io/t", "client_id": "id", "client_secret": "s"}, "triggers": ["ticket-created"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if it.Enabled || it.HTTP.Method != "GET" || it.HTTP.RequestContentType != "" || it.HTTP.OAuth2.TokenLocation != "header" ||
		it.HTTP.OAuth2.TokenKey != "Authorization" {
		t.Fatalf("defaults = %+v %+v", it, it.HTTP.OAuth2)
	}
}
