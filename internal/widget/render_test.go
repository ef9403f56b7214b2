package widget

import (
	"encoding/json"
	"html/template"
	"reflect"
	"strings"
	"testing"
	"time"
)

// now is the day ages are counted on in these tests.
var now = time.Date(2026, time.March, 10, 12, 0, 0, 0, time.UTC)

// shopData is a customer's stored data from a shop integration.
const shopData = `{
  "__integration_type__": "http",
  "vip": true,
  "orders": [
    {"id": 1001, "status": "shipped", "created_at": "2026-03-01T09:30:00Z", "total": 30},
    {"id": 1003, "status": "pending", "created_at": "2026-03-05", "total": 12.5},
    {"id": 1002, "status": "refunded", "created_at": "2026-02-11T23:00:00-05:00"}
  ]
}`

func TestRenderAPIExample(t *testing.T) {
	t.Parallel()
	got, err := RenderAt(node(apiExample), json.RawMessage(shopData), now)
	if err != nil {
		t.Fatal(err)
	}
	// Each card's address is its item's place in the stored array, whatever
	// the list's order.
	order := func(id, status, raw, placed, addr string) Block {
		return Block{Card: &Card{
			Title: "Order " + id, Link: "https://shop.example.com/o/" + id, Address: addr,
			Blocks: []Block{
				{Field: &Field{Title: "Status", Type: "text", Value: status, Raw: status, Display: status}},
				{Field: &Field{Title: "Placed", Type: "date", Value: raw, Raw: raw, Display: placed}},
			},
		}}
	}
	want := View{Title: "Shop", Color: "#a1b2c3", Blocks: []Block{
		{Field: &Field{Title: "VIP", Type: "text", Value: true, Raw: "true", Display: "true"}},
		{List: &List{Items: []Block{
			order("1003", "pending", "2026-03-05", "Mar 5, 2026", "orders.1"),
			order("1002", "refunded", "2026-02-11T23:00:00-05:00", "Feb 11, 2026", "orders.2"),
			order("1001", "shipped", "2026-03-01T09:30:00Z", "Mar 1, 2026", "orders.0"),
		}}},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("RenderAt():\n got %s\nwant %s", marshal(t, got), marshal(t, want))
	}
}

func TestRenderListOrder(t *testing.T) {
	t.Parallel()
	const data = `{"items": [
	  {"id": 3, "name": "c", "at": "2026-01-03"}, {"id": 10, "name": "B"}, {"name": "missing id"},
	  {"id": 1, "name": "a", "at": "2025-12-31"}, {"id": null, "name": "null id"}, {"id": 2, "name": "b", "at": ""}]}`
	tests := []struct {
		name     string
		meta     string
		want     []string // the names shown
		wantMore int
	}{
		{name: "API order and default limit", meta: `{}`, want: []string{"c", "B", "missing id"}, wantMore: 3},
		{name: "ascending numbers", meta: `{"orderBy": "id", "limit": 4}`, want: []string{"a", "b", "c", "B"}, wantMore: 2},
		{name: "descending numbers", meta: `{"orderBy": "-id", "limit": 2}`, want: []string{"B", "c"}, wantMore: 4},
		{name: "missing last ascending", meta: `{"orderBy": "id", "limit": 6}`, want: []string{"a", "b", "c", "B", "missing id", "null id"}},
		{name: "missing last descending", meta: `{"orderBy": "-id", "limit": 100}`, want: []string{"B", "c", "b", "a", "missing id", "null id"}},
		{name: "strings lexically", meta: `{"orderBy": "name", "limit": 3}`, want: []string{"B", "a", "b"}, wantMore: 3},
		{name: "ISO dates, empty string last", meta: `{"orderBy": "-at", "limit": 3}`, want: []string{"c", "a", "B"}, wantMore: 3},
		{name: "limit larger than the list", meta: `{"limit": 50}`, want: []string{"c", "B", "missing id", "a", "null id", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := node(`{"type": "wrapper", "widgets": [{"type": "list", "path": "items", "meta": ` + tt.meta +
				`, "widgets": [{"type": "card", "title": "{{name}}"}]}]}`)
			v, err := RenderAt(root, json.RawMessage(data), now)
			if err != nil {
				t.Fatal(err)
			}
			l := v.Blocks[0].List
			var got []string
			for _, it := range l.Items {
				got = append(got, it.Card.Title)
			}
			if !reflect.DeepEqual(got, tt.want) || l.More != tt.wantMore {
				t.Fatalf("items %q, more %d; want %q, more %d", got, l.More, tt.want, tt.wantMore)
			}
		})
	}
}

func TestRenderCard(t *testing.T) {
	t.Parallel()
	const data = `{"order": {"id": 1001, "ref": "A/1 b&c", "_token": "s3cret", "site": "javascript:alert(1)", "url": "https://shop.example.com/x"}}`
	tests := []struct {
		name, title, link string
		wantTitle         string
		wantLink          string
	}{
		{name: "id prints whole", title: "Order {{id}}", link: "https://shop.example.com/o/{{id}}",
			wantTitle: "Order 1001", wantLink: "https://shop.example.com/o/1001"},
		{name: "link values are percent-encoded", title: "{{ref}}", link: "https://shop.example.com/o/{{ref}}?q={{ref}}",
			wantTitle: "A/1 b&c", wantLink: "https://shop.example.com/o/A%2F1%20b%26c?q=A%2F1%20b%26c"},
		{name: "private keys are not in the context", title: "[{{_token}}]", link: "https://x.example.com/{{_token}}",
			wantTitle: "[]", wantLink: "https://x.example.com/"},
		{name: "non-http link dropped", title: "x", link: "javascript:alert({{id}})", wantTitle: "x"},
		{name: "link from a value that is not http dropped", title: "x", link: "{{site}}", wantTitle: "x"},
		{name: "link from a whole URL value", title: "x", link: "{{url|safe}}", wantTitle: "x", wantLink: "https://shop.example.com/x"},
		{name: "relative link dropped", title: "x", link: "/o/{{id}}", wantTitle: "x"},
		{name: "filters and fallback", title: `{{missing|fallback("Unnamed")}} {{id}}`, wantTitle: "Unnamed 1001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := Node{Type: TypeWrapper, Widgets: []Node{{Type: TypeCard, Path: "order", Title: tt.title, Meta: Meta{Link: tt.link}}}}
			v, err := RenderAt(root, json.RawMessage(data), now)
			if err != nil {
				t.Fatal(err)
			}
			c := v.Blocks[0].Card
			if c.Title != tt.wantTitle || c.Link != tt.wantLink {
				t.Fatalf("card %q %q, want %q %q", c.Title, c.Link, tt.wantTitle, tt.wantLink)
			}
		})
	}
}

