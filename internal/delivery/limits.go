package delivery

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/store"
)

// Per-integration limits keep one receiver from taking every worker or
// being called faster than it allows. A delivery over a limit does not wait
// in its worker: its job is snoozed (River's snooze uses up no attempt and
// writes no events-log row) and tried again when a slot or a token is
// likely to be free, so the workers stay with the integrations that answer.
//
// Where the limits are kept:
//   - The default cap (a quarter of the delivery workers, for an
//     integration without max_concurrency) protects this process's workers,
//     so each process keeps it itself.
//   - On SQLite one process serves the database, so that process's counts
//     are exact and max_concurrency and rate_limit are kept in memory too.
//   - On PostgreSQL, where several processes may deliver from one queue,
//     rate_limit is a token bucket row per integration (delivery_rate) taken
//     with one upsert, and max_concurrency is max_concurrency slot rows
//     (delivery_leases) each held by one request under a lease that expires
//     leaseMargin after the job's timeout, so a process that dies mid-request
//     frees its slots. Both hold for the cluster. An integration with
//     neither limit costs no database work; one with a limit costs one
//     statement per limit before its request and one after (the lease's
//     release).

// leaseMargin is how long a concurrency lease outlives the longest a job may
// run: the attempt has been cut off by then, so the slot is only taken over
// from a process that died (or stopped answering) mid-request.
const leaseMargin = 15 * time.Second

// limitRetry is how long a delivery waits when its shared limit could not be
// read (the database did not answer): it is not sent unchecked.
const limitRetry = time.Second

// releaseTimeout bounds giving a slot or token back, whatever is left of the
// job's time.
const releaseTimeout = 5 * time.Second

// limiter holds, per integration, the requests in flight and a token bucket.
type limiter struct {
	mu      sync.Mutex
	running map[int64]int
	buckets map[int64]*bucket
	took    map[int64]time.Duration   // a moving average of how long a request takes
	waiters map[int64][]chan struct{} // deliveries waiting for a slot, oldest first; closed to hand one over
}

type bucket struct {
	tokens float64
	at     time.Time
	rate   integration.RateLimit
}

// Snooze bounds: a delivery waiting for a concurrency slot is looked at
// again after about one of its integration's requests, within these.
const (
	minSnooze = 50 * time.Millisecond
	maxSnooze = 5 * time.Second
)

// concurrencyOf is the integration's cap on requests in flight.
func (e *Engine) concurrencyOf(it integration.Integration) int {
	if it.HTTP.MaxConcurrency > 0 {
		return it.HTTP.MaxConcurrency
	}
	return max(1, e.cfg.DefaultConcurrency)
}

// sharedLimits reports whether the integration's explicit limits are kept
// in the database for every process (PostgreSQL) rather than in memory.
func (e *Engine) sharedLimits() bool { return e.store.Dialect == store.Postgres }

// leaseFor is how long a concurrency lease lasts.
func (e *Engine) leaseFor() time.Duration { return e.jobTimeout() + leaseMargin }

// admit takes a concurrency slot and a rate token for one request of it.
// When either is not free it takes nothing and says how long to wait.
func (e *Engine) admit(ctx context.Context, it integration.Integration, jobID int64) (release func(), wait time.Duration, ok bool) {
	shared := e.sharedLimits()
	// This process's own count first: it costs nothing, and a process at
	// the integration's cap need not ask the database.
	if wait, ok := e.admitHere(ctx, it, shared); !ok {
		return nil, wait, false
	}
	here := e.startHere(it.ID)
	if !shared || (it.HTTP.RateLimit == nil && it.HTTP.MaxConcurrency == 0) {
		return here, 0, true
	}
	r := it.HTTP.RateLimit
	if r != nil {
		got, wait, err := e.store.TakeRateToken(ctx, it.ID, r.RequestsPerSecond, r.Burst)
		if err != nil {
			e.limitUnread(it, err)
			wait = limitRetry
		}
		if !got {
			e.limits.unstart(it.ID)
			return nil, jitter(max(wait, time.Millisecond)), false
		}
	}
	if it.HTTP.MaxConcurrency == 0 {
		return here, 0, true
	}
	holder := fmt.Sprintf("%s job %d", e.holder, jobID)
	slot, got, err := e.store.AcquireDeliveryLease(ctx, it.ID, it.HTTP.MaxConcurrency, holder, e.leaseFor())
	if !got {
		wait := e.limits.typical(it.ID)
		if err != nil {
			e.limitUnread(it, err)
			wait = limitRetry
		}
		if r != nil {
			// The token goes back: this request does not go out now.
			e.giveBack(ctx, it, func(ctx context.Context) error { return e.store.GiveBackRateToken(ctx, it.ID, r.Burst) })
		}
		e.limits.unstart(it.ID)
		return nil, jitter(wait), false
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			e.giveBack(ctx, it, func(ctx context.Context) error { return e.store.ReleaseDeliveryLease(ctx, it.ID, slot, holder) })
			here()
		})
	}, 0, true
}

