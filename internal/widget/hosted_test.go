package widget_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
	"github.com/ticketwire/ticketwire/internal/validate"
	"github.com/ticketwire/ticketwire/internal/widget"
)

func TestHostedMetaIsRead(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, meta string
		limit      int
		field, msg string // the validation error, "" when valid
	}{
		{name: "number", meta: `{"limit": 2}`, limit: 2},
		{name: "string", meta: `{"limit": "2"}`, limit: 2},
		{name: "spaced string", meta: `{"limit": " 7 "}`, limit: 7},
		{name: "empty string is the default", meta: `{"limit": "", "orderBy": ""}`, limit: 0},
		{name: "null", meta: `{"limit": null}`, limit: 0},
		{name: "not a number", meta: `{"limit": "two"}`, field: "template.widgets[0].meta.limit", msg: `not two`},
		{name: "a fraction", meta: `{"limit": 2.5}`, field: "template.widgets[0].meta.limit", msg: "whole number"},
		{name: "string above the maximum", meta: `{"limit": "101"}`, field: "template.widgets[0].meta.limit", msg: "from 1 to 100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var root widget.Node
			raw := `{"type": "wrapper", "widgets": [{"type": "list", "path": "orders", "meta": ` + tt.meta + `, "widgets": [{"type": "card"}]}]}`
			if err := json.Unmarshal([]byte(raw), &root); err != nil {
				t.Fatalf("decode %s: %v", raw, err)
			}
			err := widget.Validate(root)
			if tt.field != "" {
				v, ok := validate.As(err)
				if !ok || v.Field != tt.field || !strings.Contains(v.Message, tt.msg) {
					t.Fatalf("Validate = %v; want %s with %q", err, tt.field, tt.msg)
				}
				return
			}
			if err != nil || root.Widgets[0].Meta.Limit != tt.limit {
				t.Fatalf("Validate = %v, limit %d; want limit %d", err, root.Widgets[0].Meta.Limit, tt.limit)
			}
		})
	}
}

func TestHostedCardMeta(t *testing.T) {
	t.Parallel()
	var root widget.Node
	raw := `{"type": "wrapper", "meta": {"color": "#eb144c", "displayCard": true}, "widgets": [{"type": "card", "path": "customer",
		"title": "{{name}}", "meta": {"link": "", "pictureUrl": "{{avatar_url}}", "displayCard": false, "custom": {}}}]}`
	if err := json.Unmarshal([]byte(raw), &root); err != nil {
		t.Fatal(err)
	}
	if err := widget.Validate(root); err != nil {
		t.Fatal(err)
	}
	card := root.Widgets[0].Meta
	if card.PictureURL != "{{avatar_url}}" || card.DisplayCard == nil || *card.DisplayCard || !*root.Meta.DisplayCard {
		t.Fatalf("meta = %+v / %+v", root.Meta, card)
	}
	for _, bad := range []struct{ raw, field string }{
		{`{"type": "wrapper", "widgets": [{"type": "text", "path": "a", "meta": {"displayCard": true}}]}`, "template.widgets[0].meta.displayCard"},
		{`{"type": "wrapper", "widgets": [{"type": "card", "meta": {"pictureUrl": "{{ x"}}]}`, "template.widgets[0].meta.pictureUrl"},
		{`{"type": "wrapper", "meta": {"pictureUrl": "https://x.io/a.png"}}`, "template.meta.pictureUrl"},
	} {
		var n widget.Node
		if err := json.Unmarshal([]byte(bad.raw), &n); err != nil {
			t.Fatal(err)
		}
		if v, ok := validate.As(widget.Validate(n)); !ok || v.Field != bad.field {
			t.Fatalf("Validate(%s) = %v; want an error on %s", bad.raw, v, bad.field)
		}
	}
	var typo widget.Node
	if err := json.Unmarshal([]byte(`{"type": "wrapper", "meta": {"colour": "#fff"}}`), &typo); err == nil || !strings.Contains(err.Error(), "colour") {
		t.Fatalf("an unknown meta setting decoded: %v", err)
	}
}

func TestUntitledWidgetTakesItsIntegrationName(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		if _, err := f.svc.Create(ctx, widget.Input{IntegrationID: f.integration, Template: tree(`{"type": "wrapper", "title": "", "widgets": []}`)}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Create(ctx, widget.Input{IntegrationID: f.integration, Template: tree(`{"type": "wrapper", "title": "Orders", "widgets": []}`)}); err != nil {
			t.Fatal(err)
		}
		list, err := f.svc.List(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Title() != "Shop" || list[1].Title() != "Orders" || list[0].Template.Title != "" {
			t.Fatalf("titles = %q, %q (stored %q)", list[0].Title(), list[1].Title(), list[0].Template.Title)
		}
	})
}
