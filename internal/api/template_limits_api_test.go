package api_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestTemplateLimitsAnswer422AtSave saves integrations and macros whose
// templates go past a limit, on create and on update: each is a 422 naming
// the field and the limit, and nothing changes.
func TestTemplateLimitsAnswer422AtSave(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		for _, tt := range []struct {
			name, field, msg string
			http             map[string]any
		}{
			{"lipsum in the body", "http.body", "lipsum makes at most 100 paragraphs",
				map[string]any{"method": "POST", "body": `{"a": "{{ lipsum(1000000) }}"}`}},
			{"range in the body", "http.body", "range makes at most 10000 numbers",
				map[string]any{"method": "POST", "body": `{"a": "{% for i in range(100000000) %}x{% endfor %}"}`}},
			{"repetition in a header", "http.headers[0].value", "longer than 256 KiB",
				map[string]any{"headers": []map[string]any{{"key": "X-A", "value": "{{ 'a' * 300000000 }}"}}}},
			{"output of the url", "http.url", "larger than 8 KiB",
				map[string]any{"url": "https://x.io/{% for i in range(100) %}{{ 'x' * 100 }}{% endfor %}"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				raw := e.want(422, e.admin, "POST", "/api/integrations", integrationInput("bad", tt.http), nil)
				if !strings.Contains(raw, `"field":"`+tt.field+`"`) || !strings.Contains(raw, tt.msg) {
					t.Fatalf("create answer = %s, want field %s and %q", raw, tt.field, tt.msg)
				}
			})
		}
		var it integrationBody
		e.want(201, e.admin, "POST", "/api/integrations", integrationInput("good", map[string]any{"method": "POST", "body": `{"a": 1}`}), &it)
		path := fmt.Sprintf("/api/integrations/%d", it.ID)
		raw := e.want(422, e.admin, "PUT", path, integrationInput("good", map[string]any{"method": "POST",
			"body": `{"a": "{{ 'x' * 200000 }}{{ 'y' * 100000 }}"}`}), nil)
		if !strings.Contains(raw, `"field":"http.body"`) || !strings.Contains(raw, "larger than 256 KiB") {
			t.Fatalf("update answer = %s, want http.body and the output limit", raw)
		}
		var got integrationBody
		e.want(200, e.admin, "GET", path, nil, &got)
		if got.HTTP.Body != `{"a": 1}` {
			t.Fatalf("a refused update changed the body to %q", got.HTTP.Body)
		}

		raw = e.want(422, e.admin, "POST", "/api/widgets", map[string]any{"integration_id": it.ID, "template": map[string]any{
			"type": "wrapper", "title": "W", "widgets": []map[string]any{{"type": "card",
				"title": "{% for i in range(100) %}{{ 'x' * 100 }}{% endfor %}"}}}}, nil)
		if !strings.Contains(raw, `"field":"template.widgets[0].title"`) || !strings.Contains(raw, "larger than 8 KiB") {
			t.Fatalf("widget answer = %s, want template.widgets[0].title and the output limit", raw)
		}

		raw = e.want(422, e.admin, "POST", "/api/macros", map[string]any{"name": "m",
			"actions": []map[string]any{{"type": "reply", "body_text": "{{ 'a' * 300000000 }}"}}}, nil)
		if !strings.Contains(raw, `"field":"actions[0].body_text"`) || !strings.Contains(raw, "longer than 256 KiB") {
			t.Fatalf("macro answer = %s, want actions[0].body_text and the size limit", raw)
		}
	})
}
