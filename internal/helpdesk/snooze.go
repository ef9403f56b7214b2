package helpdesk

import (
	"context"
	"errors"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/store"
)

// UnsnoozeDue reopens every ticket whose snooze time has passed, each in its
// own transaction, raising ticket-self-unsnoozed plus the ticket-updated and
// ticket-status-updated that reopening is. It returns how many it reopened.
func (s *Service) UnsnoozeDue(ctx context.Context) (int, error) {
	n := 0
	for {
		ids, err := s.store.DueSnoozedTickets(ctx, s.clock(), 100)
		if err != nil {
			return n, err
		}
		for _, id := range ids {
			if err := s.unsnooze(ctx, id); err != nil {
				return n, err
			}
			n++
		}
		if len(ids) < 100 {
			return n, nil
		}
	}
}

func (s *Service) unsnooze(ctx context.Context, id int64) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		before, err := tx.GetTicketForUpdate(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		now := s.clock()
		// Another process may have handled it, or an agent changed it, since
		// the due list was read: check again under the lock.
		if before.SnoozeAt == nil || before.SnoozeAt.After(now) {
			return nil
		}
		after := before
		after.SnoozeAt = nil
		setStatus(&after, "open", now)
		_, err = s.commitChange(ctx, tx, Actor{}, before, after, func(event.Ticket) []raised {
			return []raised{{kind: event.TicketSelfUnsnoozed}}
		})
		return err
	})
}
