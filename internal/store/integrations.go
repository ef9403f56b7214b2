package store

import (
	"context"
	"encoding/json"
	"time"
)

const integrationColumns = `id, type, name, config, triggers, enabled, deactivated_datetime, deactivation_reason,
	consecutive_failures, created_datetime, updated_datetime`

func scanIntegration(row interface{ Scan(...any) error }) (Integration, error) {
	var in Integration
	var config, triggers string
	err := row.Scan(&in.ID, &in.Type, &in.Name, &config, &triggers, &in.Enabled, &in.DeactivatedAt, &in.DeactivationReason,
		&in.ConsecutiveFailures, &in.CreatedAt, &in.UpdatedAt)
	if err != nil {
		return in, err
	}
	in.Config = json.RawMessage(config)
	return in, json.Unmarshal([]byte(triggers), &in.Triggers)
}

func triggersJSON(t []string) string {
	if t == nil {
		t = []string{}
	}
	b, _ := json.Marshal(t)
	return string(b)
}

// CreateIntegration inserts an integration.
func (q Q) CreateIntegration(ctx context.Context, in Integration) (Integration, error) {
	now := Now()
	out, err := scanIntegration(q.db.QueryRowContext(ctx, `INSERT INTO integrations (type, name, config, triggers, enabled,
		consecutive_failures, created_datetime, updated_datetime) VALUES ($1, $2, $3, $4, $5, 0, $6, $6) RETURNING `+integrationColumns,
		in.Type, in.Name, string(in.Config), triggersJSON(in.Triggers), in.Enabled, now))
	return out, wrap(err, "create integration %q", in.Name)
}

// UpdateIntegration replaces an integration's name, config and triggers.
func (q Q) UpdateIntegration(ctx context.Context, in Integration) (Integration, error) {
	out, err := scanIntegration(q.db.QueryRowContext(ctx, `UPDATE integrations SET name = $1, config = $2, triggers = $3, updated_datetime = $4
		WHERE id = $5 RETURNING `+integrationColumns, in.Name, string(in.Config), triggersJSON(in.Triggers), Now(), in.ID))
	return out, wrap(err, "update integration %d", in.ID)
}

// GetIntegration loads an integration.
func (q Q) GetIntegration(ctx context.Context, id int64) (Integration, error) {
	in, err := scanIntegration(q.db.QueryRowContext(ctx, `SELECT `+integrationColumns+` FROM integrations WHERE id = $1`, id))
	return in, wrap(err, "load integration %d", id)
}

// ListIntegrations lists integrations, newest first.
func (q Q) ListIntegrations(ctx context.Context, p Page) ([]Integration, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT `+integrationColumns+` FROM integrations WHERE id < $1 ORDER BY id DESC LIMIT $2`, p.Before(), p.Size())
	if err != nil {
		return nil, wrap(err, "list integrations")
	}
	return collect(rows, scanIntegration, "list integrations")
}

// IntegrationTrigger is the little that event matching needs.
type IntegrationTrigger struct {
	ID       int64
	Enabled  bool
	Triggers []string
}

// IntegrationTriggers lists every integration's id, state and triggers.
func (q Q) IntegrationTriggers(ctx context.Context) ([]IntegrationTrigger, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT id, enabled, triggers FROM integrations ORDER BY id`)
	if err != nil {
		return nil, wrap(err, "list integration triggers")
	}
	return collect(rows, func(row interface{ Scan(...any) error }) (IntegrationTrigger, error) {
		var it IntegrationTrigger
		var triggers string
		if err := row.Scan(&it.ID, &it.Enabled, &triggers); err != nil {
			return it, err
		}
		return it, json.Unmarshal([]byte(triggers), &it.Triggers)
	}, "list integration triggers")
}

// DeleteIntegration removes an integration, its events log, notifications and
// the data it fetched.
func (q Q) DeleteIntegration(ctx context.Context, id int64) error {
	if _, err := q.db.ExecContext(ctx, `DELETE FROM customer_integrations WHERE integration_id = $1`, id); err != nil {
		return wrap(err, "delete data of integration %d", id)
	}
	res, err := q.db.ExecContext(ctx, `DELETE FROM integrations WHERE id = $1`, id)
	return wrap(mustAffect(res, err), "delete integration %d", id)
}

// SetIntegrationEnabled enables (resetting the failure count) or disables an
// integration; reason is recorded when disabling.
func (q Q) SetIntegrationEnabled(ctx context.Context, id int64, enabled bool, reason string, now time.Time) (Integration, error) {
	var row interface{ Scan(...any) error }
	if enabled {
		row = q.db.QueryRowContext(ctx, `UPDATE integrations SET enabled = $1, deactivated_datetime = NULL, deactivation_reason = NULL,
			consecutive_failures = 0, updated_datetime = $2 WHERE id = $3 RETURNING `+integrationColumns, true, T(now), id)
	} else {
		row = q.db.QueryRowContext(ctx, `UPDATE integrations SET enabled = $1, deactivated_datetime = $2, deactivation_reason = $3,
			updated_datetime = $2 WHERE id = $4 RETURNING `+integrationColumns, false, T(now), reason, id)
	}
	in, err := scanIntegration(row)
	return in, wrap(err, "set integration %d enabled=%v", id, enabled)
}

// AddIntegrationResults applies a run of results to the consecutive-failure
// count in one statement: with reset (the run held a success) the count
// becomes failures, the failures after the last success; otherwise failures
// are added. A disabled integration's count stays as it was when it was
// disabled, so that it matches the disable reason (requests in flight then
// still finish and are logged, but no longer count). It returns the count
// and whether the integration is enabled; ErrNotFound when it was deleted.
func (q Q) AddIntegrationResults(ctx context.Context, id int64, reset bool, failures int) (count int, enabled bool, err error) {
	query := `UPDATE integrations SET consecutive_failures = CASE WHEN enabled THEN consecutive_failures + $2 ELSE consecutive_failures END
		WHERE id = $1 RETURNING consecutive_failures, enabled`
	if reset {
		query = `UPDATE integrations SET consecutive_failures = CASE WHEN enabled THEN $2 ELSE consecutive_failures END
			WHERE id = $1 RETURNING consecutive_failures, enabled`
	}
	err = q.db.QueryRowContext(ctx, query, id, failures).Scan(&count, &enabled)
	return count, enabled, wrap(err, "record results of integration %d", id)
}
