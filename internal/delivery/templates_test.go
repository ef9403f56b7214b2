package delivery_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The values a customer may type that break naive templating: an email with
// "+", "&" and "@", a name with a quote, a backslash and a newline, a message
// that tries to start a header of its own.
const (
	trickyEmail   = "a+b&c@x.io"
	trickyName    = "Jo \"the \\ boss\"\nSmith"
	trickyMessage = "second\r\nX-Injected: yes"
)

// jsonBody is a JSON body template using every form of the syntax the
// helpdesk we follow documents, plus Jinja's.
const jsonBody = `{"name": "{{ticket.customer.name}}", "name_raw": {{ticket.customer.name}},
 "last": "{{ticket.messages[-1]['body_text']}}", "first": "{{ticket.first_message.body_text}}",
 "id": {{ticket.id}}, "score": {{ticket.customer.data.score}}, "score_text": "{{ticket.customer.data.score}}",
 "ratio": {{ticket.customer.data.ratio}}, "missing": "{{ticket.customer.phone}}", "missing_raw": {{ticket.customer.phone}},
 "fallback": "{{ticket.customer.phone|fallback("none")}}", "year": "{{ticket.created_datetime|datetime_format("YYYY")}}",
 "tags": {{ticket.tags|tojson}}, "lower": "{{ticket.customer.email|upper|lower}}",
 "loop": "{% for m in ticket.messages %}{{loop.index}},{% endfor %}",
 "cond": "{% if ticket.status == "open" %}yes{% else %}no{% endif %}"}`

