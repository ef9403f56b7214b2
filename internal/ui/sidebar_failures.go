package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/query"
)

// failureView is an integration's last failed fetch for the customer, as the
// sidebar says it: "Couldn't reach Loyalty: HTTP 500, 3m ago".
type failureView struct {
	IntegrationID int64
	Name          string
	Reason        string
	At            time.Time
	// Link opens the events-log row (admins only; empty for agents).
	Link string
}

// maxReason keeps a long error text from filling the sidebar; the event
// itself has it all.
const maxReason = 140

// fetchFailures reads the customer's failed last fetches, named, by
// integration id. The notice is a hint: when it cannot be read the sidebar
// shows the data without it rather than failing the page.
func (u *UI) fetchFailures(ctx context.Context, customerID int64, admin bool) map[int64]failureView {
	out := map[int64]failureView{}
	if u.Delivery == nil {
		return out
	}
	list, err := u.Delivery.LastFetchFailures(ctx, customerID)
	if err != nil {
		u.Log.Warn("ui: last fetches of a customer could not be read", "customer_id", customerID, "err", err)
		return out
	}
	for id, f := range list {
		out[id] = u.failureOf(ctx, f, admin)
	}
	return out
}

func (u *UI) failureOf(ctx context.Context, f delivery.FetchFailure, admin bool) failureView {
	v := failureView{IntegrationID: f.IntegrationID, Name: fmt.Sprintf("integration %d", f.IntegrationID), Reason: f.Reason, At: f.At}
	if r := []rune(v.Reason); len(r) > maxReason {
		v.Reason = string(r[:maxReason]) + "…"
	}
	if it, err := u.Integrations.Get(ctx, f.IntegrationID); err == nil {
		v.Name = it.Name
	} else if !errors.Is(err, query.ErrNotFound) {
		u.Log.Warn("ui: integration name not read", "integration_id", f.IntegrationID, "err", err)
	}
	if admin {
		v.Link = fmt.Sprintf("/settings/integrations/%d/events/%d", f.IntegrationID, f.LogID)
	}
	return v
}