func TestRenderField(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, typ, value string // value is JSON; "" means the key is absent
		wantDisplay      string
		wantLink         string
	}{
		{name: "text", typ: "text", value: `"gold plan"`, wantDisplay: "gold plan"},
		{name: "text number whole", typ: "text", value: `42.0`, wantDisplay: "42"},
		{name: "text large id keeps its digits", typ: "text", value: `9007199254740993`, wantDisplay: "9007199254740993"},
		{name: "text object as JSON", typ: "text", value: `{"a": 1, "_b": 2}`, wantDisplay: `{"a":1}`},
		{name: "boolean true", typ: "boolean", value: `true`, wantDisplay: "Yes"},
		{name: "boolean false", typ: "boolean", value: `false`, wantDisplay: "No"},
		{name: "boolean string", typ: "boolean", value: `"false"`, wantDisplay: "No"},
		{name: "date", typ: "date", value: `"2026-03-01"`, wantDisplay: "Mar 1, 2026"},
		{name: "date time in its own offset", typ: "date", value: `"2026-03-01T23:30:00.123-05:00"`, wantDisplay: "Mar 1, 2026"},
		{name: "date without offset", typ: "date", value: `"2026-03-01 08:00:00"`, wantDisplay: "Mar 1, 2026"},
		{name: "date from unix seconds", typ: "date", value: `1772323200`, wantDisplay: "Mar 1, 2026"},
		{name: "date from unix milliseconds", typ: "date", value: `1772323200000`, wantDisplay: "Mar 1, 2026"},
		{name: "date that is not one", typ: "date", value: `"soon"`, wantDisplay: "soon"},
		{name: "array", typ: "array", value: `["vip", 2, null, "", true]`, wantDisplay: "vip, 2, true"},
		{name: "array of nulls", typ: "array", value: `[null]`, wantDisplay: "-"},
		{name: "email", typ: "email", value: `"ann@example.com"`, wantDisplay: "ann@example.com", wantLink: "mailto:ann@example.com"},
		{name: "email that is not one", typ: "email", value: `"ann at example"`, wantDisplay: "ann at example"},
		{name: "url", typ: "url", value: `"https://shop.example.com/c/7"`, wantDisplay: "https://shop.example.com/c/7", wantLink: "https://shop.example.com/c/7"},
		{name: "url not http", typ: "url", value: `"javascript:alert(1)"`, wantDisplay: "javascript:alert(1)"},
		{name: "age", typ: "age", value: `"1990-03-10"`, wantDisplay: "36 years"},
		{name: "age the day before the birthday", typ: "age", value: `"1990-03-11T00:00:00Z"`, wantDisplay: "35 years"},
		{name: "age of one year", typ: "age", value: `"2025-03-10"`, wantDisplay: "1 year"},
		{name: "age of a newborn", typ: "age", value: `"2026-03-01"`, wantDisplay: "0 years"},
		{name: "age given as a number", typ: "age", value: `41`, wantDisplay: "41 years"},
		{name: "age given as a string", typ: "age", value: `"41"`, wantDisplay: "41 years"},
		{name: "age given as a word", typ: "age", value: `"forty"`, wantDisplay: "forty"},
		{name: "age of a future date", typ: "age", value: `"2030-01-01"`, wantDisplay: "Jan 1, 2030"},
		{name: "sentiment", typ: "sentiment", value: `-0.25`, wantDisplay: "-0.25"},
		{name: "rating", typ: "rating", value: `4.5`, wantDisplay: "4.5"},
		{name: "points", typ: "points", value: `1200`, wantDisplay: "1200"},
		{name: "points as a string", typ: "points", value: `"1200"`, wantDisplay: "1200"},
		{name: "percent", typ: "percent", value: `42`, wantDisplay: "42%"},
		{name: "percent fraction", typ: "percent", value: `12.5`, wantDisplay: "12.5%"},
		{name: "percent already written", typ: "percent", value: `"7%"`, wantDisplay: "7%"},
		{name: "missing", typ: "text", value: ``, wantDisplay: "-"},
		{name: "null", typ: "date", value: `null`, wantDisplay: "-"},
		{name: "empty string", typ: "email", value: `"  "`, wantDisplay: "-"},
		{name: "empty array", typ: "array", value: `[]`, wantDisplay: "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := `{"other": 1}`
			if tt.value != "" {
				data = `{"other": 1, "v": ` + tt.value + `}`
			}
			root := Node{Type: TypeWrapper, Widgets: []Node{{Type: tt.typ, Path: "v", Title: "V"}}}
			v, err := RenderAt(root, json.RawMessage(data), now)
			if err != nil {
				t.Fatal(err)
			}
			f := v.Blocks[0].Field
			if f.Display != tt.wantDisplay || f.Link != tt.wantLink || f.Empty != (tt.wantDisplay == "-") {
				t.Fatalf("field shows %q linked to %q (empty %v); want %q linked to %q", f.Display, f.Link, f.Empty, tt.wantDisplay, tt.wantLink)
			}
		})
	}
}

