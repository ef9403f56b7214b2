package tmpl

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestRenderURL(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	ctx["ticket"].(map[string]any)["subject"] = "a/b c?d#e"
	tests := []struct {
		name      string
		src       string
		wantPath  string
		wantQuery map[string]string
	}{
		{
			name:      "email is one query value",
			src:       "https://x.io/api?email={{ticket.customer.email}}&id={{ticket.id}}",
			wantPath:  "/api",
			wantQuery: map[string]string{"email": "a+b&c@x.io", "id": "42"},
		},
		{
			name:      "slash, space, question mark and hash stay in one segment",
			src:       "https://x.io/t/{{ticket.subject}}/x?s={{ticket.subject}}",
			wantPath:  "/t/a/b c?d#e/x",
			wantQuery: map[string]string{"s": "a/b c?d#e"},
		},
		{
			name:      "urlencode is not encoded twice",
			src:       "https://x.io/?email={{ticket.customer.email|urlencode}}",
			wantPath:  "/",
			wantQuery: map[string]string{"email": "a+b&c@x.io"},
		},
		{
			name:      "missing value is empty",
			src:       "https://x.io/?phone={{ticket.customer.phone}}",
			wantPath:  "/",
			wantQuery: map[string]string{"phone": ""},
		},
		{
			name:      "literal text is kept as written",
			src:       "https://x.io/a%20b?q=1+2&email={{ticket.customer.email}}",
			wantPath:  "/a b",
			wantQuery: map[string]string{"q": "1 2", "email": "a+b&c@x.io"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := render(t, tt.src, ctx, PlaceURL).Text
			u, err := url.Parse(got)
			if err != nil {
				t.Fatalf("url.Parse(%q): %v", got, err)
			}
			if u.Host != "x.io" || u.Path != tt.wantPath {
				t.Errorf("rendered %q: host %q path %q, want x.io %q", got, u.Host, u.Path, tt.wantPath)
			}
			q := u.Query()
			if len(q) != len(tt.wantQuery) {
				t.Errorf("rendered %q: query %v, want %v", got, q, tt.wantQuery)
			}
			for k, want := range tt.wantQuery {
				if q.Get(k) != want {
					t.Errorf("rendered %q: query %s = %q, want %q", got, k, q.Get(k), want)
				}
			}
		})
	}
}

func TestRenderJSON(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	name := ctx["ticket"].(map[string]any)["customer"].(map[string]any)["name"].(string)
	ctx["ticket"].(map[string]any)["note"] = "bell\a nul\x00 tab\t </script>"
	tests := []struct {
		name string
		src  string
		want map[string]any
	}{
		{name: "inside a string literal", src: `{"name": "{{ticket.customer.name}}"}`, want: map[string]any{"name": name}},
		{name: "inside a string with text around", src: `{"text": "Hi {{ticket.customer.name}}, #{{ticket.id}}"}`, want: map[string]any{"text": "Hi " + name + ", #42"}},
		{name: "control characters", src: `{"note": "{{ticket.note}}"}`, want: map[string]any{"note": "bell\a nul\x00 tab\t </script>"}},
		{name: "outside a string", src: `{"name": {{ticket.customer.name}}}`, want: map[string]any{"name": name}},
		{name: "tojson", src: `{"name": {{ticket.customer.name|tojson}}}`, want: map[string]any{"name": name}},
		{name: "number, bool, object", src: `{"id": {{ticket.id}}, "vip": {{ticket.customer.data.vip}}, "user": {{ticket.assignee_user}}}`,
			want: map[string]any{"id": 42.0, "vip": true, "user": map[string]any{"id": 3.0, "email": "agent@example.com", "name": "Ann Agent"}}},
		{name: "missing outside a string is null", src: `{"phone": {{ticket.customer.phone}}, "x": {{ticket.nope.x}}}`, want: map[string]any{"phone": nil, "x": nil}},
		{name: "missing inside a string is empty", src: `{"phone": "{{ticket.customer.phone}}"}`, want: map[string]any{"phone": ""}},
		{name: "false inline condition is null", src: `{"a": {{ ticket.id if ticket.nope }}}`, want: map[string]any{"a": nil}},
		{name: "escaped quote in literal text", src: `{"a": "say \"{{ticket.customer.firstname}}\"", "b": {{ticket.id}}}`, want: map[string]any{"a": `say "Jo"`, "b": 42.0}},
		{name: "loop builds an array", src: `[{% for m in ticket.messages %}{"id": {{m.id}}, "text": "{{m.body_text}}"}{% if not loop.last %},{% endif %}{% endfor %}]`,
			want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := render(t, tt.src, ctx, PlaceJSON).Text
			var decoded any
			if err := json.Unmarshal([]byte(got), &decoded); err != nil {
				t.Fatalf("rendered %q: %v", got, err)
			}
			if tt.want != nil && !jsonEqual(t, decoded, tt.want) {
				t.Errorf("rendered %q, decoded %v, want %v", got, decoded, tt.want)
			}
		})
	}
}

