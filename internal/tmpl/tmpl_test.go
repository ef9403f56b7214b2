package tmpl

import (
	"slices"
	"sync"
	"testing"
)

func TestRenderText(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	tests := []struct {
		name string
		src  string
		want string
	}{
		{name: "dotted path", src: "{{ticket.customer.email}}", want: "a+b&c@x.io"},
		{name: "negative index", src: "{{ticket.messages[-1].body_text}}", want: "second message"},
		{name: "negative index reaching the first item", src: "{{ticket.messages[-2].id}}", want: "100"},
		{name: "quoted key", src: "{{ticket.messages[-1]['body_html']}}", want: "<p>second</p>"},
		{name: "double quoted key", src: `{{ticket["subject"]}}`, want: "Refund for order #1001"},
		{name: "numeric key on string-keyed map", src: "{{ticket.customer.integrations[12].plan}}", want: "gold"},
		{name: "numeric key after a dot", src: "{{ticket.customer.integrations.12.orders[-1].id}}", want: "1002"},
		{name: "whole number is not 42.0", src: "{{ticket.id}} {{ticket.customer.integrations[12].orders[0].total}}", want: "42 30"},
		{name: "fraction keeps its digits", src: "{{ticket.customer.data.score}} {{ticket.customer.integrations[12].orders[1].total}}", want: "9.5 12.5"},
		{name: "arithmetic on whole numbers", src: "{{ticket.id / 2}} {{ticket.id + 1}}", want: "21 43"},
		{name: "concatenation uses 42", src: `{{ "#" ~ ticket.id }}`, want: "#42"},
		{name: "booleans are lowercase", src: "{{ticket.customer.data.vip}} {{ticket.messages[0].from_agent}}", want: "true false"},
		{name: "object prints as JSON", src: "{{ticket.assignee_user}}", want: `{"email":"agent@example.com","id":3,"name":"Ann Agent"}`},
		{name: "array prints as JSON", src: "{{ticket.tags}}", want: `[{"name":"vip"},{"name":"refund"}]`},
		{name: "null prints empty", src: "[{{ticket.assignee_team}}]", want: "[]"},
		{name: "missing chain is empty", src: "[{{ticket.nope.x.y}}]", want: "[]"},
		{name: "chain through null is empty", src: "[{{ticket.assignee_team.name}}]", want: "[]"},
		{name: "missing root is empty", src: "[{{nope}}][{{nope.a[0]}}]", want: "[][]"},
		{name: "index out of range is empty", src: "[{{ticket.messages[5].body_text}}][{{ticket.messages[-3].id}}]", want: "[][]"},
		{name: "method on missing value is empty", src: "[{{ticket.nope.upper()}}]", want: "[]"},
		{name: "method on a value", src: "{{ticket.customer.firstname.upper()}} {{ticket.customer.data.get('vip')}}", want: "JO true"},
		{name: "fallback on missing", src: `{{ticket.customer.phone|fallback("no phone")}}`, want: "no phone"},
		{name: "fallback on missing chain", src: `{{ticket.nope.x|fallback("n/a")}}`, want: "n/a"},
		{name: "fallback on empty string", src: `{{ticket.customer.lastname|fallback("Customer")}}`, want: "Customer"},
		{name: "fallback keeps a value", src: `{{ticket.customer.firstname|fallback("there")}}`, want: "Jo"},
		{name: "default on missing chain", src: `{{ticket.nope.x|default("d")}}`, want: "d"},
		{name: "default boolean on empty string", src: `{{ticket.customer.lastname|default("d", true)}}`, want: "d"},
		{name: "lower and upper", src: "{{ticket.status|upper}} {{ticket.assignee_user.name|lower}}", want: "OPEN ann agent"},
		{name: "tojson", src: "{{ticket.customer.firstname|tojson}} {{ticket.id|tojson}}", want: `"Jo" 42`},
		{name: "urlencode", src: "{{ticket.customer.email|urlencode}}", want: "a%2Bb%26c%40x.io"},
		{name: "datetime_format", src: `{{ticket.created_datetime|datetime_format("MMM Do YY")}}`, want: "Mar 5th 24"},
		{name: "datetime_format on missing then fallback", src: `{{ticket.nope|datetime_format("YYYY")|fallback("never")}}`, want: "never"},
		{name: "if", src: "{% if ticket.customer.data.vip %}VIP{% else %}regular{% endif %}", want: "VIP"},
		{name: "if on missing", src: "{% if ticket.nope.x %}yes{% elif ticket.id == 42 %}42{% endif %}", want: "42"},
		{name: "for with loop variable", src: "{% for m in ticket.messages %}{{loop.index}}:{{m.id}}{% if not loop.last %},{% endif %}{% endfor %}", want: "1:100,2:101"},
		{name: "for over missing", src: "{% for m in ticket.nope %}x{% else %}none{% endfor %}", want: "none"},
		{name: "map and join", src: `{{ticket.tags|map(attribute="name")|join(",")}}`, want: "vip,refund"},
		{name: "computed index and key", src: `{% set i = -1 %}{% set k = "body_text" %}{{ticket.messages[i][k]}}`, want: "second message"},
		{name: "set", src: "{% set o = ticket.customer.integrations[12] %}{{o.plan}}", want: "gold"},
		{name: "inline condition", src: `{{ "vip" if ticket.customer.data.vip else "no" }}`, want: "vip"},
		{name: "aliases", src: "{{ticket.customer_id}} {{ticket.assignee_user_id}} {{ticket.first_message.id}} {{ticket.last_message.id}}", want: "7 3 100 101"},
		{name: "message and current user", src: "{{message.id}} {{current_user.name}}", want: "101 Ann Agent"},
		{name: "raw", src: "{% raw %}{{ticket.id}}{% endraw %}", want: "{{ticket.id}}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := render(t, tt.src, ctx, PlaceText).Text; got != tt.want {
				t.Errorf("Render(%q) = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestRenderListsEmptyVariables(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{name: "none", src: "{{ticket.id}} {{ticket.customer.email}}", want: nil},
		{name: "null value", src: "{{ticket.customer.phone}}", want: []string{"ticket.customer.phone"}},
		{name: "missing chain", src: "{{ticket.nope.x.y}}", want: []string{"ticket.nope.x.y"}},
		{name: "empty string", src: "{{ticket.customer.lastname}}", want: []string{"ticket.customer.lastname"}},
		{name: "items and indexes", src: "{{ticket.messages[-1]['nope']}}{{ticket.customer.integrations[12].nope}}",
			want: []string{"ticket.messages[-1]['nope']", "ticket.customer.integrations[12].nope"}},
		{name: "listed once", src: "{{nope}}{{nope}}", want: []string{"nope"}},
		{name: "not listed when fallback printed text", src: `{{ticket.customer.phone|fallback("x")}}`, want: nil},
		{name: "listed when the filter result is empty too", src: "{{ticket.customer.phone|lower}}", want: []string{"ticket.customer.phone"}},
		{name: "conditions are not listed", src: "{% if ticket.nope %}{% endif %}", want: nil},
		{name: "loop variable", src: "{% for m in ticket.messages %}{{m.nope}}{% endfor %}", want: []string{"m.nope"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := render(t, tt.src, ctx, PlaceText).Empty; !slices.Equal(got, tt.want) {
				t.Errorf("Render(%q).Empty = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestRenderDoesNotModifyContext(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	before := testContext(t)
	render(t, "{% set x = 1 %}{{context}}{{ticket.nope}}{{ticket.customer.data.items()|list}}", ctx, PlaceText)
	if !jsonEqual(t, ctx, before) {
		t.Error("Render changed its context")
	}
	if _, ok := ctx[contextName]; ok {
		t.Error(`Render added "context" to the caller's map`)
	}
}

// TestRenderConcurrently renders one template from many goroutines, as the
// delivery workers do; run with -race.
func TestRenderConcurrently(t *testing.T) {
	t.Parallel()
	tpl := mustParse(t, benchBody)
	ctx := testContext(t)
	want, err := tpl.Render(ctx, PlaceJSON)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				got, err := tpl.Render(ctx, PlaceJSON)
				if err != nil || got.Text != want.Text || !slices.Equal(got.Empty, want.Empty) {
					t.Errorf("concurrent Render = %q, %v, %v", got.Text, got.Empty, err)
					return
				}
			}
		})
	}
	wg.Wait()
}