func TestRenderPaths(t *testing.T) {
	t.Parallel()
	const data = `{"customer": {"address": {"city": "Lyon"}, "metafields": [{"key": "tier", "value": "gold"},
	  {"key": "loyalty_points", "value": 120}, {"key": "loyalty_points", "value": 999}, {"name": "tier", "value": "no"}]},
	  "orders": [{"id": 1}, {"id": 2}], "tags": ["a", "b"], "12": {"plan": "gold"}}`
	tests := []struct {
		name, path, want string
	}{
		{name: "nested object", path: "customer.address.city", want: "Lyon"},
		{name: "array index", path: "orders.0.id", want: "1"},
		{name: "negative index", path: "orders.-1.id", want: "2"},
		{name: "index out of range", path: "orders.5.id", want: "-"},
		{name: "numeric key of an object", path: "12.plan", want: "gold"},
		{name: "through a scalar", path: "customer.address.city.x", want: "-"},
		{name: "key on an array", path: "orders.id", want: "-"},
		{name: "item picked by its key", path: "customer.metafields.loyalty_points.value", want: "120"},
		{name: "item picked by key, another", path: "customer.metafields.tier.value", want: "gold"},
		{name: "no item with that key", path: "customer.metafields.birthday.value", want: "-"},
		{name: "name is not a key", path: "customer.metafields.value", want: "-"},
		{name: "key on scalars", path: "tags.a", want: "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := Node{Type: TypeWrapper, Widgets: []Node{{Type: TypeText, Path: tt.path}}}
			v, err := RenderAt(root, json.RawMessage(data), now)
			if err != nil {
				t.Fatal(err)
			}
			if got := v.Blocks[0].Field.Display; got != tt.want {
				t.Fatalf("%s shows %q, want %q", tt.path, got, tt.want)
			}
		})
	}
}

