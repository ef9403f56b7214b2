package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

func widgetIntegration(t *testing.T, s *store.Store, name string) store.Integration {
	t.Helper()
	in, err := s.CreateIntegration(context.Background(), store.Integration{Type: "http", Name: name,
		Config: []byte(`{"url":"https://shop.example.com"}`), Triggers: []string{"ticket-created"}, Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func widgetIDs(ws []store.Widget) []int64 {
	ids := make([]int64, len(ws))
	for i, w := range ws {
		ids[i] = w.ID
	}
	return ids
}

func TestWidgetRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		in := widgetIntegration(t, s, "Shop")
		tpl := `{"type":"wrapper","title":"Shop","widgets":[{"type":"text","path":"vip"},{"type":"text","path":"amount"}]}`
		w, err := s.CreateWidget(ctx, store.Widget{Context: "ticket", Type: "http", IntegrationID: in.ID, Position: 2, Template: []byte(tpl)})
		if err != nil {
			t.Fatal(err)
		}
		if w.ID == 0 || w.Position != 2 || string(w.Template) != tpl || w.CreatedAt.IsZero() || !w.CreatedAt.Equal(w.UpdatedAt) {
			t.Fatalf("created = %+v; template key order must be kept", w)
		}
		got, err := s.GetWidget(ctx, w.ID)
		if err != nil || got.IntegrationID != in.ID || got.Context != "ticket" || got.Type != "http" || !got.CreatedAt.Equal(w.CreatedAt) {
			t.Fatalf("GetWidget = %+v, %v", got, err)
		}
		got.Position, got.Template = 0, []byte(`{"type":"wrapper","title":"Renamed"}`)
		upd, err := s.UpdateWidget(ctx, got)
		if err != nil || upd.Position != 0 || string(upd.Template) != `{"type":"wrapper","title":"Renamed"}` || upd.UpdatedAt.Before(w.UpdatedAt) {
			t.Fatalf("UpdateWidget = %+v, %v", upd, err)
		}
		if _, err := s.UpdateWidget(ctx, store.Widget{ID: 999, Context: "ticket", Type: "http", IntegrationID: in.ID}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("update of a missing widget: err = %v, want ErrNotFound", err)
		}
		if err := s.DeleteWidget(ctx, w.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetWidget(ctx, w.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("deleted widget: err = %v, want ErrNotFound", err)
		}
		if err := s.DeleteWidget(ctx, w.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("second delete: err = %v, want ErrNotFound", err)
		}
	})
}

func TestWidgetNeedsItsIntegration(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.CreateWidget(ctx, store.Widget{Context: "ticket", Type: "http", IntegrationID: 999, Template: []byte(`{}`)}); err == nil {
			t.Fatal("a widget of a missing integration was stored")
		}
		in := widgetIntegration(t, s, "Shop")
		other := widgetIntegration(t, s, "CRM")
		for _, id := range []int64{in.ID, in.ID, other.ID} {
			if _, err := s.CreateWidget(ctx, store.Widget{Context: "ticket", Type: "http", IntegrationID: id, Template: []byte(`{}`)}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.DeleteIntegration(ctx, in.ID); err != nil {
			t.Fatal(err)
		}
		left, err := s.ListWidgets(ctx, 0)
		if err != nil || len(left) != 1 || left[0].IntegrationID != other.ID {
			t.Fatalf("widgets after deleting their integration = %+v, %v", left, err)
		}
	})
}

func TestWidgetOrder(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if n, err := s.NextWidgetPosition(ctx, "ticket"); err != nil || n != 0 {
			t.Fatalf("next position of an empty sidebar = %d, %v; want 0", n, err)
		}
		shop, crm := widgetIntegration(t, s, "Shop"), widgetIntegration(t, s, "CRM")
		var ws []store.Widget
		for _, c := range []struct {
			integration int64
			position    int
		}{{shop.ID, 1}, {crm.ID, 0}, {shop.ID, 0}, {crm.ID, 5}} {
			w, err := s.CreateWidget(ctx, store.Widget{Context: "ticket", Type: "http", IntegrationID: c.integration, Position: c.position, Template: []byte(`{}`)})
			if err != nil {
				t.Fatal(err)
			}
			ws = append(ws, w)
		}
		all, err := s.ListWidgets(ctx, 0)
		if want := []int64{ws[1].ID, ws[2].ID, ws[0].ID, ws[3].ID}; err != nil || !slices.Equal(widgetIDs(all), want) {
			t.Fatalf("all widgets = %v, %v; want %v (by position, then id)", widgetIDs(all), err, want)
		}
		mine, err := s.ListWidgets(ctx, shop.ID)
		if want := []int64{ws[2].ID, ws[0].ID}; err != nil || !slices.Equal(widgetIDs(mine), want) {
			t.Fatalf("widgets of one integration = %v, %v; want %v", widgetIDs(mine), err, want)
		}
		if n, err := s.NextWidgetPosition(ctx, "ticket"); err != nil || n != 6 {
			t.Fatalf("next position = %d, %v; want 6", n, err)
		}
		want := []int64{ws[3].ID, ws[0].ID, ws[1].ID, ws[2].ID}
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.ReorderWidgets(ctx, want) }); err != nil {
			t.Fatal(err)
		}
		if all, err = s.ListWidgets(ctx, 0); err != nil || !slices.Equal(widgetIDs(all), want) || all[3].Position != 3 {
			t.Fatalf("after reorder = %v, %v; want %v", widgetIDs(all), err, want)
		}
		err = s.InTx(ctx, func(tx *store.Tx) error { return tx.ReorderWidgets(ctx, []int64{ws[2].ID, 999}) })
		if !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("reorder with an unknown id: err = %v, want ErrNotFound", err)
		}
		if all, _ = s.ListWidgets(ctx, 0); !slices.Equal(widgetIDs(all), want) {
			t.Fatalf("a failed reorder changed the order: %v", widgetIDs(all))
		}
	})
}
