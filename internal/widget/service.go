package widget

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/secret"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// The context and type every widget has today. The API carries both so that
// widgets of other places and sources can come later without a new shape.
const (
	// ContextTicket is the ticket sidebar.
	ContextTicket = "ticket"
	// SourceHTTP is a widget that shows an HTTP integration's fetched data.
	SourceHTTP = "http"
)

// MaxOrder is the largest order a widget may have. It keeps the value well
// inside the 32-bit column of both databases; a sidebar never holds nearly
// that many widgets.
const MaxOrder = 1_000_000

// Widget is a stored widget as the API shows it.
type Widget struct {
	ID              int64     `json:"id"`
	Context         string    `json:"context"`
	Type            string    `json:"type"`
	IntegrationID   int64     `json:"integration_id"`
	Order           int       `json:"order"`
	Template        Node      `json:"template"`
	CreatedDatetime time.Time `json:"created_datetime"`
	UpdatedDatetime time.Time `json:"updated_datetime"`

	// IntegrationName is the name of the integration whose data the widget
	// shows (filled by List), the title of a wrapper that has none.
	IntegrationName string `json:"-"`
}

// Title is what the sidebar calls the widget: its wrapper's title, or, as
// the hosted helpdesk does for an untitled one, its integration's name.
func (w Widget) Title() string {
	if t := strings.TrimSpace(w.Template.Title); t != "" {
		return t
	}
	return w.IntegrationName
}

// Input is a widget to create or the new state of one to update. It takes
// the whole Widget JSON, so an exported widget can be posted back as it is:
// id and the times are read and ignored, since the server assigns them.
type Input struct {
	Context       string `json:"context"`
	Type          string `json:"type"`
	IntegrationID int64  `json:"integration_id"`
	// Order is the widget's place in the sidebar, lowest first. When it is
	// absent a new widget goes last and an updated one keeps its place.
	Order    *int  `json:"order"`
	Template *Node `json:"template"`

	ID              json.RawMessage `json:"id,omitempty"`
	CreatedDatetime json.RawMessage `json:"created_datetime,omitempty"`
	UpdatedDatetime json.RawMessage `json:"updated_datetime,omitempty"`
	// The hosted helpdesk's read-only and unused fields, read and ignored
	// so its widgets can be posted as it returns them.
	URI                 json.RawMessage `json:"uri,omitempty"`
	AppID               json.RawMessage `json:"app_id,omitempty"`
	DeactivatedDatetime json.RawMessage `json:"deactivated_datetime,omitempty"`
}

// Service stores widgets and builds them from customers' fetched data. The
// secrets of card buttons (secrets.go) are sealed with box.
type Service struct {
	store *store.Store
	box   *secret.Box
}

// NewService returns the widget service; box is the one integration secrets
// are sealed with.
func NewService(st *store.Store, box *secret.Box) *Service { return &Service{store: st, box: box} }

// Create validates and stores a new widget.
func (s *Service) Create(ctx context.Context, in Input) (Widget, error) {
	return s.CreateThen(ctx, in, nil)
}

// CreateThen is Create that also runs then, when not nil, in the same
// transaction with the new id: what an import records about the widget
// commits with it or not at all.
func (s *Service) CreateThen(ctx context.Context, in Input, then func(tx *store.Tx, id int64) error) (Widget, error) {
	if in.Template != nil {
		if err := keepSecrets(in.Template, nil); err != nil {
			return Widget{}, err
		}
		if err := tryTemplates(*in.Template, "template"); err != nil {
			return Widget{}, err
		}
	}
	var out Widget
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		row, err := s.build(ctx, tx.Q, in)
		if err != nil {
			return err
		}
		if in.Order == nil {
			next, err := tx.NextWidgetPosition(ctx, row.Context)
			if err != nil {
				return err
			}
			row.Position = min(next, MaxOrder)
		}
		if row, err = tx.CreateWidget(ctx, row); err != nil {
			return err
		}
		if then != nil {
			if err := then(tx, row.ID); err != nil {
				return err
			}
		}
		out, err = s.view(row, false)
		return err
	})
	return out, err
}

// Update replaces a widget with in; secret.Mask keeps a stored secret.
func (s *Service) Update(ctx context.Context, id int64, in Input) (Widget, error) {
	if in.Template != nil {
		if err := tryTemplates(*in.Template, "template"); err != nil {
			return Widget{}, err
		}
	}
	var out Widget
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		cur, err := tx.GetWidget(ctx, id)
		if err != nil {
			return err
		}
		if in.Template != nil {
			stored, err := s.view(cur, true)
			if err != nil {
				return err
			}
			if err := keepSecrets(in.Template, &stored.Template); err != nil {
				return err
			}
		}
		row, err := s.build(ctx, tx.Q, in)
		if err != nil {
			return err
		}
		row.ID = id
		if in.Order == nil {
			row.Position = cur.Position
		}
		if row, err = tx.UpdateWidget(ctx, row); err != nil {
			return err
		}
		out, err = s.view(row, false)
		return err
	})
	return out, err
}

// Delete removes a widget.
func (s *Service) Delete(ctx context.Context, id int64) error {
	return s.store.DeleteWidget(ctx, id)
}

