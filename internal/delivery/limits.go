package delivery

import (
	"math"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/ticketwire/ticketwire/internal/integration"
)

// Per-integration limits keep one receiver from taking every worker or
// being called faster than it allows. A delivery over a limit does not wait
// in its worker: its job is snoozed (River's snooze uses up no attempt and
// writes no events-log row) and tried again when a slot or a token is
// likely to be free, so the workers stay with the integrations that answer.
//
// The limits are kept by each process. With SQLite there is one process,
// so they are exact. With several processes on PostgreSQL each process
// keeps its own count and bucket, so the cluster-wide ceiling is the
// limit times the number of processes running deliveries.

// limiter holds, per integration, the requests in flight and a token bucket.
type limiter struct {
	mu      sync.Mutex
	running map[int64]int
	buckets map[int64]*bucket
	took    map[int64]time.Duration // a moving average of how long a request takes
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

// admit takes a concurrency slot and a rate token for one request of it.
// When either is not free it takes nothing and says how long to wait.
func (e *Engine) admit(it integration.Integration) (release func(), wait time.Duration, ok bool) {
	l := &e.limits
	now := e.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.running == nil {
		l.running, l.buckets, l.took = map[int64]int{}, map[int64]*bucket{}, map[int64]time.Duration{}
	}
	id := it.ID
	if l.running[id] >= e.concurrencyOf(it) {
		return nil, jitter(min(max(l.took[id], minSnooze), maxSnooze)), false
	}
	if r := it.HTTP.RateLimit; r != nil {
		b := l.bucketOf(id, *r, now)
		if b.tokens < 1 {
			need := time.Duration((1 - b.tokens) / r.RequestsPerSecond * float64(time.Second))
			return nil, jitter(max(need, time.Millisecond)), false
		}
		b.tokens--
	}
	l.running[id]++
	start := now
	var once sync.Once
	return func() { once.Do(func() { l.done(id, e.now().Sub(start)) }) }, 0, true
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
	l.running[id]--
	if l.running[id] <= 0 {
		delete(l.running, id)
	}
	l.took[id] = (3*l.took[id] + took) / 4
}

// jitter spreads waits by up to a fifth later, so that snoozed deliveries
// of one integration do not all come back in the same instant.
func jitter(d time.Duration) time.Duration {
	return d + time.Duration(rand.Int64N(int64(d)/5+1))
}
