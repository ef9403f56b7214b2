package delivery_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// eachAhead runs fn on every backend with the product's retry schedule and
// a clock that stands still an hour ahead: a retry is scheduled on that
// clock, so none falls due by itself, and the test makes each one due
// (River's JobRetry) instead of waiting for it.
func eachAhead(t *testing.T, fn func(t *testing.T, e *env, now time.Time)) {
	t.Helper()
	now := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	product := func(c *config.Config) { c.RetrySchedule = delivery.Defaults().RetrySchedule }
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, startClock(t, b, product, func() time.Time { return now }), now)
		})
	}
}

// waitRetryable waits for the delivery job to fail attempt n and wait for
// its retry, and returns it.
func (e *env) waitRetryable(n int) *rivertype.JobRow {
	e.t.Helper()
	var job *rivertype.JobRow
	eventually(e.t, fmt.Sprintf("the delivery to wait for a retry after attempt %d", n), func() bool {
		res, err := e.srv.River.JobList(context.Background(),
			river.NewJobListParams().Kinds(delivery.Args{}.Kind()).States(rivertype.JobStateRetryable))
		if err != nil {
			e.t.Fatal(err)
		}
		for _, j := range res.Jobs {
			if j.Attempt == n {
				job = j
				return true
			}
		}
		return false
	})
	return job
}

// retryNow makes a waiting retry due at once.
func (e *env) retryNow(job *rivertype.JobRow) {
	e.t.Helper()
	if _, err := e.srv.River.JobRetry(context.Background(), job.ID); err != nil {
		e.t.Fatal(err)
	}
}

func TestRetriesWait10And20And40Seconds(t *testing.T) {
	t.Parallel()
	eachAhead(t, func(t *testing.T, e *env, now time.Time) {
		rc := newReceiver(t, func(_ int, w http.ResponseWriter, _ *http.Request) { dropConnection(t, w) })
		it := e.createIntegration("down", map[string]any{"url": rc.URL + "/down", "method": "POST",
			"body": `{"ticket": {{ticket.id}}}`, "triggers": []string{"ticket-created"}})
		e.createTicket("waits@example.com", "Waits")
		for i, wait := range []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second} {
			job := e.waitRetryable(i + 1)
			if got := job.ScheduledAt.Sub(now); got != wait {
				t.Errorf("after attempt %d the retry is due %v after the failure, want %v", i+1, got, wait)
			}
			e.retryNow(job)
		}
		rows := e.waitLog(it.ID, 4)
		e.waitJobs()
		if rows[0].Attempt != 4 || rows[0].Outcome != delivery.OutcomeGaveUp {
			t.Errorf("last row = attempt %d %s, want attempt 4 %s", rows[0].Attempt, rows[0].Outcome, delivery.OutcomeGaveUp)
		}
		if n := len(rc.Hits()); n != 4 {
			t.Errorf("receiver got %d requests, want 4 (the first and three retries)", n)
		}
	})
}

func TestRetryOfADisabledIntegrationIsSkippedNotSent(t *testing.T) {
	t.Parallel()
	eachAhead(t, func(t *testing.T, e *env, _ time.Time) {
		rc := newReceiver(t, func(_ int, w http.ResponseWriter, _ *http.Request) { dropConnection(t, w) })
		it := e.createIntegration("paused", map[string]any{"url": rc.URL + "/paused", "method": "POST",
			"body": `{"ticket": {{ticket.id}}}`, "triggers": []string{"ticket-created"}})
		e.createTicket("paused@example.com", "Paused")
		job := e.waitRetryable(1)
		e.want(200, "POST", fmt.Sprintf("/api/integrations/%d/disable", it.ID), nil, nil)
		e.retryNow(job)
		rows := e.waitLog(it.ID, 2)
		e.waitJobs()
		if rows[0].Outcome != delivery.OutcomeSkipped || rows[0].DeliveryID != rows[1].DeliveryID {
			t.Errorf("the retry's row = %s of delivery %s, want %s of delivery %s", rows[0].Outcome, rows[0].DeliveryID,
				delivery.OutcomeSkipped, rows[1].DeliveryID)
		}
		if n := len(rc.Hits()); n != 1 {
			t.Errorf("receiver got %d requests, want 1: a retry of a disabled integration sends nothing", n)
		}
	})
}
