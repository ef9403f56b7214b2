package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// problemsAnswer is the error answer with its list of every field error.
type problemsAnswer struct {
	Error struct {
		Code    string `json:"code"`
		Field   string `json:"field"`
		Message string `json:"message"`
		Errors  []struct {
			Field, Message string
		} `json:"errors"`
	} `json:"error"`
}

func TestIntegrationSaveNamesEveryErrorAtOnce(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		bad := map[string]any{"name": " ", "http": map[string]any{
			"url": "/relative", "method": "POST", "body": `{"a": 1,}`,
			"headers":  []map[string]any{{"key": "X Bad", "value": "v"}, {"key": "X-Ok", "value": "{{ }}"}},
			"oauth2":   map[string]any{"token_url": "", "client_id": "", "client_secret": ""},
			"triggers": []string{"ticket-status-updated", "ticket-created"}, "max_concurrency": -1,
		}}
		raw := e.want(422, e.admin, "POST", "/api/integrations", bad, nil)
		var a problemsAnswer
		if err := json.Unmarshal([]byte(raw), &a); err != nil {
			t.Fatal(err)
		}
		// In the order checked: the rules, then the body's trial rendering.
		want := []string{"name", "http.url", "http.headers[0].key", "http.headers[1].value",
			"http.oauth2.token_url", "http.oauth2.client_id", "http.oauth2.client_secret", "http.max_concurrency", "http.triggers", "http.body"}
		var got []string
		for _, p := range a.Error.Errors {
			got = append(got, p.Field)
			if !strings.HasPrefix(p.Message, p.Field+": ") {
				t.Errorf("message %q does not start with its field %s", p.Message, p.Field)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("errors on %v; want %v\n%s", got, want, raw)
		}
		// The first error is the answer's own field and message, as before.
		if a.Error.Code != "validation_failed" || a.Error.Field != "name" || a.Error.Message != a.Error.Errors[0].Message {
			t.Fatalf("answer = %s", raw)
		}

		// One error is a list of one.
		raw = e.want(422, e.admin, "POST", "/api/integrations", integrationInput("x", map[string]any{"url": "/x"}), nil)
		a = problemsAnswer{}
		_ = json.Unmarshal([]byte(raw), &a)
		if len(a.Error.Errors) != 1 || a.Error.Errors[0].Field != "http.url" || a.Error.Field != "http.url" {
			t.Fatalf("answer = %s", raw)
		}

		// PUT checks the whole input too, and stores nothing.
		var it integrationBody
		e.want(201, e.admin, "POST", "/api/integrations", integrationInput("Shop", nil), &it)
		raw = e.want(422, e.admin, "PUT", fmt.Sprintf("/api/integrations/%d", it.ID), bad, nil)
		a = problemsAnswer{}
		_ = json.Unmarshal([]byte(raw), &a)
		if len(a.Error.Errors) != len(want) {
			t.Fatalf("PUT answer = %s", raw)
		}
		var stored integrationBody
		e.want(200, e.admin, "GET", fmt.Sprintf("/api/integrations/%d", it.ID), nil, &stored)
		if stored.Name != "Shop" {
			t.Fatalf("a refused PUT changed the integration: %+v", stored)
		}
	})
}

// savedAnswer is a create or update answer with its warnings.
type savedAnswer struct {
	ID       int64 `json:"id"`
	Warnings []struct {
		Field, Message string
	} `json:"warnings"`
}

