package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/importer"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/macro"
	"github.com/ticketwire/ticketwire/internal/secret"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/widget"
)

const importUsage = "usage: ticketwire import gorgias [--integrations F] [--widgets F] [--macros F] [--dry-run] [--data-dir … | --database-url …]"

// importCmd runs `ticketwire import gorgias`: read the export files, then
// let the importer do the rest.
func importCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "gorgias" {
		return errors.New(importUsage)
	}
	fs := flag.NewFlagSet("import gorgias", flag.ContinueOnError)
	files := map[string]*string{
		"integrations": fs.String("integrations", "", "the JSON of GET /api/integrations"),
		"widgets":      fs.String("widgets", "", "the JSON of GET /api/widgets"),
		"macros":       fs.String("macros", "", "the JSON of GET /api/macros"),
	}
	dry := fs.Bool("dry-run", false, "check and report, change nothing")
	cfg, err := config.Load(fs, args[1:], getenv, "data-dir", "database-url")
	if err != nil {
		return fmt.Errorf("import: %w (%s)", err, importUsage)
	}
	exp, err := readExport(files)
	if err != nil {
		return err
	}
	st, err := openForImport(ctx, cfg, *dry)
	if err != nil {
		return err
	}
	defer st.Close()
	im, err := newImporter(ctx, st, cfg)
	if err != nil {
		return err
	}
	sum, err := im.Run(ctx, exp, *dry, stdout)
	fmt.Fprintln(stdout, sum)
	if err == nil && sum.Failed() {
		err = errors.New("import: some objects were refused; see the lines above")
	}
	return err
}

func readExport(files map[string]*string) (importer.Export, error) {
	var exp importer.Export
	lists := map[string]*[]importer.Item{"integrations": &exp.Integrations, "widgets": &exp.Widgets, "macros": &exp.Macros}
	given := 0
	for name, path := range files {
		if *path == "" {
			continue
		}
		given++
		f, err := os.Open(*path)
		if err != nil {
			return exp, fmt.Errorf("import: %w", err)
		}
		*lists[name], err = importer.ReadList(f, *path)
		f.Close()
		if err != nil {
			return exp, err
		}
	}
	if given == 0 {
		return exp, errors.New("import: give at least one of --integrations, --widgets, --macros")
	}
	return exp, nil
}

// openForImport opens the database; a dry run does not migrate it (that
// would change it) and needs it migrated already.
func openForImport(ctx context.Context, cfg config.Config, dry bool) (*store.Store, error) {
	st, err := store.Open(ctx, store.Options{DataDir: cfg.DataDir, DatabaseURL: cfg.DatabaseURL})
	if err != nil {
		return nil, err
	}
	if !dry {
		err = st.Migrate(ctx)
	} else if current, cerr := st.SchemaIsCurrent(ctx); cerr != nil || !current {
		err = errors.Join(cerr, errors.New("import: a dry run changes nothing, and this database needs `ticketwire migrate` first"))
	}
	if err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

func newImporter(ctx context.Context, st *store.Store, cfg config.Config) (*importer.Importer, error) {
	key, err := importer.LoadKey(ctx, st, cfg.DataDir, cfg.SecretKey)
	if err != nil {
		return nil, err
	}
	box, err := secret.NewBox(key)
	if err != nil {
		return nil, err
	}
	// Creating a macro neither applies it nor fires its hooks, so the macro
	// service needs no helpdesk or delivery engine here.
	return importer.New(st, integration.New(st, box), widget.NewService(st, box), macro.New(st, box, nil, nil)), nil
}
