package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/auth"
)

type integrationBody struct {
	ID   int64  `json:"id"`
	Type string `json:"type"`
	Name string `json:"name"`
	HTTP struct {
		URL                string   `json:"url"`
		Method             string   `json:"method"`
		RequestContentType string   `json:"request_content_type"`
		Body               string   `json:"body"`
		Triggers           []string `json:"triggers"`
		SigningSecret      string   `json:"signing_secret"`
		Headers            []struct {
			Key, Value string
			Secret     bool
		} `json:"headers"`
		OAuth2 *struct {
			ClientSecret  string `json:"client_secret"`
			TokenLocation string `json:"token_location"`
			TokenKey      string `json:"token_key"`
		} `json:"oauth2"`
	} `json:"http"`
	Enabled             bool       `json:"enabled"`
	DeactivatedDatetime *time.Time `json:"deactivated_datetime"`
	DeactivationReason  *string    `json:"deactivation_reason"`
	ConsecutiveFailures int        `json:"consecutive_failures"`
	CreatedDatetime     time.Time  `json:"created_datetime"`
	UpdatedDatetime     time.Time  `json:"updated_datetime"`
}

func integrationInput(name string, http map[string]any) map[string]any {
	h := map[string]any{"url": "https://shop.example.com/api/orders?email={{ticket.customer.email}}", "triggers": []string{"ticket-created"}}
	for k, v := range http {
		h[k] = v
	}
	return map[string]any{"name": name, "http": h}
}

func TestIntegrationsAreForAdminsOnly(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		var it integrationBody
		e.want(201, e.admin, "POST", "/api/integrations", integrationInput("Shop", nil), &it)
		if _, err := e.srv.Auth.CreateUser(t.Context(), auth.NewUser{Email: "agent@example.com", Name: "Al", Role: auth.RoleAgent}); err != nil {
			t.Fatal(err)
		}
		agent, err := e.srv.Auth.CreateToken(t.Context(), "agent@example.com", "test")
		if err != nil {
			t.Fatal(err)
		}
		p := fmt.Sprintf("/api/integrations/%d", it.ID)
		for _, c := range []struct {
			method, path string
			body         any
		}{
			{"POST", "/api/integrations", integrationInput("Other", nil)},
			{"GET", "/api/integrations", nil},
			{"GET", p, nil},
			{"PUT", p, integrationInput("Renamed", nil)},
			{"DELETE", p, nil},
			{"POST", p + "/enable", nil},
			{"POST", p + "/disable", nil},
			{"POST", p + "/preview", map[string]any{"ticket_id": 1}},
			{"POST", p + "/test", map[string]any{"ticket_id": 1}},
			{"GET", p + "/events", nil},
			{"GET", p + "/events/1", nil},
			{"POST", p + "/events/1/replay", nil},
			{"GET", "/api/notifications", nil},
		} {
			e.wantError(403, "forbidden", "", agent, c.method, c.path, c.body)
			e.wantError(401, "unauthenticated", "", "", c.method, c.path, c.body)
		}
		var got integrationBody
		e.want(200, e.admin, "GET", p, nil, &got)
		if got.Name != "Shop" || !got.Enabled {
			t.Fatalf("an agent changed the integration: %+v", got)
		}
	})
}

