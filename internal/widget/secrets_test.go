package widget_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/secret"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
	"github.com/ticketwire/ticketwire/internal/validate"
	"github.com/ticketwire/ticketwire/internal/widget"
)

// buttonTree is a card with a button whose headers hold a key and a
// template, and whose form holds a field marked secret and a plain one.
func buttonTree(url string) *widget.Node {
	return tree(`{"type": "wrapper", "widgets": [{"type": "card", "path": "customer", "meta": {"custom": {"buttons": [
	  {"label": "Refund", "action": {"method": "POST", "url": "` + url + `",
	    "headers": [{"key": "X-Api-Key", "value": "hdr-s3cret"}, {"key": "X-Agent", "value": "{{current_user.email}}"}],
	    "body": {"contentType": "application/x-www-form-urlencoded", "form": [
	      {"key": "pin", "value": "pin-s3cret", "secret": true}, {"key": "amount", "value": "10"}]}}}]}}}]}`)
}

func action(w widget.Widget) widget.Action {
	return w.Template.Widgets[0].Meta.Custom.Buttons[0].Action
}

// TestButtonSecretsAreSealed: a button's header values and its secret form
// fields are sealed in the row, masked by List and Create, in clear for a
// run, and a template sent back masked keeps them.
func TestButtonSecretsAreSealed(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		w, err := f.svc.Create(ctx, widget.Input{IntegrationID: f.integration, Template: buttonTree("https://shop.example.com/r")})
		if err != nil {
			t.Fatal(err)
		}
		row, err := s.GetWidget(ctx, w.ID)
		if err != nil || !row.SecretsSealed {
			t.Fatalf("row = %+v, %v", row, err)
		}
		for _, clear := range []string{"hdr-s3cret", "current_user.email", "pin-s3cret"} {
			if strings.Contains(string(row.Template), clear) {
				t.Fatalf("the stored template holds %q in clear: %s", clear, row.Template)
			}
		}
		if !strings.Contains(string(row.Template), `"value":"10"`) {
			t.Fatalf("a plain form field was sealed: %s", row.Template)
		}
		list, err := f.svc.List(ctx, f.integration)
		if err != nil || len(list) != 1 {
			t.Fatalf("list = %+v, %v", list, err)
		}
		for _, got := range []widget.Widget{w, list[0]} {
			a := action(got)
			if a.Headers[0].Value != secret.Mask || a.Headers[1].Value != secret.Mask || a.Body.Form[0].Value != secret.Mask || a.Body.Form[1].Value != "10" {
				t.Fatalf("answered action = %+v", a)
			}
		}
		// What List answered, sent back (a header renamed in another case),
		// keeps every secret.
		tpl := list[0].Template
		tpl.Widgets[0].Meta.Custom.Buttons[0].Action.Headers[0].Key = "x-api-key"
		if _, err := f.svc.Update(ctx, w.ID, widget.Input{IntegrationID: f.integration, Template: &tpl}); err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.GetClear(ctx, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a := action(got); a.Headers[0].Value != "hdr-s3cret" || a.Headers[1].Value != "{{current_user.email}}" || a.Body.Form[0].Value != "pin-s3cret" {
			t.Fatalf("after a masked round trip = %+v", a)
		}
		// A mask is no secret to keep when the URL changed, or on create.
		fresh := func() widget.Node {
			l, err := f.svc.List(ctx, f.integration)
			if err != nil || len(l) != 1 {
				t.Fatalf("list = %+v, %v", l, err)
			}
			return l[0].Template
		}
		moved := fresh()
		moved.Widgets[0].Meta.Custom.Buttons[0].Action.URL = "https://evil.example.com/r"
		_, err = f.svc.Update(ctx, w.ID, widget.Input{IntegrationID: f.integration, Template: &moved})
		if ve, ok := validate.As(err); !ok || ve.Field != "template.widgets[0].meta.custom.buttons[0].action.headers[0].value" {
			t.Fatalf("masked secret for a new URL: err = %v", err)
		}
		tpl = fresh()
		_, err = f.svc.Create(ctx, widget.Input{IntegrationID: f.integration, Template: &tpl})
		if ve, ok := validate.As(err); !ok || !strings.HasPrefix(ve.Field, "template.widgets[0].meta.custom.buttons[0].action.") {
			t.Fatalf("masked secret on create: err = %v", err)
		}
	})
}

// TestSealStoredSealsWidgetsSavedInClear: a widget saved before secrets
// were sealed reads the same, masked and in clear, and the start-up pass
// seals it once.
func TestSealStoredSealsWidgetsSavedInClear(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		legacy := `{"type":"wrapper","widgets":[{"type":"card","path":"customer","meta":{"custom":{"buttons":[{"label":"Refund","action":{` +
			`"method":"GET","url":"https://shop.example.com/r","headers":[{"key":"X-Api-Key","value":"old-s3cret"}]}}]}}}]}`
		row, err := s.CreateWidget(ctx, store.Widget{Context: "ticket", Type: "http", IntegrationID: f.integration, Template: []byte(legacy)})
		if err != nil {
			t.Fatal(err)
		}
		list, err := f.svc.List(ctx, f.integration)
		if err != nil || len(list) != 1 || action(list[0]).Headers[0].Value != secret.Mask {
			t.Fatalf("list of a widget in clear = %+v, %v", list, err)
		}
		if got, err := f.svc.GetClear(ctx, row.ID); err != nil || action(got).Headers[0].Value != "old-s3cret" {
			t.Fatalf("clear = %+v, %v", got, err)
		}
		if n, err := f.svc.SealStored(ctx); err != nil || n != 1 {
			t.Fatalf("SealStored = %d, %v", n, err)
		}
		after, err := s.GetWidget(ctx, row.ID)
		if err != nil || !after.SecretsSealed || strings.Contains(string(after.Template), "old-s3cret") || !after.UpdatedAt.Equal(row.UpdatedAt) {
			t.Fatalf("after SealStored row = %+v, %v", after, err)
		}
		if got, err := f.svc.GetClear(ctx, row.ID); err != nil || action(got).Headers[0].Value != "old-s3cret" {
			t.Fatalf("clear after sealing = %+v, %v", got, err)
		}
		if n, err := f.svc.SealStored(ctx); err != nil || n != 0 {
			t.Fatalf("second SealStored = %d, %v", n, err)
		}
	})
}
