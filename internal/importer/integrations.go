package importer

import (
	"context"
	"errors"
	"strings"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/store"
)

// importIntegrations creates the HTTP integrations in two passes: first all
// of them, so every new id is known, then the templates of those that read
// another integration's data (integrations[<old id>]) are rewritten.
func (r *run) importIntegrations(ctx context.Context, items []Item) error {
	var made []madeIntegration
	for _, it := range items {
		m, err := r.importIntegration(ctx, it)
		if err != nil {
			return err
		}
		if m.id != 0 || (r.dry && m.in.HTTP != nil) {
			made = append(made, m)
		}
	}
	for _, m := range made {
		if err := r.rewriteIntegration(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// madeIntegration is an integration created by this run (id 0 in a dry run).
type madeIntegration struct {
	item Item
	id   int64
	in   integration.Input
}

func (r *run) importIntegration(ctx context.Context, it Item) (madeIntegration, error) {
	label := "integration " + it.ID + quoted(it.Name)
	if it.Type != "" && it.Type != "http" {
		r.sum.Integrations.Skipped++
		r.say("%s: skipped: its type is %s; only HTTP integrations are imported", label, it.Type)
		return madeIntegration{}, nil
	}
	id, ok, err := r.existing(ctx, kindIntegration, it.ID, func(id int64) error {
		_, err := r.store.GetIntegration(ctx, id)
		return err
	})
	if err != nil {
		return madeIntegration{}, err
	}
	if ok {
		r.ids[it.ID] = id
		r.sum.Integrations.Existing++
		r.say("%s: already imported as integration %d", label, id)
		return madeIntegration{}, nil
	}
	in, err := integration.DecodeHosted(it.Raw)
	if err != nil {
		return madeIntegration{}, r.refuse(&r.sum.Integrations, label, err)
	}
	if r.dry {
		if err := integration.Validate(in); err != nil {
			return madeIntegration{}, r.refuse(&r.sum.Integrations, label, err)
		}
		r.ids[it.ID] = 0
		r.sum.Integrations.Created++
		r.say("%s: would be created%s", label, disabledNote(in))
		return madeIntegration{item: it, in: in}, nil
	}
	got, err := r.integrations.CreateThen(ctx, in, record(ctx, kindIntegration, it.ID))
	if err != nil {
		return madeIntegration{}, r.refuse(&r.sum.Integrations, label, err)
	}
	r.ids[it.ID] = got.ID
	r.sum.Integrations.Created++
	r.say("%s: created as integration %d%s", label, got.ID, disabledNote(in))
	return madeIntegration{item: it, id: got.ID, in: in}, nil
}

// rewriteIntegration points the templates of an integration created by this
// run at the new ids of the integrations they read.
func (r *run) rewriteIntegration(ctx context.Context, m madeIntegration) error {
	raw, changed, unknown := rewriteRefs(m.item.Raw, r.ids)
	r.warnUnknown("integration "+m.item.ID+quoted(m.item.Name), unknown)
	if changed == 0 {
		return nil
	}
	r.sum.Rewritten += changed
	if r.dry {
		return nil
	}
	in, err := integration.DecodeHosted(raw)
	if err != nil {
		return err
	}
	in.Enabled = nil // keep the state it was created in
	_, err = r.integrations.Update(ctx, m.id, in)
	return err
}

// refuse reports an object that ticketwire's rules refuse; a database error
// is returned to stop the run instead.
func (r *run) refuse(c *Counts, label string, err error) error {
	if !isRefusal(err) {
		return err
	}
	c.Failed++
	r.say("%s: failed: %v", label, err)
	return nil
}

// warnUnknown says which referenced integrations are not in the export; the
// references are left as they are.
func (r *run) warnUnknown(label string, unknown []string) {
	for _, id := range unknown {
		r.say("%s: reads integrations[%s], which is not an HTTP integration of this import; left as it is", label, id)
	}
}

func disabledNote(in integration.Input) string {
	if in.Enabled != nil && !*in.Enabled {
		return " (disabled, as it was deactivated)"
	}
	return ""
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

// isRefusal tells bad input (reported per object) from a failing database.
func isRefusal(err error) bool {
	if _, ok := asValidation(err); ok {
		return true
	}
	return errors.Is(err, store.ErrConflict) || strings.HasPrefix(err.Error(), "json: ")
}
