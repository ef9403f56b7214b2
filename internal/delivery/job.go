package delivery

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// Args identify one delivery: which integration, which event, and the
// Webhook-Id that stays the same across the delivery's retries.
type Args struct {
	IntegrationID int64  `json:"integration_id"`
	EventID       int64  `json:"event_id"`
	DeliveryID    string `json:"delivery_id"`
	// ReplayOf is the events-log row a replay sends again, recorded on
	// each of its rows; nil for a delivery of a new event.
	ReplayOf *int64 `json:"replay_of,omitempty"`
}

// Kind names the job in the queue.
func (Args) Kind() string { return "http_delivery" }

// Worker performs deliveries.
type Worker struct {
	river.WorkerDefaults[Args]
	engine *Engine
}

// NextRetry follows the configured schedule (10 s, 20 s, 40 s by default)
// rather than River's exponential default.
func (w *Worker) NextRetry(job *river.Job[Args]) time.Time {
	if at, ok := w.engine.takeRetryAt(job.ID); ok {
		return at // the receiver's Retry-After
	}
	i := job.Attempt - 1
	s := w.engine.cfg.RetrySchedule
	switch {
	case len(s) == 0:
		// No retries configured; only a rescue after a crash lands here.
		return w.engine.now().Add(time.Second)
	case i < 0:
		i = 0
	case i >= len(s):
		i = len(s) - 1 // a rescue after a crash in the last attempt
	}
	return w.engine.now().Add(s[i])
}

// Timeout bounds one run (Engine.jobTimeout).
func (w *Worker) Timeout(*river.Job[Args]) time.Duration { return w.engine.jobTimeout() }

// Work performs one attempt of a delivery.
func (w *Worker) Work(ctx context.Context, job *river.Job[Args]) error {
	return w.engine.work(ctx, job)
}
