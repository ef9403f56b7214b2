package main

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/riverqueue/river"

	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/store"
)

// --river-noop measures River alone on the same database: a backlog of jobs
// whose worker does nothing, on the delivery queue, drained by a client made
// from the server's own River configuration (server.RiverConfig: queues,
// worker count, fetch cooldown and poll interval, completer) and driver.
// Its jobs per second is the ceiling the engine's deliveries per second are
// compared with.

// noopArgs has the fields of a delivery job, so each job row is the same size.
type noopArgs struct {
	IntegrationID int64  `json:"integration_id"`
	EventID       int64  `json:"event_id"`
	DeliveryID    string `json:"delivery_id"`
}

func (noopArgs) Kind() string { return "bench_noop" }

type noopWorker struct {
	river.WorkerDefaults[noopArgs]
	worked atomic.Int64
	want   int64
	last   atomic.Int64 // unix nanoseconds of the last job's run
	done   chan struct{}
}

func (w *noopWorker) Work(context.Context, *river.Job[noopArgs]) error {
	w.last.Store(time.Now().UnixNano())
	if w.worked.Add(1) == w.want {
		close(w.done)
	}
	return nil
}

// noopResult is one drain of no-op jobs.
type noopResult struct {
	jobs    int
	elapsed time.Duration
	cpu     usage
}

func (n noopResult) perSecond() float64 { return float64(n.jobs) / n.elapsed.Seconds() }

// riverNoop stops the engine's workers, empties the job table (so River
// starts from what the engine's drain started from), queues n no-op jobs and
// times their drain.
func (b *bench) riverNoop(ctx context.Context, n int) (noopResult, error) {
	if err := b.stopWorkers(); err != nil {
		return noopResult{}, err
	}
	if err := b.emptyJobTable(ctx); err != nil {
		return noopResult{}, err
	}
	w := &noopWorker{want: int64(n), done: make(chan struct{})}
	workers := river.NewWorkers()
	river.AddWorker(workers, w)
	client, err := river.NewClient(b.srv.Store.RiverDriver(), b.srv.RiverConfig(workers, nil))
	if err != nil {
		return noopResult{}, err
	}
	if err := b.insertNoop(ctx, client, n); err != nil {
		return noopResult{}, err
	}
	if err := b.analyzeJobs(ctx); err != nil {
		return noopResult{}, err
	}
	before := b.markCPU(ctx)
	start := time.Now()
	if err := client.Start(b.runCtx); err != nil {
		return noopResult{}, err
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = client.Stop(stopCtx)
	}()
	select {
	case <-w.done:
	case <-time.After(5 * time.Minute):
		return noopResult{}, fmt.Errorf("only %d of %d no-op jobs ran within 5m", w.worked.Load(), n)
	case <-ctx.Done():
		return noopResult{}, ctx.Err()
	}
	after := b.markCPU(ctx)
	return noopResult{jobs: n, elapsed: time.Unix(0, w.last.Load()).Sub(start), cpu: b.usageSince(before, after)}, nil
}

// insertNoop queues the jobs as ticket creation queues deliveries: in
// transactions, many at once (the insert is not timed).
func (b *bench) insertNoop(ctx context.Context, client *river.Client[*sql.Tx], n int) error {
	const batch = 500
	for i := 0; i < n; i += batch {
		params := make([]river.InsertManyParams, 0, batch)
		for j := i; j < min(n, i+batch); j++ {
			params = append(params, river.InsertManyParams{Args: noopArgs{IntegrationID: 1, EventID: int64(j + 1),
				DeliveryID: fmt.Sprintf("msg_noop%026d", j)}, InsertOpts: &river.InsertOpts{Queue: delivery.Queue, MaxAttempts: 5}})
		}
		err := b.srv.Store.InTx(ctx, func(tx *store.Tx) error {
			_, err := client.InsertManyTx(ctx, tx.SQL(), params)
			return err
		})
		if err != nil {
			return fmt.Errorf("queue no-op jobs: %w", err)
		}
	}
	return nil
}

// markJobs notes the last job before the run, so that the no-op drain can
// remove the run's jobs and keep those seeded before it (--seed-log).
func (b *bench) markJobs(ctx context.Context) error {
	return b.srv.Store.DB.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM river_job`).Scan(&b.jobsBefore)
}

// emptyJobTable removes the run's jobs (from the run's own database or
// schema), so River's drain starts from the table the engine's started from.
func (b *bench) emptyJobTable(ctx context.Context) error {
	if _, err := b.srv.Store.DB.ExecContext(ctx, `DELETE FROM river_job WHERE id > $1`, b.jobsBefore); err != nil {
		return fmt.Errorf("empty the job table: %w", err)
	}
	if b.srv.Store.Dialect == store.Postgres {
		_, err := b.srv.Store.DB.ExecContext(ctx, `VACUUM river_job`)
		return err
	}
	return nil
}

// analyzeJobs gives PostgreSQL's planner the job table's statistics before
// a drain, so that neither drain starts on whatever plan an empty table's
// (or no) statistics gave (a drain of no-op jobs once took 40 times as long
// for it) and neither depends on when autovacuum happens to analyze.
func (b *bench) analyzeJobs(ctx context.Context) error {
	if b.srv.Store.Dialect != store.Postgres {
		return nil
	}
	_, err := b.srv.Store.DB.ExecContext(ctx, `ANALYZE river_job`)
	return err
}
