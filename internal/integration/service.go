package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/secret"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// Service stores and loads integrations, sealing their secrets.
type Service struct {
	store *store.Store
	box   *secret.Box
	now   func() time.Time
	// overlap is how long a replaced signing secret still signs.
	overlap time.Duration

	mu      sync.Mutex
	changes uint64           // changes made through this service
	last    map[int64]uint64 // changes right after each integration's last change
}

// Changes counts the changes made through this service (updates, enables,
// disables, deletes) since it started. With ChangedAt it lets a cache of
// integrations tell a current entry from a stale one by asking, so the
// service needs to know no cache and caches can be built after it.
func (s *Service) Changes() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changes
}

// ChangedAt is what Changes returned right after integration id last changed
// through this service, 0 if it never did: a copy read when Changes was at
// least that is current.
func (s *Service) ChangedAt(id int64) uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last[id]
}

// changed counts a change; it is called after the change committed (or
// failed), so a reader that sees the new count also sees the new row. The
// map keeps one number per integration ever changed, which stays small.
func (s *Service) changed(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.changes++
	if s.last == nil {
		s.last = map[int64]uint64{}
	}
	s.last[id] = s.changes
}

// New returns the integration service.
func New(st *store.Store, box *secret.Box, opts ...Option) *Service {
	s := &Service{store: st, box: box, now: time.Now, overlap: DefaultSigningOverlap}
	for _, o := range opts {
		o(s)
	}
	return s
}

// DefaultSigningOverlap is how long a replaced signing secret still signs
// unless configured: a day, time for a receiver's deploy.
const DefaultSigningOverlap = 24 * time.Hour

// Option adjusts a service at New.
type Option func(*Service)

// WithSigningOverlap sets how long a replaced signing secret still signs
// requests beside the new one (TICKETWIRE_SIGNING_OVERLAP); 0 for not at all.
func WithSigningOverlap(d time.Duration) Option { return func(s *Service) { s.overlap = d } }

// check validates an input for create or update, returning every broken
// rule at once (a validate.List).
func check(in *Input) error {
	var errs validate.List
	if in.Type == "" {
		in.Type = "http"
	}
	if in.Type != "http" {
		errs.Add(validate.Errorf("type", `must be "http", not %q`, in.Type))
	}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" {
		errs.Add(validate.Errorf("name", "is required"))
	} else {
		errs.Add(validate.MaxLen("name", in.Name, 255))
	}
	if in.HTTP == nil {
		errs.Add(validate.Errorf("http", "is required: the request to send (url, method, triggers, …)"))
		return errs.Err()
	}
	errs.Add(in.HTTP.check())
	return errs.Err()
}

// checkAndTry checks in and, when in.HTTP is there, trial-renders its
// templates (TryRequest), adding the render errors of fields that passed
// the check. It renders: callers run it outside any transaction.
func checkAndTry(in *Input) error {
	var errs validate.List
	errs.Add(check(in))
	if in.HTTP != nil {
		errs.Add(TryRequest("http.", *in.HTTP))
	}
	return errs.Err()
}

// Create validates and stores a new integration, enabled unless asked otherwise.
func (s *Service) Create(ctx context.Context, in Input) (Integration, error) {
	return s.CreateThen(ctx, in, nil)
}

// CreateThen is Create that also runs then, when not nil, in the same
// transaction with the new id: what an import records about the integration
// commits with it or not at all.
func (s *Service) CreateThen(ctx context.Context, in Input, then func(tx *store.Tx, id int64) error) (Integration, error) {
	var errs validate.List
	if in.HTTP != nil {
		errs.Add(keepSecrets(in.HTTP, HTTP{}))
	}
	errs.Add(checkAndTry(&in))
	if err := errs.Err(); err != nil {
		return Integration{}, err
	}
	warnings := Warnings("http.", *in.HTTP, ScopeIntegration)
	row, err := s.row(in)
	if err != nil {
		return Integration{}, err
	}
	row.Enabled = in.Enabled == nil || *in.Enabled
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if row, err = tx.CreateIntegration(ctx, row); err != nil {
			return err
		}
		if !row.Enabled {
			// Disabled from the start: recorded as an admin's disabling, so
			// the integration shows when and why like any other disabled one.
			if row, err = tx.SetIntegrationEnabled(ctx, row.ID, false, ReasonAdmin, s.now()); err != nil {
				return err
			}
		}
		if then != nil {
			return then(tx, row.ID)
		}
		return nil
	})
	if err != nil {
		return Integration{}, err
	}
	out, err := s.view(row)
	out.Warnings = warnings
	return out, err
}

