package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/store"
)

// widgetExample is the widget tree of API.md.
const widgetExample = `{"type": "wrapper", "title": "Shop", "meta": {"color": "#a1b2c3"}, "widgets": [
  {"type": "text", "path": "vip", "title": "VIP"},
  {"type": "list", "path": "orders", "meta": {"limit": 3, "orderBy": "-id"}, "widgets": [
    {"type": "card", "title": "Order {{id}}", "meta": {"link": "https://shop.example.com/o/{{id}}"}, "widgets": [
      {"type": "text", "path": "status", "title": "Status"},
      {"type": "date", "path": "created_at", "title": "Placed"}]}]}]}`

type widgetBody struct {
	ID              int64           `json:"id"`
	Context         string          `json:"context"`
	Type            string          `json:"type"`
	IntegrationID   int64           `json:"integration_id"`
	Order           int             `json:"order"`
	Template        json.RawMessage `json:"template"`
	CreatedDatetime time.Time       `json:"created_datetime"`
	UpdatedDatetime time.Time       `json:"updated_datetime"`
}

// widgetIntegration creates an integration through the API and returns its id.
func widgetIntegration(e *env, name string) int64 {
	e.t.Helper()
	var it struct {
		ID int64 `json:"id"`
	}
	e.want(201, e.admin, "POST", "/api/integrations", map[string]any{"name": name,
		"http": map[string]any{"url": "https://shop.example.com/api/customers?email={{ticket.customer.email}}", "triggers": []string{"ticket-created"}}}, &it)
	return it.ID
}

// widgetInput is a widget to post, with the tree given as JSON text.
func widgetInput(integrationID int64, template string) map[string]any {
	return map[string]any{"integration_id": integrationID, "template": json.RawMessage(template)}
}

// compactJSON strips insignificant spaces so trees compare as text.
func compactJSON(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		t.Fatalf("compact %s: %v", s, err)
	}
	return b.String()
}

func TestWidgetsCRUD(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		shop, crm := widgetIntegration(e, "Shop"), widgetIntegration(e, "CRM")
		var w widgetBody
		in := widgetInput(shop, widgetExample)
		in["order"] = 3
		raw := e.want(201, e.admin, "POST", "/api/widgets", in, &w)
		var keys map[string]json.RawMessage
		_ = json.Unmarshal([]byte(raw), &keys)
		got := slices.Sorted(maps.Keys(keys))
		if want := []string{"context", "created_datetime", "id", "integration_id", "order", "template", "type", "updated_datetime"}; !slices.Equal(got, want) {
			t.Fatalf("widget JSON keys = %v, want %v", got, want)
		}
		if w.ID == 0 || w.Context != "ticket" || w.Type != "http" || w.IntegrationID != shop || w.Order != 3 || w.CreatedDatetime.IsZero() {
			t.Fatalf("created widget = %s", raw)
		}
		if string(w.Template) != compactJSON(t, widgetExample) {
			t.Fatalf("template = %s, want the posted tree as it was:\n%s", w.Template, compactJSON(t, widgetExample))
		}
		var other widgetBody
		e.want(201, e.admin, "POST", "/api/widgets", widgetInput(crm, `{"type":"wrapper","title":"CRM"}`), &other)
		if other.Order != 4 {
			t.Fatalf("a widget posted without order has order %d, want 4 (after the last)", other.Order)
		}

		var all list[widgetBody]
		e.want(200, e.admin, "GET", "/api/widgets", nil, &all)
		if len(all.Data) != 2 || all.Data[0].ID != w.ID || all.Data[1].ID != other.ID || all.Meta.NextCursor != nil {
			t.Fatalf("widgets = %+v", all)
		}
		var mine list[widgetBody]
		e.want(200, e.admin, "GET", fmt.Sprintf("/api/widgets?integration_id=%d", crm), nil, &mine)
		if len(mine.Data) != 1 || mine.Data[0].ID != other.ID {
			t.Fatalf("widgets of integration %d = %+v", crm, mine.Data)
		}
		e.wantError(422, "validation_failed", "integration_id", e.admin, "GET", "/api/widgets?integration_id=x", nil)

		var upd widgetBody
		p := fmt.Sprintf("/api/widgets/%d", w.ID)
		e.want(200, e.admin, "PUT", p, map[string]any{"integration_id": shop, "order": 9,
			"template": json.RawMessage(`{"type":"wrapper","title":"Orders"}`)}, &upd)
		if upd.ID != w.ID || upd.Order != 9 || string(upd.Template) != `{"type":"wrapper","title":"Orders"}` ||
			!upd.CreatedDatetime.Equal(w.CreatedDatetime) || upd.UpdatedDatetime.Before(w.UpdatedDatetime) {
			t.Fatalf("updated widget = %+v", upd)
		}
		e.want(200, e.admin, "GET", "/api/widgets", nil, &all)
		if len(all.Data) != 2 || all.Data[0].ID != other.ID || all.Data[1].ID != w.ID {
			t.Fatalf("widgets after moving one down = %+v", all.Data)
		}

		e.want(204, e.admin, "DELETE", p, nil, nil)
		e.wantError(404, "not_found", "", e.admin, "DELETE", p, nil)
		e.wantError(404, "not_found", "", e.admin, "PUT", p, widgetInput(shop, widgetExample))
		e.wantError(404, "not_found", "", e.admin, "DELETE", "/api/widgets/abc", nil)
		e.want(200, e.admin, "GET", "/api/widgets", nil, &all)
		if len(all.Data) != 1 || all.Data[0].ID != other.ID {
			t.Fatalf("widgets after delete = %+v", all.Data)
		}
	})
}