func TestIntegrationSaveWarnsOfUnknownVariables(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		in := integrationInput("Typo", map[string]any{
			"url":     "https://shop.example.com/orders?email={{ticket.customer.emial}}&plan={{ticket.customer.integrations[4].plan}}&m={{ticket.meta.anything}}",
			"method":  "POST",
			"body":    `{"who": "{{ticket.customer.name}}", "last": "{{ticket.last_message.bodytext}}", "data": "{{ticket.customer.data.x}}"}`,
			"headers": []map[string]any{{"key": "X-Agent", "value": "{{event.user_id}} {{current_user.name}}"}},
		})
		var saved savedAnswer
		raw := e.want(201, e.admin, "POST", "/api/integrations", in, &saved)
		var fields []string
		for _, w := range saved.Warnings {
			fields = append(fields, w.Field)
			if !strings.HasPrefix(w.Message, w.Field+": ") {
				t.Errorf("warning %q does not start with its field", w.Message)
			}
		}
		if fmt.Sprint(fields) != "[http.url http.headers[0].value http.body]" {
			t.Fatalf("warnings on %v; want the URL, the header and the body\n%s", fields, raw)
		}
		if !strings.Contains(saved.Warnings[0].Message, "{{ticket.customer.emial}}") || !strings.Contains(saved.Warnings[0].Message, "did you mean email?") ||
			!strings.Contains(saved.Warnings[2].Message, "ticket.last_message") {
			t.Fatalf("warnings = %s", raw)
		}

		// A preview carries them too.
		var tk struct {
			ID int64 `json:"id"`
		}
		e.want(201, e.admin, "POST", "/api/tickets", newTicket("jo@example.com", "Hi"), &tk)
		var p struct {
			Warnings []struct{ Field, Message string } `json:"warnings"`
		}
		e.want(200, e.admin, "POST", fmt.Sprintf("/api/integrations/%d/preview", saved.ID), map[string]any{"ticket_id": tk.ID}, &p)
		if len(p.Warnings) != 3 || p.Warnings[0].Message != saved.Warnings[0].Message {
			t.Fatalf("preview warnings = %+v; want the save's", p.Warnings)
		}

		// The answer can be sent back as it is; fixed, it has no warnings.
		var back map[string]any
		_ = json.Unmarshal([]byte(raw), &back)
		h := back["http"].(map[string]any)
		h["url"] = "https://shop.example.com/orders?email={{ticket.customer.email}}"
		h["body"] = `{"who": "{{ticket.customer.name}}"}`
		h["headers"] = []map[string]any{{"key": "X-Agent", "value": "{{event.user_id}}"}}
		id := saved.ID
		saved = savedAnswer{}
		raw = e.want(200, e.admin, "PUT", fmt.Sprintf("/api/integrations/%d", id), back, &saved)
		if saved.Warnings == nil || len(saved.Warnings) != 0 || !strings.Contains(raw, `"warnings":[]`) {
			t.Fatalf("PUT answer = %s; want no warnings, as an empty list", raw)
		}
	})
}

func TestMacroSaveWarnsOfUnknownVariables(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		in := map[string]any{"name": "Thanks", "actions": []map[string]any{
			{"type": "reply", "body_text": "Hi {{ticket.customer.firstname}}, {{current_user.frstname}} here. {{ticket.customer.integrations[3].plan}}"},
			{"type": "http_hook", "title": "Log", "url": "https://crm.example.com/log?who={{current_user.email}}&t={{ticket.subjct}}", "method": "GET"},
		}}
		var saved savedAnswer
		raw := e.want(201, e.admin, "POST", "/api/macros", in, &saved)
		if len(saved.Warnings) != 2 || saved.Warnings[0].Field != "actions[0].body_text" || saved.Warnings[1].Field != "actions[1].url" ||
			!strings.Contains(saved.Warnings[0].Message, "did you mean firstname?") || !strings.Contains(saved.Warnings[1].Message, "did you mean subject?") {
			t.Fatalf("answer = %s; want a warning on the reply and one on the hook's URL", raw)
		}
		// Sent back as it was answered, fixed: no warnings.
		var back map[string]any
		_ = json.Unmarshal([]byte(raw), &back)
		back["actions"] = []map[string]any{{"type": "reply", "body_text": "Hi {{ticket.customer.firstname}}"}}
		raw = e.want(200, e.admin, "PUT", fmt.Sprintf("/api/macros/%d", saved.ID), back, nil)
		if !strings.Contains(raw, `"warnings":[]`) {
			t.Fatalf("PUT answer = %s; want no warnings", raw)
		}
	})
}
