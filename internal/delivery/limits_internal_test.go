package delivery

import (
	"testing"
	"time"
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
