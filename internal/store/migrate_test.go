package store

import "testing"

// TestMigrationFilesAreNumberedInOrder keeps both dialects' migrations
// numbered 1, 2, 3 … with the same names, so a file added for one database is
// not forgotten for the other and two files never share a number.
func TestMigrationFilesAreNumberedInOrder(t *testing.T) {
	lite, err := migrations(SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := migrations(Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) != len(pg) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i].name != pg[i].name {
			t.Errorf("migration %d: sqlite %s, postgres %s", i+1, lite[i].name, pg[i].name)
		}
	}
}
