package importer_test

import (
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/importer"
)

func TestReadList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		ids      string // the ids read, joined with commas
		err      string // part of the error
	}{
		{name: "API list", in: `{"data": [{"id": 1, "name": "a"}, {"id": 2}], "meta": {"next_cursor": null}}`, ids: "1,2"},
		{name: "bare array", in: ` [{"id": 7, "type": "http"}]`, ids: "7"},
		{name: "empty list", in: `{"data": []}`, ids: ""},
		{name: "string id", in: `[{"id": "60b9f144"}]`, ids: "60b9f144"},
		{name: "object without data", in: `{"items": []}`, err: `{"data": [...]}`},
		{name: "not JSON", in: `id,name`, err: "JSON array"},
		{name: "item without id", in: `[{"name": "a"}]`, err: "item 0: has no id"},
		{name: "item not an object", in: `[1]`, err: "item 0"},
		{name: "NUL in a value", in: `[{"id": 1, "name": "a\u0000b"}]`, err: "[0].name"},
		{name: "invalid UTF-8", in: "[{\"id\": 1, \"name\": \"a\xffb\"}]", err: "[0].name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			items, err := importer.ReadList(strings.NewReader(tt.in), "export.json")
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), "export.json") {
					t.Fatalf("ReadList(%s) = %v, %v; want an error naming the file with %q", tt.in, items, err, tt.err)
				}
				return
			}
			var ids []string
			for _, it := range items {
				ids = append(ids, it.ID)
			}
			if err != nil || strings.Join(ids, ",") != tt.ids {
				t.Fatalf("ReadList(%s) = %v, %v; want ids %s", tt.in, ids, err, tt.ids)
			}
		})
	}
}
