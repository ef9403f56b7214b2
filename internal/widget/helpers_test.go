package widget

import (
	"bytes"
	"encoding/json"
	"testing"
)

// apiExample is the widget of API.md, as an admin would import it.
const apiExample = `{"type": "wrapper", "title": "Shop", "meta": {"color": "#a1b2c3"}, "widgets": [
  {"type": "text", "path": "vip", "title": "VIP"},
  {"type": "list", "path": "orders", "meta": {"limit": 3, "orderBy": "-id"}, "widgets": [
    {"type": "card", "title": "Order {{id}}", "meta": {"link": "https://shop.example.com/o/{{id}}"}, "widgets": [
      {"type": "text", "path": "status", "title": "Status"},
      {"type": "date", "path": "created_at", "title": "Placed"}]}]}]}`

// node decodes a widget tree; table tests build their input with it.
func node(s string) Node {
	var n Node
	if err := json.Unmarshal([]byte(s), &n); err != nil {
		panic("bad test widget: " + err.Error())
	}
	return n
}

// compact removes the insignificant spaces of a JSON text, so expected
// trees can be written readably.
func compact(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		t.Fatalf("bad JSON %s: %v", s, err)
	}
	return b.String()
}

// marshal encodes v as compact JSON.
func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// nested builds a wrapper whose cards nest depth levels deep in all.
func nested(depth int) Node {
	n := Node{Type: TypeText, Path: "x"}
	for range depth - 2 {
		n = Node{Type: TypeCard, Path: "c", Widgets: []Node{n}}
	}
	return Node{Type: TypeWrapper, Widgets: []Node{n}}
}

// wide builds a wrapper holding count nodes in all.
func wide(count int) Node {
	root := Node{Type: TypeWrapper}
	for range count - 1 {
		root.Widgets = append(root.Widgets, Node{Type: TypeText, Path: "x"})
	}
	return root
}