func TestRenderJSONKeepsU2028Escaped(t *testing.T) {
	t.Parallel()
	got := render(t, `{"name": "{{ticket.customer.name}}"}`, testContext(t), PlaceJSON).Text
	if strings.ContainsRune(got, '\u2028') || !strings.Contains(got, `\u2028`) {
		t.Errorf("U+2028 not escaped in %q", got)
	}
}

func TestRenderJSONInvalidLiteral(t *testing.T) {
	t.Parallel()
	for _, src := range []string{`{"a": 1,}`, `{"a": "{{ticket.id}}"} trailing`, ``} {
		_, err := mustParse(t, src).Render(testContext(t), PlaceJSON)
		if !errors.Is(err, ErrInvalidJSON) {
			t.Errorf("Render(%q) error = %v, want ErrInvalidJSON", src, err)
		}
	}
}

func TestRenderHeader(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	ctx["ticket"].(map[string]any)["evil"] = "x\r\nX-Injected: 1\nSet-Cookie: a=b\x00"
	tests := []struct {
		name string
		src  string
		want string
	}{
		{name: "CR and LF in a value", src: "Bearer {{ticket.evil}}", want: "Bearer x  X-Injected: 1 Set-Cookie: a=b"},
		{name: "newline in the literal text", src: "a\n{% if true %}\r\nb{% endif %}", want: "a  b"},
		{name: "tab stays", src: "a\t{{ticket.id}}", want: "a\t42"},
		{name: "name with a newline", src: "{{ticket.customer.firstname}} {{ticket.customer.name}}", want: `Jo Jo "the boss" O'Brien \ line next` + "\u2028end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := render(t, tt.src, ctx, PlaceHeader).Text
			if got != tt.want {
				t.Errorf("Render(%q) = %q, want %q", tt.src, got, tt.want)
			}
			if strings.ContainsAny(got, "\r\n\x00") {
				t.Errorf("Render(%q) = %q keeps a control character", tt.src, got)
			}
		})
	}
}

// TestRenderForm checks the contract with the caller: a form value renders
// raw and url.Values encodes it exactly once.
func TestRenderForm(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	form := url.Values{}
	for key, src := range map[string]string{"email": "{{ticket.customer.email}}", "name": "{{ticket.customer.name}}", "id": "{{ticket.id}}"} {
		form.Set(key, render(t, src, ctx, PlaceForm).Text)
	}
	back, err := url.ParseQuery(form.Encode())
	if err != nil {
		t.Fatal(err)
	}
	customer := ctx["ticket"].(map[string]any)["customer"].(map[string]any)
	if back.Get("email") != "a+b&c@x.io" || back.Get("name") != customer["name"] || back.Get("id") != "42" {
		t.Errorf("form round trip = %v", back)
	}
}

func TestRenderWholeContext(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	tests := []struct {
		name  string
		src   string
		place Place
	}{
		{name: "exact", src: "{{context}}", place: PlaceJSON},
		{name: "with spaces", src: "  {{ context }}\n", place: PlaceJSON},
		{name: "as text", src: "{{context}}", place: PlaceText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := render(t, tt.src, ctx, tt.place).Text
			var decoded map[string]any
			if err := json.Unmarshal([]byte(got), &decoded); err != nil {
				t.Fatalf("rendered %q: %v", got, err)
			}
			if !jsonEqual(t, decoded, ctx) {
				t.Errorf("rendered %s, want the whole context", got)
			}
			if _, ok := decoded["message"]; !ok {
				t.Error(`no "message" in the context of a message event`)
			}
		})
	}
}

func TestEscapeHelpers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  string
		want string
	}{
		{name: "url component", got: urlComponent("a+b&c@x.io/é ~"), want: "a%2Bb%26c%40x.io%2F%C3%A9%20~"},
		{name: "json string content", got: jsonStringContent("\"\\\n\r\t\x01\u2029"), want: `\"\\\n\r\t\u0001\u2029`},
		{name: "json value number", got: jsonValue("42"), want: "42"},
		{name: "json value text", got: jsonValue("Jo"), want: `"Jo"`},
		{name: "json value empty", got: jsonValue(" "), want: "null"},
		{name: "header", got: headerValue("a\r\nb\x7fc\td"), want: "a  b c\td"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}
