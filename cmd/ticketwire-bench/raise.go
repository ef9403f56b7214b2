package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// raise creates o.events tickets, paced at o.rate per second, or as fast as
// o.concurrency goroutines can when the rate is 0.
func (b *bench) raise(ctx context.Context, o options) error {
	b.mu.Lock()
	b.want = o.events * o.integrations
	b.mu.Unlock()
	if o.rate > 0 {
		return b.raisePaced(ctx, o)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	errc := make(chan error, o.concurrency)
	for g := 0; g < o.concurrency; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n := int(next.Add(1))
				if n > o.events {
					return
				}
				if err := b.createTicket(ctx, n); err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	return <-errc
}

// raisePaced starts one event every 1/rate seconds, each in its own goroutine
// so that a slow commit does not delay the next event's start.
func (b *bench) raisePaced(ctx context.Context, o options) error {
	interval := time.Duration(float64(time.Second) / o.rate)
	start := time.Now()
	var wg sync.WaitGroup
	var failed atomic.Value
	for n := 1; n <= o.events; n++ {
		if d := time.Until(start.Add(time.Duration(n-1) * interval)); d > 0 {
			time.Sleep(d)
		}
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			if err := b.createTicket(ctx, n); err != nil {
				failed.Store(err)
			}
		}(n)
	}
	wg.Wait()
	if err, ok := failed.Load().(error); ok {
		return err
	}
	return nil
}

// wait blocks until every delivery arrived once.
func (b *bench) wait(ctx context.Context, want int, limit time.Duration) error {
	select {
	case <-b.done:
		return nil
	case <-time.After(limit):
		b.mu.Lock()
		n := len(b.arrived)
		b.mu.Unlock()
		return fmt.Errorf("only %d of %d deliveries arrived within %s (%s)", n, want, limit, b.jobStates(ctx))
	case <-ctx.Done():
		return ctx.Err()
	}
}

// jobStates counts the run's jobs by state and its events-log rows by
// outcome, to tell where missing deliveries are.
func (b *bench) jobStates(ctx context.Context) string {
	var parts []string
	for _, q := range []string{`SELECT 'jobs ' || state, count(*) FROM river_job GROUP BY state`,
		`SELECT 'log ' || outcome, count(*) FROM delivery_log GROUP BY outcome`,
		`SELECT 'log ' || outcome || ' (' || error || ')', count(*) FROM delivery_log WHERE outcome <> 'success' GROUP BY 1 LIMIT 5`} {
		rows, err := b.srv.Store.DB.QueryContext(ctx, q)
		if err != nil {
			return err.Error()
		}
		for rows.Next() {
			var what string
			var n int
			if err := rows.Scan(&what, &n); err == nil {
				parts = append(parts, fmt.Sprintf("%s %d", what, n))
			}
		}
		rows.Close()
	}
	return strings.Join(parts, ", ")
}
