package delivery

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/ticketwire/ticketwire/internal/store"
)

// RetentionArgs is the periodic job that removes events-log rows older than
// the retention period (TICKETWIRE_LOG_RETENTION).
type RetentionArgs struct{}

// Kind names the job in the queue.
func (RetentionArgs) Kind() string { return "delivery_log_retention" }

// InsertOpts keeps one copy of the job waiting at most.
func (RetentionArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning, rivertype.JobStateScheduled, rivertype.JobStateRetryable}}}
}

// RetentionWorker trims the events log.
type RetentionWorker struct {
	river.WorkerDefaults[RetentionArgs]
	engine *Engine
}

// Timeout bounds one run: a large backlog is trimmed over several runs.
func (w *RetentionWorker) Timeout(*river.Job[RetentionArgs]) time.Duration { return 10 * time.Minute }

// Work deletes old rows in batches, so no transaction holds the database long.
func (w *RetentionWorker) Work(ctx context.Context, _ *river.Job[RetentionArgs]) error {
	_, err := w.engine.TrimLog(ctx)
	return err
}

// HourlyRetention is the least time the hourly counts are kept: they are a
// few rows per integration and hour, so they outlive a short log.
const HourlyRetention = 30 * 24 * time.Hour

// TrimLog deletes events-log rows older than the retention period, and
// hourly counts older than the longer of that and HourlyRetention, and says
// how many log rows went. It also clears the at-risk mark of integrations
// that recovered.
func (e *Engine) TrimLog(ctx context.Context) (int64, error) {
	now := e.now()
	cutoff := now.Add(-e.cfg.Retention)
	var total int64
	size, share := e.trimBatch()
	for {
		began := time.Now()
		n, err := e.store.DeleteDeliveryLogBefore(ctx, cutoff, size)
		total += n
		if err != nil {
			return total, err
		}
		if n < int64(size) {
			break
		}
		if share {
			if err := pause(ctx, 3*time.Since(began)); err != nil {
				return total, err
			}
		}
	}
	hourly := now.Add(-max(e.cfg.Retention, HourlyRetention))
	for {
		n, err := e.store.DeleteDeliveryHoursBefore(ctx, hourly, 1000)
		if err != nil {
			return total, err
		}
		if n < 1000 {
			break
		}
	}
	return total, e.clearRecovered(ctx)
}

// trimBatch is how many log rows one DELETE removes, and whether to pause
// after each. On SQLite every batch holds the single writer that deliveries
// wait for: small batches, each followed by a pause three times as long as
// it took, so that a backlog of a million rows takes at most a quarter of
// the writer's time (and no delivery waits behind more than one batch)
// instead of taking it back to back.
func (e *Engine) trimBatch() (size int, share bool) {
	if e.store.Dialect == store.SQLite {
		return 250, true
	}
	return 1000, false
}

// pause waits d, or less when ctx ends.
func pause(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// retentionPeriodicJob runs the trim hourly (and at start), on the leader only.
func retentionPeriodicJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(time.Hour), func() (river.JobArgs, *river.InsertOpts) {
		return RetentionArgs{}, nil
	}, &river.PeriodicJobOpts{RunOnStart: true, ID: "delivery_log_retention"})
}
