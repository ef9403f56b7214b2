package api

import (
	"context"

	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/integration"
)

// integrationWithHealth is an integration as GET /api/integrations and
// /api/integrations/{id} show it: with its recent record.
type integrationWithHealth struct {
	integration.Integration
	Health delivery.Health `json:"health"`
}

// withHealth adds each integration's health.
func (a *API) withHealth(ctx context.Context, list []integration.Integration) ([]integrationWithHealth, error) {
	health, err := a.delivery.Health(ctx, list)
	if err != nil {
		return nil, err
	}
	out := make([]integrationWithHealth, len(list))
	for i, it := range list {
		out[i] = integrationWithHealth{Integration: it, Health: health[it.ID]}
	}
	return out, nil
}
