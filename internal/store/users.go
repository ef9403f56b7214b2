package store

import (
	"context"
	"database/sql"
)

const userColumns = `id, email, name, firstname, lastname, bio, role, password_hash, created_datetime, updated_datetime`

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Firstname, &u.Lastname, &u.Bio, &u.Role, &u.PasswordHash, &u.CreatedAt, &u.UpdatedAt)
	return u, err
}

// CreateUser inserts a user; the email must be free.
func (q Q) CreateUser(ctx context.Context, u User) (User, error) {
	now := Now()
	row := q.db.QueryRowContext(ctx, `INSERT INTO users (email, name, firstname, lastname, bio, role, password_hash, created_datetime, updated_datetime)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING `+userColumns, u.Email, u.Name, u.Firstname, u.Lastname, u.Bio, u.Role, u.PasswordHash, now)
	u, err := scanUser(row)
	return u, wrap(err, "create user %s", u.Email)
}

// GetUser loads a user by id.
func (q Q) GetUser(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(q.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	return u, wrap(err, "load user %d", id)
}

// GetUserByEmail loads a user by (lower-case) email.
func (q Q) GetUserByEmail(ctx context.Context, email string) (User, error) {
	u, err := scanUser(q.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, email))
	return u, wrap(err, "load user %s", email)
}

// UpdateUser overwrites a user's names, bio and role.
func (q Q) UpdateUser(ctx context.Context, u User) (User, error) {
	out, err := scanUser(q.db.QueryRowContext(ctx, `UPDATE users SET name = $1, firstname = $2, lastname = $3, bio = $4, role = $5,
		updated_datetime = $6 WHERE id = $7 RETURNING `+userColumns, u.Name, u.Firstname, u.Lastname, u.Bio, u.Role, Now(), u.ID))
	return out, wrap(err, "update user %d", u.ID)
}

// SetUserPassword replaces a user's password hash.
func (q Q) SetUserPassword(ctx context.Context, id int64, hash string) error {
	res, err := q.db.ExecContext(ctx, `UPDATE users SET password_hash = $1, updated_datetime = $2 WHERE id = $3`, hash, Now(), id)
	return wrap(mustAffect(res, err), "set password of user %d", id)
}

// ListUsers lists users, newest first.
func (q Q) ListUsers(ctx context.Context, p Page) ([]User, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE id < $1 ORDER BY id DESC LIMIT $2`, p.Before(), p.Size())
	if err != nil {
		return nil, wrap(err, "list users")
	}
	return collect(rows, scanUser, "list users")
}

// CountUsers counts all users; zero means a brand-new installation.
func (q Q) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := q.db.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, wrap(err, "count users")
}

// collect scans every row with scan and closes rows.
func collect[T any](rows *sql.Rows, scan func(interface{ Scan(...any) error }) (T, error), what string) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, wrap(err, "%s", what)
		}
		out = append(out, v)
	}
	return out, wrap(rows.Err(), "%s", what)
}

// mustAffect turns "no row changed" into sql.ErrNoRows, so an update of a
// missing id reports not found.
func mustAffect(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return sql.ErrNoRows
	}
	return nil
}
