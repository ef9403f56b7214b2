package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/store"
)

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	st, err := openStore(ctx, "migrate", args, getenv, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	v, err := st.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ticketwire: %s database at schema version %d\n", st.Dialect, v)
	return nil
}

// openStore reads the database flags (plus any the command declared on fs)
// and opens and migrates the database.
func openStore(ctx context.Context, name string, args []string, getenv func(string) string, fs *flag.FlagSet) (*store.Store, error) {
	if fs == nil {
		fs = flag.NewFlagSet(name, flag.ContinueOnError)
	}
	cfg, err := config.Load(fs, args, getenv, "data-dir", "database-url")
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, store.Options{DataDir: cfg.DataDir, DatabaseURL: cfg.DatabaseURL})
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}
