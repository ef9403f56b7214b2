package widget

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestParamOptionsAsTheHostedHelpdeskWritesThem: a dropdown's options may be
// strings, {label, value} objects or one comma-separated string.
func TestParamOptionsAsTheHostedHelpdeskWritesThem(t *testing.T) {
	t.Parallel()
	want := []Option{{Label: "damaged", Value: "damaged"}, {Label: "Late", Value: "late"}}
	for _, c := range []struct{ name, options string }{
		{"objects", `[{"label": "damaged", "value": "damaged"}, {"label": "Late", "value": "late"}]`},
		{"object without label", `[{"value": "damaged"}, {"label": "Late", "value": "late"}]`},
	} {
		var p Param
		if err := json.Unmarshal([]byte(`{"key": "r", "type": "dropdown", "options": `+c.options+`}`), &p); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !reflect.DeepEqual(p.Options, want) {
			t.Fatalf("%s: options = %+v", c.name, p.Options)
		}
	}
	for _, c := range []struct{ name, options string }{{"strings", `["damaged", "late"]`}, {"one string", `"damaged, late,"`}} {
		var p Param
		if err := json.Unmarshal([]byte(`{"key": "r", "options": `+c.options+`}`), &p); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(p.Options) != 2 || p.Options[1] != (Option{Label: "late", Value: "late"}) {
			t.Fatalf("%s: options = %+v", c.name, p.Options)
		}
	}
	var p Param
	if err := json.Unmarshal([]byte(`{"key": "r", "options": [3]}`), &p); err == nil {
		t.Fatal("a number as an option was accepted")
	}
}

// TestBodyHostedKeys: the hosted helpdesk keeps a body's content under its
// content type; ticketwire reads it as json and form.
func TestBodyHostedKeys(t *testing.T) {
	t.Parallel()
	var b Body
	raw := `{"contentType": "application/x-www-form-urlencoded", "application/json": {"n": 1},
	  "application/x-www-form-urlencoded": [{"key": "a", "value": "{{id}}"}]}`
	if err := json.Unmarshal([]byte(raw), &b); err != nil {
		t.Fatal(err)
	}
	if b.JSON["n"] != json.Number("1") || len(b.Form) != 1 || b.Form[0].Key != "a" {
		t.Fatalf("body = %+v", b)
	}
	out, _ := json.Marshal(b)
	if string(out) != `{"contentType":"application/x-www-form-urlencoded","json":{"n":1},"form":[{"key":"a","value":"{{id}}","editable":false,"mandatory":false}]}` {
		t.Fatalf("written as %s", out)
	}
}

// TestCardActionsRender: links show only when they render to http(s);
// buttons list the params, headers and form fields the agent fills in, a
// header's value never offered.
func TestCardActionsRender(t *testing.T) {
	t.Parallel()
	root := node(`{"type": "wrapper", "widgets": [{"type": "list", "path": "orders", "widgets": [{"type": "card", "meta": {"custom": {
	  "links": [{"label": "Open", "url": "https://shop.example.com/o/{{id}}?i={{$listIndex}}"}, {"label": "Track", "url": "{{tracking}}"}],
	  "buttons": [{"label": "Refund", "action": {"method": "post", "url": "https://shop.example.com/r", "params": [
	    {"key": "order", "value": "{{id}}"},
	    {"key": "reason", "value": "late", "editable": true, "mandatory": true, "type": "dropdown", "options": ["damaged", "late"]},
	    {"key": "note", "value": "{{id}}", "editable": true}],
	    "headers": [{"key": "X-Api-Key", "value": "k3y"}, {"key": "X-Ref", "value": "r3f", "label": "Ref", "editable": true, "mandatory": true}],
	    "body": {"contentType": "application/x-www-form-urlencoded", "form": [
	      {"key": "amount", "value": "10", "label": "Amount", "editable": true},
	      {"key": "pin", "value": "1234", "label": "PIN", "editable": true, "secret": true},
	      {"key": "kind", "value": "full", "editable": true, "type": "dropdown", "options": "full, part"}]}}}]}}}]}]}`)
	if err := Validate(root); err != nil {
		t.Fatal(err)
	}
	v, err := RenderAt(root, json.RawMessage(`{"orders": [{"id": 7, "tracking": "javascript:alert(1)"}, {"id": 8}]}`), now)
	if err != nil {
		t.Fatal(err)
	}
	c := v.Blocks[0].List.Items[1].Card
	if c.Address != "orders.1" || !reflect.DeepEqual(c.Links, []CardLink{{Label: "Open", URL: "https://shop.example.com/o/8?i=1"}}) {
		t.Fatalf("card = %+v", c)
	}
	want := []CardButton{{Index: 0, Label: "Refund", Method: "POST", Fields: []ButtonField{
		{List: "values", Key: "reason", Label: "Reason", Mandatory: true, Options: []Option{{"damaged", "damaged"}, {"late", "late"}}, Value: "late"},
		{List: "values", Key: "note", Label: "Note"},
		{List: "headers", Key: "X-Ref", Label: "Ref", Mandatory: true, Kept: true},
		{List: "form", Key: "amount", Label: "Amount", Value: "10"},
		{List: "form", Key: "pin", Label: "PIN", Kept: true},
		{List: "form", Key: "kind", Label: "Kind", Options: []Option{{"full", "full"}, {"part", "part"}}, Value: "full"}}}}
	if !reflect.DeepEqual(c.Buttons, want) {
		t.Fatalf("buttons = %+v", c.Buttons)
	}
	if links := v.Blocks[0].List.Items[0].Card.Links; len(links) != 1 {
		t.Fatalf("a javascript: link was shown: %+v", links)
	}
}
