package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/ticketwire/ticketwire/internal/store"
)

// record writes one attempt in its own transaction: its events-log row, the
// integration's failure count (disabling it at the threshold and telling the
// admins), and the JSON it fetched. Deliveries go through recordBatched,
// which does the same for many attempts at once.
func (e *Engine) record(ctx context.Context, r record, at attempt) (store.DeliveryLog, error) {
	row, err := logRow(r, at, e.now())
	if err != nil {
		return store.DeliveryLog{}, err
	}
	p := &pending{r: r, at: at, row: row}
	var disabled []disabledNow
	err = e.store.InTx(ctx, func(tx *store.Tx) error {
		if row, err = tx.InsertDeliveryLog(ctx, row); err != nil {
			return err
		}
		if disabled, err = e.countResults(ctx, tx, []*pending{p}); err != nil {
			return err
		}
		if err := e.noteRisk(ctx, tx, []*pending{p}, disabled); err != nil {
			return err
		}
		return e.storeFetched(ctx, tx, []*pending{p})
	})
	if err != nil {
		return store.DeliveryLog{}, e.whyNotRecorded(ctx, r.integration.ID, err)
	}
	e.announce(disabled)
	return row, nil
}

// errIntegrationGone says an attempt could not be recorded because its
// integration was deleted meanwhile (its log row's foreign key fails): the
// delivery ends, as there is nothing left to deliver to or record on.
var errIntegrationGone = errors.New("delivery: the integration was deleted")

// whyNotRecorded tells a deleted integration from other failures to record.
func (e *Engine) whyNotRecorded(ctx context.Context, id int64, err error) error {
	if _, gerr := e.store.GetIntegration(ctx, id); errors.Is(gerr, store.ErrNotFound) {
		return errIntegrationGone
	}
	return err
}

func logRow(r record, at attempt, now time.Time) (store.DeliveryLog, error) {
	req, err := json.Marshal(at.request)
	if err != nil {
		return store.DeliveryLog{}, err
	}
	var res []byte
	if at.response != nil {
		if res, err = json.Marshal(at.response); err != nil {
			return store.DeliveryLog{}, err
		}
	}
	row := store.DeliveryLog{IntegrationID: r.integration.ID, DeliveryID: r.deliveryID, EventID: r.eventID, EventKind: r.eventKind,
		TicketID: r.ticketID, Attempt: r.attempt, Outcome: at.outcome, Request: req, Response: res, ErrorClass: at.class,
		Error: at.err, DurationMS: at.duration.Milliseconds(), CreatedAt: now, ReplayOf: r.replayOf}
	return row, nil
}
