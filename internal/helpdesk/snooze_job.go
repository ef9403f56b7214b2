package helpdesk

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// UnsnoozeArgs is the periodic job that reopens tickets whose snooze ran out.
type UnsnoozeArgs struct{}

// Kind names the job in the queue.
func (UnsnoozeArgs) Kind() string { return "helpdesk_unsnooze" }

// InsertOpts makes the job unique while it waits, so a slow run never piles
// up copies behind it.
func (UnsnoozeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning, rivertype.JobStateScheduled, rivertype.JobStateRetryable}}}
}

// UnsnoozeWorker runs UnsnoozeDue.
type UnsnoozeWorker struct {
	river.WorkerDefaults[UnsnoozeArgs]
	Service *Service
}

// Timeout bounds one run; a run that dies is taken over after it.
func (w *UnsnoozeWorker) Timeout(*river.Job[UnsnoozeArgs]) time.Duration { return time.Minute }

// Work reopens the due tickets.
func (w *UnsnoozeWorker) Work(ctx context.Context, _ *river.Job[UnsnoozeArgs]) error {
	_, err := w.Service.UnsnoozeDue(ctx)
	return err
}

// UnsnoozePeriodicJob schedules the job every interval. River runs periodic
// jobs on the elected leader only, so across many processes it runs once.
func UnsnoozePeriodicJob(interval time.Duration) *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(interval), func() (river.JobArgs, *river.InsertOpts) {
		return UnsnoozeArgs{}, nil
	}, &river.PeriodicJobOpts{RunOnStart: true, ID: "helpdesk_unsnooze"})
}
