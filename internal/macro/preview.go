package macro

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/tmpl"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// Preview is what applying a macro to a ticket would do, rendered; nothing
// is changed and nothing is sent.
type Preview struct {
	Reply *ReplyPreview `json:"reply"` // nil without a reply action
	Hooks []HookPreview `json:"hooks"`
	// Actions are the macro's actions, secrets masked, in the order they apply.
	Actions []Action `json:"actions"`
	// Empty lists the variables that rendered empty, once each.
	Empty []string `json:"empty_variables"`
}

// ReplyPreview is the reply as it would be sent.
type ReplyPreview struct {
	BodyText string `json:"body_text"`
	Error    string `json:"error,omitempty"`
}

// HookPreview is an HTTP hook's request as it would go out, secrets
// redacted, with the current values of its editable fields.
type HookPreview struct {
	ActionIndex int                 `json:"action_index"`
	Title       string              `json:"title"`
	Request     delivery.RequestLog `json:"request"`
	Editable    Edit                `json:"editable"`
	Error       string              `json:"error,omitempty"`
}

// Preview renders macro id for a ticket as user would apply it.
func (s *Service) Preview(ctx context.Context, user auth.User, id, ticketID int64) (Preview, error) {
	m, err := s.load(ctx, id)
	if err != nil {
		return Preview{}, err
	}
	t, err := s.ticket(ctx, "ticket_id", ticketID)
	if err != nil {
		return Preview{}, err
	}
	vars, err := variables(t, user, s.account())
	if err != nil {
		return Preview{}, err
	}
	p := Preview{Hooks: []HookPreview{}, Actions: masked(m.Actions), Empty: []string{}}
	for i, a := range m.Actions {
		switch a.Type {
		case ActionReply:
			r, err := renderText(fmt.Sprintf("actions[%d].body_text", i), a.BodyText, vars, tmpl.PlaceText)
			p.Reply = &ReplyPreview{BodyText: r.Text}
			if err != nil {
				p.Reply.Error = err.Error()
			}
			p.Empty = appendNew(p.Empty, r.Empty...)
		case ActionHTTPHook:
			h, hv := a.hook(Edit{}, vars)
			rp := s.hooks.PreviewHook(ctx, h, hv)
			p.Hooks = append(p.Hooks, HookPreview{ActionIndex: i, Title: a.Title, Request: rp.Request, Editable: a.editable(vars), Error: rp.Error})
			p.Empty = appendNew(p.Empty, rp.Empty...)
		}
	}
	return p, nil
}

// ticket loads a ticket as the API shows it; a missing one is a 422 on
// field, the input that named it.
func (s *Service) ticket(ctx context.Context, field string, id int64) (event.Ticket, error) {
	if id < 1 {
		return event.Ticket{}, validate.Errorf(field, "is required: the ticket whose data fills the templates")
	}
	t, err := s.helpdesk.GetTicket(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return event.Ticket{}, validate.Errorf(field, "no ticket has id %d", id)
	}
	return t, err
}

func appendNew(list []string, more ...string) []string {
	for _, s := range more {
		if !slices.Contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}
