package widget

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// RenderSidebar builds the sidebar's view in the one walk of the tree:
// every block knows its node's place, lists render hidden items past their
// limit, and tools follow the caller.
func TestRenderSidebarPlacesAndHiddenItems(t *testing.T) {
	t.Parallel()
	root := node(`{"type": "wrapper", "title": "Shop", "widgets": [
		{"type": "card", "path": "customer", "title": "Customer", "widgets": [
			{"type": "text", "path": "name", "title": "Name"},
			{"type": "list", "path": "orders", "meta": {"limit": 2}, "widgets": [
				{"type": "text", "path": "id", "title": "Order"}]}]}]}`)
	var orders []string
	for i := range 25 {
		orders = append(orders, fmt.Sprintf(`{"id": "o%d"}`, i))
	}
	data := json.RawMessage(`{"customer": {"name": "Jo", "orders": [` + strings.Join(orders, ",") + `]}}`)
	for _, tools := range []bool{true, false} {
		v, err := RenderSidebar(root, data, tools)
		if err != nil {
			t.Fatal(err)
		}
		card := v.Blocks[0]
		name, list := card.Card.Blocks[0], card.Card.Blocks[1]
		if card.Node != "0" || name.Node != "0.0" || list.Node != "0.1" || card.Tools != tools || name.Tools != tools {
			t.Fatalf("places = %q %q %q, tools %v; want 0, 0.0, 0.1 and tools %v", card.Node, name.Node, list.Node, card.Tools, tools)
		}
		l := list.List
		if len(l.Items) != 2+RevealExtra || l.Hidden != RevealExtra || l.More != 3 || l.Unshown() != RevealExtra+3 {
			t.Fatalf("list: %d items, %d hidden, %d more, %d unshown; want %d, %d, 3, %d",
				len(l.Items), l.Hidden, l.More, l.Unshown(), 2+RevealExtra, RevealExtra, RevealExtra+3)
		}
		for i, it := range l.Items {
			if it.Node != "0.1.0" || it.Hidden != (i >= 2) || it.Field.Display != fmt.Sprintf("o%d", i) {
				t.Errorf("item %d = place %q hidden %v %q", i, it.Node, it.Hidden, it.Field.Display)
			}
		}
		if name.Label() != "Name" || list.Kind() != TypeList || name.Kind() != "field" {
			t.Errorf("labels: %q %q %q", name.Label(), list.Kind(), name.Kind())
		}
	}
	plain, err := Render(root, data)
	if err != nil {
		t.Fatal(err)
	}
	if l := plain.Blocks[0].Card.Blocks[1].List; len(l.Items) != 2 || l.Hidden != 0 || l.More != 23 || plain.Blocks[0].Node != "" {
		t.Errorf("Render renders %d items (%d hidden, %d more), place %q; want only the 2 shown", len(l.Items), l.Hidden, l.More, plain.Blocks[0].Node)
	}
}