func TestIntegrationsCRUD(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		var it integrationBody
		raw := e.want(201, e.admin, "POST", "/api/integrations", integrationInput("Shop orders", map[string]any{
			"triggers": []string{"ticket-created", "ticket-message-created"},
			"headers":  []map[string]any{{"key": "X-Api-Key", "value": "key-123", "secret": true}}}), &it)
		if it.ID == 0 || it.Type != "http" || it.Name != "Shop orders" || it.HTTP.Method != "GET" || !it.Enabled ||
			it.DeactivatedDatetime != nil || it.DeactivationReason != nil || it.ConsecutiveFailures != 0 || it.CreatedDatetime.IsZero() ||
			strings.Join(it.HTTP.Triggers, ",") != "ticket-created,ticket-message-created" || it.HTTP.OAuth2 != nil {
			t.Fatalf("created = %s", raw)
		}
		if strings.Contains(raw, "key-123") || it.HTTP.Headers[0].Value != "********" || !it.HTTP.Headers[0].Secret {
			t.Fatalf("a secret came back: %s", raw)
		}

		// The object form other helpdesks export.
		var obj integrationBody
		e.want(201, e.admin, "POST", "/api/integrations", integrationInput("Exported", map[string]any{
			"triggers": map[string]bool{"ticket-updated": true, "ticket-created": true, "ticket-message-failed": false}}), &obj)
		if strings.Join(obj.HTTP.Triggers, ",") != "ticket-created,ticket-updated" {
			t.Fatalf("object-form triggers = %v", obj.HTTP.Triggers)
		}

		var list list[integrationBody]
		e.want(200, e.admin, "GET", "/api/integrations", nil, &list)
		if len(list.Data) != 2 || list.Data[0].ID != obj.ID || list.Data[1].ID != it.ID {
			t.Fatalf("list = %+v", list.Data)
		}
		e.want(200, e.admin, "GET", "/api/integrations?limit=1", nil, &list)
		if len(list.Data) != 1 || list.Meta.NextCursor == nil {
			t.Fatalf("first page = %+v", list)
		}
		e.want(200, e.admin, "GET", "/api/integrations?limit=1&cursor="+*list.Meta.NextCursor, nil, &list)
		if len(list.Data) != 1 || list.Data[0].ID != it.ID {
			t.Fatalf("second page = %+v", list.Data)
		}

		p := fmt.Sprintf("/api/integrations/%d", it.ID)
		var got integrationBody
		e.want(200, e.admin, "GET", p, nil, &got)
		if got.ID != it.ID || got.Name != it.Name {
			t.Fatalf("get = %+v", got)
		}

		var upd integrationBody
		e.want(200, e.admin, "PUT", p, integrationInput("Shop orders v2", map[string]any{"method": "POST", "body": `{"id": {{ticket.id}}}`,
			"triggers": []string{"ticket-status-updated"}}), &upd)
		if upd.Name != "Shop orders v2" || upd.HTTP.Method != "POST" || upd.HTTP.RequestContentType != "application/json" ||
			upd.HTTP.Body != `{"id": {{ticket.id}}}` || strings.Join(upd.HTTP.Triggers, ",") != "ticket-status-updated" ||
			len(upd.HTTP.Headers) != 0 || upd.UpdatedDatetime.Before(it.UpdatedDatetime) || !upd.CreatedDatetime.Equal(it.CreatedDatetime) {
			t.Fatalf("updated = %+v", upd)
		}
		e.wantError(422, "validation_failed", "http.method", e.admin, "PUT", p, integrationInput("x", map[string]any{"method": "GO"}))
		e.want(200, e.admin, "GET", p, nil, &got)
		if got.Name != "Shop orders v2" {
			t.Fatalf("a refused update changed the integration: %+v", got)
		}

		var off integrationBody
		e.want(200, e.admin, "POST", p+"/disable", nil, &off)
		if off.Enabled || off.DeactivatedDatetime == nil || off.DeactivationReason == nil || *off.DeactivationReason == "" {
			t.Fatalf("disabled = %+v", off)
		}
		var on integrationBody
		e.want(200, e.admin, "POST", p+"/enable", nil, &on)
		if !on.Enabled || on.DeactivatedDatetime != nil || on.DeactivationReason != nil || on.ConsecutiveFailures != 0 {
			t.Fatalf("enabled = %+v", on)
		}
		in := integrationInput("Shop orders v2", nil)
		in["enabled"] = false
		e.want(200, e.admin, "PUT", p, in, &got)
		if got.Enabled || got.DeactivationReason == nil {
			t.Fatalf("PUT enabled=false = %+v", got)
		}

		e.want(204, e.admin, "DELETE", p, nil, nil)
		e.wantError(404, "not_found", "", e.admin, "GET", p, nil)
		e.wantError(404, "not_found", "", e.admin, "PUT", p, integrationInput("x", nil))
		e.wantError(404, "not_found", "", e.admin, "DELETE", p, nil)
		e.wantError(404, "not_found", "", e.admin, "POST", p+"/enable", nil)
		e.wantError(404, "not_found", "", e.admin, "GET", p+"/events", nil)
		e.wantError(404, "not_found", "", e.admin, "GET", "/api/integrations/abc", nil)
	})
}

