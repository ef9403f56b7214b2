package macro

import (
	"fmt"
	"slices"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/tmpl"
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
