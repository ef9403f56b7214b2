package store

import (
	"context"
	"strings"
)

// MigrateBefore applies every migration before the one whose file name ends
// with suffix, for tests of what that one does to existing rows.
func (s *Store) MigrateBefore(ctx context.Context, suffix string) error {
	list, err := migrations(s.Dialect)
	if err != nil {
		return err
	}
	for _, m := range list {
		if strings.HasSuffix(m.name, suffix) {
			return s.migrateUpTo(ctx, m.version-1)
		}
	}
	return nil
}
