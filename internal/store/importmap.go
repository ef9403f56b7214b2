package store

import (
	"context"
	"database/sql"
	"errors"
)

// ImportedID returns the local id of what an import made from the source's
// object (source "gorgias", kind "integration", its id), if one did.
func (q Q) ImportedID(ctx context.Context, source, kind, sourceID string) (int64, bool, error) {
	var id int64
	err := q.db.QueryRowContext(ctx, `SELECT local_id FROM import_map WHERE source = $1 AND kind = $2 AND source_id = $3`,
		source, kind, sourceID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, wrap(err, "load import of %s %s %s", source, kind, sourceID)
}

// RecordImport remembers that the source's object became localID, replacing
// an earlier record (whose object was deleted since).
func (q Q) RecordImport(ctx context.Context, source, kind, sourceID string, localID int64) error {
	_, err := q.db.ExecContext(ctx, `INSERT INTO import_map (source, kind, source_id, local_id, created_datetime) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (source, kind, source_id) DO UPDATE SET local_id = excluded.local_id, created_datetime = excluded.created_datetime`,
		source, kind, sourceID, localID, Now())
	return wrap(err, "record import of %s %s %s", source, kind, sourceID)
}

// SchemaIsCurrent reports whether every migration of this build is applied,
// for commands that must not change the database (a dry run) and so cannot
// migrate it first.
func (s *Store) SchemaIsCurrent(ctx context.Context) (bool, error) {
	all, err := migrations(s.Dialect)
	if err != nil {
		return false, err
	}
	v, err := s.SchemaVersion(ctx)
	return v >= len(all), err
}
