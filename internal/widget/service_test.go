package widget_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/secret"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
	"github.com/ticketwire/ticketwire/internal/validate"
	"github.com/ticketwire/ticketwire/internal/widget"
)

// fixture is a store with one integration and one customer who has data
// from it, and another customer who has none.
type fixture struct {
	svc         *widget.Service
	integration int64
	withData    int64
	withoutData int64
}

func newFixture(t *testing.T, s *store.Store) fixture {
	t.Helper()
	ctx := context.Background()
	in, err := s.CreateIntegration(ctx, store.Integration{Type: "http", Name: "Shop", Config: []byte(`{}`), Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	c1, err := s.CreateCustomer(ctx, store.Customer{Email: "jo@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	c2, err := s.CreateCustomer(ctx, store.Customer{Email: "al@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	data := `{"vip":true,"email":"jo@example.com","orders":[{"id":7,"status":"shipped"}],"__integration_type__":"http"}`
	if err := s.PutCustomerIntegration(ctx, store.CustomerIntegration{CustomerID: c1.ID, IntegrationID: in.ID,
		Data: []byte(data), FetchedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	box, err := secret.NewBox([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	return fixture{svc: widget.NewService(s, box), integration: in.ID, withData: c1.ID, withoutData: c2.ID}
}

func tree(s string) *widget.Node {
	var n widget.Node
	if err := json.Unmarshal([]byte(s), &n); err != nil {
		panic(err)
	}
	return &n
}

func order(n int) *int { return &n }

func TestServiceCreateAndUpdate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		tpl := tree(`{"type":"wrapper","title":"Shop","widgets":[{"type":"boolean","path":"vip","title":"VIP"}]}`)
		first, err := f.svc.Create(ctx, widget.Input{IntegrationID: f.integration, Template: tpl})
		if err != nil {
			t.Fatal(err)
		}
		if first.Context != widget.ContextTicket || first.Type != widget.SourceHTTP || first.Order != 0 || first.Template.Widgets[0].Path != "vip" {
			t.Fatalf("created = %+v", first)
		}
		second, err := f.svc.Create(ctx, widget.Input{IntegrationID: f.integration, Template: tpl})
		if err != nil || second.Order != 1 {
			t.Fatalf("a widget without order goes last: %+v, %v", second, err)
		}
		tpl.Title = "Orders"
		upd, err := f.svc.Update(ctx, first.ID, widget.Input{IntegrationID: f.integration, Template: tpl})
		if err != nil || upd.Order != 0 || upd.Template.Title != "Orders" || !upd.CreatedDatetime.Equal(first.CreatedDatetime) {
			t.Fatalf("an update without order keeps it: %+v, %v", upd, err)
		}
		if upd, err = f.svc.Update(ctx, first.ID, widget.Input{IntegrationID: f.integration, Order: order(5), Template: tpl}); err != nil || upd.Order != 5 {
			t.Fatalf("update with order = %+v, %v", upd, err)
		}
		if _, err := f.svc.Update(ctx, 999, widget.Input{IntegrationID: f.integration, Template: tpl}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("update of a missing widget: err = %v, want ErrNotFound", err)
		}
		if err := f.svc.Reorder(ctx, []int64{first.ID, second.ID}); err != nil {
			t.Fatal(err)
		}
		list, err := f.svc.List(ctx, f.integration)
		if err != nil || len(list) != 2 || list[0].ID != first.ID || list[1].Order != 1 {
			t.Fatalf("after reorder = %+v, %v", list, err)
		}
		if err := f.svc.Reorder(ctx, []int64{first.ID, first.ID}); err == nil {
			t.Fatal("a reorder listing a widget twice was accepted")
		}
	})
}

func TestServiceValidation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		ok := `{"type":"wrapper","title":"Shop"}`
		for _, tt := range []struct {
			name  string
			in    widget.Input
			field string
		}{
			{"context", widget.Input{Context: "customer", IntegrationID: f.integration, Template: tree(ok)}, "context"},
			{"type", widget.Input{Type: "email", IntegrationID: f.integration, Template: tree(ok)}, "type"},
			{"no integration", widget.Input{Template: tree(ok)}, "integration_id"},
			{"unknown integration", widget.Input{IntegrationID: 999, Template: tree(ok)}, "integration_id"},
			{"negative order", widget.Input{IntegrationID: f.integration, Order: order(-1), Template: tree(ok)}, "order"},
			{"no template", widget.Input{IntegrationID: f.integration}, "template"},
			{"bad colour", widget.Input{IntegrationID: f.integration, Template: tree(`{"type":"wrapper","meta":{"color":"red"}}`)}, "template.meta.color"},
			{"nested", widget.Input{IntegrationID: f.integration,
				Template: tree(`{"type":"wrapper","widgets":[{"type":"text","path":"a","meta":{"color":"#fff"}}]}`)}, "template.widgets[0].meta.color"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.svc.Create(ctx, tt.in)
				if v, ok := validate.As(err); !ok || v.Field != tt.field {
					t.Fatalf("Create() error = %v, want a validation error on %s", err, tt.field)
				}
			})
		}
		if list, err := f.svc.List(ctx, 0); err != nil || len(list) != 0 {
			t.Fatalf("refused widgets were stored: %+v, %v", list, err)
		}
	})
}

func TestServiceTemplate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		root, err := f.svc.Template(ctx, f.integration, f.withData)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := json.Marshal(root)
		want := `{"type":"wrapper","title":"Shop","widgets":[{"type":"boolean","path":"vip","title":"VIP"},` +
			`{"type":"email","path":"email","title":"Email"},{"type":"list","path":"orders","title":"Orders","meta":{"limit":3},` +
			`"widgets":[{"type":"card","title":"{{id}}","widgets":[{"type":"text","path":"id","title":"ID"},{"type":"text","path":"status","title":"Status"}]}]}]}`
		if string(got) != want {
			t.Fatalf("Template() =\n%s\nwant\n%s", got, want)
		}
		for _, tt := range []struct {
			name                  string
			integration, customer int64
			field                 string
		}{
			{"no data", f.integration, f.withoutData, "customer_id"},
			{"unknown customer", f.integration, 999, "customer_id"},
			{"unknown integration", 999, f.withData, "integration_id"},
		} {
			_, err := f.svc.Template(ctx, tt.integration, tt.customer)
			if v, ok := validate.As(err); !ok || v.Field != tt.field {
				t.Errorf("%s: Template() error = %v, want a validation error on %s", tt.name, err, tt.field)
			}
		}
	})
}
