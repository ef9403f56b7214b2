package ui

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/query"
)

// newTicketChannels are the channels an agent picks from when logging a
// ticket by hand; "api" and internal notes are not ways a customer writes in.
var newTicketChannels = []string{"email", "phone", "chat", "sms", "contact_form"}

// newTicketPage is the data of the new-ticket form: what was typed, and the
// errors of a refused submit by form field.
type newTicketPage struct {
	Email, Name, Subject, Channel, Body, Tags string
	AssigneeUserID, AssigneeTeamID            string
	Channels                                  []string
	Users                                     []auth.User
	Teams                                     []helpdesk.Team
	Errors                                    map[string]string
}

// ticketNewForm shows an empty new-ticket form.
func (u *UI) ticketNewForm(w http.ResponseWriter, r *http.Request) {
	u.showNewTicket(w, r, http.StatusOK, newTicketPage{Channel: "email"})
}

// showNewTicket renders the form with the users and teams to assign.
func (u *UI) showNewTicket(w http.ResponseWriter, r *http.Request, status int, p newTicketPage) {
	var err error
	if p.Users, err = u.Auth.ListUsers(r.Context(), query.Page{Limit: 100}); err != nil {
		u.fail(w, r, err)
		return
	}
	if p.Teams, err = u.Helpdesk.ListTeams(r.Context()); err != nil {
		u.fail(w, r, err)
		return
	}
	p.Channels = newTicketChannels
	u.render(w, r, status, "ticket_new", "New ticket", "tickets", p)
}
