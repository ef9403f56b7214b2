package delivery

import (
	"context"
	"encoding/json"
	"time"

	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// LogEntry is an events-log row as the API shows it.
type LogEntry struct {
	ID              int64           `json:"id"`
	IntegrationID   int64           `json:"integration_id"`
	DeliveryID      string          `json:"delivery_id"`
	EventID         *int64          `json:"event_id"`
	EventKind       string          `json:"event_kind"`
	TicketID        *int64          `json:"ticket_id"`
	Attempt         int             `json:"attempt"`
	Outcome         string          `json:"outcome"`
	Request         json.RawMessage `json:"request"`
	Response        json.RawMessage `json:"response"`
	ErrorClass      string          `json:"error_class"`
	Error           string          `json:"error"`
	DurationMS      int64           `json:"duration_ms"`
	CreatedDatetime time.Time       `json:"created_datetime"`
	// ReplayOf is the id of the row this one's replay sent again, null
	// when the row is not of a replay.
	ReplayOf *int64 `json:"replay_of"`
}

// ToLogEntry turns a stored row into its API form.
func ToLogEntry(l store.DeliveryLog) LogEntry {
	res := l.Response
	if len(res) == 0 {
		res = json.RawMessage("null")
	}
	return LogEntry{ID: l.ID, IntegrationID: l.IntegrationID, DeliveryID: l.DeliveryID, EventID: l.EventID, EventKind: l.EventKind,
		TicketID: l.TicketID, Attempt: l.Attempt, Outcome: l.Outcome, Request: l.Request, Response: res, ErrorClass: l.ErrorClass,
		Error: l.Error, DurationMS: l.DurationMS, CreatedDatetime: l.CreatedAt, ReplayOf: l.ReplayOf}
}

// ListLog lists an integration's events log, newest first.
func (e *Engine) ListLog(ctx context.Context, f query.DeliveryLogFilter) ([]LogEntry, error) {
	if f.Outcome != "" {
		if err := validate.OneOf("outcome", f.Outcome, Outcomes...); err != nil {
			return nil, err
		}
	}
	if _, err := e.store.GetIntegration(ctx, f.IntegrationID); err != nil {
		return nil, err
	}
	rows, err := e.store.ListDeliveryLog(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]LogEntry, 0, len(rows))
	for _, r := range rows {
		out = append(out, ToLogEntry(r))
	}
	return out, nil
}

// GetLog returns one events-log row of an integration.
func (e *Engine) GetLog(ctx context.Context, integrationID, id int64) (LogEntry, error) {
	l, err := e.store.GetDeliveryLog(ctx, integrationID, id)
	if err != nil {
		return LogEntry{}, err
	}
	return ToLogEntry(l), nil
}
