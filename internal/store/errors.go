package store

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/ticketwire/ticketwire/internal/query"
)

// wrap names the failed operation and maps driver errors to the package's
// sentinel errors, so callers can tell "missing" and "taken" from failures.
func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	what := fmt.Sprintf(format, args...)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("store: %s: %w", what, ErrNotFound)
	case isUniqueViolation(err):
		return &query.ConflictError{Op: what}
	case isUnavailable(err):
		return fmt.Errorf("store: %s: %w", what, unavailableError{err})
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

// pgUniqueViolation is PostgreSQL's SQLSTATE for a duplicate key.
const pgUniqueViolation = "23505"

// isUniqueViolation recognises both drivers' unique-constraint errors by
// their codes: SQLSTATE 23505 on PostgreSQL, the extended result codes of a
// UNIQUE or PRIMARY KEY constraint on SQLite. Messages change between
// versions and languages; codes do not.
func isUniqueViolation(err error) bool {
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		c := sqErr.Code()
		return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == pgUniqueViolation
}
