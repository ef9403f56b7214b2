package delivery

import (
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/ticketwire/ticketwire/internal/netguard"
)

// TestRetrySchedule reads the retry schedule off a fake clock: the wait
// before each retry after a connection error or timeout, and when the
// engine gives up instead.
func TestRetrySchedule(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	product := Defaults().RetrySchedule
	tests := []struct {
		name     string
		schedule []time.Duration
		attempt  int
		wait     time.Duration // from the failed attempt to the next
		givesUp  bool
	}{
		{name: "first failure waits 10 s", schedule: product, attempt: 1, wait: 10 * time.Second},
		{name: "second failure waits 20 s", schedule: product, attempt: 2, wait: 20 * time.Second},
		{name: "third failure waits 40 s", schedule: product, attempt: 3, wait: 40 * time.Second},
		{name: "fourth failure gives up", schedule: product, attempt: 4, wait: 40 * time.Second, givesUp: true},
		{name: "rescue past the last attempt waits the last wait", schedule: product, attempt: 5, wait: 40 * time.Second, givesUp: true},
		{name: "configured schedule", schedule: []time.Duration{time.Second, 3 * time.Second}, attempt: 2, wait: 3 * time.Second},
		{name: "configured schedule gives up after its retries", schedule: []time.Duration{time.Second, 3 * time.Second}, attempt: 3, wait: 3 * time.Second, givesUp: true},
		{name: "no retries: the first failure gives up", schedule: nil, attempt: 1, wait: time.Second, givesUp: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := Defaults()
			cfg.RetrySchedule = tt.schedule
			e := New(cfg, Deps{Client: netguard.NewClient(netguard.Options{}), Now: func() time.Time { return now }})
			w := &Worker{engine: e}
			job := &river.Job[Args]{JobRow: &rivertype.JobRow{Attempt: tt.attempt}}
			if got := w.NextRetry(job).Sub(now); got != tt.wait {
				t.Errorf("NextRetry after attempt %d = now + %v, want now + %v", tt.attempt, got, tt.wait)
			}
			if got := e.givesUp(tt.attempt); got != tt.givesUp {
				t.Errorf("givesUp(%d) = %v, want %v", tt.attempt, got, tt.givesUp)
			}
			if got := e.jobMaxAttempts(); got != len(tt.schedule)+2 {
				t.Errorf("River's max attempts = %d, want %d: the tries, the retries and one spare for a rescue", got, len(tt.schedule)+2)
			}
		})
	}
}
