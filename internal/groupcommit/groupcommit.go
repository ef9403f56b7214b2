// Package groupcommit shares one expensive step (a commit) among callers
// that arrive while it runs: the first caller becomes the leader and runs the
// step over everything waiting, in groups, until nothing waits; the others
// only queue their item and wait for the answer the leader gives them.
package groupcommit

import "sync"

// Queue holds the items waiting for the next run. The zero value is ready.
type Queue[T any] struct {
	mu      sync.Mutex
	waiting []T
	running bool
}

// Add queues item. When no run is in progress, the caller becomes the leader:
// it calls run with at most max waiting items at a time, until none wait, and
// returns then. Otherwise Add returns at once. Either way the item's answer
// is the caller's to collect (through a channel in the item, say) once run
// has seen it.
func (q *Queue[T]) Add(item T, max int, run func([]T)) {
	q.mu.Lock()
	q.waiting = append(q.waiting, item)
	if q.running {
		q.mu.Unlock()
		return
	}
	q.running = true
	for len(q.waiting) > 0 {
		n := min(len(q.waiting), max)
		list := q.waiting[:n:n]
		q.waiting = q.waiting[n:]
		q.mu.Unlock()
		run(list)
		q.mu.Lock()
	}
	q.running = false
	q.mu.Unlock()
}

// Queued queues items without starting a run: the next Add's run takes them
// with its own item, as if they had arrived while a run was in progress.
func (q *Queue[T]) Queued(items ...T) {
	q.mu.Lock()
	q.waiting = append(q.waiting, items...)
	q.mu.Unlock()
}