func TestWidgetWritesAreForAdmins(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		shop := widgetIntegration(e, "Shop")
		var w widgetBody
		e.want(201, e.admin, "POST", "/api/widgets", widgetInput(shop, widgetExample), &w)
		if _, err := e.srv.Auth.CreateUser(t.Context(), auth.NewUser{Email: "agent@example.com", Name: "Al", Role: auth.RoleAgent}); err != nil {
			t.Fatal(err)
		}
		agent, err := e.srv.Auth.CreateToken(t.Context(), "agent@example.com", "test")
		if err != nil {
			t.Fatal(err)
		}
		p := fmt.Sprintf("/api/widgets/%d", w.ID)
		for _, c := range []struct {
			method, path string
			body         any
		}{
			{"POST", "/api/widgets", widgetInput(shop, widgetExample)},
			{"PUT", p, widgetInput(shop, `{"type":"wrapper","title":"Changed"}`)},
			{"DELETE", p, nil},
			{"POST", "/api/widgets/template", map[string]any{"integration_id": shop, "customer_id": 1}},
		} {
			e.wantError(403, "forbidden", "", agent, c.method, c.path, c.body)
			e.wantError(401, "unauthenticated", "", "", c.method, c.path, c.body)
		}
		e.wantError(401, "unauthenticated", "", "", "GET", "/api/widgets", nil)
		var all list[widgetBody]
		e.want(200, agent, "GET", "/api/widgets", nil, &all)
		if len(all.Data) != 1 || !strings.Contains(string(all.Data[0].Template), `"title":"Shop"`) {
			t.Fatalf("an agent changed or cannot see the widget: %+v", all.Data)
		}
	})
}

func TestWidgetValidationAnswers422(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		shop := widgetIntegration(e, "Shop")
		ok := `{"type":"wrapper","title":"Shop"}`
		with := func(key string, v any) map[string]any {
			in := widgetInput(shop, ok)
			in[key] = v
			return in
		}
		for _, c := range []struct {
			name  string
			body  any
			field string
		}{
			{"leaf colour", widgetInput(shop, `{"type":"wrapper","widgets":[{"type":"text","path":"vip","meta":{"color":"#fff"}}]}`), "template.widgets[0].meta.color"},
			{"bad colour", widgetInput(shop, `{"type":"wrapper","meta":{"color":"red; background: url(x)"}}`), "template.meta.color"},
			{"list without path", widgetInput(shop, `{"type":"wrapper","widgets":[{"type":"list","widgets":[{"type":"text"}]}]}`), "template.widgets[0].path"},
			{"bad card template", widgetInput(shop, `{"type":"wrapper","widgets":[{"type":"card","path":"a","title":"{{ oops"}]}`), "template.widgets[0].title"},
			{"root not a wrapper", widgetInput(shop, `{"type":"card","title":"x"}`), "template.type"},
			{"no template", map[string]any{"integration_id": shop}, "template"},
			{"no integration", map[string]any{"template": json.RawMessage(ok)}, "integration_id"},
			{"unknown integration", widgetInput(shop+100, ok), "integration_id"},
			{"context", with("context", "customer"), "context"},
			{"type", with("type", "email"), "type"},
			{"order", with("order", -1), "order"},
			{"order type", with("order", "first"), "order"},
			{"unknown field", with("position", 1), "position"},
		} {
			t.Run(c.name, func(t *testing.T) {
				e := *e
				e.t = t
				e.wantError(422, "validation_failed", c.field, e.admin, "POST", "/api/widgets", c.body)
			})
		}
		var w widgetBody
		e.want(201, e.admin, "POST", "/api/widgets", widgetInput(shop, ok), &w)
		e.wantError(422, "validation_failed", "template.widgets[0].meta.color", e.admin, "PUT", fmt.Sprintf("/api/widgets/%d", w.ID),
			widgetInput(shop, `{"type":"wrapper","widgets":[{"type":"text","path":"vip","meta":{"color":"#fff"}}]}`))
		e.wantError(400, "malformed_json", "", e.admin, "POST", "/api/widgets", `{"template": `)
		var all list[widgetBody]
		e.want(200, e.admin, "GET", "/api/widgets", nil, &all)
		if len(all.Data) != 1 || string(all.Data[0].Template) != ok {
			t.Fatalf("a refused widget was stored: %+v", all.Data)
		}
	})
}