func TestIntegrationValidationAnswers422(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		oauth := func(o map[string]any) map[string]any {
			base := map[string]any{"token_url": "https://auth.example.com/token", "client_id": "id", "client_secret": "s"}
			for k, v := range o {
				if v == nil {
					delete(base, k)
				} else {
					base[k] = v
				}
			}
			return map[string]any{"oauth2": base}
		}
		for _, tt := range []struct {
			name  string
			http  map[string]any
			field string
			msg   string
		}{
			{"relative url", map[string]any{"url": "/api/orders"}, "http.url", "absolute"},
			{"url syntax error", map[string]any{"url": "https://x.io/{{ticket.id"}, "http.url", "line 1, column"},
			{"body syntax error", map[string]any{"method": "POST", "body": `{"id": {{ticket.id}`}, "http.body", "line 1, column"},
			{"header syntax error", map[string]any{"headers": []map[string]any{{"key": "X-A", "value": "{{ }}"}}}, "http.headers[0].value", "line 1"},
			{"bad method", map[string]any{"method": "FETCH"}, "http.method", "GET"},
			{"body with GET", map[string]any{"body": `{"a": 1}`}, "http.body", "GET"},
			{"bad content type", map[string]any{"method": "POST", "request_content_type": "text/xml"}, "http.request_content_type", "application/json"},
			{"empty triggers", map[string]any{"triggers": []string{}}, "http.triggers", "at least one"},
			{"exclusive trigger with another", map[string]any{"triggers": []string{"ticket-assignment-updated", "ticket-created"}}, "http.triggers", "only trigger"},
			{"unknown trigger", map[string]any{"triggers": []string{"ticket-created", "ticket-exploded"}}, "http.triggers[1]", "ticket-exploded"},
			{"oauth2 without token url", oauth(map[string]any{"token_url": nil}), "http.oauth2.token_url", ""},
			{"oauth2 without client id", oauth(map[string]any{"client_id": nil}), "http.oauth2.client_id", ""},
			{"oauth2 without client secret", oauth(map[string]any{"client_secret": nil}), "http.oauth2.client_secret", ""},
			{"oauth2 bad location", oauth(map[string]any{"token_location": "body"}), "http.oauth2.token_location", "header"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				raw := e.want(422, e.admin, "POST", "/api/integrations", integrationInput("bad", tt.http), nil)
				if !strings.Contains(raw, `"field":"`+tt.field+`"`) || !strings.Contains(raw, tt.msg) || !strings.Contains(raw, "validation_failed") {
					t.Fatalf("answer = %s, want field %s and %q", raw, tt.field, tt.msg)
				}
			})
		}
		if raw := e.want(422, e.admin, "POST", "/api/integrations", map[string]any{"name": "typo", "http": map[string]any{"urll": "x"}}, nil); !strings.Contains(raw, "urll") {
			t.Fatalf("an unknown field is not named: %s", raw)
		}
		e.wantError(400, "malformed_json", "", e.admin, "POST", "/api/integrations", `{"name": `)
		var l list[integrationBody]
		e.want(200, e.admin, "GET", "/api/integrations", nil, &l)
		if len(l.Data) != 0 {
			t.Fatalf("refused integrations were stored: %+v", l.Data)
		}
	})
}
