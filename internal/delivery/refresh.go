package delivery

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/riverqueue/river"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/store"
)

// RefreshKind is the event kind of a refresh: an agent asked for a ticket's
// data now, outside any integration's triggers.
const RefreshKind = "refresh"

// Queued names an integration whose request was queued.
type Queued struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Refresh queues a delivery of every enabled GET integration for ticket t
// as it is now, whatever their triggers. The snapshot is written as an event
// of kind "refresh" (so the delivery works, is logged and can be replayed
// like any other) in the same transaction as its jobs.
func (e *Engine) Refresh(ctx context.Context, userID *int64, t event.Ticket) ([]Queued, error) {
	list, err := e.fetchers(ctx)
	if err != nil || len(list) == 0 {
		return list, err
	}
	snap, err := json.Marshal(t)
	if err != nil {
		return nil, fmt.Errorf("delivery: snapshot ticket %d: %w", t.ID, err)
	}
	err = e.store.InTx(ctx, func(tx *store.Tx) error {
		ev, err := tx.InsertEvent(ctx, store.Event{Kind: RefreshKind, TicketID: t.ID, UserID: userID, Ticket: snap,
			CreatedAt: store.T(e.now())})
		if err != nil {
			return err
		}
		jobs := make([]river.InsertManyParams, len(list))
		for i, q := range list {
			jobs[i] = river.InsertManyParams{Args: Args{IntegrationID: q.ID, EventID: ev.ID, DeliveryID: newDeliveryID()},
				InsertOpts: &river.InsertOpts{Queue: Queue, MaxAttempts: e.jobMaxAttempts()}}
		}
		if err := e.insertJobs(ctx, tx, jobs); err != nil {
			return fmt.Errorf("delivery: enqueue %d refresh jobs: %w", len(jobs), err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// fetchers lists the enabled GET integrations, oldest first: those whose
// answer is the customer data a refresh is for.
func (e *Engine) fetchers(ctx context.Context) ([]Queued, error) {
	out := []Queued{}
	p := store.Page{Limit: 100}
	for {
		page, err := e.integrations.List(ctx, p)
		if err != nil {
			return nil, err
		}
		for _, it := range page {
			if it.Enabled && it.HTTP.Method == http.MethodGet {
				out = append([]Queued{{ID: it.ID, Name: it.Name}}, out...)
			}
		}
		if len(page) < p.Size() {
			return out, nil
		}
		p.BeforeID = page[len(page)-1].ID
	}
}
