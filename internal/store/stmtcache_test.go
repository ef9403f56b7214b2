package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
)

func ids(t *testing.T, q func() (*sql.Rows, error)) []int {
	t.Helper()
	rows, err := q()
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestStatementCacheLimits: a text whose LIMIT and OFFSET are parameters
// gets a prepared copy per value, and each run returns what its own values
// ask for, alternating, nested (a second run while the first's rows are
// open) and inside a transaction.
func TestStatementCacheLimits(t *testing.T) {
	ctx := context.Background()
	s, err := openSQLite(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.DB.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 10; i++ {
		if _, err := s.DB.ExecContext(ctx, `INSERT INTO t (id) VALUES ($1)`, i); err != nil {
			t.Fatal(err)
		}
	}
	const q = `SELECT id FROM t WHERE id > $1 ORDER BY id LIMIT $2 OFFSET $3`
	for round := range 3 {
		for _, c := range []struct{ after, limit, offset int }{{0, 3, 0}, {0, 5, 2}, {4, 1, 0}, {0, 3, 0}, {0, 100, 8}} {
			got := ids(t, func() (*sql.Rows, error) { return s.DB.QueryContext(ctx, q, c.after, c.limit, c.offset) })
			var want []int
			for id := c.after + 1 + c.offset; id <= 10 && len(want) < c.limit; id++ {
				want = append(want, id)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("round %d, %+v: got %v, want %v", round, c, got, want)
			}
		}
	}
	// One prepared copy per pair of LIMIT and OFFSET values, reused by each
	// round (the WHERE parameter is not part of the key).
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	copies := 0
	if err := conn.Raw(func(dc any) error {
		c := dc.(*cachingConn)
		c.mu.Lock()
		defer c.mu.Unlock()
		for key := range c.byText {
			if strings.HasPrefix(key, q) {
				copies++
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if copies != 4 {
		t.Fatalf("%d prepared copies of the text after three rounds of 4 pairs of values; want 4", copies)
	}
	if got := limitParams(q); !slices.Equal(got, []int{2, 3}) {
		t.Fatalf("limitParams = %v, want [2 3]", got)
	}
	if got := limitParams(`SELECT id FROM t WHERE id = $1 LIMIT 1`); len(got) != 0 {
		t.Fatalf("a constant LIMIT was taken for a parameter: %v", got)
	}

	err = s.InTx(ctx, func(tx *Tx) error {
		outer, err := tx.tx.QueryContext(ctx, q, 0, 2, 0)
		if err != nil {
			return err
		}
		defer outer.Close()
		if !outer.Next() {
			t.Fatal("the outer run returned nothing")
		}
		// The same text and values while the outer rows are open.
		if got := ids(t, func() (*sql.Rows, error) { return tx.tx.QueryContext(ctx, q, 0, 2, 0) }); !slices.Equal(got, []int{1, 2}) {
			t.Fatalf("nested run: %v", got)
		}
		var first int
		if err := outer.Scan(&first); err != nil {
			return err
		}
		rest := []int{first}
		for outer.Next() {
			var id int
			if err := outer.Scan(&id); err != nil {
				return err
			}
			rest = append(rest, id)
		}
		if !slices.Equal(rest, []int{1, 2}) {
			t.Fatalf("outer run after the nested one: %v", rest)
		}
		res, err := tx.tx.ExecContext(ctx, `DELETE FROM t WHERE id IN (SELECT id FROM t ORDER BY id LIMIT $1)`, 4)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 4 {
			t.Fatalf("delete with a LIMIT parameter removed %d rows, want 4", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(t, func() (*sql.Rows, error) { return s.DB.QueryContext(ctx, q, 0, 3, 0) }); !slices.Equal(got, []int{5, 6, 7}) {
		t.Fatalf("after the delete: %v", got)
	}
}
