package helpdesk

import (
	"cmp"
	"context"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// AddMessage adds a message to an existing ticket and raises
// ticket-message-created. A customer's message on a closed ticket reopens it,
// as in any helpdesk, which is also a ticket-updated and ticket-status-updated.
func (s *Service) AddMessage(ctx context.Context, actor Actor, ticketID int64, in MessageInput) (event.Message, error) {
	var out event.Message
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		before, err := tx.GetTicketForUpdate(ctx, ticketID)
		if err != nil {
			return err
		}
		in.Subject = cmp.Or(strings.TrimSpace(in.Subject), before.Subject)
		if err := checkMessage("", &in, before.Channel); err != nil {
			return err
		}
		now := s.clock()
		m, err := tx.CreateMessage(ctx, newMessage(ticketID, actor, in, now))
		if err != nil {
			return err
		}
		after := before
		after.LastMessageAt = &now
		if !in.FromAgent {
			after.LastReceivedAt = &now
			setStatus(&after, "open", now)
		}
		var msg *event.Message
		if _, err := s.commitChange(ctx, tx, actor, before, after, messageCreated(m.ID, &msg)); err != nil {
			return err
		}
		out = *msg
		return nil
	})
	return out, err
}

// MessagePatch marks an outgoing message as failed to send.
type MessagePatch struct {
	FailedDatetime *time.Time `json:"failed_datetime"`
}

// MarkMessageFailed records that an agent's message failed to send and
// raises ticket-message-failed. Marking an already failed message again
// changes nothing and raises nothing.
func (s *Service) MarkMessageFailed(ctx context.Context, actor Actor, ticketID, messageID int64, p MessagePatch) (event.Message, error) {
	if p.FailedDatetime == nil {
		return event.Message{}, validate.Errorf("failed_datetime", "is required: the time the message failed to send")
	}
	var out event.Message
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		m, err := tx.GetMessage(ctx, ticketID, messageID)
		if err != nil {
			return err
		}
		if !m.FromAgent {
			return validate.Errorf("failed_datetime", "only an outgoing (from_agent) message can fail to send")
		}
		first := m.FailedAt == nil
		if first {
			at := store.T(*p.FailedDatetime)
			m.FailedAt = &at
			if err := tx.SetMessageFailed(ctx, messageID, m); err != nil {
				return err
			}
		}
		snap, err := snapshot(ctx, tx, ticketID)
		if err != nil {
			return err
		}
		out = *messageOf(snap, messageID)
		if !first {
			return nil
		}
		_, err = s.raise(ctx, tx, actor, snap, []raised{{kind: event.TicketMessageFailed, message: &out}})
		return err
	})
	return out, err
}
