package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/riverqueue/river/rivermigrate"
)

//go:embed migrations
var migrationsFS embed.FS

// migrationLock is the PostgreSQL advisory lock key that serialises
// migrations when several processes start at once ("ticketwi" in ASCII).
const migrationLock = 0x7469636b65747769

// migration is one numbered SQL file.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the dialect's files in version order. Files are named
// NNNN_what.sql and are append-only: a released file is never edited.
func migrations(d Dialect) ([]migration, error) {
	dir := "migrations/" + string(d)
	entries, err := fs.ReadDir(migrationsFS, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("store: bad migration file name %s", e.Name())
		}
		b, err := migrationsFS.ReadFile(dir + "/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := range out {
		// Versions run 1, 2, 3 … with no gap and no repeat: a second file with
		// a taken number would otherwise be skipped silently on databases that
		// already applied the first.
		if out[i].version != i+1 {
			return nil, fmt.Errorf("store: migration %s has version %d, want %d (versions must run 1, 2, 3 … without gaps or repeats)", out[i].name, out[i].version, i+1)
		}
	}
	return out, nil
}

// Migrate applies River's migrations and then ticketwire's pending ones, each
// in its own transaction. It is safe to run from several processes at once.
func (s *Store) Migrate(ctx context.Context) error { return s.migrateUpTo(ctx, math.MaxInt) }

// migrateUpTo applies River's migrations and ticketwire's up to version max;
// tests stop early to check what a later migration does to existing rows.
func (s *Store) migrateUpTo(ctx context.Context, max int) error {
	unlock, err := s.lockMigrations(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	m, err := rivermigrate.New(s.RiverDriver(), nil)
	if err != nil {
		return fmt.Errorf("store: river migrator: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("store: river migrations: %w", err)
	}
	if _, err := s.DB.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_datetime TIMESTAMP NOT NULL)`); err != nil {
		return fmt.Errorf("store: create schema_migrations: %w", err)
	}
	list, err := migrations(s.Dialect)
	if err != nil {
		return err
	}
	for _, mig := range list {
		if mig.version > max {
			break
		}
		if err := s.apply(ctx, mig); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) apply(ctx context.Context, mig migration) error {
	return s.InTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, mig.version).Scan(&n); err != nil {
			return fmt.Errorf("store: read schema_migrations: %w", err)
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.db.ExecContext(ctx, mig.sql); err != nil {
			return fmt.Errorf("store: migration %s: %w", mig.name, err)
		}
		_, err := tx.db.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_datetime) VALUES ($1, $2, $3)`, mig.version, mig.name, Now())
		return err
	})
}

// lockMigrations takes a session advisory lock on PostgreSQL so that two
// processes starting together do not race. SQLite needs none: its single
// writer already serialises, and holding its one connection would deadlock.
func (s *Store) lockMigrations(ctx context.Context) (func(), error) {
	if s.Dialect != Postgres {
		return func() {}, nil
	}
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migration lock: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, int64(migrationLock)); err != nil {
		conn.Close()
		return nil, fmt.Errorf("store: migration lock: %w", err)
	}
	return func() {
		_, _ = conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, int64(migrationLock))
		conn.Close()
	}, nil
}

// SchemaVersion returns the highest applied ticketwire migration.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.DB.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}
