package widget

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestDefaultTemplate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data string
		want string // the wrapper's widgets
	}{
		{
			name: "key order kept",
			data: `{"zeta": "z", "alpha": "a", "mid": "m"}`,
			want: `[{"type":"text","path":"zeta","title":"Zeta"},{"type":"text","path":"alpha","title":"Alpha"},{"type":"text","path":"mid","title":"Mid"}]`,
		},
		{
			name: "guessed types",
			data: `{"birthday": "1990-05-17", "vip": false, "email": "ann@example.com", "site": "https://ann.example.com/p?q=1",
				"created_at": "2026-03-01T10:00:00Z", "plan": "gold", "visits": 12, "note": null, "renewal": "2026-04-01"}`,
			want: `[{"type":"age","path":"birthday","title":"Birthday"},{"type":"boolean","path":"vip","title":"VIP"},
				{"type":"email","path":"email","title":"Email"},{"type":"url","path":"site","title":"Site"},
				{"type":"date","path":"created_at","title":"Created at"},{"type":"text","path":"plan","title":"Plan"},
				{"type":"text","path":"visits","title":"Visits"},{"type":"text","path":"note","title":"Note"},
				{"type":"date","path":"renewal","title":"Renewal"}]`,
		},
		{
			name: "birth in a key means age only for a date",
			data: `{"dateOfBirth": "1990-05-17T00:00:00Z", "birth_place": "Paris", "birthdate": null}`,
			want: `[{"type":"age","path":"dateOfBirth","title":"Date of birth"},{"type":"text","path":"birth_place","title":"Birth place"},
				{"type":"age","path":"birthdate","title":"Birthdate"}]`,
		},
		{
			name: "strings that only look like a type",
			data: `{"a": "mailto:ann@example.com", "b": "ftp://files.example.com", "c": "2026-13-45", "d": "ann@example"}`,
			want: `[{"type":"text","path":"a","title":"A"},{"type":"text","path":"b","title":"B"},{"type":"text","path":"c","title":"C"},{"type":"text","path":"d","title":"D"}]`,
		},
		{
			name: "nested object becomes a card",
			data: `{"shipping_address": {"city": "Lyon", "zip": "69001", "geo": {"lat": 45.7}}}`,
			want: `[{"type":"card","path":"shipping_address","title":"Shipping address","widgets":[
				{"type":"text","path":"city","title":"City"},{"type":"text","path":"zip","title":"Zip"},
				{"type":"card","path":"geo","title":"Geo","widgets":[{"type":"text","path":"lat","title":"Lat"}]}]}]`,
		},
		{
			name: "array of objects becomes a list titled by name",
			data: `{"subscriptions": [{"id": 1, "name": "Pro", "active": true}, {"id": 2, "name": "Old"}]}`,
			want: `[{"type":"list","path":"subscriptions","title":"Subscriptions","meta":{"limit":3},"widgets":[
				{"type":"card","title":"{{name}}","widgets":[{"type":"text","path":"id","title":"ID"},
				{"type":"text","path":"name","title":"Name"},{"type":"boolean","path":"active","title":"Active"}]}]}]`,
		},
		{
			name: "list item titled by id, after a leading null",
			data: `{"orders": [null, {"id": 1001, "created_at": "2026-03-01"}]}`,
			want: `[{"type":"list","path":"orders","title":"Orders","meta":{"limit":3},"widgets":[
				{"type":"card","title":"{{id}}","widgets":[{"type":"text","path":"id","title":"ID"},{"type":"date","path":"created_at","title":"Created at"}]}]}]`,
		},
		{
			name: "list item without a title field is titled by the key",
			data: `{"line_items": [{"sku": "A1", "qty": 2}]}`,
			want: `[{"type":"list","path":"line_items","title":"Line items","meta":{"limit":3},"widgets":[
				{"type":"card","title":"Line items","widgets":[{"type":"text","path":"sku","title":"SKU"},{"type":"text","path":"qty","title":"Qty"}]}]}]`,
		},
		{
			name: "scalar and empty arrays become array fields",
			data: `{"tags": ["vip", "eu"], "scores": [1, 2], "none": []}`,
			want: `[{"type":"array","path":"tags","title":"Tags"},{"type":"array","path":"scores","title":"Scores"},{"type":"array","path":"none","title":"None"}]`,
		},
		{
			name: "private keys skipped at every level",
			data: `{"__integration_type__": "http", "_private": 1, "name": "Ann", "extra": {"_secret": "x", "ok": 1}, "only_private": {"_a": 1},
				"items": [{"_id": 1, "sku": "A"}]}`,
			want: `[{"type":"text","path":"name","title":"Name"},{"type":"card","path":"extra","title":"Extra","widgets":[{"type":"text","path":"ok","title":"Ok"}]},
				{"type":"list","path":"items","title":"Items","meta":{"limit":3},"widgets":[{"type":"card","title":"Items","widgets":[{"type":"text","path":"sku","title":"SKU"}]}]}]`,
		},
		{
			name: "keys a path cannot name skipped",
			data: `{"a.b": 1, "": 2, "{{x}}": {"y": 1}, "ok": 3}`,
			want: `[{"type":"card","path":"{{x}}","title":"((x))","widgets":[{"type":"text","path":"y","title":"Y"}]},{"type":"text","path":"ok","title":"Ok"}]`,
		},
		{name: "null data", data: `null`, want: `null`},
		{name: "no data", data: ``, want: `null`},
		{name: "empty object", data: `{}`, want: `null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root, err := DefaultTemplate("Shop", json.RawMessage(tt.data))
			if err != nil {
				t.Fatalf("DefaultTemplate() error = %v", err)
			}
			if root.Type != TypeWrapper || root.Title != "Shop" {
				t.Fatalf("root = %s %q, want a wrapper titled Shop", root.Type, root.Title)
			}
			if got, want := marshal(t, root.Widgets), compact(t, tt.want); got != want {
				t.Fatalf("widgets:\n got %s\nwant %s", got, want)
			}
			if err := Validate(root); err != nil {
				t.Fatalf("the default template does not pass Validate: %v", err)
			}
		})
	}
}

func TestDefaultTemplateRefusesNonObjects(t *testing.T) {
	t.Parallel()
	for _, data := range []string{`[1, 2]`, `"text"`, `{"a": 1`, `{"a": 1} {"b": 2}`} {
		if _, err := DefaultTemplate("Shop", json.RawMessage(data)); err == nil {
			t.Errorf("DefaultTemplate(%s) succeeded, want an error", data)
		}
	}
}

func TestDefaultTemplateStaysWithinLimits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data string
	}{
		{name: "deep objects", data: strings.Repeat(`{"a": `, 20) + `1` + strings.Repeat(`}`, 20)},
		{name: "deep lists", data: strings.Repeat(`{"a": [`, 10) + `{"b": 1}` + strings.Repeat(`]}`, 10)},
		{name: "many keys", data: manyKeys(2 * MaxNodes)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root, err := DefaultTemplate(strings.Repeat("long title ", 50), json.RawMessage(tt.data))
			if err != nil {
				t.Fatalf("DefaultTemplate() error = %v", err)
			}
			if err := Validate(root); err != nil {
				t.Fatalf("the default template does not pass Validate: %v", err)
			}
			if len(root.Widgets) == 0 {
				t.Fatal("the default template dropped everything")
			}
		})
	}
}

// manyKeys is an object with n keys holding small objects.
func manyKeys(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`"k%d": {"v": %d}`, i, i)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func TestHumanize(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"snake case", "shipping_address", "Shipping address"},
		{"camel case", "createdAt", "Created at"},
		{"kebab case", "first-name", "First name"},
		{"acronym", "order_id", "Order ID"},
		{"acronym first", "url", "URL"},
		{"upper case", "TOTAL_PRICE", "Total price"},
		{"digits", "line2", "Line2"},
		{"unicode", "état_civil", "État civil"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := humanize(tt.in); got != tt.want {
				t.Fatalf("humanize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
