package macro

import (
	"fmt"
	"slices"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/tmpl"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// tryInput checks a copy of a macro's input and renders its templates
// against an empty ticket, so a template past a limit whatever the ticket
// holds is a 422 at save. It runs before the save's transaction opens: no
// template is rendered inside one (the check inside parses only).
func tryInput(in Input) error {
	in.Actions = slices.Clone(in.Actions)
	if err := check(&in); err != nil {
		return err
	}
	vars := tmpl.BuildContext(tmpl.ContextInput{Ticket: map[string]any{}, CurrentUser: map[string]any{}})
	for i, a := range in.Actions {
		prefix := fmt.Sprintf("actions[%d].", i)
		switch a.Type {
		case ActionReply:
			if err := integration.TryTemplate(prefix+"body_text", a.BodyText, vars, tmpl.PlaceText, tmpl.Limits{}); err != nil {
				return err
			}
		case ActionHTTPHook:
			if err := integration.TryRequest(prefix, a.request()); err != nil {
				return err
			}
			for k, p := range a.Params {
				if err := integration.TryTemplate(fmt.Sprintf("%sparams[%d].value", prefix, k), p.Value, vars, tmpl.PlaceForm, tmpl.Limits{}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Warnings lists what may be wrong with a valid macro without being an
// error: variables of its reply and hooks that exist in no tree a macro
// reads (integration.UnknownVariables), field by field.
func Warnings(in Input) []*validate.Error {
	var out []*validate.Error
	for i, a := range in.Actions {
		prefix := fmt.Sprintf("actions[%d].", i)
		switch a.Type {
		case ActionReply:
			out = append(out, integration.UnknownVariables(prefix+"body_text", a.BodyText, integration.ScopeMacro)...)
		case ActionHTTPHook:
			out = append(out, integration.Warnings(prefix, a.request(), integration.ScopeMacro)...)
			for k, p := range a.Params {
				out = append(out, integration.UnknownVariables(fmt.Sprintf("%sparams[%d].value", prefix, k), p.Value, integration.ScopeMacro)...)
			}
		}
	}
	return out
}
