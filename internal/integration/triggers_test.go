package integration_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/validate"
)

func TestTriggersDecodeAndCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		json      string
		want      string // the checked list, as fmt prints it
		decodeErr bool
		field     string // the field of the 422; "" when valid
	}{
		{name: "list", json: `["ticket-created", "ticket-message-created"]`, want: "[ticket-created ticket-message-created]"},
		{name: "all five non-exclusive", json: `["ticket-created", "ticket-updated", "ticket-self-unsnoozed", "ticket-message-created", "ticket-message-failed"]`,
			want: "[ticket-created ticket-updated ticket-self-unsnoozed ticket-message-created ticket-message-failed]"},
		{name: "duplicates dropped", json: `["ticket-created", "ticket-created"]`, want: "[ticket-created]"},
		{name: "object form", json: `{"ticket-message-created": true, "ticket-created": true, "ticket-updated": false}`,
			want: "[ticket-created ticket-message-created]"},
		{name: "snake_case object", json: `{"ticket_created": true, "ticket_self_unsnoozed": true, "ticket_updated": false}`,
			want: "[ticket-created ticket-self-unsnoozed]"},
		{name: "snake_case list", json: `["ticket_message_failed"]`, want: "[ticket-message-failed]"},
		{name: "handed over false is ignored", json: `{"ticket-created": true, "ticket-handed-over": false}`, want: "[ticket-created]"},
		{name: "status alone", json: `["ticket-status-updated"]`, want: "[ticket-status-updated]"},
		{name: "assignment alone", json: `["ticket-assignment-updated"]`, want: "[ticket-assignment-updated]"},
		{name: "object form exclusive alone", json: `{"ticket-status-updated": true, "ticket-created": false}`, want: "[ticket-status-updated]"},
		{name: "status twice is still alone", json: `["ticket-status-updated", "ticket-status-updated"]`, want: "[ticket-status-updated]"},
		{name: "empty list", json: `[]`, field: "http.triggers"},
		{name: "null", json: `null`, field: "http.triggers"},
		{name: "object all false", json: `{"ticket-created": false}`, field: "http.triggers"},
		{name: "status with another", json: `["ticket-created", "ticket-status-updated"]`, field: "http.triggers"},
		{name: "assignment with status", json: `["ticket-assignment-updated", "ticket-status-updated"]`, field: "http.triggers"},
		{name: "object form exclusivity", json: `{"ticket-assignment-updated": true, "ticket-updated": true}`, field: "http.triggers"},
		{name: "unknown kind", json: `["ticket-created", "ticket-deleted"]`, field: "http.triggers[1]"},
		{name: "a string", json: `"ticket-created"`, decodeErr: true},
		{name: "object of strings", json: `{"ticket-created": "yes"}`, decodeErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var tr integration.Triggers
			err := json.Unmarshal([]byte(tt.json), &tr)
			if tt.decodeErr {
				if err == nil {
					t.Fatalf("decoded %s as %v", tt.json, tr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := tr.Check("http.triggers")
			if tt.field != "" {
				v, ok := validate.As(err)
				if !ok || v.Field != tt.field || v.Message == "" {
					t.Fatalf("Check(%s) = %v, %v; want a validation error on %s", tt.json, got, err, tt.field)
				}
				return
			}
			if err != nil || fmt.Sprint(got) != tt.want {
				t.Fatalf("Check(%s) = %v, %v; want %s", tt.json, got, err, tt.want)
			}
		})
	}
}

func TestTriggersMarshalAsList(t *testing.T) {
	t.Parallel()
	var tr integration.Triggers
	if err := json.Unmarshal([]byte(`{"ticket-created": true}`), &tr); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(tr)
	if err != nil || string(b) != `["ticket-created"]` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
}

func TestTriggersMatch(t *testing.T) {
	t.Parallel()
	tr := integration.Triggers{event.TicketUpdated, event.TicketMessageCreated}
	for _, tt := range []struct {
		name string
		kind event.Kind
		want bool
	}{
		{"listed", event.TicketUpdated, true},
		{"also listed", event.TicketMessageCreated, true},
		{"status change is not an update trigger", event.TicketStatusUpdated, false},
		{"created", event.TicketCreated, false},
	} {
		if got := tr.Matches(tt.kind); got != tt.want {
			t.Errorf("%s: Matches(%s) = %v, want %v", tt.name, tt.kind, got, tt.want)
		}
	}
}
