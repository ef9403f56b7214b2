package macro

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/secret"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/tmpl"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// Service stores macros, with their secrets sealed, and previews and applies
// them.
type Service struct {
	store    *store.Store
	box      *secret.Box
	helpdesk *helpdesk.Service
	hooks    *delivery.Engine
	now      func() time.Time
}

// New returns the macro service. Hooks go out through engine, so they share
// the network guard, timeout and redaction of integrations; box is the one
// integrations' secrets are sealed with.
func New(st *store.Store, box *secret.Box, hd *helpdesk.Service, engine *delivery.Engine) *Service {
	return &Service{store: st, box: box, helpdesk: hd, hooks: engine, now: time.Now}
}

// account is the account variable of macro templates, from the delivery
// engine's public URL.
func (s *Service) account() map[string]any {
	if s.hooks == nil {
		return tmpl.Account("")
	}
	return s.hooks.Account()
}

// Create validates and stores a new macro.
func (s *Service) Create(ctx context.Context, in Input) (Macro, error) {
	return s.CreateThen(ctx, in, nil)
}

// CreateThen is Create that also runs then, when not nil, in the same
// transaction with the new id: what an import records about the macro
// commits with it or not at all.
func (s *Service) CreateThen(ctx context.Context, in Input, then func(tx *store.Tx, id int64) error) (Macro, error) {
	if err := tryInput(in); err != nil {
		return Macro{}, err
	}
	var out Macro
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		row, err := s.build(ctx, tx.Q, in, nil)
		if err != nil {
			return err
		}
		if row, err = tx.CreateMacro(ctx, row); err != nil {
			return err
		}
		if then != nil {
			if err := then(tx, row.ID); err != nil {
				return err
			}
		}
		out, err = s.view(row)
		return err
	})
	if err == nil {
		out.Warnings = Warnings(in)
	}
	return out, err
}

// Update replaces a macro; secret.Mask keeps a stored secret.
func (s *Service) Update(ctx context.Context, id int64, in Input) (Macro, error) {
	if err := tryInput(in); err != nil {
		return Macro{}, err
	}
	var out Macro
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		cur, err := tx.GetMacro(ctx, id)
		if err != nil {
			return err
		}
		stored, err := s.decode(cur, true)
		if err != nil {
			return err
		}
		row, err := s.build(ctx, tx.Q, in, stored.Actions)
		if err != nil {
			return err
		}
		row.ID = id
		if row, err = tx.UpdateMacro(ctx, row); err != nil {
			return err
		}
		out, err = s.view(row)
		return err
	})
	if err == nil {
		out.Warnings = Warnings(in)
	}
	return out, err
}

// build checks an input against the stored actions (nil for a new macro)
// and turns it into a row with its secrets sealed. It runs on q, inside the
// caller's transaction, since on SQLite that holds the only connection.
func (s *Service) build(ctx context.Context, q store.Q, in Input, stored []Action) (store.Macro, error) {
	if err := keepSecrets(in.Actions, stored); err != nil {
		return store.Macro{}, err
	}
	if err := check(&in); err != nil {
		return store.Macro{}, err
	}
	for i, a := range in.Actions {
		if a.Type != ActionSetAssignee || a.AssigneeUserID == nil {
			continue
		}
		if _, err := q.GetUser(ctx, *a.AssigneeUserID); errors.Is(err, store.ErrNotFound) {
			return store.Macro{}, validate.Errorf(fmt.Sprintf("actions[%d].assignee_user_id", i), "no user has id %d; give a user's id, or null to unassign", *a.AssigneeUserID)
		} else if err != nil {
			return store.Macro{}, err
		}
	}
	sealed, err := seal(s.box, in.Actions)
	if err != nil {
		return store.Macro{}, err
	}
	actions, err := marshal(sealed)
	if err != nil {
		return store.Macro{}, fmt.Errorf("macro: encode actions: %w", err)
	}
	return store.Macro{Name: in.Name, Actions: actions}, nil
}

// decode turns a stored row into a Macro, secrets in clear when clear is
// true and masked otherwise.
func (s *Service) decode(row store.Macro, clear bool) (Macro, error) {
	var actions []Action
	if err := json.Unmarshal(row.Actions, &actions); err != nil {
		return Macro{}, fmt.Errorf("macro: decode actions of macro %d: %w", row.ID, err)
	}
	if clear {
		var err error
		if actions, err = open(s.box, actions); err != nil {
			return Macro{}, fmt.Errorf("macro: open secrets of macro %d: %w", row.ID, err)
		}
	} else {
		actions = masked(actions)
	}
	return Macro{ID: row.ID, Name: row.Name, Actions: actions, CreatedDatetime: row.CreatedAt, UpdatedDatetime: row.UpdatedAt}, nil
}

func (s *Service) view(row store.Macro) (Macro, error) { return s.decode(row, false) }

// Get returns a macro with its secrets masked.
func (s *Service) Get(ctx context.Context, id int64) (Macro, error) {
	row, err := s.store.GetMacro(ctx, id)
	if err != nil {
		return Macro{}, err
	}
	return s.view(row)
}

// load returns a macro with its secrets in clear, to render and send.
func (s *Service) load(ctx context.Context, id int64) (Macro, error) {
	row, err := s.store.GetMacro(ctx, id)
	if err != nil {
		return Macro{}, err
	}
	return s.decode(row, true)
}

// List lists macros, newest first, secrets masked; f.Name narrows to names
// that contain it.
func (s *Service) List(ctx context.Context, f store.MacroFilter) ([]Macro, error) {
	rows, err := s.store.ListMacros(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]Macro, 0, len(rows))
	for _, r := range rows {
		m, err := s.view(r)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// Delete removes a macro; the hooks it fired stay in the hooks log.
func (s *Service) Delete(ctx context.Context, id int64) error {
	return s.store.DeleteMacro(ctx, id)
}

// Validate checks an input as Create would, without storing anything, for
// dry runs of an import. Assignees are not looked up.
func Validate(in Input) error {
	in.Actions = append([]Action(nil), in.Actions...)
	if err := check(&in); err != nil {
		return err
	}
	return tryInput(in)
}
