package macro

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/tmpl"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// What to do when a hook fails.
const (
	// OnHookFailureStop changes nothing; the agent may retry or cancel.
	OnHookFailureStop = "stop"
	// OnHookFailureForce applies the ticket changes and the reply anyway.
	OnHookFailureForce = "force"
)

// ApplyInput is what applying a macro takes.
type ApplyInput struct {
	MacroID int64 `json:"macro_id"`
	// Edits are the agent's values for editable hook fields, by action
	// index: {"1": {"headers": {"X-Reason": "late"}}}.
	Edits         map[string]Edit `json:"edits"`
	OnHookFailure string          `json:"on_hook_failure"` // "stop" (the default) or "force"
	// SkipHooks are indexes of hooks not to fire, such as those that
	// succeeded in an earlier attempt that stopped at a failed hook, so a
	// retry does not send them twice.
	SkipHooks []int `json:"skip_hooks"`
	// Reply, when given, is the agent's text for the macro's reply in place
	// of the rendered one: the rendered reply is a draft they may edit.
	Reply *ReplyInput `json:"reply"`
}

// ReplyInput is the agent's own text for a macro's reply.
type ReplyInput struct {
	BodyText string `json:"body_text"`
}

// Applied is the outcome of an applied macro: the ticket after it, the reply
// it added (none or one) and the hooks it fired, in order.
type Applied struct {
	Ticket   event.Ticket    `json:"ticket"`
	Messages []event.Message `json:"messages"`
	Hooks    []HookCall      `json:"hooks"`
}

// HookFailedError says that a hook failed and, since the agent did not ask
// to go on anyway, the macro changed nothing. The hooks fired are logged.
type HookFailedError struct {
	ActionIndex int
	Title       string
	Reason      string
	Hooks       []HookCall   // every hook fired, the failed one last
	Ticket      event.Ticket // the ticket, unchanged
}

func (e *HookFailedError) Error() string {
	return fmt.Sprintf("hook %q failed: %s; nothing else was applied", e.Title, e.Reason)
}

// Field names the failed action, as validation errors name fields.
func (e *HookFailedError) Field() string { return fmt.Sprintf("actions[%d]", e.ActionIndex) }

// plan is an apply checked and rendered, before anything is sent.
type plan struct {
	macro  Macro
	ticket event.Ticket
	user   auth.User
	vars   map[string]any
	edits  map[int]Edit
	skip   []int
	change helpdesk.MacroChange
}

// fired is one hook sent.
type fired struct {
	index  int
	title  string
	result delivery.HookResult
}

// Apply applies a macro to a ticket as user. Everything is checked and
// rendered first; then the HTTP hooks go out in order, outside any
// transaction, stopping at the first that fails. When all succeeded, or
// in.OnHookFailure is "force", the ticket changes and the reply are made in
// one transaction, with the hook calls logged beside the reply; otherwise
// nothing changes, the calls are logged, and the error is a
// *HookFailedError.
func (s *Service) Apply(ctx context.Context, user auth.User, ticketID int64, in ApplyInput) (Applied, error) {
	p, err := s.plan(ctx, user, ticketID, in)
	if err != nil {
		return Applied{}, err
	}
	// From the first hook on, the log must be written even if the agent
	// goes away; each request is bounded by the delivery timeout.
	ctx = context.WithoutCancel(ctx)
	calls, failed := s.fire(ctx, p)
	if failed != nil && in.OnHookFailure != OnHookFailureForce {
		logged, err := s.logHooks(ctx, p, calls)
		if err != nil {
			return Applied{}, err
		}
		return Applied{}, &HookFailedError{ActionIndex: failed.index, Title: failed.title, Reason: failed.result.Error,
			Hooks: logged, Ticket: p.ticket}
	}
	var logged []HookCall
	p.change.Record = func(ctx context.Context, tx *store.Tx, messageID int64) error {
		var lerr error
		logged, lerr = insertHooks(ctx, tx.Q, s.hookRows(p, calls, messageID))
		return lerr
	}
	t, reply, err := s.helpdesk.ApplyMacro(ctx, helpdesk.Actor{UserID: user.ID}, p.ticket.ID, p.change)
	if err != nil {
		if len(calls) > 0 {
			// The hooks went out though the change did not: keep their log.
			if _, lerr := s.logHooks(ctx, p, calls); lerr != nil {
				err = errors.Join(err, lerr)
			}
		}
		return Applied{}, err
	}
	out := Applied{Ticket: t, Messages: []event.Message{}, Hooks: nonNil(logged)}
	if reply != nil {
		out.Messages = append(out.Messages, *reply)
	}
	return out, nil
}