func TestRenderRelativePaths(t *testing.T) {
	t.Parallel()
	root := node(`{"type": "wrapper", "widgets": [
	  {"type": "card", "path": "customer", "title": "{{name}}", "widgets": [
	    {"type": "text", "path": "address.city"},
	    {"type": "list", "path": "tags", "title": "Tags", "widgets": [{"type": "text"}]}]}]}`)
	v, err := RenderAt(root, json.RawMessage(`{"customer": {"name": "Ann", "address": {"city": "Lyon"}, "tags": ["vip", "eu"]}}`), now)
	if err != nil {
		t.Fatal(err)
	}
	c := v.Blocks[0].Card
	city := c.Blocks[0].Field
	tags := c.Blocks[1].List
	if c.Title != "Ann" || city.Title != "City" || city.Display != "Lyon" ||
		len(tags.Items) != 2 || tags.Items[1].Field.Display != "eu" {
		t.Fatalf("got %s", marshal(t, v))
	}
}

func TestRenderNoData(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, data string }{
		{"absent", ``},
		{"null", `null`},
		{"empty object", `{}`},
		{"only private keys", `{"__integration_type__": "http"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, err := RenderAt(node(apiExample), json.RawMessage(tt.data), now)
			if err != nil {
				t.Fatal(err)
			}
			if !v.NoData || len(v.Blocks) != 0 || v.Title != "Shop" || v.Color != "#a1b2c3" {
				t.Fatalf("got %+v, want NoData with the wrapper's title and colour", v)
			}
		})
	}
}

func TestRenderErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		root Node
		data string
		want string
	}{
		{name: "invalid tree", root: node(`{"type": "card"}`), data: `{"a": 1}`, want: "template.type"},
		{name: "data not JSON", root: node(apiExample), data: `{"a": `, want: "not valid JSON"},
		{name: "data not an object", root: node(apiExample), data: `[1]`, want: "must be a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := RenderAt(tt.root, json.RawMessage(tt.data), now)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("RenderAt() error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// sidebar is the shape of the sidebar's template: the view needs no
// methods or helpers to be shown.
var sidebar = template.Must(template.New("w").Parse(
	`{{define "blocks"}}{{range .}}{{with .Card}}<a href="{{.Link}}">{{.Title}}</a>{{template "blocks" .Blocks}}{{end}}` +
		`{{with .List}}{{template "blocks" .Items}}{{if .More}}+{{.More}}{{end}}{{end}}` +
		`{{with .Field}}[{{.Title}}: <span title="{{.Raw}}">{{.Display}}</span>]{{end}}{{end}}{{end}}` +
		`<section style="border-color: {{.Color}}"><h3>{{.Title}}</h3>{{template "blocks" .Blocks}}</section>`))

func TestRenderInHTMLTemplate(t *testing.T) {
	t.Parallel()
	root := node(apiExample)
	root.Widgets[1].Meta.Limit = 1
	v, err := RenderAt(root, json.RawMessage(shopData), now)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := sidebar.Execute(&b, v); err != nil {
		t.Fatal(err)
	}
	want := `<section style="border-color: #a1b2c3"><h3>Shop</h3>[VIP: <span title="true">true</span>]` +
		`<a href="https://shop.example.com/o/1003">Order 1003</a>[Status: <span title="pending">pending</span>]` +
		`[Placed: <span title="2026-03-05">Mar 5, 2026</span>]+2</section>`
	if got := b.String(); got != want {
		t.Fatalf("sidebar:\n got %s\nwant %s", got, want)
	}
}

// TestRenderCardPastALimit: a title or link whose template goes past its
// limit with this data renders as a placeholder that says why, and the
// card's other blocks still render.
func TestRenderCardPastALimit(t *testing.T) {
	t.Parallel()
	const data = `{"order": {"id": 1001, "n": 50000000, "ref": "abc"}}`
	tests := []struct {
		name, title, link string
		wantTitle, want   string
	}{
		{name: "title repetition", title: "{{ 'a' * n }}", wantTitle: TitleUnavailable, want: "title: repeating 1 characters 50000000 times"},
		{name: "title output", title: "{{ ref * 5000 }}", wantTitle: TitleUnavailable, want: "title: the output is larger than 8 KiB"},
		{name: "link output", title: "Order {{id}}", link: "https://x.example/{{ ref * 5000 }}", wantTitle: "Order 1001", want: "link: the output is larger than 8 KiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := Node{Type: TypeWrapper, Widgets: []Node{{Type: TypeCard, Path: "order", Title: tt.title, Meta: Meta{Link: tt.link},
				Widgets: []Node{{Type: TypeText, Path: "id", Title: "Id"}}}}}
			v, err := RenderAt(root, json.RawMessage(data), now)
			if err != nil {
				t.Fatal(err)
			}
			c := v.Blocks[0].Card
			if c.Title != tt.wantTitle || c.Link != "" || !strings.Contains(c.Problem, tt.want) {
				t.Fatalf("card %q %q problem %q, want %q and a problem saying %q", c.Title, c.Link, c.Problem, tt.wantTitle, tt.want)
			}
			if len(c.Blocks) != 1 || c.Blocks[0].Field.Display != "1001" {
				t.Fatalf("card blocks = %+v, want the id field", c.Blocks)
			}
		})
	}
}

// TestRenderKeyedItems reads Shopify-style metafields by key in a card's
// path, title and link, and in its fields' paths.
func TestRenderKeyedItems(t *testing.T) {
	t.Parallel()
	const data = `{"customer": {"id": 5, "metafields": [{"key": "tier", "value": "Gold"}, {"key": "loyalty_points", "value": 1250},
	  {"key": "profile", "value": {"handle": "ann/lee"}}]}}`
	root := node(`{"type": "wrapper", "widgets": [{"type": "card", "path": "customer", "title": "{{metafields.tier.value}} member",
	  "meta": {"link": "https://loyalty.example.com/u/{{metafields['profile'].value.handle}}"},
	  "widgets": [{"type": "points", "path": "metafields.loyalty_points.value", "title": "Points"},
	    {"type": "card", "path": "metafields.profile.value", "title": "{{handle}}"}]}]}`)
	v, err := RenderAt(root, json.RawMessage(data), now)
	if err != nil {
		t.Fatal(err)
	}
	c := v.Blocks[0].Card
	if c.Title != "Gold member" || c.Link != "https://loyalty.example.com/u/ann%2Flee" ||
		c.Blocks[0].Field.Display != "1250" || c.Blocks[1].Card.Title != "ann/lee" {
		t.Fatalf("got %s", marshal(t, v))
	}
}

func TestRenderCardDisplay(t *testing.T) {
	t.Parallel()
	off, on := false, true
	for _, tt := range []struct {
		display *bool
		plain   bool
	}{{nil, false}, {&on, false}, {&off, true}} {
		root := Node{Type: TypeWrapper, Widgets: []Node{{Type: TypeCard, Path: "c", Title: "x", Meta: Meta{DisplayCard: tt.display}}}}
		v, err := RenderAt(root, json.RawMessage(`{"c": {}}`), now)
		if err != nil {
			t.Fatal(err)
		}
		if c := v.Blocks[0].Card; c.Plain != tt.plain {
			t.Fatalf("displayCard %v: plain %v, want %v", tt.display, c.Plain, tt.plain)
		}
	}
}
