package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
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
		return fmt.Errorf("store: %s: %w", what, ErrConflict)
	case isUnavailable(err):
		return fmt.Errorf("store: %s: %w", what, unavailableError{err})
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

// isUniqueViolation recognises both drivers' unique-constraint errors by
// text, which avoids importing each driver's error types here.
func isUniqueViolation(err error) bool {
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}
