package delivery

import "github.com/ticketwire/ticketwire/internal/integration"

// logFailure writes one warning for a recorded attempt that failed, so an
// operator reading the server log sees each failed request once, with what
// happens next. It names the integration by id and name, never its URL:
// the URL and headers may carry credentials. The error text is the events
// log's, whose URLs are already redacted.
func (e *Engine) logFailure(it integration.Integration, at attempt, attemptNo int, retry bool) {
	if at.success() || at.outcome == OutcomeSkipped {
		return
	}
	status := 0
	if at.response != nil {
		status = at.response.Status
	}
	next := "none: the delivery is finished; the events log keeps the attempt"
	switch {
	case retry && at.retryAfter > 0:
		next = "retried in " + at.retryAfter.String() + ", as the receiver asked"
	case retry && len(e.cfg.RetrySchedule) > 0:
		next = "retried in " + e.cfg.RetrySchedule[min(attemptNo-1, len(e.cfg.RetrySchedule)-1)].String()
	case retry:
		next = "retried"
	}
	e.log.Warn("delivery: request failed", "integration_id", it.ID, "integration", it.Name, "outcome", at.outcome,
		"status", status, "duration", at.duration, "attempt", attemptNo, "error_class", at.class, "error", at.err, "next", next)
}
