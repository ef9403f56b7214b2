// Package store owns the database: opening SQLite or PostgreSQL, the numbered
// migrations of each dialect, and plain SQL queries behind one Go API. Both
// databases are reached through database/sql so that application code and
// River's transactional inserts share one *sql.Tx type on either back end.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"modernc.org/sqlite" // the SQLite driver, in pure Go (no cgo)

	"github.com/ticketwire/ticketwire/internal/groupcommit"
	"github.com/ticketwire/ticketwire/internal/query"
)

// Dialect names the SQL flavour of the open database.
type Dialect string

// The two supported back ends.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// ErrNotFound is returned when a row asked for by id or key does not exist;
// it is query.ErrNotFound, so layers above can test for it without the store.
var ErrNotFound = query.ErrNotFound

// ErrConflict is returned when a unique key is already taken; it is
// query.ErrConflict.
var ErrConflict = query.ErrConflict

// Options says which database to open.
type Options struct {
	DataDir     string // SQLite: the file ticketwire.db lives here (created if missing)
	DatabaseURL string // PostgreSQL when set
}

// Store is an open database. Its embedded Q runs queries on the pool; Tx runs
// them inside a transaction.
type Store struct {
	Q
	DB      *sql.DB
	Dialect Dialect
	pgPool  *pgxpool.Pool
	health  health
	group   groupcommit.Queue[*groupMember]
}

// Open opens (and for SQLite creates) the database. It does not migrate.
func Open(ctx context.Context, o Options) (*Store, error) {
	if o.DatabaseURL != "" {
		return openPostgres(ctx, o.DatabaseURL)
	}
	return openSQLite(ctx, o.DataDir)
}

// sqliteDSN holds the settings that proved free of SQLITE_BUSY under load:
// WAL lets readers run beside the writer, busy_timeout waits instead of
// failing, immediate transactions take the write lock up front (no deadlock on
// upgrade), and synchronous(NORMAL) is safe with WAL. Times are written in
// SQLite's own sortable format.
const sqliteDSN = "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_txlock=immediate&_time_format=sqlite"

func openSQLite(ctx context.Context, dir string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("store: no data dir given for SQLite")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: create data dir: %w", err)
	}
	path, err := filepath.Abs(filepath.Join(dir, "ticketwire.db"))
	if err != nil {
		return nil, fmt.Errorf("store: data dir: %w", err)
	}
	if err := privateFiles(path); err != nil {
		return nil, err
	}
	db := sql.OpenDB(cachingConnector{dsn: "file:" + path + sqliteDSN, drv: &sqlite.Driver{}})
	// One connection: SQLite has one writer anyway, and a second connection
	// only adds SQLITE_BUSY. Inside a transaction use only the transaction.
	db.SetMaxOpenConns(1)
	db.SetConnMaxIdleTime(0)
	db.SetConnMaxLifetime(0)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	return &Store{Q: Q{db: db, dialect: SQLite}, DB: db, Dialect: SQLite}, nil
}

// privateFiles makes the database file readable by its owner only before
// SQLite opens it: SQLite creates the -wal and -shm files with the mode of
// the database file, so they follow. Files left 0644 by an older version
// are tightened too.
func privateFiles(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("store: create database file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("store: create database file: %w", err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("store: make %s private: %w", p, err)
		}
	}
	return nil
}

func openPostgres(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("store: database url: %w", err)
	}
	if cfg.MaxConns < 20 {
		cfg.MaxConns = 20
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: connect to postgres: %w", err)
	}
	db := stdlib.OpenDBFromPool(pool)
	return &Store{Q: Q{db: db, dialect: Postgres}, DB: db, Dialect: Postgres, pgPool: pool}, nil
}

// RiverDriver returns the River driver for this database. Both drivers work on
// *sql.Tx, so jobs are inserted in the application's own transactions. On
// PostgreSQL the pgx pool carries LISTEN/NOTIFY for prompt job pickup.
func (s *Store) RiverDriver() riverdriver.Driver[*sql.Tx] {
	if s.Dialect == Postgres {
		return riverdatabasesql.NewWithPgxListener(s.DB, s.pgPool)
	}
	return riversqlite.New(s.DB)
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error { return markUnavailable(s.DB.PingContext(ctx)) }

// Ready reports whether the database can take requests: it answers a ping,
// and no transaction failed for want of it (a full disk, a cut connection)
// in the last 30 seconds without one committing since.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.Ping(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	if err := s.health.recentFailure(); err != nil {
		return fmt.Errorf("store: a recent write failed: %w", err)
	}
	return nil
}

// Close closes the pools.
func (s *Store) Close() error {
	err := s.DB.Close()
	if s.pgPool != nil {
		s.pgPool.Close()
	}
	return err
}

// Tx is an open transaction. Its embedded Q runs queries inside it.
type Tx struct {
	Q
	tx        *sql.Tx
	committed []func()
}

// AfterCommit runs fn once the transaction has committed, and never when it
// rolls back: for caches of what it wrote.
func (t *Tx) AfterCommit(fn func()) { t.committed = append(t.committed, fn) }

// SQL returns the underlying transaction, for River's …Tx calls.
func (t *Tx) SQL() *sql.Tx { return t.tx }

// InTx runs fn in one transaction, committing when fn returns nil. On SQLite
// the single connection is held until the end: fn must use only tx and must
// not make network calls.
//
// An error caused by the database being unavailable carries ErrUnavailable,
// whichever call inside fn met it, and is remembered for Ready.
func (s *Store) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	err := markUnavailable(s.inTx(ctx, fn))
	s.health.note(err)
	return err
}

func (s *Store) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	tx := &Tx{Q: Q{db: sqlTx, dialect: s.Dialect}, tx: sqlTx}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	for _, fn := range tx.committed {
		fn()
	}
	return nil
}

// dbtx is what both *sql.DB and *sql.Tx offer.
type dbtx interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Q runs the queries of this package on a pool or in a transaction.
type Q struct {
	db      dbtx
	dialect Dialect
}

// Now is the time stored for "now": UTC and cut to microseconds, the precision
// PostgreSQL keeps, so a value reads back equal on both databases.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// T normalises a time the same way before it is stored.
func T(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
