package fetched

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestForm(t *testing.T) {
	t.Parallel()
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	keys := func(n int) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`"k` + strings.Repeat("x", i%3) + `":{}`)
		}
		return b.String() + "}"
	}
	l := Defaults()
	tests := []struct {
		name, body, want, reason string
	}{
		{"object keeps key order", `{"plan": "gold", "a": 1}`, `{"plan": "gold", "a": 1,"__integration_type__":"http"}`, ""},
		{"empty object", ` { } `, `{"__integration_type__":"http"}`, ""},
		{"own type kept", `{"__integration_type__": "x"}`, `{"__integration_type__": "x"}`, ""},
		{"array wrapped", `[1, 2]`, `{"data":[1, 2],"__integration_type__":"http"}`, ""},
		{"64 levels", deep(64), `{"data":` + deep(64) + `,"__integration_type__":"http"}`, ""},
		{"65 levels", deep(65), "", "answer nested deeper than 64 levels; not stored"},
		{"10 000-deep array", deep(10000), "", "answer nested deeper than 64 levels; not stored"},
		{"brackets inside strings do not nest", `{"a": "` + deep(100) + `\"{"}`, `{"a": "` + deep(100) + `\"{","__integration_type__":"http"}`, ""},
		{"10 000 keys", keys(10000), keys(10000)[:len(keys(10000))-1] + `,"__integration_type__":"http"}`, ""},
		{"10 001 keys", keys(10001), "", "answer has more than 10000 keys; not stored"},
		{"colons in strings are not keys", `["` + strings.Repeat(":", 20000) + `"]`, `{"data":["` + strings.Repeat(":", 20000) + `"],"__integration_type__":"http"}`, ""},
		{"too large", `"` + strings.Repeat("z", 1<<20) + `"`, "", "answer larger than 1 MiB; not stored"},
		{"number out of range", `{"n": [1, -2.5e400]}`, "", "answer holds a number out of range (-2.5e400); not stored"},
		{"tiny number is zero", `{"n": 1e-400}`, `{"n": 1e-400,"__integration_type__":"http"}`, ""},
		{"scalar", `42`, "", ""},
		{"text", `ok`, "", ""},
		{"broken JSON", `{"a": `, "", ""},
		{"empty", ``, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data, reason := Form([]byte(tt.body), l)
			if string(data) != tt.want || reason != tt.reason {
				t.Fatalf("Form = %.200q, %q; want %.200q, %q", data, reason, tt.want, tt.reason)
			}
			if data != nil {
				if err := Check(data, l); err != nil {
					t.Fatalf("the stored form fails its own check: %v", err)
				}
			}
		})
	}
}

func TestCheckRefusesWhatCannotBeShown(t *testing.T) {
	t.Parallel()
	l := Defaults()
	tests := []struct{ name, data, want string }{
		{"wrapper past encoding/json's depth", `{"data":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`, "nested deeper than 64 levels"},
		{"not JSON", `{"a": `, "not a JSON object"},
		{"array", `[1]`, "not a JSON object"},
		{"number out of range", `{"a": 1` + strings.Repeat("0", 400) + `}`, "number out of range"},
		{"too many keys", `{` + strings.Repeat(`"a":1,`, 10005) + `"b":2}`, "more than 10000 keys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Check([]byte(tt.data), l)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Check = %v, want %q", err, tt.want)
			}
		})
	}
	if err := Check([]byte(`{"a": {"b": [1, {"c": null}]}}`), l); err != nil {
		t.Fatalf("ordinary data refused: %v", err)
	}
}

// FuzzForm follows an answer through the fetched-data path: the limits, the
// stored form, the check on reading, and encoding it as the API and template
// contexts do. Whatever the answer, nothing panics, and what is stored can
// always be shown.
func FuzzForm(f *testing.F) {
	for _, s := range []string{`{"plan": "gold", "orders": [{"id": 7}]}`, `[{"id": 1}, {"id": 2}]`, `{}`, `[]`, `42`, `"x"`,
		`{"__integration_type__": "x"}`, `{"a": "\"}{[\\"}`, strings.Repeat("[", 70) + strings.Repeat("]", 70), `{"a":1,"a":2}`,
		" \t\n{\"a\": [1e400]}\n", `{"a": "\u0000\ud800"}`, `{"n": 1e400}`, `[-1e-400, 1E+308]`, `[[[[[[[[[[]]]]]]]]]]`, `{"a": {"b": {"c": {}}}}`} {
		f.Add([]byte(s))
	}
	l := Limits{Bytes: 1 << 16, Depth: 8, Keys: 50}
	f.Fuzz(func(t *testing.T, body []byte) {
		data, reason := Form(body, l)
		if data == nil {
			if reason != "" && !strings.HasSuffix(reason, "; not stored") {
				t.Fatalf("reason %q does not say the answer was not stored", reason)
			}
			// Arbitrary bytes as stored data: what passes the read check
			// decodes as every template context does.
			if Check(body, l) == nil {
				var v any
				if err := json.Unmarshal(body, &v); err != nil {
					t.Fatalf("%q passes the read check but does not decode: %v", body, err)
				}
			}
			return
		}
		if reason != "" {
			t.Fatalf("stored %q but gave the reason %q", data, reason)
		}
		if err := Check(data, l); err != nil {
			t.Fatalf("stored form %q fails the read check: %v", data, err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("stored form %q does not decode: %v", data, err)
		}
		if _, ok := m["__integration_type__"]; !ok {
			t.Fatalf("stored form %q has no __integration_type__", data)
		}
		// Encoded as the customer's integrations map, as the API does.
		if _, err := json.Marshal(map[string]json.RawMessage{"1": data}); err != nil {
			t.Fatalf("stored form %q cannot be encoded: %v", data, err)
		}
	})
}
