package delivery

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/integration"
)

// maxRetryAfter caps the wait a receiver may ask for: a Retry-After of a
// day (or a date years away) must not park a delivery past the point where
// anyone would still want it, nor hide it from the events log for that long.
const maxRetryAfter = time.Hour

// retryPolicy decides whether an integration's answer is retried. A 429 is
// always a throttle (at the time Retry-After asks, else on the schedule); a
// 503 is one when it says when to come back. With retry_on ["5xx"] any other
// 500–599 answer is retried on the schedule, and still counts as a failure.
func (e *Engine) retryPolicy(a *attempt, h integration.HTTP) {
	if a.response == nil || a.outcome == OutcomeSuccess {
		return
	}
	status := a.response.Status
	wait, hasWait := parseRetryAfter(a.retryAfterHeader, e.now())
	switch {
	case status == http.StatusTooManyRequests || (status == http.StatusServiceUnavailable && hasWait):
		a.outcome, a.class, a.again = OutcomeThrottled, ClassThrottled, true
		a.retryAfter = wait
		a.err = fmt.Sprintf("the endpoint answered %d %s", status, http.StatusText(status))
		if hasWait {
			a.err += fmt.Sprintf("; it asked to be called again in %s (Retry-After: %s)", wait, a.retryAfterHeader)
		} else {
			a.err += "; without Retry-After, it is called again on the retry schedule"
		}
	case status >= 500 && status < 600 && h.RetriesOn5xx():
		a.outcome, a.again = OutcomeRetrying, true
		a.err += "; retried on the schedule (retry_on 5xx)"
	}
}

// parseRetryAfter reads a Retry-After header: delay seconds or an HTTP date
// (RFC 9110 §10.2.3), capped at maxRetryAfter; a date in the past is no
// wait. ok is false when the header is missing or unreadable.
func parseRetryAfter(v string, now time.Time) (wait time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter, true
		}
		return max(time.Duration(n)*time.Second, minRetryAfter), true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return min(max(t.Sub(now), minRetryAfter), maxRetryAfter), true
}

// minRetryAfter is the least wait after a throttle: "Retry-After: 0" or a
// date already past still gets a breath rather than a tight loop.
const minRetryAfter = time.Second

// retryAt remembers, between a job's Work and River's NextRetry call that
// follows it in the same process, when a throttled delivery asked to be
// called again.
func (e *Engine) setRetryAt(jobID int64, at time.Time) { e.retryAt.Store(jobID, at) }

// takeRetryAt returns (and forgets) the time a throttled job asked for.
func (e *Engine) takeRetryAt(jobID int64) (time.Time, bool) {
	v, ok := e.retryAt.LoadAndDelete(jobID)
	if !ok {
		return time.Time{}, false
	}
	return v.(time.Time), true
}
