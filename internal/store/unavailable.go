package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/ticketwire/ticketwire/internal/query"
)

// ErrUnavailable marks an error caused by the database being out of reach
// or out of space; it is query.ErrUnavailable.
var ErrUnavailable = query.ErrUnavailable

// unavailableError keeps the driver's error in the chain and adds
// ErrUnavailable to it.
type unavailableError struct{ err error }

func (e unavailableError) Error() string        { return e.err.Error() }
func (e unavailableError) Unwrap() error        { return e.err }
func (e unavailableError) Is(target error) bool { return target == ErrUnavailable }

// markUnavailable adds ErrUnavailable to err when the database, not the
// request, is at fault.
func markUnavailable(err error) error {
	if err == nil || errors.Is(err, ErrUnavailable) || !isUnavailable(err) {
		return err
	}
	return unavailableError{err}
}

// sqliteUnavailable are the SQLite result codes (primary, without the
// extended bits) of a database that cannot take the request now: disk full,
// I/O errors, a file that cannot be opened or written, a lock still held
// after the busy timeout.
var sqliteUnavailable = map[int]bool{
	sqlite3.SQLITE_FULL: true, sqlite3.SQLITE_IOERR: true, sqlite3.SQLITE_CANTOPEN: true,
	sqlite3.SQLITE_READONLY: true, sqlite3.SQLITE_BUSY: true, sqlite3.SQLITE_LOCKED: true,
}

// pgUnavailable are the SQLSTATE classes and codes of a PostgreSQL that
// cannot take the request now: 08 connection exception, 53 insufficient
// resources (53100 disk full, 53300 too many connections), 57P01–57P03 a
// server shutting down or starting, 58030 I/O error, 25006 a read-only
// server (a standby during failover).
var pgUnavailable = map[string]bool{"08": true, "53": true, "57P01": true, "57P02": true, "57P03": true, "58030": true, "25006": true}

// isUnavailable classifies an error by the drivers' codes and the network
// error types, not by message text.
func isUnavailable(err error) bool {
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		return sqliteUnavailable[sqErr.Code()&0xff]
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgUnavailable[pgErr.Code] || len(pgErr.Code) == 5 && pgUnavailable[pgErr.Code[:2]]
	}
	var connErr *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connErr) || errors.As(err, &netErr) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, context.DeadlineExceeded) ||
		pgconn.Timeout(err) || pgconn.SafeToRetry(err)
}

// writeHold is how long a write that failed for want of the database keeps
// Ready reporting trouble, unless a write succeeds first. It lets a load
// balancer take this process out of rotation while the disk is full (the
// database still answers a ping then), and return it soon after, since an
// idle process would otherwise never find out that writes work again.
const writeHold = 30 * time.Second

// health remembers the last transaction that failed because the database
// was unavailable, and forgets it when one commits.
type health struct {
	mu       sync.Mutex
	failedAt time.Time
	err      error
}

// note records the outcome of a transaction.
func (h *health) note(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case err == nil:
		h.failedAt, h.err = time.Time{}, nil
	case errors.Is(err, ErrUnavailable):
		h.failedAt, h.err = time.Now(), err
	}
}

// recentFailure is the write failure Ready reports, if any.
func (h *health) recentFailure() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.err == nil || time.Since(h.failedAt) > writeHold {
		return nil
	}
	return h.err
}
