package delivery

import (
	"context"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/integration"
)

// A concurrency lease outlives the longest run of its job by a margin, so a
// slot is taken over only from a process that died mid-request, never from
// one whose request is still allowed to run.
func TestLeaseOutlivesTheJob(t *testing.T) {
	for _, timeout := range []time.Duration{time.Second, 5 * time.Second, time.Minute} {
		cfg := Defaults()
		cfg.Timeout = timeout
		e := &Engine{cfg: cfg}
		w := &Worker{engine: e}
		if job, lease := w.Timeout(nil), e.leaseFor(); lease < job+10*time.Second {
			t.Errorf("request timeout %v: lease %v, job timeout %v; want the lease at least 10 s longer", timeout, lease, job)
		}
	}
}

// At its cap, a delivery of a fast integration waits for the slot of the
// next request to end and gets it (the count never passes the cap), or
// gives up after minSnooze; one of a slow or not yet timed integration
// snoozes at once.
func TestCapHandsSlotsToWaitingDeliveries(t *testing.T) {
	e := &Engine{cfg: Defaults(), now: time.Now}
	it := integration.Integration{ID: 7, HTTP: integration.HTTP{MaxConcurrency: 2}}
	ctx := context.Background()
	admit := func() bool {
		_, ok := e.admitHere(ctx, it, false)
		return ok
	}
	running := func() int {
		e.limits.mu.Lock()
		defer e.limits.mu.Unlock()
		return e.limits.running[it.ID]
	}

	// Not yet timed: at the cap, the third snoozes at once.
	for i := range 2 {
		if !admit() {
			t.Fatalf("delivery %d of the cap of 2 was not admitted", i+1)
		}
	}
	start := time.Now()
	if wait, ok := e.admitHere(ctx, it, false); ok || wait < minSnooze {
		t.Fatalf("an untimed integration at its cap: admitted %v, wait %v; want a snooze of at least %v", ok, wait, minSnooze)
	}
	if d := time.Since(start); d >= minSnooze {
		t.Fatalf("the snooze took %v to decide; want no wait", d)
	}

	// Fast: the third waits and gets the slot the first gives back.
	e.limits.done(it.ID, time.Millisecond)
	if !admit() {
		t.Fatal("a free slot was not taken")
	}
	got := make(chan bool)
	go func() { got <- admit() }()
	deadline := time.Now().Add(time.Minute)
	for {
		e.limits.mu.Lock()
		n := len(e.limits.waiters[it.ID])
		e.limits.mu.Unlock()
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the third delivery never waited for a slot")
		}
		time.Sleep(time.Millisecond)
	}
	e.limits.done(it.ID, time.Millisecond)
	if !<-got {
		t.Fatal("the waiting delivery did not get the slot handed over")
	}
	if n := running(); n != 2 {
		t.Fatalf("%d requests counted in flight after the handover; want the cap, 2", n)
	}

	// No slot frees: it gives up and snoozes, leaving no waiter behind.
	if wait, ok := e.admitHere(ctx, it, false); ok || wait < minSnooze {
		t.Fatalf("at the cap with no slot freed: admitted %v, wait %v", ok, wait)
	}
	e.limits.mu.Lock()
	left := len(e.limits.waiters[it.ID])
	e.limits.mu.Unlock()
	if left != 0 || running() != 2 {
		t.Fatalf("after giving up: %d waiters, %d running; want 0 and 2", left, running())
	}

	// Slow: snoozes at once, for about one of its requests.
	e.limits.mu.Lock()
	e.limits.took[it.ID] = 2 * time.Second
	e.limits.mu.Unlock()
	start = time.Now()
	if wait, ok := e.admitHere(ctx, it, false); ok || wait < 2*time.Second {
		t.Fatalf("a slow integration at its cap: admitted %v, wait %v; want a snooze of about 2 s", ok, wait)
	}
	if d := time.Since(start); d >= minSnooze {
		t.Fatalf("a slow integration's delivery waited %v; want none", d)
	}
	e.limits.done(it.ID, 2*time.Second)
	e.limits.done(it.ID, 2*time.Second)
	if n := running(); n != 0 {
		t.Fatalf("%d counted after both ended; want 0", n)
	}
}
