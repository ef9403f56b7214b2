package tmpl

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// decodeSlow is what DecodeJSON must equal: encoding/json, then Normalize.
func decodeSlow(raw []byte) (any, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	return Normalize(v), nil
}

var decodeSeeds = []string{
	`{"id": 42, "subject": "Refund", "customer": {"id": 7, "email": "ann@example.com", "data": null}, "tags": []}`,
	`{"messages": [{"id": 1, "body_text": "a\nb \"quoted\" \u00e9 \ud83d\ude00"}, {"id": 2}], "score": 4.5, "big": 1e3}`,
	`{"n": -0, "f": 1.0, "huge": 12345678901234567890, "neg": -9007199254740993, "exp": 2.5e-3, "t": true, "x": false}`,
	`{"dup": 1, "dup": 2, "": "empty key", "nested": {"a": {"b": {"c": [1, [2, [3]]]}}}}`,
	`[1, "two", null, {"three": 3}]`,
	`"just a string"`,
	`  {"spaced" :  [ ] , "obj" : { } }  `,
}

func TestDecodeJSONMatchesEncodingJSON(t *testing.T) {
	for _, doc := range decodeSeeds {
		want, err := decodeSlow([]byte(doc))
		if err != nil {
			t.Fatalf("seed %s: %v", doc, err)
		}
		got, err := DecodeJSON([]byte(doc))
		if err != nil {
			t.Fatalf("DecodeJSON(%s): %v", doc, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("DecodeJSON(%s)\n got %#v\nwant %#v", doc, got, want)
		}
	}
	// Whole numbers print as integers in templates.
	got, _ := DecodeJSON([]byte(`{"id": 42, "f": 1.0, "half": 0.5}`))
	m := got.(map[string]any)
	if m["id"] != int64(42) || m["f"] != int64(1) || m["half"] != 0.5 {
		t.Errorf("numbers: %#v", m)
	}
}

func TestDecodeJSONRefusesBadJSON(t *testing.T) {
	for _, doc := range []string{``, `{`, `{"a": }`, `{"a": 1,}`, `[1 2]`, `{"a": 1} x`, "{\"a\": \"\x01\"}"} {
		if _, err := DecodeJSON([]byte(doc)); err == nil {
			t.Errorf("DecodeJSON(%q) accepted bad JSON", doc)
		}
	}
}

func TestBuildContextJSONMatchesBuildContext(t *testing.T) {
	ticket := `{"id": 9, "customer": {"id": 3, "email": "c@example.com"}, "assignee_user": null,
		"messages": [{"id": 1, "body_text": "hi"}, {"id": 2, "body_text": "bye"}]}`
	message := `{"id": 2, "body_text": "bye"}`
	changes := `{"status": {"previous": "open", "current": "closed"}}`
	event := map[string]any{"id": int64(5), "type": "ticket-message-created"}
	account := Account("https://support.example.com/")
	var in ContextInput
	for raw, out := range map[string]*map[string]any{ticket: &in.Ticket, message: &in.Message, changes: &in.Changes} {
		if err := json.Unmarshal([]byte(raw), out); err != nil {
			t.Fatal(err)
		}
	}
	in.Event, in.Account = event, account
	want := BuildContext(in)
	got, err := BuildContextJSON(ContextJSON{Ticket: []byte(ticket), Message: []byte(message), Changes: []byte(changes),
		Event: event, Account: account})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("BuildContextJSON\n got %#v\nwant %#v", got, want)
	}
	if _, err := BuildContextJSON(ContextJSON{Ticket: []byte(`[1]`)}); err == nil {
		t.Error("a ticket that is not an object was accepted")
	}
	if ctx, err := BuildContextJSON(ContextJSON{Ticket: []byte("null"), Message: nil}); err != nil || len(ctx) != 0 {
		t.Errorf("null and empty parts: %v, %v", ctx, err)
	}
}

// FuzzDecodeJSON checks DecodeJSON against encoding/json on any input: the
// same value when both accept it, and no panic.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, err := DecodeJSON(raw)
		want, werr := decodeSlow(raw)
		if err != nil || werr != nil {
			return // which bad inputs each refuses may differ (huge exponents); neither may panic
		}
		if !json.Valid(raw) {
			t.Fatalf("DecodeJSON accepted invalid JSON %q", raw)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("DecodeJSON(%q)\n got %#v\nwant %#v", raw, got, want)
		}
	})
}

func BenchmarkDecodeTicket(b *testing.B) {
	raw := []byte(decodeSeeds[0])
	b.Run("encoding-json+normalize", func(b *testing.B) {
		for b.Loop() {
			_, _ = decodeSlow(raw)
		}
	})
	b.Run("DecodeJSON", func(b *testing.B) {
		for b.Loop() {
			_, _ = DecodeJSON(raw)
		}
	})
}

// A deeply nested document (a ticket's meta may be as deep as the API's
// JSON decoder allows) decodes to the same value through the linear path.
func TestDecodeJSONDeep(t *testing.T) {
	for _, d := range []int{maxWalkDepth - 1, maxWalkDepth, maxWalkDepth + 1, 9999} {
		doc := `{"meta": ` + strings.Repeat(`[{"a": "]"}, `, d/2) + strings.Repeat("[", d-d/2) + `1.0` +
			strings.Repeat("]", d-d/2) + strings.Repeat("]", d/2) + `, "id": 4}`
		want, err := decodeSlow([]byte(doc))
		if err != nil {
			t.Fatalf("depth %d: %v", d, err)
		}
		got, err := DecodeJSON([]byte(doc))
		if err != nil {
			t.Fatalf("DecodeJSON at depth %d: %v", d, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("DecodeJSON at depth %d differs from encoding/json", d)
		}
	}
	for doc, want := range map[string]int{`{"a": "[[[[", "b": [1, {"c": "\"{"}]}`: 3, `[]`: 1, `"x"`: 0, `{"a": "\\"}`: 1} {
		if got := jsonNesting([]byte(doc)); got != want {
			t.Errorf("jsonNesting(%s) = %d, want %d", doc, got, want)
		}
	}
}

func BenchmarkDecodeDeep(b *testing.B) {
	raw := []byte(`{"meta": ` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}`)
	for b.Loop() {
		if _, err := DecodeJSON(raw); err != nil {
			b.Fatal(err)
		}
	}
}
