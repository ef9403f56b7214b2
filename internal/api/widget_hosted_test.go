package api_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// hostedWidget is a widget as the hosted helpdesk's GET /api/widgets/{id}
// returns it: numbers as strings, empty settings, its display switches.
const hostedWidget = `{"id": 55, "uri": "/api/widgets/55/", "app_id": null, "context": "ticket", "type": "http",
  "integration_id": %d, "order": 2, "deactivated_datetime": null,
  "created_datetime": "2023-05-02T09:00:00.000000", "updated_datetime": "2023-05-02T09:00:00.000000",
  "template": {"type": "wrapper", "title": "", "path": "", "meta": {"color": "#eb144c", "displayCard": true}, "widgets": [
    {"type": "card", "title": "{{firstname}} {{lastname}}", "path": "customer",
     "meta": {"link": "https://backoffice.example.com/customers/{{id}}", "pictureUrl": "{{avatar_url}}", "displayCard": true},
     "widgets": [
       {"type": "email", "title": "Email", "path": "email"},
       {"type": "points", "title": "Loyalty points", "path": "metafields.loyalty_points.value"}]},
    {"type": "list", "title": "Orders", "path": "orders", "meta": {"limit": "2", "orderBy": ""}, "widgets": [
      {"type": "card", "title": "Order {{name}}", "meta": {"link": "", "displayCard": false}, "widgets": [
        {"type": "text", "title": "Status", "path": "fulfillment_status"},
        {"type": "date", "title": "Placed", "path": "created_at"}]}]},
    {"type": "list", "title": "Subscriptions", "path": "subscriptions", "meta": {"limit": ""}, "widgets": [
      {"type": "text", "title": "Plan", "path": "plan"}]}]}}`

// hostedWidgetOut is the same tree as ticketwire writes it: limits as
// numbers, empty and default settings left out.
const hostedWidgetOut = `{"type": "wrapper", "meta": {"color": "#eb144c", "displayCard": true}, "widgets": [
    {"type": "card", "title": "{{firstname}} {{lastname}}", "path": "customer",
     "meta": {"link": "https://backoffice.example.com/customers/{{id}}", "pictureUrl": "{{avatar_url}}", "displayCard": true},
     "widgets": [
       {"type": "email", "title": "Email", "path": "email"},
       {"type": "points", "title": "Loyalty points", "path": "metafields.loyalty_points.value"}]},
    {"type": "list", "title": "Orders", "path": "orders", "meta": {"limit": 2}, "widgets": [
      {"type": "card", "title": "Order {{name}}", "meta": {"displayCard": false}, "widgets": [
        {"type": "text", "title": "Status", "path": "fulfillment_status"},
        {"type": "date", "title": "Placed", "path": "created_at"}]}]},
    {"type": "list", "title": "Subscriptions", "path": "subscriptions", "widgets": [
      {"type": "text", "title": "Plan", "path": "plan"}]}]}`

// TestHostedWidgetRoundTrip posts a widget as the hosted helpdesk returns
// it and reads back the same tree, which posts back unchanged.
func TestHostedWidgetRoundTrip(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		shop := widgetIntegration(e, "Back office")
		var created widgetBody
		e.want(201, e.admin, "POST", "/api/widgets", fmt.Sprintf(hostedWidget, shop), &created)
		if created.Order != 2 || created.IntegrationID != shop || created.Context != "ticket" || created.Type != "http" {
			t.Fatalf("created %+v", created)
		}
		var got struct {
			Data []widgetBody `json:"data"`
		}
		e.want(200, e.admin, "GET", fmt.Sprintf("/api/widgets?integration_id=%d", shop), nil, &got)
		if len(got.Data) != 1 {
			t.Fatalf("widgets = %+v", got.Data)
		}
		sameJSON(t, string(got.Data[0].Template), hostedWidgetOut)

		// What GET returned posts back as it is and means the same.
		raw, _ := json.Marshal(got.Data[0])
		var again widgetBody
		e.want(200, e.admin, "PUT", fmt.Sprintf("/api/widgets/%d", created.ID), string(raw), &again)
		sameJSON(t, string(again.Template), hostedWidgetOut)

		bad := strings.Replace(fmt.Sprintf(hostedWidget, shop), `"limit": "2"`, `"limit": "two"`, 1)
		if raw := e.want(422, e.admin, "POST", "/api/widgets", bad, nil); !strings.Contains(raw, `"field":"template.widgets[1].meta.limit"`) {
			t.Fatalf("a limit that is not a number: %s", raw)
		}
	})
}

func sameJSON(t *testing.T, got, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("got  %s\nwant %s", got, compactJSON(t, want))
	}
}
