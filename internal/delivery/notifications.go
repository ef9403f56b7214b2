package delivery

import (
	"context"
	"time"

	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/store"
)

// Kinds of notification.
const (
	KindDisabled = "integration-disabled" // the engine disabled an integration
	KindAtRisk   = "integration-at-risk"  // an integration fails more than half its requests
)

// Notification tells admins about something that needs them; the engine
// raises one when it disables an integration.
type Notification struct {
	ID            int64
	Kind          string
	IntegrationID *int64
	Message       string
	CreatedAt     time.Time
}

// ListNotifications lists notifications, newest first.
func (e *Engine) ListNotifications(ctx context.Context, p query.Page) ([]Notification, error) {
	rows, err := e.store.ListNotifications(ctx, p)
	if err != nil {
		return nil, err
	}
	out := make([]Notification, 0, len(rows))
	for _, n := range rows {
		out = append(out, notificationOf(n))
	}
	return out, nil
}

// StillDisabled lists, of the newest limit notifications, those about an
// integration that is still disabled: what the admins' banner shows. A
// re-enabled integration needs nobody any more.
func (e *Engine) StillDisabled(ctx context.Context, limit int) ([]Notification, error) {
	rows, err := e.store.ListNotifications(ctx, query.Page{Limit: limit})
	if err != nil {
		return nil, err
	}
	var out []Notification
	for _, n := range rows {
		if n.IntegrationID == nil || n.Kind != KindDisabled {
			continue
		}
		it, err := e.store.GetIntegration(ctx, *n.IntegrationID)
		if err == nil && !it.Enabled {
			out = append(out, notificationOf(n))
		}
	}
	return out, nil
}

func notificationOf(n store.Notification) Notification {
	return Notification{ID: n.ID, Kind: n.Kind, IntegrationID: n.IntegrationID, Message: n.Message, CreatedAt: n.CreatedAt}
}
