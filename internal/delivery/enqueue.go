package delivery

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"strings"

	"github.com/riverqueue/river"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/store"
)

// Enqueue is called in the transaction of a ticket change with the events it
// raised. Each enabled integration whose triggers match gets one job, even
// when the change raised several matching events (it gets the first, which
// carries the most: the message of a message event, say). A disabled
// integration gets a "skipped" row in its events log instead, so the event
// can be replayed once an admin re-enables it.
func (e *Engine) Enqueue(ctx context.Context, tx *store.Tx, events []store.Event) error {
	if len(events) == 0 {
		return nil
	}
	list, err := tx.IntegrationTriggers(ctx)
	if err != nil {
		return err
	}
	var jobs []river.InsertManyParams
	var queued []store.Event
	for _, it := range list {
		ev, ok := firstMatch(it.Triggers, events)
		if !ok {
			continue
		}
		if !it.Enabled {
			if err := e.logSkipped(ctx, tx, it.ID, ev, newDeliveryID(), nil); err != nil {
				return err
			}
			continue
		}
		jobs = append(jobs, river.InsertManyParams{Args: Args{IntegrationID: it.ID, EventID: ev.ID, DeliveryID: newDeliveryID()},
			InsertOpts: &river.InsertOpts{Queue: Queue, MaxAttempts: e.jobMaxAttempts()}})
		queued = append(queued, ev)
	}
	if len(jobs) == 0 {
		return nil
	}
	if err := e.insertJobs(ctx, tx, jobs); err != nil {
		return fmt.Errorf("delivery: enqueue %d jobs: %w", len(jobs), err)
	}
	// The jobs usually run here within milliseconds: they find their event
	// in the cache instead of reading back what was just written.
	tx.AfterCommit(func() { e.cacheEvents(queued) })
	return nil
}

// insertJobs queues delivery jobs in tx with one multi-row insert that
// returns nothing: no job row is read back (River's returning insert decodes
// every row it wrote, which was most of its cost), and deliveries are never
// unique jobs, the one thing the returning insert is needed for.
func (e *Engine) insertJobs(ctx context.Context, tx *store.Tx, jobs []river.InsertManyParams) error {
	_, err := e.river.InsertManyFastTx(ctx, tx.SQL(), jobs)
	return err
}

func firstMatch(triggers []string, events []store.Event) (store.Event, bool) {
	t := make(integration.Triggers, len(triggers))
	for i, k := range triggers {
		t[i] = event.Kind(k)
	}
	for _, ev := range events {
		if t.Matches(event.Kind(ev.Kind)) {
			return ev, true
		}
	}
	return store.Event{}, false
}

// newDeliveryID makes a Webhook-Id: unique per delivery, kept across its retries.
func newDeliveryID() string {
	b := make([]byte, 15)
	_, _ = rand.Read(b)
	return "msg_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}
