package tmpl

import (
	"slices"
	"testing"
)

// shopifyTicket is a ticket whose customer has data from a shop integration
// (id 123) shaped as the hosted helpdesk stores Shopify's: metafields are a
// list of {namespace, key, value, type} objects, not an object by key.
const shopifyTicket = `{
  "id": 42,
  "customer": {
    "id": 7,
    "email": "ann@example.com",
    "integrations": {"123": {
      "__integration_type__": "http",
      "customer": {
        "id": 5550001,
        "email": "ann@example.com",
        "metafields": [
          {"id": 1, "namespace": "loyalty", "key": "loyalty_points", "value": 1250, "type": "number_integer"},
          {"id": 2, "namespace": "loyalty", "key": "tier", "value": "Gold & \"Plus\"", "type": "single_line_text_field"},
          {"id": 3, "namespace": "custom", "key": "birthday", "value": "1990-03-10", "type": "date"},
          {"id": 4, "namespace": "custom", "key": "notes", "value": "", "type": "multi_line_text_field"},
          {"id": 5, "namespace": "custom", "key": "loyalty_points", "value": 1, "type": "number_integer"}
        ]
      },
      "orders": [
        {"id": 1002, "name": "#1002", "metafields": [{"key": "tracking_number", "value": "1Z 999/AA"}]},
        {"id": 1001, "name": "#1001", "metafields": []}
      ],
      "draft_orders": [{"id": 9, "metafields": [{"key": "discount_code", "value": "SPRING10"}]}]
    }}
  }
}`

func shopifyContext(t testing.TB) map[string]any {
	t.Helper()
	return BuildContext(ContextInput{Ticket: decode(t, shopifyTicket)})
}

func TestKeyedLookup(t *testing.T) {
	t.Parallel()
	ctx := shopifyContext(t)
	// The first three are the variables the hosted product's metafield
	// picker inserts into macros, copied as it writes them.
	tests := []struct {
		name  string
		src   string
		place Place
		want  string
	}{
		{name: "customer metafield", src: "{{ticket.customer.integrations[123].customer.metafields.loyalty_points.value}}", want: "1250"},
		{name: "order metafield", src: "{{ticket.customer.integrations[123].orders[0].metafields.tracking_number.value}}", want: "1Z 999/AA"},
		{name: "draft order metafield", src: "{{ticket.customer.integrations[123].draft_orders[0].metafields.discount_code.value}}", want: "SPRING10"},
		{name: "first item with the key wins", src: "{{ticket.customer.integrations[123].customer.metafields.loyalty_points.namespace}}", want: "loyalty"},
		{name: "quoted key", src: "{{ticket.customer.integrations[123].customer.metafields['tier'].value}}", want: `Gold & "Plus"`},
		{name: "double quoted key", src: `{{ticket.customer.integrations[123].customer.metafields["birthday"]["value"]}}`, want: "1990-03-10"},
		{name: "after a negative index", src: "{{ticket.customer.integrations[123].orders[-2].metafields.tracking_number.value}}", want: "1Z 999/AA"},
		{name: "computed key", src: `{% set k = "tier" %}{{ticket.customer.integrations[123].customer.metafields[k].type}}`, want: "single_line_text_field"},
		{name: "index still counts", src: "{{ticket.customer.integrations[123].customer.metafields[1].key}} {{ticket.customer.integrations[123].customer.metafields.2.key}}", want: "tier birthday"},
		{name: "the item prints as JSON", src: "{{ticket.customer.integrations[123].draft_orders[0].metafields.discount_code}}", want: `{"key":"discount_code","value":"SPRING10"}`},
		{name: "with a filter", src: `{{ticket.customer.integrations[123].customer.metafields.birthday.value|datetime_format("MMMM D")}}`, want: "March 10"},
		{name: "missing key is empty", src: "[{{ticket.customer.integrations[123].customer.metafields.vip.value}}]", want: "[]"},
		{name: "missing key in an empty list", src: "[{{ticket.customer.integrations[123].orders[1].metafields.tracking_number.value}}]", want: "[]"},
		{name: "fallback on missing key", src: `{{ticket.customer.integrations[123].customer.metafields.vip.value|fallback("no")}}`, want: "no"},
		{name: "fallback on empty value", src: `{{ticket.customer.integrations[123].customer.metafields.notes.value|fallback("none")}}`, want: "none"},
		{name: "condition", src: "{% if ticket.customer.integrations[123].customer.metafields.loyalty_points.value > 1000 %}VIP{% endif %}", want: "VIP"},
		{name: "loop items keep their fields", src: "{% for m in ticket.customer.integrations[123].customer.metafields %}{{m.key}};{% endfor %}", want: "loyalty_points;tier;birthday;notes;loyalty_points;"},
		{name: "other fields are not keys", src: "[{{ticket.customer.integrations[123].customer.metafields.loyalty.value}}][{{ticket.customer.integrations[123].customer.metafields.number_integer.value}}]", want: "[][]"},
		{name: "url", place: PlaceURL, src: "https://track.example.com/{{ticket.customer.integrations[123].orders[0].metafields.tracking_number.value}}?tier={{ticket.customer.integrations[123].customer.metafields.tier.value}}",
			want: "https://track.example.com/1Z%20999%2FAA?tier=Gold%20%26%20%22Plus%22"},
		{name: "json body", place: PlaceJSON, src: `{"points": {{ticket.customer.integrations[123].customer.metafields.loyalty_points.value}}, "tier": "{{ticket.customer.integrations[123].customer.metafields.tier.value}}", "vip": {{ticket.customer.integrations[123].customer.metafields.vip.value}}}`,
			want: `{"points": 1250, "tier": "Gold & \"Plus\"", "vip": null}`},
		{name: "header", place: PlaceHeader, src: "Points {{ticket.customer.integrations[123].customer.metafields.loyalty_points.value}}", want: "Points 1250"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := render(t, tt.src, ctx, tt.place).Text; got != tt.want {
				t.Errorf("Render(%q, %s) = %q, want %q", tt.src, tt.place, got, tt.want)
			}
		})
	}
}

func TestKeyedLookupListsEmptyVariables(t *testing.T) {
	t.Parallel()
	src := "{{ticket.customer.integrations[123].customer.metafields.vip.value}}{{ticket.customer.integrations[123].customer.metafields['notes'].value}}"
	got := render(t, src, shopifyContext(t), PlaceText).Empty
	want := []string{
		"ticket.customer.integrations[123].customer.metafields.vip.value",
		"ticket.customer.integrations[123].customer.metafields['notes'].value",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("Empty = %q, want %q", got, want)
	}
}

func TestKeyedItem(t *testing.T) {
	t.Parallel()
	list := []any{"text", 3, nil, map[string]any{"key": 7, "n": 9}, map[string]any{"name": "a", "n": 8}, map[string]any{"key": "a", "n": 1}, map[string]any{"key": "a", "n": 2}}
	tests := []struct {
		name string
		key  string
		want any
	}{
		{name: "first match", key: "a", want: int(1)},
		{name: "numbers are not matched as text", key: "7", want: nil},
		{name: "no match", key: "b", want: nil},
		{name: "empty name", key: "", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := KeyedItem(list, tt.key)
			var n any
			if m, ok := got.(map[string]any); ok {
				n = m["n"]
			}
			if n != tt.want {
				t.Fatalf("KeyedItem(%q) = %v, want the item with n=%v", tt.key, got, tt.want)
			}
		})
	}
}
