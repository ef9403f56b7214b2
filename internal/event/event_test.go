package event_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/event"
)

func TestKinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name             string
		kind             event.Kind
		valid, exclusive bool
	}{
		{name: "created", kind: "ticket-created", valid: true},
		{name: "updated", kind: "ticket-updated", valid: true},
		{name: "self unsnoozed", kind: "ticket-self-unsnoozed", valid: true},
		{name: "message created", kind: "ticket-message-created", valid: true},
		{name: "message failed", kind: "ticket-message-failed", valid: true},
		{name: "assignment updated is exclusive", kind: "ticket-assignment-updated", valid: true, exclusive: true},
		{name: "status updated is exclusive", kind: "ticket-status-updated", valid: true, exclusive: true},
		{name: "unknown", kind: "ticket-deleted"},
		{name: "the hosted product's snake case is not a kind", kind: "ticket_created"},
		{name: "empty", kind: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.kind.Valid(); got != tt.valid {
				t.Errorf("%q.Valid() = %v, want %v", tt.kind, got, tt.valid)
			}
			if got := tt.kind.Exclusive(); got != tt.exclusive {
				t.Errorf("%q.Exclusive() = %v, want %v", tt.kind, got, tt.exclusive)
			}
			if got := slices.Contains(event.Kinds, tt.kind); got != tt.valid {
				t.Errorf("Kinds lists %q: %v, want %v", tt.kind, got, tt.valid)
			}
		})
	}
	if len(event.Kinds) != 7 {
		t.Errorf("Kinds has %d kinds, want DESIGN.md's seven", len(event.Kinds))
	}
}

// The snapshot is what templates read: its JSON names are the API's ticket,
// so a template written against the API works on an event unchanged.
func TestTicketSnapshotJSON(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	tk := event.Ticket{ID: 42, Subject: "Late", Status: "open", Channel: "email",
		Customer: event.Customer{ID: 7, Email: "jo@example.com", Name: "Jo", Data: json.RawMessage(`{"vip":true}`),
			Integrations: map[string]json.RawMessage{"3": json.RawMessage(`{"plan":"gold"}`)}, CreatedDatetime: at},
		AssigneeUser: &event.User{ID: 2, Email: "al@example.com", Name: "Al"}, Tags: []event.Tag{{Name: "vip"}},
		CreatedDatetime: at, Messages: []event.Message{{ID: 9, TicketID: 42, BodyText: "Hi", Sender: event.Sender{ID: 7}}}}
	raw, err := json.Marshal(tk)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"id", "subject", "status", "channel", "customer", "assignee_user", "assignee_team", "tags",
		"snooze_datetime", "created_datetime", "updated_datetime", "opened_datetime", "closed_datetime", "last_message_datetime", "messages"} {
		if _, ok := got[key]; !ok {
			t.Errorf("the snapshot has no %q: %s", key, raw)
		}
	}
	c := got["customer"].(map[string]any)
	if c["email"] != "jo@example.com" || c["integrations"].(map[string]any)["3"].(map[string]any)["plan"] != "gold" {
		t.Errorf("customer = %v", c)
	}
	if got["created_datetime"] != "2026-03-01T09:30:00Z" || got["assignee_team"] != nil {
		t.Errorf("created_datetime = %v, assignee_team = %v", got["created_datetime"], got["assignee_team"])
	}
	m := got["messages"].([]any)[0].(map[string]any)
	if m["body_text"] != "Hi" || m["sender"].(map[string]any)["id"] != float64(7) {
		t.Errorf("message = %v", m)
	}
	noMessages, _ := json.Marshal(event.Ticket{ID: 1})
	var bare map[string]any
	_ = json.Unmarshal(noMessages, &bare)
	if _, ok := bare["messages"]; ok {
		t.Errorf("a snapshot without messages still has the key: %s", noMessages)
	}
}
