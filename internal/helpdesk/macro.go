package helpdesk

import (
	"context"
	"slices"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/store"
)

// MacroChange is what applying a macro does to a ticket: a patch, tags added
// to those it has, and an agent's reply.
type MacroChange struct {
	Patch   TicketPatch
	AddTags []string
	Reply   *MessageInput // nil for none; always sent as the agent
	// Record, when set, runs last in the change's transaction with the
	// reply's id (0 without a reply), for rows that must be kept with the
	// change or not at all, such as the log of the HTTP hooks it followed.
	Record func(ctx context.Context, tx *store.Tx, messageID int64) error
}

// ApplyMacro makes a macro's change in one transaction and raises the events
// UpdateTicket and AddMessage would have raised for its parts:
// ticket-message-created for the reply, ticket-updated when a field changed,
// plus ticket-status-updated and ticket-assignment-updated. It returns the
// ticket after the change and the reply (nil without one).
func (s *Service) ApplyMacro(ctx context.Context, actor Actor, ticketID int64, c MacroChange) (event.Ticket, *event.Message, error) {
	var snap event.Ticket
	var reply *event.Message
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		before, err := tx.GetTicketForUpdate(ctx, ticketID)
		if err != nil {
			return err
		}
		after := before
		after.Tags = slices.Clone(before.Tags)
		if err := s.applyPatch(ctx, tx, &after, withAddedTags(c.Patch, before.Tags, c.AddTags)); err != nil {
			return err
		}
		var extra func(event.Ticket) []raised
		if c.Reply != nil {
			id, err := s.addReply(ctx, tx, actor, &after, *c.Reply)
			if err != nil {
				return err
			}
			extra = messageCreated(id, &reply)
		}
		if snap, err = s.commitChange(ctx, tx, actor, before, after, extra); err != nil {
			return err
		}
		if c.Record == nil {
			return nil
		}
		var id int64
		if reply != nil {
			id = reply.ID
		}
		return c.Record(ctx, tx, id)
	})
	return snap, reply, err
}

// withAddedTags returns p with add appended to the tags the ticket will
// have: the patch's when it sets them, else the current ones.
func withAddedTags(p TicketPatch, current, add []string) TicketPatch {
	if len(add) == 0 {
		return p
	}
	base := current
	if p.Tags != nil {
		base = *p.Tags
	}
	tags := append(slices.Clone(base), add...)
	p.Tags = &tags
	return p
}

// addReply writes an agent's message on t, as AddMessage does, and returns
// its id; commitChange then writes t with the new message time.
func (s *Service) addReply(ctx context.Context, tx *store.Tx, actor Actor, t *store.Ticket, in MessageInput) (int64, error) {
	in.FromAgent = true
	if err := checkMessage("reply.", &in, t.Channel); err != nil {
		return 0, err
	}
	now := s.clock()
	m, err := tx.CreateMessage(ctx, newMessage(t.ID, actor, in, now))
	if err != nil {
		return 0, err
	}
	t.LastMessageAt = &now
	return m.ID, nil
}
