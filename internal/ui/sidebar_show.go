package ui

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/query"
)

// sidebarShow answers the widget list of a ticket's sidebar as an HTML
// fragment, so the widget editor can show a saved change, rendered with the
// customer's data exactly as the page renders it, without a reload.
func (u *UI) sidebarShow(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || u.Widgets == nil {
		http.Error(w, "No such ticket.", http.StatusNotFound)
		return
	}
	t, err := u.Helpdesk.GetTicket(r.Context(), id)
	if errors.Is(err, query.ErrNotFound) {
		http.Error(w, "No such ticket.", http.StatusNotFound)
		return
	}
	if err != nil {
		u.fail(w, r, err)
		return
	}
	v := &sidebarView{TicketID: t.ID, CustomerID: t.Customer.ID, Admin: current(r).User.Role == auth.RoleAdmin}
	if v.Widgets, v.Failures, err = u.widgetViews(r.Context(), t.Customer, v.Admin); err != nil {
		u.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := u.pages.byName["ticket"].ExecuteTemplate(&buf, "widget-list", v); err != nil {
		u.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
}
