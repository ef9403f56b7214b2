package delivery

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// FetchFailure is a customer's last fetch from an integration when it did
// not succeed: the sidebar shows it in place of "No data yet" or beside
// data that is now stale.
type FetchFailure struct {
	IntegrationID int64
	LogID         int64 // the events-log row, for admins to open
	Reason        string
	At            time.Time
}

// LastFetchFailures returns, by integration id, the customer's last fetches
// that failed; an integration whose last request for them succeeded is not
// in it.
func (e *Engine) LastFetchFailures(ctx context.Context, customerID int64) (map[int64]FetchFailure, error) {
	rows, err := e.store.LastFetches(ctx, customerID)
	if err != nil {
		return nil, err
	}
	out := map[int64]FetchFailure{}
	for _, l := range rows {
		if l.Outcome == OutcomeSuccess {
			continue
		}
		out[l.IntegrationID] = FetchFailure{IntegrationID: l.IntegrationID, LogID: l.ID, Reason: failureReason(l.Response, l.ErrorClass, l.Error), At: l.CreatedAt}
	}
	return out, nil
}

// failureReason says in a few words why a request failed: its HTTP status
// when an answer came, else the kind of error.
func failureReason(response json.RawMessage, class, text string) string {
	var r ResponseLog
	if len(response) > 0 && json.Unmarshal(response, &r) == nil && r.Status != 0 {
		return fmt.Sprintf("HTTP %d", r.Status)
	}
	switch {
	case class != "" && text != "":
		return class + ": " + text
	case text != "":
		return text
	case class != "":
		return class
	}
	return "the request failed"
}
