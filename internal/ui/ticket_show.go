package ui

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/query"
)

// ticketPage is the data of the ticket view.
type ticketPage struct {
	Ticket  event.Ticket
	Users   []auth.User
	Teams   []helpdesk.Team
	Tags    string
	Snooze  string       // the snooze time as a datetime-local value
	Sidebar *sidebarView // the customer's widgets, when widgets are available
	Error   string

	// Hooks are the "Actions performed" under macro replies, by message id.
	Hooks map[int64][]hookCallView
}

func (u *UI) ticketShow(w http.ResponseWriter, r *http.Request) {
	u.showTicket(w, r, http.StatusOK, "")
}

// showTicket renders the ticket view, with an error message after a refused change.
func (u *UI) showTicket(w http.ResponseWriter, r *http.Request, status int, msg string) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.errorPage(w, r, http.StatusNotFound, "No such ticket.")
		return
	}
	t, err := u.Helpdesk.GetTicket(r.Context(), id)
	if errors.Is(err, query.ErrNotFound) {
		u.errorPage(w, r, http.StatusNotFound, "No such ticket.")
		return
	}
	if err != nil {
		u.fail(w, r, err)
		return
	}
	p := ticketPage{Ticket: t, Error: msg}
	if p.Users, err = u.Auth.ListUsers(r.Context(), query.Page{Limit: 100}); err != nil {
		u.fail(w, r, err)
		return
	}
	if p.Teams, err = u.Helpdesk.ListTeams(r.Context()); err != nil {
		u.fail(w, r, err)
		return
	}
	for i, tag := range t.Tags {
		if i > 0 {
			p.Tags += ", "
		}
		p.Tags += tag.Name
	}
	if t.SnoozeDatetime != nil {
		p.Snooze = t.SnoozeDatetime.UTC().Format("2006-01-02T15:04")
	}
	if p.Hooks, err = u.messageHooks(r.Context(), t.ID); err != nil {
		u.fail(w, r, err)
		return
	}
	if u.Widgets != nil {
		if p.Sidebar, err = u.sidebarFor(r.Context(), current(r).User, t); err != nil {
			u.fail(w, r, err)
			return
		}
	}
	u.render(w, r, status, "ticket", "#"+strconv.FormatInt(t.ID, 10)+" "+t.Subject, "tickets", p)
}
