package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/riverqueue/river"

	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/store"
)

// A seeded run watches the retention job that River runs at its start (the
// periodic job runs on start, on the leader): when it ran, how many rows it
// and River's job cleaner removed, and the longest wait between two
// consecutive deliveries' arrivals while it ran, which is where a stall of
// the deliveries shows.

type trimWatch struct {
	ended      chan *river.Event // the retention job's end
	cancel     func()
	cutoff     time.Time // of the events log
	jobCutoff  time.Time // of completed jobs (River's job cleaner)
	logBefore  int64
	jobsBefore int64
}

// trimResult is what the retention job did during a run.
type trimResult struct {
	ran                     bool
	failed                  string
	start, end              time.Time
	logBefore, logRemoved   int64
	jobsBefore, jobsRemoved int64 // completed jobs past River's retention
	longestGap              time.Duration
	longestGapAt            time.Duration // into the trim
	longestGapOutside       time.Duration
	overlap                 time.Duration // of the trim with the deliveries
}

// watchTrim counts the rows the retention job and River's job cleaner have
// to remove and subscribes to the job's end; call it before River starts.
func (b *bench) watchTrim(ctx context.Context, retention time.Duration) (*trimWatch, error) {
	now := time.Now()
	w := &trimWatch{cutoff: now.Add(-retention), jobCutoff: now.Add(-24 * time.Hour)}
	var err error
	if w.logBefore, w.jobsBefore, err = b.countOld(ctx, w); err != nil {
		return nil, err
	}
	// Every completed delivery comes through too: read at once, or River
	// drops events once the channel's buffer is full.
	events, cancel := b.srv.River.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
	w.ended, w.cancel = make(chan *river.Event, 1), cancel
	go func() {
		for ev := range events {
			if ev != nil && ev.Job != nil && ev.Job.Kind == (delivery.RetentionArgs{}).Kind() {
				w.ended <- ev
				return
			}
		}
	}()
	return w, nil
}

func (b *bench) countOld(ctx context.Context, w *trimWatch) (logRows, jobs int64, err error) {
	st := b.srv.Store
	if err := st.DB.QueryRowContext(ctx, `SELECT count(*) FROM delivery_log WHERE created_datetime < $1`, store.T(w.cutoff)).Scan(&logRows); err != nil {
		return 0, 0, fmt.Errorf("count old log rows: %w", err)
	}
	q, arg := `SELECT count(*) FROM river_job WHERE state = 'completed' AND finalized_at < $1`, any(w.jobCutoff)
	if st.Dialect == store.SQLite {
		arg = w.jobCutoff.UTC().Format("2006-01-02 15:04:05.000") // River's own format there
	}
	if err := st.DB.QueryRowContext(ctx, q, arg).Scan(&jobs); err != nil {
		return 0, 0, fmt.Errorf("count old jobs: %w", err)
	}
	return logRows, jobs, nil
}

// finish waits (up to limit) for the retention job's end and counts what is left.
func (b *bench) finishTrim(ctx context.Context, w *trimWatch, limit time.Duration) (trimResult, error) {
	defer w.cancel()
	r := trimResult{logBefore: w.logBefore, jobsBefore: w.jobsBefore}
	timeout := time.After(limit)
	select {
	case ev := <-w.ended:
		r.ran, r.end = true, time.Now()
		if ev.Job.AttemptedAt != nil {
			r.start = *ev.Job.AttemptedAt
		}
		if ev.JobStats != nil && ev.JobStats.RunDuration > 0 {
			r.end = r.start.Add(ev.JobStats.RunDuration)
		}
		if ev.Kind == river.EventKindJobFailed && len(ev.Job.Errors) > 0 {
			r.failed = ev.Job.Errors[len(ev.Job.Errors)-1].Error
		}
	case <-timeout:
	case <-ctx.Done():
		return r, ctx.Err()
	}
	logLeft, jobsLeft, err := b.countOld(ctx, w)
	if err != nil {
		return r, err
	}
	r.logRemoved, r.jobsRemoved = w.logBefore-logLeft, w.jobsBefore-jobsLeft
	if r.ran {
		b.gaps(&r)
	}
	return r, nil
}

// gaps finds the longest wait between consecutive arrivals that overlaps the
// trim, and the longest outside it.
func (b *bench) gaps(r *trimResult) {
	b.mu.Lock()
	at := make([]time.Time, 0, len(b.arrived))
	for _, a := range b.arrived {
		at = append(at, a.at)
	}
	b.mu.Unlock()
	sort.Slice(at, func(i, j int) bool { return at[i].Before(at[j]) })
	for i := 1; i < len(at); i++ {
		gap := at[i].Sub(at[i-1])
		if at[i].After(r.start) && at[i-1].Before(r.end) {
			if gap > r.longestGap {
				r.longestGap, r.longestGapAt = gap, at[i-1].Sub(r.start)
			}
		} else if gap > r.longestGapOutside {
			r.longestGapOutside = gap
		}
	}
	if len(at) > 0 {
		from, to := maxTime(r.start, at[0]), minTime(r.end, at[len(at)-1])
		r.overlap = max(0, to.Sub(from))
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func (s seeded) print(w io.Writer) {
	age := "recent"
	if s.age > 0 {
		age = fmt.Sprintf("%s old", s.age)
		if s.age%(24*time.Hour) == 0 {
			age = fmt.Sprintf("%d days old", s.age/(24*time.Hour))
		}
	}
	fmt.Fprintf(w, "seeded         %d events-log rows and %d completed jobs (%s, over 12 h), in %.1fs\n", s.rows, s.rows, age, s.elapsed.Seconds())
}

func (r trimResult) print(w io.Writer) {
	if !r.ran {
		fmt.Fprintf(w, "retention      the retention job did not end within the wait; %d of %d old log rows removed, %d of %d old jobs\n",
			r.logRemoved, r.logBefore, r.jobsRemoved, r.jobsBefore)
		return
	}
	if r.failed != "" {
		fmt.Fprintf(w, "retention      the retention job failed: %s\n", r.failed)
	}
	d := r.end.Sub(r.start)
	rate := 0.0
	if d > 0 {
		rate = float64(r.logRemoved) / d.Seconds()
	}
	fmt.Fprintf(w, "retention      %d of %d old log rows removed in %.2fs (%.0f rows/s); River's job cleaner removed %d of %d old jobs meanwhile\n",
		r.logRemoved, r.logBefore, d.Seconds(), rate, r.jobsRemoved, r.jobsBefore)
	fmt.Fprintf(w, "stall          longest gap between two arrivals during the trim %s (%.1fs into it; trim and deliveries overlapped %.1fs), outside it %s\n",
		ms(r.longestGap), r.longestGapAt.Seconds(), r.overlap.Seconds(), ms(r.longestGapOutside))
}
