package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/store"
)

// A seeded run watches the retention job that River runs at its start (the
// periodic job runs on start, on the leader): when it ran, how many rows it
// and River's job cleaner removed, and the longest wait between two
// consecutive deliveries' arrivals while it ran, which is where a stall of
// the deliveries shows.

type trimWatch struct {
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
// to remove; call it before River starts.
func (b *bench) watchTrim(ctx context.Context, retention time.Duration) (*trimWatch, error) {
	now := time.Now()
	w := &trimWatch{cutoff: now.Add(-retention), jobCutoff: now.Add(-24 * time.Hour)}
	var err error
	if w.logBefore, w.jobsBefore, err = b.countOld(ctx, w); err != nil {
		return nil, err
	}
	return w, nil
}

// riverTime formats a time as River stores it on SQLite.
func riverTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000") }

func (b *bench) countOld(ctx context.Context, w *trimWatch) (logRows, jobs int64, err error) {
	st := b.srv.Store
	if err := st.DB.QueryRowContext(ctx, `SELECT count(*) FROM delivery_log WHERE created_datetime < $1`, store.T(w.cutoff)).Scan(&logRows); err != nil {
		return 0, 0, fmt.Errorf("count old log rows: %w", err)
	}
	q, arg := `SELECT count(*) FROM river_job WHERE state = 'completed' AND finalized_at < $1`, any(w.jobCutoff)
	if st.Dialect == store.SQLite {
		arg = riverTime(w.jobCutoff)
	}
	if err := st.DB.QueryRowContext(ctx, q, arg).Scan(&jobs); err != nil {
		return 0, 0, fmt.Errorf("count old jobs: %w", err)
	}
	return logRows, jobs, nil
}

// finishTrim waits (up to limit) for the retention job that River ran at
// its start to end, reading its row after the measured window (a
// subscription to River's events would lose it among the deliveries'
// under load), and counts what is left.
func (b *bench) finishTrim(ctx context.Context, w *trimWatch, limit time.Duration) (trimResult, error) {
	r := trimResult{logBefore: w.logBefore, jobsBefore: w.jobsBefore}
	deadline := time.Now().Add(limit)
	for {
		var state string
		var attempted, finalized sql.NullString
		var errs sql.NullString
		err := b.srv.Store.DB.QueryRowContext(ctx, `SELECT CAST(state AS TEXT), CAST(attempted_at AS TEXT), CAST(finalized_at AS TEXT),
			CAST(errors AS TEXT) FROM river_job WHERE kind = $1 ORDER BY id DESC LIMIT 1`,
			delivery.RetentionArgs{}.Kind()).Scan(&state, &attempted, &finalized, &errs)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return r, fmt.Errorf("read the retention job: %w", err)
		}
		if finalized.Valid || state == "retryable" {
			r.ran = true
			r.start, r.end = parseDBTime(attempted.String), parseDBTime(finalized.String)
			if state != "completed" {
				r.failed = state + ": " + errs.String
				r.end = time.Now()
			}
			break
		}
		if time.Now().After(deadline) {
			break
		}
		select {
		case <-time.After(100 * time.Millisecond):
		case <-ctx.Done():
			return r, ctx.Err()
		}
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

// parseDBTime reads a time as either database gives it as text.
func parseDBTime(s string) time.Time {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999-07", "2006-01-02 15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
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
				r.longestGap, r.longestGapAt = gap, max(0, at[i-1].Sub(r.start))
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
	if r.logBefore == 0 && r.jobsBefore == 0 {
		fmt.Fprintf(w, "retention      nothing past the retention periods; the job ran in %.2fs\n", d.Seconds())
		return
	}
	fmt.Fprintf(w, "retention      %d of %d old log rows removed in %.2fs (%.0f rows/s); River's job cleaner had removed %d of %d old jobs by the run's end\n",
		r.logRemoved, r.logBefore, d.Seconds(), rate, r.jobsRemoved, r.jobsBefore)
	fmt.Fprintf(w, "stall          longest gap between two arrivals during the trim %s (%.1fs into it; trim and deliveries overlapped %.1fs), outside it %s\n",
		ms(r.longestGap), r.longestGapAt.Seconds(), r.overlap.Seconds(), ms(r.longestGapOutside))
}
