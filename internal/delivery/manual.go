package delivery

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/riverqueue/river"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// ErrDisabled is returned when replaying to a disabled integration.
var ErrDisabled = errors.New("the integration is disabled; enable it first")

// Preview is a rendered request that was not sent.
type Preview struct {
	Request RequestLog `json:"request"`
	Empty   []string   `json:"empty_variables"`
	Error   string     `json:"error,omitempty"`
}

// TestResult is a request sent on an admin's demand and its answer.
type TestResult struct {
	LogEntry
	Empty []string `json:"empty_variables"`
}

// ticketVars is the template context of a ticket as it is now, for a
// preview or test of h: the event is the first of h's triggers, as if it had
// just happened, with no id and no user.
func (e *Engine) ticketVars(h integration.HTTP, t event.Ticket) (map[string]any, error) {
	raw, err := json.Marshal(t)
	if err != nil {
		return nil, err
	}
	kind := ""
	for _, k := range event.Kinds {
		if h.Triggers.Matches(k) {
			kind = string(k)
			break
		}
	}
	return eventContext(eventInput{ticket: raw, event: eventObject(nil, kind, nil, t.ID, e.now()), account: e.account})
}

// Preview renders integration id's request for a ticket, sends nothing and
// fetches no token; secrets are masked as in the events log.
func (e *Engine) Preview(ctx context.Context, id int64, t event.Ticket) (Preview, error) {
	it, err := e.integrations.Load(ctx, e.store.Q, id)
	if err != nil {
		return Preview{}, err
	}
	vars, err := e.ticketVars(it.HTTP, t)
	if err != nil {
		return Preview{}, err
	}
	b, err := render(ctx, it.HTTP, vars)
	if err != nil {
		return Preview{Request: RequestLog{Method: it.HTTP.Method, URL: it.HTTP.URL}, Error: err.Error(), Empty: []string{}}, nil
	}
	loc, key := "", ""
	if o := it.HTTP.OAuth2; o != nil {
		loc, key = o.TokenLocation, o.TokenKey
		if loc == integration.TokenInHeader {
			b.req.Header.Set(key, "[OAuth2 access token]")
		}
	}
	stamp(b, e.userAgent, "msg_preview", e.now(), it.HTTP.SigningSecrets(e.now())...)
	return Preview{Request: redactRequest(requestLog(b, it.HTTP, e.cfg.LogBodyCap), it.HTTP, loc, key), Empty: b.empty}, nil
}

// Test sends integration id's request for a ticket now, logs it (event kind
// "test") and stores fetched data like a delivery, but leaves the
// consecutive-failure count alone: an admin trying things out should not
// disable an integration.
func (e *Engine) Test(ctx context.Context, id int64, t event.Ticket) (TestResult, error) {
	it, err := e.integrations.Load(ctx, e.store.Q, id)
	if err != nil {
		return TestResult{}, err
	}
	vars, err := e.ticketVars(it.HTTP, t)
	if err != nil {
		return TestResult{}, err
	}
	deliveryID := newDeliveryID()
	at := e.perform(ctx, it, vars, deliveryID)
	if at.outcome == OutcomeRetrying {
		at.outcome = OutcomeFailed // a test is not retried
	}
	rec := record{integration: it, eventKind: "test", ticketID: &t.ID, deliveryID: deliveryID, attempt: 1, customerID: t.Customer.ID}
	row, err := e.record(ctx, rec, at)
	if err != nil {
		return TestResult{}, err
	}
	return TestResult{LogEntry: ToLogEntry(row), Empty: at.empty}, nil
}

// Replay delivers the event of an events-log row again, with the
// integration's current config and the row's Webhook-Id (receivers that
// deduplicate see the same message). Its rows carry replay_of, logID. Rows
// of tests carry no event.
func (e *Engine) Replay(ctx context.Context, integrationID, logID int64) error {
	l, err := e.store.GetDeliveryLog(ctx, integrationID, logID)
	if err != nil {
		return err
	}
	if l.EventID == nil {
		return validate.Errorf("event_id", "this row is a test request with no event to replay; use the test endpoint")
	}
	it, err := e.store.GetIntegration(ctx, integrationID)
	if err != nil {
		return err
	}
	if !it.Enabled {
		return ErrDisabled
	}
	_, err = e.river.Insert(ctx, Args{IntegrationID: integrationID, EventID: *l.EventID, DeliveryID: l.DeliveryID, ReplayOf: &logID},
		&river.InsertOpts{Queue: Queue, MaxAttempts: e.jobMaxAttempts()})
	return err
}
