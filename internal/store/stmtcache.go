package store

import (
	"container/list"
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"sync"

	"modernc.org/sqlite"
)

// The SQLite driver parses every statement anew on each call: profiles showed
// close to half of all CPU in SQLite's parser. This connector keeps each
// connection's prepared statements, keyed by SQL text, and hands them out
// again. It serves River's queries as well as ours, inside transactions and
// out, because the cache sits on the connection itself.

// A statement whose LIMIT or OFFSET is a parameter is a case apart: SQLite
// plans it for the value bound, and prepares it again whenever the value
// changes. River's job fetch is one (LIMIT is the number of free workers,
// and the delivery and housekeeping queues fetch with the same text), and
// each new plan of it cost about a millisecond: most of an idle server's
// CPU. Such a text gets one prepared copy per value of those parameters
// (see limitStmt), in the same bounded cache.

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
	text    string // its key in the cache
	conn    *cachingConn
	inUse   bool // rows of this statement are open: a second use needs its own
	private bool // not in the cache: closing it finalises it
}

// Close keeps the statement for the next use.
func (s *cachedStmt) Close() error {
	if s.private {
		return s.Stmt.Close()
	}
	s.conn.mu.Lock()
	s.inUse = false
	s.conn.mu.Unlock()
	return nil
}

func (c *cachingConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if params := limitParams(query); len(params) > 0 {
		return &limitStmt{conn: c, text: query, params: params}, nil
	}
	return c.cached(ctx, query, query)
}

// cached hands out the idle prepared statement of key (the text, or the
// text and its LIMIT values), preparing query when there is none.
func (c *cachingConn) cached(ctx context.Context, key, query string) (*cachedStmt, error) {
	c.mu.Lock()
	if el, ok := c.byText[key]; ok {
		s := el.Value.(*cachedStmt)
		if !s.inUse {
			s.inUse = true
			c.lru.MoveToFront(el)
			c.mu.Unlock()
			return s, nil
		}
		c.mu.Unlock()
		// Nested use of the same text: a private statement, closed with it.
		st, err := c.prepare(ctx, query)
		if err != nil {
			return nil, err
		}
		return &cachedStmt{Stmt: st, private: true}, nil
	}
	c.mu.Unlock()
	st, err := c.prepare(ctx, query)
	if err != nil {
		return nil, err
	}
	s := &cachedStmt{Stmt: st, text: key, conn: c, inUse: true}
	c.mu.Lock()
	c.byText[key] = c.lru.PushFront(s)
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

// limitParamRE finds the parameters of LIMIT and OFFSET clauses: "LIMIT ?5",
// "LIMIT $3", "OFFSET $4".
var limitParamRE = regexp.MustCompile(`(?i)\b(?:LIMIT|OFFSET)\s+[?$](\d+)\b`)

// limitTexts remembers limitParams by text: the texts are few and parsing
// them each time would cost more than the lookup.
var limitTexts sync.Map // text → []int

// limitParams returns the ordinals (1-based) of the parameters that are the
// LIMIT or OFFSET of query, if any.
func limitParams(query string) []int {
	if v, ok := limitTexts.Load(query); ok {
		return v.([]int)
	}
	var out []int
	for _, m := range limitParamRE.FindAllStringSubmatch(query, -1) {
		if n, err := strconv.Atoi(m[1]); err == nil && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	limitTexts.Store(query, out)
	return out
}

// limitStmt is a text with LIMIT parameters: each run uses the prepared copy
// of that text for its values of them, so a value seen before runs without
// being planned again.
type limitStmt struct {
	conn   *cachingConn
	text   string
	params []int
	inners []*cachedStmt // the copies its runs took, given back at Close
}

func (s *limitStmt) NumInput() int { return -1 }

func (s *limitStmt) Close() error {
	var err error
	for _, inner := range s.inners {
		err = errors.Join(err, inner.Close())
	}
	s.inners = nil
	return err
}

// copyFor takes the prepared copy for args' values of the LIMIT parameters.
// Runs whose rows are still open keep theirs: a second run takes another.
func (s *limitStmt) copyFor(ctx context.Context, args []driver.NamedValue) (*cachedStmt, error) {
	key := []byte(s.text)
	for _, p := range s.params {
		key = append(key, 0)
		for _, a := range args {
			if a.Ordinal == p {
				key = fmt.Appendf(key, "%v", a.Value)
			}
		}
	}
	inner, err := s.conn.cached(ctx, string(key), s.text)
	if err != nil {
		return nil, err
	}
	s.inners = append(s.inners, inner)
	return inner, nil
}

func (s *limitStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	inner, err := s.copyFor(ctx, args)
	if err != nil {
		return nil, err
	}
	if q, ok := inner.Stmt.(driver.StmtQueryContext); ok {
		return q.QueryContext(ctx, args)
	}
	return nil, errors.New("store: the database driver cannot query with a context")
}

func (s *limitStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	inner, err := s.copyFor(ctx, args)
	if err != nil {
		return nil, err
	}
	if e, ok := inner.Stmt.(driver.StmtExecContext); ok {
		return e.ExecContext(ctx, args)
	}
	return nil, errors.New("store: the database driver cannot execute with a context")
}

// Query and Exec are the deprecated forms; database/sql uses the ones with
// a context.
func (s *limitStmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

func (s *limitStmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

func named(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}
