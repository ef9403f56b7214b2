package widget

import (
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/validate"
)

func TestNodeJSONShape(t *testing.T) {
	t.Parallel()
	// The tree must come back out exactly as the API took it in, so that
	// exported widgets import unchanged.
	if got, want := marshal(t, node(apiExample)), compact(t, apiExample); got != want {
		t.Fatalf("round trip changed the widget:\n got %s\nwant %s", got, want)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		root      Node
		wantField string // "" means valid
		wantMsg   string
	}{
		{name: "API example", root: node(apiExample)},
		{name: "empty wrapper", root: node(`{"type":"wrapper"}`)},
		{name: "short colour", root: node(`{"type":"wrapper","meta":{"color":"#AbC"}}`)},
		{name: "list item field without path", root: node(`{"type":"wrapper","widgets":[{"type":"list","path":"tags","widgets":[{"type":"text"}]}]}`)},
		{name: "card without path", root: node(`{"type":"wrapper","widgets":[{"type":"card","title":"Me","widgets":[{"type":"email","path":"email"}]}]}`)},
		{name: "numeric path segments", root: node(`{"type":"wrapper","widgets":[{"type":"text","path":"orders.0.id"}]}`)},
		{name: "orderBy ascending nested", root: node(`{"type":"wrapper","widgets":[{"type":"list","path":"o","meta":{"orderBy":"total.amount"},"widgets":[{"type":"text","path":"x"}]}]}`)},
		{name: "depth at the limit", root: nested(MaxDepth)},
		{name: "nodes at the limit", root: wide(MaxNodes)},

		{name: "root not a wrapper", root: node(`{"type":"card"}`),
			wantField: "template.type", wantMsg: `must be "wrapper"`},
		{name: "wrapper below the root", root: node(`{"type":"wrapper","widgets":[{"type":"wrapper"}]}`),
			wantField: "template.widgets[0].type", wantMsg: "only be the root"},
		{name: "unknown type", root: node(`{"type":"wrapper","widgets":[{"type":"text","path":"a"},{"type":"money","path":"b"}]}`),
			wantField: "template.widgets[1].type", wantMsg: "must be one of card, list, text, boolean"},
		{name: "leaf without path", root: node(`{"type":"wrapper","widgets":[{"type":"date","title":"Placed"}]}`),
			wantField: "template.widgets[0].path", wantMsg: "is required"},
		{name: "path with empty part", root: node(`{"type":"wrapper","widgets":[{"type":"text","path":"a..b"}]}`),
			wantField: "template.widgets[0].path", wantMsg: "without empty parts"},
		{name: "path to a hidden key", root: node(`{"type":"wrapper","widgets":[{"type":"text","path":"__integration_type__"}]}`),
			wantField: "template.widgets[0].path", wantMsg: "starts with _"},
		{name: "path too long", root: node(`{"type":"wrapper","widgets":[{"type":"text","path":"` + strings.Repeat("a", 201) + `"}]}`),
			wantField: "template.widgets[0].path", wantMsg: "at most 200"},
		{name: "leaf with widgets", root: node(`{"type":"wrapper","widgets":[{"type":"text","path":"a","widgets":[{"type":"text","path":"b"}]}]}`),
			wantField: "template.widgets[0].widgets", wantMsg: "must be empty"},
		{name: "list without path", root: node(`{"type":"wrapper","widgets":[{"type":"list","widgets":[{"type":"text"}]}]}`),
			wantField: "template.widgets[0].path", wantMsg: "a list shows the array"},
		{name: "list without item template", root: node(`{"type":"wrapper","widgets":[{"type":"list","path":"o"}]}`),
			wantField: "template.widgets[0].widgets", wantMsg: "exactly one widget"},
		{name: "list with two item templates", root: node(`{"type":"wrapper","widgets":[{"type":"list","path":"o","widgets":[{"type":"card"},{"type":"card"}]}]}`),
			wantField: "template.widgets[0].widgets", wantMsg: "it holds 2"},
		{name: "list of lists", root: node(`{"type":"wrapper","widgets":[{"type":"list","path":"o","widgets":[{"type":"list","path":"p","widgets":[{"type":"text"}]}]}]}`),
			wantField: "template.widgets[0].widgets[0].type", wantMsg: "must be a card or a field"},
		{name: "colour not hex", root: node(`{"type":"wrapper","title":"Shop","meta":{"color":"red"}}`),
			wantField: "template.meta.color", wantMsg: "CSS hex colour"},
		{name: "colour with CSS after it", root: node(`{"type":"wrapper","meta":{"color":"#fff;background:url(x)"}}`),
			wantField: "template.meta.color", wantMsg: "CSS hex colour"},
		{name: "colour on a card", root: node(`{"type":"wrapper","widgets":[{"type":"text","path":"a"},{"type":"card","meta":{"color":"#fff"}}]}`),
			wantField: "template.widgets[1].meta.color", wantMsg: "only used on a wrapper"},
		{name: "limit above 100", root: node(`{"type":"wrapper","widgets":[{"type":"text","path":"a"},{"type":"list","path":"o","meta":{"limit":101},"widgets":[{"type":"card"}]}]}`),
			wantField: "template.widgets[1].meta.limit", wantMsg: "from 1 to 100"},
		{name: "negative limit", root: node(`{"type":"wrapper","widgets":[{"type":"list","path":"o","meta":{"limit":-1},"widgets":[{"type":"card"}]}]}`),
			wantField: "template.widgets[0].meta.limit", wantMsg: "from 1 to 100"},
		{name: "limit on a card", root: node(`{"type":"wrapper","widgets":[{"type":"card","meta":{"limit":3}}]}`),
			wantField: "template.widgets[0].meta.limit", wantMsg: "only used on a list"},
		{name: "orderBy with two minus signs", root: node(`{"type":"wrapper","widgets":[{"type":"list","path":"o","meta":{"orderBy":"--id"},"widgets":[{"type":"card"}]}]}`),
			wantField: "template.widgets[0].meta.orderBy", wantMsg: "prefixed with - for descending"},
		{name: "orderBy with empty part", root: node(`{"type":"wrapper","widgets":[{"type":"list","path":"o","meta":{"orderBy":"-id."},"widgets":[{"type":"card"}]}]}`),
			wantField: "template.widgets[0].meta.orderBy", wantMsg: "empty parts"},
		{name: "orderBy on a leaf", root: node(`{"type":"wrapper","widgets":[{"type":"text","path":"a","meta":{"orderBy":"id"}}]}`),
			wantField: "template.widgets[0].meta.orderBy", wantMsg: "only used on a list"},
		{name: "card title not a template", root: node(`{"type":"wrapper","widgets":[{"type":"list","path":"o","widgets":[{"type":"card","title":"Order {{id"}]}]}`),
			wantField: "template.widgets[0].widgets[0].title", wantMsg: "is not a valid template: line 1"},
		{name: "card link not a template", root: node(`{"type":"wrapper","widgets":[{"type":"card","meta":{"link":"https://x/{% if %}"}}]}`),
			wantField: "template.widgets[0].meta.link", wantMsg: "is not a valid template"},
		{name: "link on a leaf", root: node(`{"type":"wrapper","widgets":[{"type":"url","path":"u","meta":{"link":"https://x"}}]}`),
			wantField: "template.widgets[0].meta.link", wantMsg: "only used on a card"},
		{name: "title too long", root: node(`{"type":"wrapper","title":"` + strings.Repeat("t", 201) + `"}`),
			wantField: "template.title", wantMsg: "at most 200"},
		{name: "too deep", root: nested(MaxDepth + 1),
			wantField: "template" + strings.Repeat(".widgets[0]", MaxDepth), wantMsg: "at most 8 levels"},
		{name: "too many nodes", root: wide(MaxNodes + 1),
			wantField: "template", wantMsg: "more than 500 widgets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Validate(tt.root)
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			v, ok := validate.As(err)
			if !ok {
				t.Fatalf("Validate() = %v, want a *validate.Error", err)
			}
			if v.Field != tt.wantField || !strings.Contains(v.Message, tt.wantMsg) {
				t.Fatalf("Validate() = %q: %q\nwant field %q with a message containing %q", v.Field, v.Message, tt.wantField, tt.wantMsg)
			}
		})
	}
}
