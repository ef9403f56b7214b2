package store

import (
	"context"
	"encoding/json"
	"time"
)

// Widget is a widget of the ticket sidebar: the tree (Template, JSON) that
// says how to show one integration's fetched data. Position orders widgets
// in the sidebar; the API calls it "order".
type Widget struct {
	ID            int64
	Context       string
	Type          string
	IntegrationID int64
	Position      int
	Template      json.RawMessage
	// SecretsSealed says the template's secret values (card buttons' header
	// values) are sealed; a widget saved before they were is in clear.
	SecretsSealed bool
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

const widgetColumns = `id, context, type, integration_id, position, template, secrets_sealed, created_datetime, updated_datetime`

func scanWidget(row interface{ Scan(...any) error }) (Widget, error) {
	var w Widget
	var template string
	err := row.Scan(&w.ID, &w.Context, &w.Type, &w.IntegrationID, &w.Position, &template, &w.SecretsSealed, &w.CreatedAt, &w.UpdatedAt)
	w.Template = json.RawMessage(template)
	return w, err
}

// CreateWidget inserts a widget; its integration must exist.
func (q Q) CreateWidget(ctx context.Context, w Widget) (Widget, error) {
	out, err := scanWidget(q.db.QueryRowContext(ctx, `INSERT INTO widgets (context, type, integration_id, position, template,
		secrets_sealed, created_datetime, updated_datetime) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING `+widgetColumns,
		w.Context, w.Type, w.IntegrationID, w.Position, jsonText(w.Template, "{}"), w.SecretsSealed, Now()))
	return out, wrap(err, "create widget of integration %d", w.IntegrationID)
}

// UpdateWidget replaces a widget's fields.
func (q Q) UpdateWidget(ctx context.Context, w Widget) (Widget, error) {
	out, err := scanWidget(q.db.QueryRowContext(ctx, `UPDATE widgets SET context = $1, type = $2, integration_id = $3, position = $4,
		template = $5, secrets_sealed = $6, updated_datetime = $7 WHERE id = $8 RETURNING `+widgetColumns,
		w.Context, w.Type, w.IntegrationID, w.Position, jsonText(w.Template, "{}"), w.SecretsSealed, Now(), w.ID))
	return out, wrap(err, "update widget %d", w.ID)
}

// GetWidget loads a widget.
func (q Q) GetWidget(ctx context.Context, id int64) (Widget, error) {
	w, err := scanWidget(q.db.QueryRowContext(ctx, `SELECT `+widgetColumns+` FROM widgets WHERE id = $1`, id))
	return w, wrap(err, "load widget %d", id)
}

// SealWidgetTemplate replaces the template of a widget saved with its
// secrets in clear by the same template with them sealed, leaving
// updated_datetime alone: nothing an admin sees changes. It reports whether
// the row was still in clear (another process may have sealed it first).
func (q Q) SealWidgetTemplate(ctx context.Context, id int64, template json.RawMessage) (bool, error) {
	res, err := q.db.ExecContext(ctx, `UPDATE widgets SET template = $1, secrets_sealed = $2 WHERE id = $3 AND secrets_sealed = $4`,
		jsonText(template, "{}"), true, id, false)
	if err != nil {
		return false, wrap(err, "seal widget %d", id)
	}
	n, err := res.RowsAffected()
	return n == 1, wrap(err, "seal widget %d", id)
}

// DeleteWidget removes a widget.
func (q Q) DeleteWidget(ctx context.Context, id int64) error {
	res, err := q.db.ExecContext(ctx, `DELETE FROM widgets WHERE id = $1`, id)
	return wrap(mustAffect(res, err), "delete widget %d", id)
}

// ListWidgets lists the widgets of one integration, or every widget when
// integrationID is 0, in sidebar order: by position, then oldest first.
// A sidebar holds a handful of widgets, so the list is not paged.
func (q Q) ListWidgets(ctx context.Context, integrationID int64) ([]Widget, error) {
	query, args := `SELECT `+widgetColumns+` FROM widgets ORDER BY position, id`, []any{}
	if integrationID != 0 {
		query = `SELECT ` + widgetColumns + ` FROM widgets WHERE integration_id = $1 ORDER BY position, id`
		args = append(args, integrationID)
	}
	rows, err := q.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(err, "list widgets")
	}
	return collect(rows, scanWidget, "list widgets")
}

// NextWidgetPosition is the position after the last widget of a context,
// where a widget added without one goes.
func (q Q) NextWidgetPosition(ctx context.Context, widgetContext string) (int, error) {
	var n int
	err := q.db.QueryRowContext(ctx, `SELECT coalesce(max(position) + 1, 0) FROM widgets WHERE context = $1`, widgetContext).Scan(&n)
	return n, wrap(err, "next widget position in %s", widgetContext)
}

// ReorderWidgets gives ids[i] position i. Run it in a transaction so the
// sidebar never shows half an order; an unknown id is ErrNotFound.
func (q Q) ReorderWidgets(ctx context.Context, ids []int64) error {
	now := Now()
	for i, id := range ids {
		res, err := q.db.ExecContext(ctx, `UPDATE widgets SET position = $1, updated_datetime = $2 WHERE id = $3`, i, now, id)
		if err := mustAffect(res, err); err != nil {
			return wrap(err, "move widget %d to position %d", id, i)
		}
	}
	return nil
}