// List returns the widgets of one integration, or all of them when
// integrationID is 0, in sidebar order, with their secrets masked.
func (s *Service) List(ctx context.Context, integrationID int64) ([]Widget, error) {
	rows, err := s.store.ListWidgets(ctx, integrationID)
	if err != nil {
		return nil, err
	}
	out := make([]Widget, 0, len(rows))
	names := map[int64]string{}
	for _, r := range rows {
		w, err := s.view(r, false)
		if err != nil {
			return nil, err
		}
		if w.IntegrationName, err = s.integrationName(ctx, names, w.IntegrationID); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, nil
}

// integrationName looks up an integration's name once per List; a sidebar
// holds a handful of widgets.
func (s *Service) integrationName(ctx context.Context, names map[int64]string, id int64) (string, error) {
	if name, ok := names[id]; ok {
		return name, nil
	}
	in, err := s.store.GetIntegration(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	names[id] = in.Name
	return in.Name, nil
}

// Reorder puts the widgets ids in that order, ids[0] first, as dragging them
// in the sidebar does. Widgets left out keep their order value.
func (s *Service) Reorder(ctx context.Context, ids []int64) error {
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			return validate.Errorf("ids", "lists widget %d twice; give each widget once, in the order wanted", id)
		}
		seen[id] = true
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error { return tx.ReorderWidgets(ctx, ids) })
}

// get loads a widget with its secrets in clear, to run its buttons.
func (s *Service) get(ctx context.Context, id int64) (Widget, error) {
	row, err := s.store.GetWidget(ctx, id)
	if err != nil {
		return Widget{}, err
	}
	return s.view(row, true)
}

// SealStored seals the secrets of the widgets saved before they were
// sealed (in clear, SecretsSealed false), so no button's header value stays
// in clear in the database. The server runs it at start; a widget sealed
// already is left alone, so running it again, or in two processes at once,
// is harmless. It returns how many widgets it sealed.
func (s *Service) SealStored(ctx context.Context) (int, error) {
	rows, err := s.store.ListWidgets(ctx, 0)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range rows {
		if r.SecretsSealed {
			continue
		}
		sealed, err := sealTemplate(s.box, r.Template)
		if err != nil {
			return n, fmt.Errorf("widget %d: %w", r.ID, err)
		}
		ok, err := s.store.SealWidgetTemplate(ctx, r.ID, sealed)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// build checks an input and turns it into a row, its secrets sealed. It
// runs on q, inside the caller's transaction, since on SQLite that holds the
// only connection.
func (s *Service) build(ctx context.Context, q store.Q, in Input) (store.Widget, error) {
	if err := check(&in); err != nil {
		return store.Widget{}, err
	}
	if _, err := q.GetIntegration(ctx, in.IntegrationID); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return store.Widget{}, validate.Errorf("integration_id", "no integration %d exists; use the id of the integration whose data the widget shows", in.IntegrationID)
		}
		return store.Widget{}, err
	}
	tpl, err := json.Marshal(in.Template)
	if err != nil {
		return store.Widget{}, fmt.Errorf("widget: encode template: %w", err)
	}
	if tpl, err = sealTemplate(s.box, tpl); err != nil {
		return store.Widget{}, err
	}
	row := store.Widget{Context: in.Context, Type: in.Type, IntegrationID: in.IntegrationID, Template: tpl, SecretsSealed: true}
	if in.Order != nil {
		row.Position = *in.Order
	}
	return row, nil
}

// check validates the fields of an input, filling in the defaults.
func check(in *Input) error {
	if in.Context == "" {
		in.Context = ContextTicket
	}
	if err := validate.OneOf("context", in.Context, ContextTicket); err != nil {
		return err
	}
	if in.Type == "" {
		in.Type = SourceHTTP
	}
	if err := validate.OneOf("type", in.Type, SourceHTTP); err != nil {
		return err
	}
	if in.IntegrationID <= 0 {
		return validate.Errorf("integration_id", "is required: the id of the integration whose data the widget shows")
	}
	if in.Order != nil && (*in.Order < 0 || *in.Order > MaxOrder) {
		return validate.Errorf("order", "must be a whole number from 0 to %d, not %d", MaxOrder, *in.Order)
	}
	if in.Template == nil {
		return validate.Errorf("template", "is required: the widget tree, with a %s at its root", TypeWrapper)
	}
	return Validate(*in.Template)
}

// view turns a stored row into the API's widget, with its secrets in clear
// when clear is true and masked otherwise. A row saved before secrets were
// sealed holds them in clear.
func (s *Service) view(row store.Widget, clear bool) (Widget, error) {
	w := Widget{ID: row.ID, Context: row.Context, Type: row.Type, IntegrationID: row.IntegrationID, Order: row.Position,
		CreatedDatetime: row.CreatedAt, UpdatedDatetime: row.UpdatedAt}
	if err := json.Unmarshal(row.Template, &w.Template); err != nil {
		return Widget{}, fmt.Errorf("widget: decode template of widget %d: %w", row.ID, err)
	}
	f := maskValue
	switch {
	case !clear:
	case row.SecretsSealed:
		f = s.box.Open
	default:
		return w, nil
	}
	if err := transformSecrets(&w.Template, f); err != nil {
		return Widget{}, fmt.Errorf("widget: open secrets of widget %d: %w", row.ID, err)
	}
	return w, nil
}
