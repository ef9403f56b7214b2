package main

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx" driver, to create and drop the run's schema
)

// scratch is a schema of one run's own on PostgreSQL, so a benchmark never
// touches existing tables.
type scratch struct {
	url  string  // selects the schema; its connections carry app as application_name
	app  string  // tells this run's server backends from others'
	db   *sql.DB // a connection of its own (another application_name), for housekeeping
	drop func()
}

// scratchSchema creates the schema.
func scratchSchema(base string) (*scratch, error) {
	db, err := sql.Open("pgx", base)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "tw_bench_" + hex.EncodeToString(b)
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		db.Close()
		return nil, err
	}
	drop := func() {
		_, _ = db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		db.Close()
	}
	u, err := url.Parse(base)
	if err != nil {
		drop()
		return nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	q.Set("application_name", schema)
	u.RawQuery = q.Encode()
	return &scratch{url: u.String(), app: schema, db: db, drop: drop}, nil
}
