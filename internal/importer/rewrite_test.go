package importer

import (
	"fmt"
	"testing"
)

func TestRewriteRefs(t *testing.T) {
	t.Parallel()
	ids := map[string]int64{"101": 3, "102": 0}
	tests := []struct {
		name, in, want string
		changed        int
		unknown        string
	}{
		{name: "brackets", in: `"{{ticket.customer.integrations[101].plan}}"`, want: `"{{ticket.customer.integrations[3].plan}}"`, changed: 1},
		{name: "single quotes", in: `"{{ticket.customer.integrations['101'].plan}}"`, want: `"{{ticket.customer.integrations[3].plan}}"`, changed: 1},
		{name: "escaped double quotes", in: `"{{ticket.customer.integrations[\"101\"].plan}}"`, want: `"{{ticket.customer.integrations[3].plan}}"`, changed: 1},
		{name: "spaces", in: `"{{ integrations[ 101 ] }}"`, want: `"{{ integrations[3] }}"`, changed: 1},
		{name: "twice", in: `"{{integrations[101].a}} {{integrations[101].b}}"`, want: `"{{integrations[3].a}} {{integrations[3].b}}"`, changed: 2},
		{name: "dry run id", in: `"{{integrations[102].a}}"`, want: `"{{integrations[102].a}}"`, changed: 1},
		{name: "not in the export", in: `"{{integrations[9].a}} {{integrations[9].b}}"`, want: `"{{integrations[9].a}} {{integrations[9].b}}"`, unknown: "[9]"},
		{name: "a longer id is another id", in: `"{{integrations[1010].a}}"`, want: `"{{integrations[1010].a}}"`, unknown: "[1010]"},
		{name: "no reference", in: `"{{ticket.id}}"`, want: `"{{ticket.id}}"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, changed, unknown := rewriteRefs([]byte(tt.in), ids)
			if string(out) != tt.want || changed != tt.changed || (tt.unknown != "" && fmt.Sprint(unknown) != tt.unknown) || (tt.unknown == "" && len(unknown) > 0) {
				t.Fatalf("rewriteRefs(%s) = %s, %d, %v; want %s, %d, %s", tt.in, out, changed, unknown, tt.want, tt.changed, tt.unknown)
			}
		})
	}
}