func TestWidgetTemplateFromCustomerData(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		shop := widgetIntegration(e, "Shop")
		var jo, al struct {
			ID int64 `json:"id"`
		}
		e.want(201, e.admin, "POST", "/api/customers", map[string]any{"email": "jo@example.com", "name": "Jo"}, &jo)
		e.want(201, e.admin, "POST", "/api/customers", map[string]any{"email": "al@example.com", "name": "Al"}, &al)
		data := `{"vip": true, "website": "https://jo.example.com", "orders": [{"id": 7, "status": "shipped", "created_at": "2026-03-01T10:00:00Z"}],
			"_secret": "x", "__integration_type__": "http"}`
		if err := e.srv.Store.PutCustomerIntegration(t.Context(), store.CustomerIntegration{CustomerID: jo.ID, IntegrationID: shop,
			Data: json.RawMessage(data), FetchedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
		raw := e.want(200, e.admin, "POST", "/api/widgets/template", map[string]any{"integration_id": shop, "customer_id": jo.ID}, nil)
		want := `{"type":"wrapper","title":"Shop","widgets":[` +
			`{"type":"boolean","path":"vip","title":"VIP"},{"type":"url","path":"website","title":"Website"},` +
			`{"type":"list","path":"orders","title":"Orders","meta":{"limit":3},"widgets":[{"type":"card","title":"{{id}}","widgets":[` +
			`{"type":"text","path":"id","title":"ID"},{"type":"text","path":"status","title":"Status"},{"type":"date","path":"created_at","title":"Created at"}]}]}]}`
		if got := compactJSON(t, raw); got != want {
			t.Fatalf("template =\n%s\nwant\n%s", got, want)
		}
		var all list[widgetBody]
		e.want(200, e.admin, "GET", "/api/widgets", nil, &all)
		if len(all.Data) != 0 {
			t.Fatalf("the template endpoint saved a widget: %+v", all.Data)
		}
		// The tree it answers is a widget the API takes as it is.
		var w widgetBody
		e.want(201, e.admin, "POST", "/api/widgets", widgetInput(shop, raw), &w)
		if string(w.Template) != want {
			t.Fatalf("saved template = %s", w.Template)
		}

		e.wantError(422, "validation_failed", "customer_id", e.admin, "POST", "/api/widgets/template", map[string]any{"integration_id": shop, "customer_id": al.ID})
		e.wantError(422, "validation_failed", "customer_id", e.admin, "POST", "/api/widgets/template", map[string]any{"integration_id": shop, "customer_id": 999})
		e.wantError(422, "validation_failed", "customer_id", e.admin, "POST", "/api/widgets/template", map[string]any{"integration_id": shop})
		e.wantError(422, "validation_failed", "integration_id", e.admin, "POST", "/api/widgets/template", map[string]any{"integration_id": shop + 100, "customer_id": jo.ID})
		e.wantError(422, "validation_failed", "integration_id", e.admin, "POST", "/api/widgets/template", map[string]any{"customer_id": jo.ID})
	})
}

func TestWidgetExportImport(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		shop := widgetIntegration(e, "Shop")
		var w widgetBody
		e.want(201, e.admin, "POST", "/api/widgets", widgetInput(shop, widgetExample), &w)
		var exported struct {
			Data []json.RawMessage `json:"data"`
		}
		e.want(200, e.admin, "GET", fmt.Sprintf("/api/widgets?integration_id=%d", shop), nil, &exported)
		if len(exported.Data) != 1 {
			t.Fatalf("exported = %+v", exported)
		}
		var imported widgetBody
		e.want(201, e.admin, "POST", "/api/widgets", string(exported.Data[0]), &imported)
		if imported.ID == w.ID || imported.IntegrationID != shop || imported.Order != w.Order || imported.Context != w.Context ||
			imported.Type != w.Type || string(imported.Template) != string(w.Template) {
			t.Fatalf("imported = %+v, exported %s", imported, exported.Data[0])
		}
		// PUT takes the exported JSON too: the id in the path wins.
		var replaced widgetBody
		e.want(200, e.admin, "PUT", fmt.Sprintf("/api/widgets/%d", imported.ID), string(exported.Data[0]), &replaced)
		if replaced.ID != imported.ID || string(replaced.Template) != string(w.Template) {
			t.Fatalf("replaced = %+v", replaced)
		}
	})
}

func TestDeletingAnIntegrationDeletesItsWidgets(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		shop, crm := widgetIntegration(e, "Shop"), widgetIntegration(e, "CRM")
		for _, id := range []int64{shop, shop, crm} {
			e.want(201, e.admin, "POST", "/api/widgets", widgetInput(id, `{"type":"wrapper","title":"W"}`), nil)
		}
		e.want(204, e.admin, "DELETE", fmt.Sprintf("/api/integrations/%d", shop), nil, nil)
		var all list[widgetBody]
		e.want(200, e.admin, "GET", "/api/widgets", nil, &all)
		if len(all.Data) != 1 || all.Data[0].IntegrationID != crm {
			t.Fatalf("widgets after deleting integration %d = %+v", shop, all.Data)
		}
		e.want(200, e.admin, "GET", fmt.Sprintf("/api/widgets?integration_id=%d", shop), nil, &all)
		if len(all.Data) != 0 {
			t.Fatalf("widgets of the deleted integration = %+v", all.Data)
		}
	})
}
