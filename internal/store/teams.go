package store

import "context"

func scanTeam(row interface{ Scan(...any) error }) (Team, error) {
	var t Team
	err := row.Scan(&t.ID, &t.Name, &t.CreatedAt)
	return t, err
}

// CreateTeam inserts a team; the name must be free.
func (q Q) CreateTeam(ctx context.Context, name string) (Team, error) {
	t, err := scanTeam(q.db.QueryRowContext(ctx, `INSERT INTO teams (name, created_datetime) VALUES ($1, $2)
		RETURNING id, name, created_datetime`, name, Now()))
	return t, wrap(err, "create team %q", name)
}

// GetTeam loads a team by id.
func (q Q) GetTeam(ctx context.Context, id int64) (Team, error) {
	t, err := scanTeam(q.db.QueryRowContext(ctx, `SELECT id, name, created_datetime FROM teams WHERE id = $1`, id))
	return t, wrap(err, "load team %d", id)
}

// ListTeams lists all teams by name.
func (q Q) ListTeams(ctx context.Context) ([]Team, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT id, name, created_datetime FROM teams ORDER BY name`)
	if err != nil {
		return nil, wrap(err, "list teams")
	}
	return collect(rows, scanTeam, "list teams")
}