func TestTemplatesReachTheReceiverIntact(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		rc := newReceiver(t, status(204, ""))
		created := []string{"ticket-created"}
		e.createIntegration("url", map[string]any{"method": "GET", "triggers": created,
			"url": rc.URL + "/url/{{ticket.customer.email}}?email={{ticket.customer.email}}&missing={{ticket.customer.nope.deeper}}&up={{ticket.customer.email|upper}}"})
		e.createIntegration("json", map[string]any{"method": "POST", "url": rc.URL + "/json", "triggers": created, "body": jsonBody,
			"headers": []map[string]any{{"key": "X-Score", "value": "{{ticket.customer.data.score}}"},
				{"key": "X-Last", "value": "{{ticket.messages[-1].body_text}}"}, {"key": "X-Name", "value": "{{ticket.customer.name}}"}}})
		e.createIntegration("form", map[string]any{"method": "PUT", "url": rc.URL + "/form", "triggers": created,
			"request_content_type": "application/x-www-form-urlencoded",
			"form": []map[string]any{{"key": "email", "value": "{{ticket.customer.email}}"}, {"key": "name", "value": "{{ticket.customer.name}}"},
				{"key": "score", "value": "{{ticket.customer.data.score}}"}, {"key": "missing", "value": "{{ticket.nothing}}"}}})
		e.createIntegration("context", map[string]any{"method": "POST", "url": rc.URL + "/context", "body": "{{context}}",
			"triggers": []string{"ticket-created", "ticket-message-created"}})
		e.createIntegration("delete", map[string]any{"method": "DELETE", "url": rc.URL + "/delete/{{ticket.id}}", "triggers": created})

		var cust struct{ ID int64 }
		e.want(201, "POST", "/api/customers", map[string]any{"email": trickyEmail, "name": trickyName,
			"data": map[string]any{"score": 42, "ratio": 0.5}}, &cust)
		tk := e.createTicket(trickyEmail, "", "first message", trickyMessage)
		hits := rc.waitHits(t, 5)
		byPath := map[string]hit{}
		for _, h := range hits {
			byPath[strings.SplitN(h.Path, "/", 3)[1]] = h
		}

		t.Run("url", func(t *testing.T) {
			h := byPath["url"]
			if h.Path != "/url/"+trickyEmail {
				t.Errorf("path = %q, want the email as one segment", h.Path)
			}
			want := url.Values{"email": {trickyEmail}, "missing": {""}, "up": {strings.ToUpper(trickyEmail)}}
			if fmt.Sprint(url.Values(h.Query)) != fmt.Sprint(want) {
				t.Errorf("query = %v, want %v", h.Query, want)
			}
		})
		t.Run("json", func(t *testing.T) {
			h := byPath["json"]
			var got map[string]any
			if err := json.Unmarshal(h.Body, &got); err != nil {
				t.Fatalf("body is not JSON: %v\n%s", err, h.Body)
			}
			want := map[string]any{"name": trickyName, "name_raw": trickyName, "last": trickyMessage, "first": "first message",
				"id": float64(tk.ID), "score": float64(42), "score_text": "42", "ratio": 0.5, "missing": "", "missing_raw": nil,
				"fallback": "none", "year": strconv.Itoa(time.Now().UTC().Year()), "tags": []any{}, "lower": trickyEmail,
				"loop": "1,2,", "cond": "yes"}
			for k, v := range want {
				if fmt.Sprintf("%#v", got[k]) != fmt.Sprintf("%#v", v) {
					t.Errorf("%s = %#v, want %#v", k, got[k], v)
				}
			}
			if !strings.Contains(string(h.Body), `"score": 42,`) || strings.Contains(string(h.Body), "42.0") {
				t.Errorf("a whole number is not printed as 42: %s", h.Body)
			}
			if h.Header.Get("Content-Type") != "application/json" {
				t.Errorf("Content-Type = %q", h.Header.Get("Content-Type"))
			}
			if h.Header.Get("X-Score") != "42" {
				t.Errorf("X-Score = %q, want 42", h.Header.Get("X-Score"))
			}
			if v := h.Header.Values("X-Injected"); len(v) != 0 {
				t.Errorf("a message value started a header of its own: X-Injected %q", v)
			}
			for _, k := range []string{"X-Last", "X-Name"} {
				if v := h.Header.Get(k); strings.ContainsAny(v, "\r\n") || v == "" {
					t.Errorf("%s = %q: must be one non-empty line", k, v)
				}
			}
			if !strings.Contains(h.Header.Get("X-Last"), "X-Injected: yes") {
				t.Errorf("X-Last = %q, want the message kept on one line", h.Header.Get("X-Last"))
			}
		})
		t.Run("form", func(t *testing.T) {
			h := byPath["form"]
			if h.Method != http.MethodPut || h.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
				t.Errorf("method %s, Content-Type %q", h.Method, h.Header.Get("Content-Type"))
			}
			got, err := url.ParseQuery(string(h.Body))
			if err != nil {
				t.Fatalf("form body %q: %v", h.Body, err)
			}
			want := url.Values{"email": {trickyEmail}, "name": {trickyName}, "score": {"42"}, "missing": {""}}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("form = %v, want %v", got, want)
			}
		})
		t.Run("delete without a body", func(t *testing.T) {
			h := byPath["delete"]
			if h.Method != http.MethodDelete || h.Path != fmt.Sprintf("/delete/%d", tk.ID) || len(h.Body) != 0 {
				t.Errorf("%s %s with body %q", h.Method, h.Path, h.Body)
			}
		})
		t.Run("context", func(t *testing.T) {
			var got struct {
				Ticket struct {
					ID       int64 `json:"id"`
					Customer struct {
						Email string `json:"email"`
						Name  string `json:"name"`
					} `json:"customer"`
					Messages []any `json:"messages"`
				} `json:"ticket"`
				Message *struct{} `json:"message"`
			}
			if err := json.Unmarshal(byPath["context"].Body, &got); err != nil {
				t.Fatalf("{{context}} body is not JSON: %v\n%s", err, byPath["context"].Body)
			}
			if got.Ticket.ID != tk.ID || got.Ticket.Customer.Email != trickyEmail || got.Ticket.Customer.Name != trickyName ||
				len(got.Ticket.Messages) != 2 || got.Message != nil {
				t.Errorf("context = %s", byPath["context"].Body)
			}
		})

		// A message event adds "message" to the context.
		e.want(201, "POST", fmt.Sprintf("/api/tickets/%d/messages", tk.ID), map[string]any{"body_text": "third"}, nil)
		h := rc.waitHits(t, 6)[5]
		var got struct {
			Ticket  struct{ ID int64 } `json:"ticket"`
			Message struct {
				BodyText string `json:"body_text"`
			} `json:"message"`
		}
		if err := json.Unmarshal(h.Body, &got); err != nil || h.Path != "/context" || got.Ticket.ID != tk.ID || got.Message.BodyText != "third" {
			t.Errorf("context of a message event (%s, %v) = %s", h.Path, err, h.Body)
		}
	})
}
