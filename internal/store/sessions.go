package store

import (
	"context"
	"time"
)

// Session is a signed-in browser.
type Session struct {
	IDHash    string
	UserID    int64
	CSRFToken string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// CreateSession stores a session.
func (q Q) CreateSession(ctx context.Context, s Session) error {
	_, err := q.db.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, csrf_token, created_datetime, expires_datetime)
		VALUES ($1, $2, $3, $4, $5)`, s.IDHash, s.UserID, s.CSRFToken, T(s.CreatedAt), T(s.ExpiresAt))
	return wrap(err, "create session for user %d", s.UserID)
}

// SessionUser loads an unexpired session and its user.
func (q Q) SessionUser(ctx context.Context, idHash string, now time.Time) (Session, User, error) {
	var s Session
	var u User
	err := q.db.QueryRowContext(ctx, `SELECT s.id_hash, s.user_id, s.csrf_token, s.created_datetime, s.expires_datetime,
		u.id, u.email, u.name, u.firstname, u.lastname, u.bio, u.role, u.password_hash, u.created_datetime, u.updated_datetime
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1 AND s.expires_datetime > $2`, idHash, T(now)).Scan(
		&s.IDHash, &s.UserID, &s.CSRFToken, &s.CreatedAt, &s.ExpiresAt,
		&u.ID, &u.Email, &u.Name, &u.Firstname, &u.Lastname, &u.Bio, &u.Role, &u.PasswordHash, &u.CreatedAt, &u.UpdatedAt)
	return s, u, wrap(err, "load session")
}

// DeleteSession signs a browser out.
func (q Q) DeleteSession(ctx context.Context, idHash string) error {
	_, err := q.db.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, idHash)
	return wrap(err, "delete session")
}

// DeleteExpiredSessions removes sessions past their expiry.
func (q Q) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	_, err := q.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_datetime <= $1`, T(now))
	return wrap(err, "delete expired sessions")
}

// DeleteUserSessions signs a user out everywhere except in the session whose
// hash is keepHash (none when it is empty).
func (q Q) DeleteUserSessions(ctx context.Context, userID int64, keepHash string) error {
	_, err := q.db.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2`, userID, keepHash)
	return wrap(err, "delete sessions of user %d", userID)
}
