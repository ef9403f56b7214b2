package store

import (
	"context"
	"time"
)

// AddSigninAttempt counts one sign-in attempt for keyHash and returns the
// attempts of its window and when that window began. A window that began at
// or before since is over: the count starts again at one. The upsert is one
// statement, so processes racing on one key each get their own count.
func (q Q) AddSigninAttempt(ctx context.Context, keyHash string, now, since time.Time) (int, time.Time, error) {
	var n int
	var start time.Time
	err := q.db.QueryRowContext(ctx, `INSERT INTO signin_throttle (key_hash, attempts, window_start_datetime) VALUES ($1, 1, $2)
		ON CONFLICT (key_hash) DO UPDATE SET
			attempts = CASE WHEN signin_throttle.window_start_datetime <= $3 THEN 1 ELSE signin_throttle.attempts + 1 END,
			window_start_datetime = CASE WHEN signin_throttle.window_start_datetime <= $3 THEN $2 ELSE signin_throttle.window_start_datetime END
		RETURNING attempts, window_start_datetime`, keyHash, T(now), T(since)).Scan(&n, &start)
	return n, start, wrap(err, "count sign-in attempt")
}

// ForgetSigninAttempt takes back one attempt of keyHash, for an attempt that
// turned out to succeed.
func (q Q) ForgetSigninAttempt(ctx context.Context, keyHash string) error {
	_, err := q.db.ExecContext(ctx, `UPDATE signin_throttle SET attempts = attempts - 1 WHERE key_hash = $1 AND attempts > 0`, keyHash)
	return wrap(err, "forget sign-in attempt")
}

// ClearSigninAttempts forgets every attempt of keyHash.
func (q Q) ClearSigninAttempts(ctx context.Context, keyHash string) error {
	_, err := q.db.ExecContext(ctx, `DELETE FROM signin_throttle WHERE key_hash = $1`, keyHash)
	return wrap(err, "clear sign-in attempts")
}

// DeleteOldSigninAttempts removes windows that began at or before since.
func (q Q) DeleteOldSigninAttempts(ctx context.Context, since time.Time) error {
	_, err := q.db.ExecContext(ctx, `DELETE FROM signin_throttle WHERE window_start_datetime <= $1`, T(since))
	return wrap(err, "delete old sign-in attempts")
}
