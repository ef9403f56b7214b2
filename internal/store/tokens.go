package store

import (
	"context"
	"time"
)

// CreateToken stores a token's hash for a user.
func (q Q) CreateToken(ctx context.Context, t Token) (Token, error) {
	t.CreatedAt = Now()
	err := q.db.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_datetime)
		VALUES ($1, $2, $3, $4) RETURNING id`, t.UserID, t.Name, t.Hash, t.CreatedAt).Scan(&t.ID)
	return t, wrap(err, "create token for user %d", t.UserID)
}

// UserByTokenHash finds the user owning a token hash.
func (q Q) UserByTokenHash(ctx context.Context, hash string) (User, error) {
	u, err := scanUser(q.db.QueryRowContext(ctx, `SELECT u.id, u.email, u.name, u.firstname, u.lastname, u.bio, u.role, u.password_hash, u.created_datetime, u.updated_datetime
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`, hash))
	return u, wrap(err, "load token")
}

// TouchToken records when a token was last used, at most once a minute per
// token, so that busy API clients do not turn every read into a write.
func (q Q) TouchToken(ctx context.Context, hash string, now time.Time) error {
	_, err := q.db.ExecContext(ctx, `UPDATE api_tokens SET last_used_datetime = $1
		WHERE token_hash = $2 AND (last_used_datetime IS NULL OR last_used_datetime < $3)`, T(now), hash, T(now.Add(-time.Minute)))
	return wrap(err, "touch token")
}