// admitHere checks this process's count against the integration's cap and,
// when the limits are not shared, its in-memory token bucket (taking a
// token). At the cap, a delivery of an integration that answers within
// minSnooze waits up to that long for a slot, handed over as a request
// ends: a backlog of a fast integration then flows through the cap instead
// of most of it being snoozed and fetched again (a fifth of a PostgreSQL
// drain's work). An integration that is slow, or not yet timed, snoozes
// at once, so it never holds more workers than its cap for long.
func (e *Engine) admitHere(ctx context.Context, it integration.Integration, shared bool) (time.Duration, bool) {
	l := &e.limits
	now := e.now()
	id := it.ID
	l.mu.Lock()
	if l.running == nil {
		l.running, l.buckets, l.took = map[int64]int{}, map[int64]*bucket{}, map[int64]time.Duration{}
	}
	if l.waiters == nil {
		l.waiters = map[int64][]chan struct{}{}
	}
	if l.running[id] >= e.concurrencyOf(it) {
		took := l.took[id]
		if took <= 0 || took > minSnooze {
			l.mu.Unlock()
			return jitter(snoozeFor(took)), false
		}
		w := make(chan struct{})
		l.waiters[id] = append(l.waiters[id], w)
		l.mu.Unlock()
		if !l.await(ctx, id, w, minSnooze) {
			return jitter(minSnooze), false
		}
		l.mu.Lock() // handed a slot: it is counted already
	} else {
		l.running[id]++
	}
	defer l.mu.Unlock()
	if r := it.HTTP.RateLimit; r != nil && !shared {
		b := l.bucketOf(id, *r, now)
		if b.tokens < 1 {
			l.releaseLocked(id)
			need := time.Duration((1 - b.tokens) / r.RequestsPerSecond * float64(time.Second))
			return jitter(max(need, time.Millisecond)), false
		}
		b.tokens--
	}
	return 0, true
}

// await waits up to d for the slot a request of integration id hands to w.
// It reports whether w got one; a slot handed over as the wait ended is
// kept.
func (l *limiter) await(ctx context.Context, id int64, w chan struct{}, d time.Duration) bool {
	t := time.NewTimer(d) // real time: a wait of milliseconds, not the engine's clock
	defer t.Stop()
	select {
	case <-w:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	select {
	case <-w:
		return true
	default:
	}
	list := l.waiters[id]
	if i := slices.Index(list, w); i >= 0 {
		l.waiters[id] = slices.Delete(list, i, i+1)
	}
	if len(l.waiters[id]) == 0 {
		delete(l.waiters, id)
	}
	return false
}

// releaseLocked gives a slot of integration id back: to the delivery that
// has waited longest for one, or to the count. l.mu is held.
func (l *limiter) releaseLocked(id int64) {
	if list := l.waiters[id]; len(list) > 0 {
		close(list[0])
		if len(list) == 1 {
			delete(l.waiters, id)
		} else {
			l.waiters[id] = list[1:]
		}
		return
	}
	l.running[id]--
	if l.running[id] <= 0 {
		delete(l.running, id)
	}
}

// startHere returns the release of the slot admitHere counted, which folds
// the request's time into the integration's average.
func (e *Engine) startHere(id int64) func() {
	start := e.now()
	var once sync.Once
	return func() { once.Do(func() { e.limits.done(id, e.now().Sub(start)) }) }
}

// giveBack runs a release statement even when the job's context has ended:
// a slot left behind is only freed when its lease expires.
func (e *Engine) giveBack(ctx context.Context, it integration.Integration, fn func(context.Context) error) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), releaseTimeout)
	defer cancel()
	if err := fn(rctx); err != nil {
		e.log.Warn("delivery: a shared limit could not be given back; it frees itself when its lease expires",
			"integration_id", it.ID, "integration", it.Name, "err", err)
	}
}

// limitUnread logs a shared limit the database did not answer for; the
// delivery waits and tries again rather than go out unchecked.
func (e *Engine) limitUnread(it integration.Integration, err error) {
	e.log.Warn("delivery: the integration's shared limits could not be read; the delivery waits", "integration_id", it.ID,
		"integration", it.Name, "wait", limitRetry, "err", err)
}

// processName names this process in the leases it holds, for whoever reads
// delivery_leases.
func processName() string {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown"
	}
	return fmt.Sprintf("%s pid %d", host, os.Getpid())
}

// bucketOf refills the integration's bucket up to now; a changed limit
// starts a full bucket of the new size.
func (l *limiter) bucketOf(id int64, r integration.RateLimit, now time.Time) *bucket {
	b := l.buckets[id]
	if b == nil || b.rate != r {
		b = &bucket{tokens: float64(r.Burst), at: now, rate: r}
		l.buckets[id] = b
		return b
	}
	if now.After(b.at) {
		b.tokens = math.Min(float64(r.Burst), b.tokens+now.Sub(b.at).Seconds()*r.RequestsPerSecond)
		b.at = now
	}
	return b
}

// done gives a slot back and folds the request's time into the average.
func (l *limiter) done(id int64, took time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.releaseLocked(id)
	l.took[id] = (3*l.took[id] + took) / 4
}

// unstart gives back a slot admitHere counted for a request that did not
// go out, leaving the average alone.
func (l *limiter) unstart(id int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.releaseLocked(id)
}

// typical is how long to wait for a concurrency slot: about one of the
// integration's requests, within the snooze bounds.
func (l *limiter) typical(id int64) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return snoozeFor(l.took[id])
}

// snoozeFor is the wait for a slot of an integration whose requests take
// took: about one of them, within the snooze bounds.
func snoozeFor(took time.Duration) time.Duration { return min(max(took, minSnooze), maxSnooze) }

// jitter spreads waits by up to a fifth later, so that snoozed deliveries
// of one integration do not all come back in the same instant.
func jitter(d time.Duration) time.Duration {
	return d + time.Duration(rand.Int64N(int64(d)/5+1))
}
