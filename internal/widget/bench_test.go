package widget

import (
	"encoding/json"
	"testing"
)

// BenchmarkRender measures one sidebar widget: the API example over a
// customer with three orders, templates parsed included.
func BenchmarkRender(b *testing.B) {
	root := node(apiExample)
	data := json.RawMessage(shopData)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RenderAt(root, data, now); err != nil {
			b.Fatal(err)
		}
	}
}
