// Package storetest gives tests a fresh, migrated database: a new SQLite file
// always, and a new schema on PostgreSQL when TICKETWIRE_TEST_DATABASE_URL is
// set. Each call is isolated, so tests may run in parallel.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx" for creating and dropping schemas

	"github.com/ticketwire/ticketwire/internal/store"
)

// EnvURL names the variable that points the tests at a PostgreSQL server.
const EnvURL = "TICKETWIRE_TEST_DATABASE_URL"

// Backend is one database a test can run against.
type Backend struct {
	Name string
	// Options opens a new isolated database; cleanup is registered on t.
	Options func(t testing.TB) store.Options
}

// Backends lists SQLite and, when configured, PostgreSQL.
func Backends() []Backend {
	list := []Backend{{Name: "sqlite", Options: func(t testing.TB) store.Options {
		return store.Options{DataDir: t.TempDir()}
	}}}
	if os.Getenv(EnvURL) != "" {
		list = append(list, Backend{Name: "postgres", Options: PostgresOptions})
	}
	return list
}

// Each runs fn once per backend as a parallel subtest with a fresh, migrated store.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, b := range Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, Open(t, b))
		})
	}
}

// Open opens and migrates a fresh database of backend b, closed at cleanup.
func Open(t testing.TB, b Backend) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, b.Options(t))
	if err != nil {
		t.Fatalf("open %s store: %v", b.Name, err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s store: %v", b.Name, err)
	}
	return s
}

// PostgresOptions creates a schema of its own on the test server and returns
// a URL whose search_path selects it; the schema is dropped at cleanup.
func PostgresOptions(t testing.TB) store.Options {
	t.Helper()
	base := os.Getenv(EnvURL)
	if base == "" {
		t.Skip(EnvURL + " is not set: PostgreSQL tests skipped")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("connect to %s: %v", EnvURL, err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "tw_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		_, _ = db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", EnvURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return store.Options{DatabaseURL: u.String()}
}
