package main

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx" driver, to create and drop the run's schema
)

// scratchSchema creates a schema of its own for one run on PostgreSQL, so a
// benchmark never touches existing tables, and returns the URL that selects it
// and a function that drops it.
func scratchSchema(base string) (string, func(), error) {
	db, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, err
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "tw_bench_" + hex.EncodeToString(b)
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		db.Close()
		return "", nil, err
	}
	drop := func() {
		_, _ = db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		db.Close()
	}
	u, err := url.Parse(base)
	if err != nil {
		drop()
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}
