package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestIsUnavailable(t *testing.T) {
	t.Parallel()
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"disk full", &pgconn.PgError{Code: "53100"}, true},
		{"too many connections", &pgconn.PgError{Code: "53300"}, true},
		{"connection failure", &pgconn.PgError{Code: "08006"}, true},
		{"admin shutdown", &pgconn.PgError{Code: "57P01"}, true},
		{"read-only standby", &pgconn.PgError{Code: "25006"}, true},
		{"unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"NUL in text", &pgconn.PgError{Code: "22021"}, false},
		{"query canceled by the client", &pgconn.PgError{Code: "57014"}, false},
		{"connection refused", refused, true},
		{"wrapped", fmt.Errorf("helpdesk: create ticket: %w", fmt.Errorf("store: insert: %w", refused)), true},
		{"timeout", context.DeadlineExceeded, true},
		{"no rows", sql.ErrNoRows, false},
		{"canceled by the client", context.Canceled, false},
		{"plain", errors.New("boom"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isUnavailable(tt.err); got != tt.want {
				t.Fatalf("isUnavailable(%v) = %v, want %v", tt.err, got, tt.want)
			}
			if got := errors.Is(markUnavailable(tt.err), ErrUnavailable); got != tt.want {
				t.Fatalf("errors.Is(markUnavailable(%v), ErrUnavailable) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

// TestSQLiteFullIsUnavailable: SQLite's own SQLITE_FULL is recognised by
// its code, and other SQLite errors are not.
func TestSQLiteFullIsUnavailable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := openSQLite(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.DB.ExecContext(ctx, "CREATE TABLE t (v TEXT UNIQUE)"); err != nil {
		t.Fatal(err)
	}
	_, err = s.DB.ExecContext(ctx, "INSERT INTO t VALUES ('a'), ('a')")
	if err == nil || isUnavailable(err) {
		t.Fatalf("a unique violation = %v, want an error that is not unavailable", err)
	}
	if _, err := s.DB.ExecContext(ctx, "SELEC 1"); err == nil || isUnavailable(err) {
		t.Fatalf("a syntax error = %v, want an error that is not unavailable", err)
	}
	var pages int
	if err := s.DB.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
	err = s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.db.ExecContext(ctx, "INSERT INTO t VALUES (?)", strings.Repeat("x", 100<<10))
		return wrap(err, "insert")
	})
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("an insert into a full database = %v, want ErrUnavailable", err)
	}
	if s.Ready(ctx) == nil {
		t.Fatal("Ready after a write failed on a full database = nil, want an error")
	}
	if _, err := s.DB.ExecContext(ctx, "PRAGMA max_page_count = 1000000"); err != nil {
		t.Fatal(err)
	}
	if err := s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.db.ExecContext(ctx, "INSERT INTO t VALUES ('b')")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Ready(ctx); err != nil {
		t.Fatalf("Ready after a write succeeded again = %v", err)
	}
}
