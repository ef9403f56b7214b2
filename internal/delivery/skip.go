package delivery

import (
	"context"
	"errors"

	"github.com/ticketwire/ticketwire/internal/store"
)

// An event that reaches a disabled integration is never dropped: it gets a
// "skipped" row in the events log, from which an admin replays it after
// enabling the integration. Enqueue writes it for an integration disabled
// when the event arrives, the worker (skip) for one disabled while its
// delivery waited.

// skip logs an event that reached an integration disabled meanwhile as
// skipped, so that it can be replayed; a deleted integration needs nothing.
func (e *Engine) skip(ctx context.Context, integrationID int64, ev store.Event, a Args) error {
	err := e.store.InTx(ctx, func(tx *store.Tx) error { return e.logSkipped(ctx, tx, integrationID, ev, a.DeliveryID, a.ReplayOf) })
	if err != nil && errors.Is(e.whyNotRecorded(ctx, integrationID, err), errIntegrationGone) {
		return nil
	}
	return err
}

// logSkipped records an event that reached a disabled integration.
func (e *Engine) logSkipped(ctx context.Context, tx *store.Tx, integrationID int64, ev store.Event, deliveryID string, replayOf *int64) error {
	ticketID := ev.TicketID
	eventID := ev.ID
	_, err := tx.InsertDeliveryLog(ctx, store.DeliveryLog{IntegrationID: integrationID, DeliveryID: deliveryID, EventID: &eventID,
		EventKind: ev.Kind, TicketID: &ticketID, Attempt: 0, Outcome: OutcomeSkipped, Request: []byte(`{}`),
		Error: "the integration was disabled when the event arrived; replay it after enabling the integration", CreatedAt: e.now(), ReplayOf: replayOf})
	return err
}
