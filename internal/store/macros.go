package store

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/query"
)

// Macro is a named list of actions an agent applies to a ticket. Actions is
// their JSON with every secret value already sealed.
type Macro struct {
	ID        int64
	Name      string
	Actions   json.RawMessage
	CreatedAt time.Time
	UpdatedAt time.Time
}

const macroColumns = `id, name, actions, created_datetime, updated_datetime`

func scanMacro(row interface{ Scan(...any) error }) (Macro, error) {
	var m Macro
	var actions string
	err := row.Scan(&m.ID, &m.Name, &actions, &m.CreatedAt, &m.UpdatedAt)
	m.Actions = json.RawMessage(actions)
	return m, err
}

// CreateMacro inserts a macro.
func (q Q) CreateMacro(ctx context.Context, m Macro) (Macro, error) {
	out, err := scanMacro(q.db.QueryRowContext(ctx, `INSERT INTO macros (name, actions, created_datetime, updated_datetime)
		VALUES ($1, $2, $3, $3) RETURNING `+macroColumns, m.Name, jsonText(m.Actions, "[]"), Now()))
	return out, wrap(err, "create macro %q", m.Name)
}

// UpdateMacro replaces a macro's name and actions.
func (q Q) UpdateMacro(ctx context.Context, m Macro) (Macro, error) {
	out, err := scanMacro(q.db.QueryRowContext(ctx, `UPDATE macros SET name = $1, actions = $2, updated_datetime = $3
		WHERE id = $4 RETURNING `+macroColumns, m.Name, jsonText(m.Actions, "[]"), Now(), m.ID))
	return out, wrap(err, "update macro %d", m.ID)
}

// GetMacro loads a macro.
func (q Q) GetMacro(ctx context.Context, id int64) (Macro, error) {
	m, err := scanMacro(q.db.QueryRowContext(ctx, `SELECT `+macroColumns+` FROM macros WHERE id = $1`, id))
	return m, wrap(err, "load macro %d", id)
}

// DeleteMacro removes a macro; its hook-log rows stay, without it.
func (q Q) DeleteMacro(ctx context.Context, id int64) error {
	res, err := q.db.ExecContext(ctx, `DELETE FROM macros WHERE id = $1`, id)
	return wrap(mustAffect(res, err), "delete macro %d", id)
}

// MacroFilter narrows the list; it is the query package's, shared with the layers above.
type MacroFilter = query.MacroFilter

// ListMacros lists macros, newest first.
func (q Q) ListMacros(ctx context.Context, f MacroFilter) ([]Macro, error) {
	query := `SELECT ` + macroColumns + ` FROM macros WHERE id < $1`
	args := []any{f.Before(), f.Size()}
	if f.Name != "" {
		query += ` AND lower(name) LIKE $3 ESCAPE '\'`
		args = append(args, "%"+likeEscaper.Replace(strings.ToLower(f.Name))+"%")
	}
	rows, err := q.db.QueryContext(ctx, query+` ORDER BY id DESC LIMIT $2`, args...)
	if err != nil {
		return nil, wrap(err, "list macros")
	}
	return collect(rows, scanMacro, "list macros")
}

// likeEscaper makes a search text match itself in a LIKE pattern.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
