// Package importer brings integrations, widgets and macros from the hosted
// helpdesk we follow into ticketwire, from the JSON its REST API returns
// (GET /api/integrations, /api/widgets, /api/macros). It creates the HTTP
// integrations, the widgets on them with integration_id remapped, and the
// macros with their actions mapped; it rewrites integrations[<old id>] in
// every template to the new id; and it remembers each source id → new id in
// the store, so a second run finds what the first made instead of creating
// it twice. A dry run reads and checks everything and changes nothing.
package importer

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/macro"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/widget"
)

// Source is the name the import map records objects of the hosted helpdesk under.
const Source = "gorgias"

// The kinds of object in the import map.
const (
	kindIntegration = "integration"
	kindWidget      = "widget"
	kindMacro       = "macro"
)

// Export is what to import: each list holds the objects of one export file,
// as read by ReadList.
type Export struct {
	Integrations []Item
	Widgets      []Item
	Macros       []Item
}

// Importer imports exports into one ticketwire database.
type Importer struct {
	store        *store.Store
	integrations *integration.Service
	widgets      *widget.Service
	macros       *macro.Service
}

// New returns an importer that creates through the given services, so what
// it makes obeys the same rules as what the API makes.
func New(st *store.Store, integrations *integration.Service, widgets *widget.Service, macros *macro.Service) *Importer {
	return &Importer{store: st, integrations: integrations, widgets: widgets, macros: macros}
}

// Counts is what happened to the objects of one kind.
type Counts struct {
	Created  int // created now (or, in a dry run, that would be)
	Existing int // made by an earlier run and still there
	Skipped  int // not importable: another type, unsupported, left without its integration
	Failed   int // refused by ticketwire's rules; the line says why
}

// Summary is the outcome of a run.
type Summary struct {
	DryRun       bool
	Integrations Counts
	Widgets      Counts
	Macros       Counts
	// Rewritten counts the integrations[<old id>] references changed to new ids.
	Rewritten int
}

// Failed reports whether any object was refused.
func (s Summary) Failed() bool {
	return s.Integrations.Failed+s.Widgets.Failed+s.Macros.Failed > 0
}

// String is the summary line the command prints last.
func (s Summary) String() string {
	verb := "created"
	if s.DryRun {
		verb = "to create"
	}
	line := func(c Counts) string {
		return fmt.Sprintf("%d %s, %d already imported, %d skipped, %d failed", c.Created, verb, c.Existing, c.Skipped, c.Failed)
	}
	out := fmt.Sprintf("integrations: %s\nwidgets: %s\nmacros: %s\ntemplate references to integrations rewritten: %d",
		line(s.Integrations), line(s.Widgets), line(s.Macros), s.Rewritten)
	if s.DryRun {
		out += "\ndry run: nothing was changed"
	}
	return out
}

// run is the state of one import: where lines go and the source ids of the
// integrations mapped so far (to their new ids; 0 in a dry run for those
// not created yet).
type run struct {
	*Importer
	dry bool
	out io.Writer
	ids map[string]int64
	sum Summary
}

// Run imports exp, writing one line per object to out, and returns the
// summary. It stops early only when the database fails; an object that
// ticketwire refuses is reported and the others go on.
func (im *Importer) Run(ctx context.Context, exp Export, dryRun bool, out io.Writer) (Summary, error) {
	r := &run{Importer: im, dry: dryRun, out: out, ids: map[string]int64{}, sum: Summary{DryRun: dryRun}}
	if err := r.importIntegrations(ctx, exp.Integrations); err != nil {
		return r.sum, err
	}
	for _, it := range exp.Widgets {
		if err := r.importWidget(ctx, it); err != nil {
			return r.sum, err
		}
	}
	for _, it := range exp.Macros {
		if err := r.importMacro(ctx, it); err != nil {
			return r.sum, err
		}
	}
	return r.sum, nil
}

// say writes one line about an object.
func (r *run) say(format string, args ...any) {
	fmt.Fprintf(r.out, format+"\n", args...)
}

// existing returns the local id an earlier run made from the source object,
// when that object is still there.
func (r *run) existing(ctx context.Context, kind, sourceID string, get func(id int64) error) (int64, bool, error) {
	id, ok, err := r.store.ImportedID(ctx, Source, kind, sourceID)
	if err != nil || !ok {
		return 0, false, err
	}
	switch err := get(id); {
	case err == nil:
		return id, true, nil
	case isNotFound(err):
		return 0, false, nil // deleted since: import it again
	default:
		return 0, false, err
	}
}

// record returns what records a new object in the import map, run in the
// transaction that creates it, so an import cut short never leaves an object
// that a second run would create again.
func record(ctx context.Context, kind, sourceID string) func(tx *store.Tx, id int64) error {
	return func(tx *store.Tx, id int64) error { return tx.RecordImport(ctx, Source, kind, sourceID, id) }
}

// quoted names an object in a line: its name in quotes, or nothing.
func quoted(name string) string {
	if name = strings.TrimSpace(name); name == "" {
		return ""
	}
	return fmt.Sprintf(" %q", name)
}