// Update replaces an integration's settings; secret.Mask keeps a stored secret.
func (s *Service) Update(ctx context.Context, id int64, in Input) (Integration, error) {
	if err := tryInput(in); err != nil {
		return Integration{}, err
	}
	var out Integration
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		cur, err := tx.GetIntegration(ctx, id)
		if err != nil {
			return err
		}
		stored, err := s.decode(cur, true)
		if err != nil {
			return err
		}
		if in.HTTP != nil {
			if err := keepSecrets(in.HTTP, stored.HTTP); err != nil {
				return err
			}
			rotate(in.HTTP, stored.HTTP, s.now(), s.overlap)
		}
		if err := check(&in); err != nil {
			return err
		}
		row, err := s.row(in)
		if err != nil {
			return err
		}
		row.ID = id
		if cur, err = tx.UpdateIntegration(ctx, row); err != nil {
			return err
		}
		if in.Enabled != nil && *in.Enabled != cur.Enabled {
			if cur, err = tx.SetIntegrationEnabled(ctx, id, *in.Enabled, ReasonAdmin, s.now()); err != nil {
				return err
			}
		}
		out, err = s.view(cur)
		return err
	})
	s.changed(id)
	if err == nil {
		// Parsed again after the transaction, not inside it.
		out.Warnings = Warnings("http.", *in.HTTP, ScopeIntegration)
	}
	return out, err
}

// tryInput checks and trial-renders a copy of an update's input before its
// transaction opens: rendering never happens inside one. The check inside the
// transaction, after stored secrets replace their masks, parses only.
func tryInput(in Input) error {
	if in.HTTP == nil {
		return check(&in)
	}
	h := *in.HTTP
	in.HTTP = &h
	return checkAndTry(&in)
}

// ReasonAdmin is the deactivation reason when an admin disables an integration.
const ReasonAdmin = "disabled by an admin"

// row builds the storage row of a validated input.
func (s *Service) row(in Input) (store.Integration, error) {
	sealed, err := seal(s.box, *in.HTTP)
	if err != nil {
		return store.Integration{}, fmt.Errorf("integration: seal secrets: %w", err)
	}
	cfg, err := json.Marshal(sealed)
	if err != nil {
		return store.Integration{}, err
	}
	triggers := make([]string, len(in.HTTP.Triggers))
	for i, k := range in.HTTP.Triggers {
		triggers[i] = string(k)
	}
	return store.Integration{Type: in.Type, Name: in.Name, Config: cfg, Triggers: triggers}, nil
}

// decode turns a stored row into an Integration, with secrets in clear when
// clear is true and masked otherwise.
func (s *Service) decode(row store.Integration, clear bool) (Integration, error) {
	var h HTTP
	if err := json.Unmarshal(row.Config, &h); err != nil {
		return Integration{}, fmt.Errorf("integration: decode config of %d: %w", row.ID, err)
	}
	if clear {
		var err error
		if h, err = open(s.box, h); err != nil {
			return Integration{}, fmt.Errorf("integration: open secrets of %d: %w", row.ID, err)
		}
	} else {
		h = Masked(h)
	}
	h.Triggers = make(Triggers, len(row.Triggers))
	for i, k := range row.Triggers {
		h.Triggers[i] = event.Kind(k)
	}
	return Integration{ID: row.ID, Type: row.Type, Name: row.Name, HTTP: h, Enabled: row.Enabled,
		DeactivatedDatetime: row.DeactivatedAt, DeactivationReason: row.DeactivationReason,
		ConsecutiveFailures: row.ConsecutiveFailures, CreatedDatetime: row.CreatedAt, UpdatedDatetime: row.UpdatedAt}, nil
}

func (s *Service) view(row store.Integration) (Integration, error) { return s.decode(row, false) }

// Get returns an integration with its secrets masked.
func (s *Service) Get(ctx context.Context, id int64) (Integration, error) {
	row, err := s.store.GetIntegration(ctx, id)
	if err != nil {
		return Integration{}, err
	}
	return s.view(row)
}

// Load returns an integration with its secrets in clear, for delivery only.
func (s *Service) Load(ctx context.Context, q store.Q, id int64) (Integration, error) {
	row, err := q.GetIntegration(ctx, id)
	if err != nil {
		return Integration{}, err
	}
	return s.decode(row, true)
}

// List lists integrations, newest first, secrets masked.
func (s *Service) List(ctx context.Context, p store.Page) ([]Integration, error) {
	rows, err := s.store.ListIntegrations(ctx, p)
	if err != nil {
		return nil, err
	}
	out := make([]Integration, 0, len(rows))
	for _, r := range rows {
		v, err := s.view(r)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Delete removes an integration with its log and fetched data.
func (s *Service) Delete(ctx context.Context, id int64) error {
	err := s.store.InTx(ctx, func(tx *store.Tx) error { return tx.DeleteIntegration(ctx, id) })
	s.changed(id)
	return err
}

// SetEnabled enables an integration (starting its failure count from zero)
// or disables it as an admin.
func (s *Service) SetEnabled(ctx context.Context, id int64, enabled bool) (Integration, error) {
	row, err := s.store.SetIntegrationEnabled(ctx, id, enabled, ReasonAdmin, s.now())
	s.changed(id)
	if err != nil {
		return Integration{}, err
	}
	return s.view(row)
}

// Validate checks an input as Create would, without storing anything, for
// dry runs of an import.
func Validate(in Input) error {
	if in.HTTP != nil {
		h := *in.HTTP
		in.HTTP = &h
	}
	return checkAndTry(&in)
}
