package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/tidwall/gjson"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/store"
)

// work performs one attempt of a delivery job: load the integration's current
// config and the event, send (outside any transaction), then record the
// outcome in one short transaction. A connection error or timeout returns an
// error so River schedules the next attempt (or, after the last, discards the
// job); any other outcome is final and the job completes. A crash between the
// record and River's completion runs the attempt again: deliveries are at
// least once, and the repeat carries the same Webhook-Id.
func (e *Engine) work(ctx context.Context, job *river.Job[Args]) error {
	a := job.Args
	it, ev, found, err := e.load(ctx, a)
	if !found || err != nil {
		return err
	}
	if !it.Enabled || e.halted(it) {
		return e.skip(ctx, it.ID, ev, a) // disabled while the job waited
	}
	vars, err := e.eventVars(ev)
	if err != nil {
		return err
	}
	release, wait, ok := e.admit(ctx, it, job.ID)
	if !ok {
		// Over the integration's limit: give the worker back and come back
		// later, without using an attempt or writing a row.
		return river.JobSnooze(wait)
	}
	if job.Attempt == 1 {
		// The lag includes waits for the integration's limits: it is how
		// late the first request starts.
		e.metrics.FirstAttempt(e.now().Sub(ev.CreatedAt))
	}
	at := e.perform(ctx, it, vars, a.DeliveryID)
	release()
	if at.outcome == OutcomeSkipped {
		return e.skip(ctx, it.ID, ev, a) // disabled while it was being built
	}
	if errors.Is(ctx.Err(), context.Canceled) && (at.class == ClassTimeout || at.class == ClassConnection) {
		at.err = "cut off: the process stopped (or the job was cancelled) before the answer came; " + at.err
	}
	retry := at.retryable() && at.outcome != OutcomeBuildFailed
	if retry && e.givesUp(job.Attempt) {
		at.outcome, retry = OutcomeGaveUp, false
	}
	rec := record{integration: it, eventID: &ev.ID, eventKind: ev.Kind, ticketID: &ev.TicketID, deliveryID: a.DeliveryID,
		attempt: job.Attempt, countResult: true, customerID: customerOf(ev.Ticket), replayOf: a.ReplayOf}
	// The attempt is recorded even when the job's context ended meanwhile
	// (a shutdown past its grace): a request that went out is never left
	// without its row.
	rctx, cancel := recordContext(ctx)
	defer cancel()
	if err := e.recordBatched(rctx, rec, at); errors.Is(err, errIntegrationGone) {
		e.log.Info("delivery: the integration was deleted while its request was sent; nothing to record or retry",
			"integration_id", it.ID, "delivery_id", a.DeliveryID)
		return nil
	} else if err != nil {
		e.log.Error("delivery: the attempt could not be recorded; the job queue runs it again", "integration_id", it.ID,
			"integration", it.Name, "delivery_id", a.DeliveryID, "attempt", job.Attempt, "err", err)
		return err
	}
	e.metrics.Delivered(it.ID, at.outcome, at.duration)
	e.logFailure(it, at, job.Attempt, retry)
	if retry {
		if at.retryAfter > 0 {
			e.setRetryAt(job.ID, e.now().Add(at.retryAfter))
		}
		return fmt.Errorf("delivery %s to integration %d, attempt %d of %d: %s", a.DeliveryID, it.ID, job.Attempt, e.maxAttempts(), at.err)
	}
	return nil
}

// load reads a delivery's integration and event; found is false when either
// was deleted since (the ticket with its events), and there is nothing to do.
func (e *Engine) load(ctx context.Context, a Args) (it integration.Integration, ev store.Event, found bool, err error) {
	it, err = e.loadIntegration(ctx, a.IntegrationID)
	if errors.Is(err, store.ErrNotFound) {
		return it, ev, false, nil
	}
	if err != nil {
		return it, ev, false, err
	}
	ev, err = e.loadEvent(ctx, a.EventID)
	if errors.Is(err, store.ErrNotFound) {
		return it, ev, false, nil
	}
	return it, ev, err == nil, err
}

// recordTimeout is the least time recording an attempt gets, whatever is
// left of its job's time.
const recordTimeout = 10 * time.Second

// recordContext is ctx without its cancellation, ending at ctx's deadline or
// in recordTimeout, whichever is later.
func recordContext(ctx context.Context) (context.Context, context.CancelFunc) {
	// Real time, not the engine's clock: this is a context deadline.
	deadline := time.Now().Add(recordTimeout)
	if d, ok := ctx.Deadline(); ok && d.After(deadline) {
		deadline = d
	}
	return context.WithDeadline(context.WithoutCancel(ctx), deadline)
}

// customerOf reads the customer id of a ticket snapshot.
func customerOf(ticket json.RawMessage) int64 {
	return gjson.GetBytes(ticket, "customer.id").Int()
}

// record is where an attempt's row goes and what it may change.
type record struct {
	integration integration.Integration
	eventID     *int64
	eventKind   string
	ticketID    *int64
	deliveryID  string
	attempt     int
	countResult bool  // change the consecutive-failure count (not for tests)
	customerID  int64 // where fetched data is stored; 0 for none
	replayOf    *int64
}
