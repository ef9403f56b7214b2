package macro

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/tmpl"
)

// Hook is an HTTP request a person fires outside any macro, such as a
// widget card's button. It goes through the machinery of a macro's HTTP
// hooks: the guarded client, templates and their limits, timeout,
// redaction and the hooks log.
type Hook struct {
	// Title is what the hooks log calls it (the button's label).
	Title string
	// Index is its place where it was defined (the button's index).
	Index int
	// Action is the request, of type http_hook; its params may be editable.
	Action Action
	// Values are the agent's values for the editable params, by key. A value
	// for a param that is not editable is refused; a value is sent as given,
	// never run as a template. Errors name them "values.<key>".
	Values map[string]string
	// Headers and Form are the agent's values for the editable headers and
	// form fields, in the same way; errors name them "headers.<key>" and
	// "form.<key>".
	Headers map[string]string
	Form    map[string]string
	// JSONBody, when not nil, is sent as the JSON body, each string in it
	// rendered as a template for a JSON string.
	JSONBody map[string]any
	// Vars are variables added to the back-office ones (ticket,
	// current_user, account), which win over them on a clash.
	Vars map[string]any
}

// jsonBodyVar is the variable a hook's rendered JSON body is sent through.
const jsonBodyVar = "hook_json_body"

// RunHook fires h on ticket t as user and logs it in the hooks log. A
// request that cannot be built is logged as build-failed like any hook;
// only bad input (a value for a param that is not editable, a template
// that does not parse) is an error, and then nothing is sent.
func (s *Service) RunHook(ctx context.Context, user auth.User, t event.Ticket, h Hook) (HookCall, error) {
	a := h.Action
	a.Type = ActionHTTPHook
	a.Params = slices.Clone(a.Params)
	if err := checkListEdits("values", a.Params, h.Values, false); err != nil {
		return HookCall{}, err
	}
	if err := checkListEdits("headers", a.Headers, h.Headers, true); err != nil {
		return HookCall{}, err
	}
	if err := checkListEdits("form", a.Form, h.Form, false); err != nil {
		return HookCall{}, err
	}
	vars, err := variables(t, user, s.account())
	if err != nil {
		return HookCall{}, err
	}
	for k, v := range h.Vars {
		if _, taken := vars[k]; !taken {
			vars[k] = tmpl.Normalize(v)
		}
	}
	if h.JSONBody != nil {
		body, err := renderJSON("body.json", h.JSONBody, vars)
		if err != nil {
			return HookCall{}, err
		}
		vars = maps.Clone(vars)
		vars[jsonBodyVar] = body
		a.RequestContentType, a.Body, a.Form = integration.ContentJSON, "{{"+jsonBodyVar+"}}", nil
	}
	hook, vars := a.hook(Edit{Params: h.Values, Headers: h.Headers, Form: h.Form}, vars)
	// The log must be written even if the agent goes away; the request is
	// bounded by the delivery timeout.
	ctx = context.WithoutCancel(ctx)
	res := s.hooks.SendHook(ctx, hook, vars)
	p := plan{ticket: t, user: user}
	rows := s.hookRows(p, []fired{{index: h.Index, title: h.Title, result: res}}, 0)
	rows[0].MacroID = nil
	var out []HookCall
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		out, err = insertHooks(ctx, tx.Q, rows)
		return err
	})
	if err != nil {
		return HookCall{}, err
	}
	return out[0], nil
}

// renderJSON renders every string of a JSON body as a template, outside any
// transaction; the result is a copy.
func renderJSON(field string, v any, vars map[string]any) (any, error) {
	switch x := v.(type) {
	case string:
		r, err := renderText(field, x, vars, tmpl.PlaceText)
		return r.Text, err
	case map[string]any:
		out := make(map[string]any, len(x))
		for _, k := range slices.Sorted(maps.Keys(x)) {
			e, err := renderJSON(field+"."+k, x[k], vars)
			if err != nil {
				return nil, err
			}
			out[k] = e
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			r, err := renderJSON(fmt.Sprintf("%s[%d]", field, i), e, vars)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	}
	return v, nil
}
