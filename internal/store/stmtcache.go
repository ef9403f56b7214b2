package store

import (
	"container/list"
	"context"
	"database/sql/driver"
	"errors"
	"sync"

	"modernc.org/sqlite"
)

// The SQLite driver parses every statement anew on each call: profiles showed
// close to half of all CPU in SQLite's parser. This connector keeps each
// connection's prepared statements, keyed by SQL text, and hands them out
// again. It serves River's queries as well as ours, inside transactions and
// out, because the cache sits on the connection itself.

// stmtCacheSize bounds the statements kept per connection; River and
// ticketwire together use fewer than this many distinct texts.
const stmtCacheSize = 512

type cachingConnector struct {
	dsn string
	drv *sqlite.Driver
}

func (c cachingConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &cachingConn{inner: conn, byText: map[string]*list.Element{}, lru: list.New()}, nil
}

func (c cachingConnector) Driver() driver.Driver { return c.drv }

// cachingConn deliberately does not implement driver.QueryerContext or
// driver.ExecerContext, so that database/sql prepares through it.
type cachingConn struct {
	inner  driver.Conn
	mu     sync.Mutex
	byText map[string]*list.Element // of *cachedStmt
	lru    *list.List
}

type cachedStmt struct {
	driver.Stmt
	text  string
	conn  *cachingConn
	inUse bool // rows of this statement are open: a second use needs its own
}

// Close keeps the statement for the next use.
func (s *cachedStmt) Close() error {
	s.conn.mu.Lock()
	s.inUse = false
	s.conn.mu.Unlock()
	return nil
}

func (c *cachingConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	c.mu.Lock()
	if el, ok := c.byText[query]; ok {
		s := el.Value.(*cachedStmt)
		if !s.inUse {
			s.inUse = true
			c.lru.MoveToFront(el)
			c.mu.Unlock()
			return s, nil
		}
		c.mu.Unlock()
		return c.prepare(ctx, query) // nested use of the same text: a private statement
	}
	c.mu.Unlock()
	st, err := c.prepare(ctx, query)
	if err != nil {
		return nil, err
	}
	s := &cachedStmt{Stmt: st, text: query, conn: c, inUse: true}
	c.mu.Lock()
	c.byText[query] = c.lru.PushFront(s)
	c.evict()
	c.mu.Unlock()
	return s, nil
}

func (c *cachingConn) prepare(ctx context.Context, query string) (driver.Stmt, error) {
	if p, ok := c.inner.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(ctx, query)
	}
	return c.inner.Prepare(query)
}

// evict finalises the least recently used idle statements past the bound.
func (c *cachingConn) evict() {
	for el := c.lru.Back(); el != nil && c.lru.Len() > stmtCacheSize; {
		prev := el.Prev()
		if s := el.Value.(*cachedStmt); !s.inUse {
			c.lru.Remove(el)
			delete(c.byText, s.text)
			_ = s.Stmt.Close()
		}
		el = prev
	}
}

func (c *cachingConn) Close() error {
	c.mu.Lock()
	for _, el := range c.byText {
		_ = el.Value.(*cachedStmt).Stmt.Close()
	}
	c.byText, c.lru = map[string]*list.Element{}, list.New()
	c.mu.Unlock()
	return c.inner.Close()
}

func (c *cachingConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	// Both drivers (modernc SQLite, pgx) begin with a context; the
	// deprecated Begin could honour neither ctx nor opts.
	b, ok := c.inner.(driver.ConnBeginTx)
	if !ok {
		return nil, errors.New("store: the database driver cannot begin a transaction with a context")
	}
	return b.BeginTx(ctx, opts)
}

func (c *cachingConn) Ping(ctx context.Context) error {
	if p, ok := c.inner.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *cachingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.inner.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *cachingConn) IsValid() bool {
	if v, ok := c.inner.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}
