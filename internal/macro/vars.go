package macro

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/tmpl"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// variables builds the back-office variables of a macro: the ticket exactly
// as GET /api/tickets/{id} shows it now, so the data its customer's
// integrations fetched is ticket.customer.integrations[<id>]; current_user,
// the agent applying the macro; account (also ticket.account), this
// helpdesk; and satisfaction_survey_url, which the hosted helpdesk's macro
// docs list and which is empty because ticketwire has no surveys yet.
func variables(t event.Ticket, u auth.User, account map[string]any) (map[string]any, error) {
	raw, err := json.Marshal(t)
	if err != nil {
		return nil, fmt.Errorf("macro: encode ticket %d: %w", t.ID, err)
	}
	var ticket map[string]any
	if err := json.Unmarshal(raw, &ticket); err != nil {
		return nil, fmt.Errorf("macro: decode ticket %d: %w", t.ID, err)
	}
	vars := tmpl.BuildContext(tmpl.ContextInput{Ticket: ticket, CurrentUser: currentUser(u), Account: account})
	vars["satisfaction_survey_url"] = ""
	return vars, nil
}

// currentUser is the current_user variable with every name the hosted
// helpdesk's macro docs list: id, email, name, firstname, lastname and bio
// (plus role), as the users page and PUT /api/users/{id} set them, the names
// completed from each other (event.Names).
func currentUser(u auth.User) map[string]any {
	name, first, last := event.Names(u.Name, u.Firstname, u.Lastname)
	return map[string]any{"id": u.ID, "email": u.Email, "name": name, "role": u.Role,
		"firstname": first, "lastname": last, "bio": u.Bio}
}

// renderText renders one field's template for place, naming the field when
// it cannot be rendered.
func renderText(field, src string, vars map[string]any, place tmpl.Place) (tmpl.Result, error) {
	t, err := tmpl.Parse(src)
	if err != nil {
		return tmpl.Result{}, validate.Errorf(field, "has a template error at %v", err)
	}
	r, err := t.Render(vars, place)
	if err != nil {
		return tmpl.Result{}, validate.Errorf(field, "could not be rendered: %v", strings.TrimPrefix(err.Error(), "tmpl: render: "))
	}
	return r, nil
}