// plan loads and checks everything an apply needs and renders the reply.
func (s *Service) plan(ctx context.Context, user auth.User, ticketID int64, in ApplyInput) (plan, error) {
	t, err := s.helpdesk.GetTicket(ctx, ticketID)
	if err != nil {
		return plan{}, err
	}
	if in.MacroID < 1 {
		return plan{}, validate.Errorf("macro_id", "is required: the id of the macro to apply")
	}
	m, err := s.load(ctx, in.MacroID)
	if errors.Is(err, store.ErrNotFound) {
		return plan{}, validate.Errorf("macro_id", "no macro has id %d", in.MacroID)
	}
	if err != nil {
		return plan{}, err
	}
	if in.OnHookFailure == "" {
		in.OnHookFailure = OnHookFailureStop
	}
	if err := validate.OneOf("on_hook_failure", in.OnHookFailure, OnHookFailureStop, OnHookFailureForce); err != nil {
		return plan{}, err
	}
	p := plan{macro: m, ticket: t, user: user, skip: in.SkipHooks}
	if p.edits, err = checkEdits(m.Actions, in.Edits); err != nil {
		return plan{}, err
	}
	for k, i := range in.SkipHooks {
		if i < 0 || i >= len(m.Actions) || m.Actions[i].Type != ActionHTTPHook {
			return plan{}, validate.Errorf(fmt.Sprintf("skip_hooks[%d]", k), "%d is not the index of an HTTP hook of this macro", i)
		}
	}
	if p.vars, err = variables(t, user, s.account()); err != nil {
		return plan{}, err
	}
	if err := checkReply(in.Reply); err != nil {
		return plan{}, err
	}
	if p.change, err = changeOf(m.Actions, p.vars, in.Reply); err != nil {
		return plan{}, err
	}
	if in.Reply != nil && p.change.Reply == nil {
		return plan{}, validate.Errorf("reply", "this macro has no reply action, so there is no reply to replace")
	}
	return p, nil
}

// checkReply checks the agent's reply text, when they sent one.
func checkReply(r *ReplyInput) error {
	if r == nil {
		return nil
	}
	if strings.TrimSpace(r.BodyText) == "" {
		return validate.Errorf("reply.body_text", "is empty: write the reply, or leave out \"reply\" to send the macro's own")
	}
	return validate.MaxLen("reply.body_text", r.BodyText, 1<<20)
}

// changeOf turns the ticket actions into one change, in order: a later
// status or assignee wins over an earlier one, tags add up.
// The agent's own reply text, when given, replaces the rendered one.
func changeOf(actions []Action, vars map[string]any, own *ReplyInput) (helpdesk.MacroChange, error) {
	var c helpdesk.MacroChange
	for i, a := range actions {
		switch a.Type {
		case ActionSetStatus:
			status := a.Status
			c.Patch.Status = &status
		case ActionAddTags:
			c.AddTags = append(c.AddTags, a.Tags...)
		case ActionSetAssignee:
			c.Patch.AssigneeUserID = helpdesk.Null[int64]()
			if a.AssigneeUserID != nil {
				c.Patch.AssigneeUserID = helpdesk.Some(*a.AssigneeUserID)
			}
		case ActionReply:
			if own != nil {
				c.Reply = &helpdesk.MessageInput{BodyText: own.BodyText, FromAgent: true}
				continue
			}
			field := fmt.Sprintf("actions[%d].body_text", i)
			r, err := renderText(field, a.BodyText, vars, tmpl.PlaceText)
			if err != nil {
				return c, err
			}
			if strings.TrimSpace(r.Text) == "" {
				return c, validate.Errorf(field, "renders empty for this ticket, so there is no reply to send (empty: %s)", strings.Join(r.Empty, ", "))
			}
			c.Reply = &helpdesk.MessageInput{BodyText: r.Text, FromAgent: true}
		}
	}
	return c, nil
}

// fire sends the plan's hooks in order and stops at the first that fails,
// which it returns too.
func (s *Service) fire(ctx context.Context, p plan) ([]fired, *fired) {
	var out []fired
	for i, a := range p.macro.Actions {
		if a.Type != ActionHTTPHook || slices.Contains(p.skip, i) {
			continue
		}
		h, vars := a.hook(p.edits[i], p.vars)
		out = append(out, fired{index: i, title: a.Title, result: s.hooks.SendHook(ctx, h, vars)})
		if last := &out[len(out)-1]; !last.result.Success() {
			return out, last
		}
	}
	return out, nil
}
