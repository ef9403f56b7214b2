package helpdesk

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/store"
)

// raised is one event a change raises, before it is written.
type raised struct {
	kind    event.Kind
	message *event.Message
	changes map[string]event.Change
}

// raise writes the events of one change with the ticket snapshot taken after
// the change, then hands them to the enqueuer, all in tx.
func (s *Service) raise(ctx context.Context, tx *store.Tx, actor Actor, snap event.Ticket, list []raised) ([]store.Event, error) {
	if len(list) == 0 {
		return nil, nil
	}
	ticket, err := json.Marshal(snap)
	if err != nil {
		return nil, fmt.Errorf("helpdesk: snapshot ticket %d: %w", snap.ID, err)
	}
	now := s.clock()
	out := make([]store.Event, 0, len(list))
	for _, r := range list {
		e := store.Event{Kind: string(r.kind), TicketID: snap.ID, UserID: actor.userID(), Ticket: ticket, CreatedAt: now}
		if r.message != nil {
			id := r.message.ID
			e.MessageID = &id
			if e.Message, err = json.Marshal(r.message); err != nil {
				return nil, fmt.Errorf("helpdesk: snapshot message: %w", err)
			}
		}
		if r.changes != nil {
			if e.Changes, err = json.Marshal(r.changes); err != nil {
				return nil, fmt.Errorf("helpdesk: changes: %w", err)
			}
		}
		if e, err = tx.InsertEvent(ctx, e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if s.enqueuer != nil {
		if err := s.enqueuer.Enqueue(ctx, tx, out); err != nil {
			return nil, fmt.Errorf("helpdesk: enqueue deliveries: %w", err)
		}
	}
	return out, nil
}

// ToEvent turns a stored event into its API form.
func ToEvent(e store.Event) (event.Event, error) {
	out := event.Event{ID: e.ID, Kind: event.Kind(e.Kind), TicketID: e.TicketID, MessageID: e.MessageID,
		UserID: e.UserID, CreatedDatetime: e.CreatedAt, Ticket: e.Ticket, Message: e.Message}
	if len(e.Changes) > 0 {
		if err := json.Unmarshal(e.Changes, &out.Changes); err != nil {
			return event.Event{}, fmt.Errorf("helpdesk: decode changes of event %d: %w", e.ID, err)
		}
	}
	return out, nil
}

// ListEvents lists domain events, newest first.
func (s *Service) ListEvents(ctx context.Context, f store.EventFilter) ([]event.Event, error) {
	list, err := s.store.ListEvents(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]event.Event, 0, len(list))
	for _, e := range list {
		v, err := ToEvent(e)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
