package main

import (
	"context"
	"fmt"
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
		defer b.mu.Unlock()
		return fmt.Errorf("only %d of %d deliveries arrived within %s", len(b.arrived), want, limit)
	case <-ctx.Done():
		return ctx.Err()
	}
}
