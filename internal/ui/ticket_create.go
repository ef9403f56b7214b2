package ui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// ticketCreate creates a ticket from the new-ticket form through the same
// domain call as POST /api/tickets; a refused submit shows the form again
// with what was typed and each error beside its field.
func (u *UI) ticketCreate(w http.ResponseWriter, r *http.Request) {
	p := newTicketPage{Email: r.PostFormValue("email"), Name: r.PostFormValue("name"),
		Subject: r.PostFormValue("subject"), Channel: r.PostFormValue("channel"), Body: r.PostFormValue("body_text"),
		Tags: r.PostFormValue("tags"), AssigneeUserID: r.PostFormValue("assignee_user_id"),
		AssigneeTeamID: r.PostFormValue("assignee_team_id")}
	in, errs := p.input()
	if len(errs) == 0 {
		t, err := u.Helpdesk.CreateTicket(r.Context(), helpdesk.Actor{UserID: current(r).User.ID}, in)
		if err == nil {
			http.Redirect(w, r, "/tickets/"+strconv.FormatInt(t.ID, 10), http.StatusSeeOther)
			return
		}
		v, ok := validate.As(err)
		if !ok {
			u.fail(w, r, err)
			return
		}
		errs = map[string]string{formField(v.Field): v.Message}
	}
	p.Errors = errs
	u.showNewTicket(w, r, http.StatusUnprocessableEntity, p)
}

// input turns the form into a NewTicket. The checks a person most often
// trips over together (email, message, ids) are made here so that one submit
// shows all of them; the helpdesk checks everything again.
func (p newTicketPage) input() (helpdesk.NewTicket, map[string]string) {
	errs := map[string]string{}
	if _, err := validate.Email("email", p.Email); err != nil {
		v, _ := validate.As(err)
		errs["email"] = v.Message
	}
	if strings.TrimSpace(p.Body) == "" {
		errs["body_text"] = "is required: write what the customer asked"
	}
	in := helpdesk.NewTicket{Customer: &helpdesk.CustomerRef{Email: p.Email, Name: p.Name}, Subject: p.Subject,
		Channel: p.Channel, Tags: splitTags(p.Tags), Messages: []helpdesk.MessageInput{{BodyText: p.Body}}}
	var err error
	if in.AssigneeUserID, err = formID(p.AssigneeUserID); err != nil {
		errs["assignee_user_id"] = "must be one of the listed users"
	}
	if in.AssigneeTeamID, err = formID(p.AssigneeTeamID); err != nil {
		errs["assignee_team_id"] = "must be one of the listed teams"
	}
	return in, errs
}

// formID reads an optional id from a select: "" is none.
func formID(v string) (*int64, error) {
	if v == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return nil, validate.Errorf("id", "must be an id")
	}
	return &n, nil
}

// splitTags reads a comma-separated list of tags, dropping blanks.
func splitTags(s string) []string {
	tags := []string{}
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	return tags
}

// formField names the form field that an API field of NewTicket comes from.
func formField(apiField string) string {
	switch {
	case apiField == "customer.email" || apiField == "customer":
		return "email"
	case apiField == "customer.name":
		return "name"
	case strings.HasPrefix(apiField, "messages"):
		return "body_text"
	case strings.HasPrefix(apiField, "tags"):
		return "tags"
	}
	return apiField
}
