package tmpl

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestBuildContext(t *testing.T) {
	t.Parallel()
	ticket := decode(t, ticketJSON)
	changes := decode(t, `{"status": {"previous": "open", "current": "closed"}}`)
	pristine := decode(t, ticketJSON)

	ctx := BuildContext(ContextInput{Ticket: ticket, Changes: changes})

	if !reflect.DeepEqual(ticket, pristine) {
		t.Error("BuildContext modified the ticket it was given")
	}
	got := ctx["ticket"].(map[string]any)
	tests := []struct {
		name string
		got  any
		want any
	}{
		{name: "id is int64", got: got["id"], want: int64(42)},
		{name: "nested whole number", got: got["customer"].(map[string]any)["integrations"].(map[string]any)["12"].(map[string]any)["orders"].([]any)[0].(map[string]any)["total"], want: int64(30)},
		{name: "fraction stays float", got: got["customer"].(map[string]any)["data"].(map[string]any)["score"], want: 9.5},
		{name: "customer_id", got: got["customer_id"], want: int64(7)},
		{name: "assignee_user_id", got: got["assignee_user_id"], want: int64(3)},
		{name: "assignee_team_id is null", got: got["assignee_team_id"], want: nil},
		{name: "first_message", got: got["first_message"].(map[string]any)["id"], want: int64(100)},
		{name: "last_message", got: got["last_message"].(map[string]any)["id"], want: int64(101)},
		{name: "changes", got: ctx["changes"].(map[string]any)["status"].(map[string]any)["current"], want: "closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %#v, want %#v", tt.got, tt.want)
			}
		})
	}
	for _, absent := range []string{"message", "current_user"} {
		if _, ok := ctx[absent]; ok {
			t.Errorf("context has %q although the input had none", absent)
		}
	}
}

func TestBuildContextWithoutMessages(t *testing.T) {
	t.Parallel()
	ctx := BuildContext(ContextInput{Ticket: map[string]any{"id": 1.0, "customer_id": 9.0}})
	ticket := ctx["ticket"].(map[string]any)
	if ticket["first_message"] != nil || ticket["last_message"] != nil || ticket["customer_id"] != int64(9) {
		t.Errorf("ticket = %v", ticket)
	}
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	dec := json.NewDecoder(strings.NewReader(`{"a": 1, "b": 1.5, "c": [2, 1e3, 12345678901234567890]}`))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	got := Normalize(v).(map[string]any)
	c := got["c"].([]any)
	if got["a"] != int64(1) || got["b"] != 1.5 || c[0] != int64(2) || c[1] != int64(1000) || c[2] != 1.2345678901234567e19 {
		t.Errorf("Normalize = %#v", got)
	}
}
