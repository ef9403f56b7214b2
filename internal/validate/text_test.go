package validate

import "testing"

func TestJSONText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, field string // field "-" means accepted
	}{
		{"plain", `{"name": "Ann", "tags": ["a", "b"], "n": 1, "ok": true, "x": null}`, "-"},
		{"unicode and pairs", `{"name": "Zoë \ud83d\ude00 ☃"}`, "-"},
		{"replacement character written out", "{\"name\": \"a\uFFFDb\"}", "-"},
		{"replacement character escaped", `{"name": "a\uFFFDb\ufffd"}`, "-"},
		{"escaped backslash before u0000", `{"name": "a\\u0000"}`, "-"},
		{"NUL at top", `{"name": "a\u0000b"}`, "name"},
		{"NUL in header value", `{"http": {"url": "https://x", "headers": [{"key": "A", "value": "ok"}, {"key": "B", "value": "\u0000"}]}}`, "http.headers[1].value"},
		{"NUL after nested values", `{"a": {"b": [1, {"c": 2}], "d": [[], {}]}, "e": ["x", "y\u0000"]}`, "e[1]"},
		{"NUL in a key", `{"custom_fields": {"pl\u0000an": "gold"}}`, `custom_fields.pl\u0000an`},
		{"invalid UTF-8 in a value", "{\"name\": \"a\xffb\"}", "name"},
		{"invalid UTF-8 in a key", "{\"data\": {\"k\xc3\": 1}}", "data.k\uFFFD"},
		{"lone surrogate", `{"messages": [{"body_text": "x\ud800y"}]}`, "messages[0].body_text"},
		{"top-level string", `"\u0000"`, ""},
		{"malformed JSON is the decoder's", `{"name": "\u0000`, "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := JSONText([]byte(tt.in))
			if tt.field == "-" {
				if err != nil {
					t.Fatalf("JSONText(%s) = %v; want accepted", tt.in, err)
				}
				return
			}
			v, ok := As(err)
			if !ok || v.Field != tt.field {
				t.Fatalf("JSONText(%s) = %v; want an error naming %q", tt.in, err, tt.field)
			}
		})
	}
}

func TestText(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "plain", "Zoë ☃"} {
		if err := Text("f", s); err != nil {
			t.Errorf("Text(%q) = %v", s, err)
		}
	}
	for _, s := range []string{"a\x00", "\xff", "ok\xe2\x82"} {
		if v, ok := As(Text("f", s)); !ok || v.Field != "f" {
			t.Errorf("Text(%q) = %v; want an error naming f", s, v)
		}
	}
}
