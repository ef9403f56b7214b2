package delivery

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
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
	for {
		n, err := e.store.DeleteDeliveryLogBefore(ctx, cutoff, 1000)
		total += n
		if err != nil {
			return total, err
		}
		if n < 1000 {
			break
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

// retentionPeriodicJob runs the trim hourly (and at start), on the leader only.
func retentionPeriodicJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(time.Hour), func() (river.JobArgs, *river.InsertOpts) {
		return RetentionArgs{}, nil
	}, &river.PeriodicJobOpts{RunOnStart: true, ID: "delivery_log_retention"})
}
