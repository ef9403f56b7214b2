package ui

import (
	"net/http"
	"strconv"

	"github.com/ticketwire/ticketwire/internal/query"
)

const ticketsPerPage = 25

func (u *UI) ticketList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	status := q.Get("status")
	if status != "closed" && status != "all" {
		status = "open"
	}
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	f := query.TicketFilter{Page: query.Page{BeforeID: before, Limit: ticketsPerPage}}
	if status != "all" {
		f.Status = status
	}
	list, err := u.Helpdesk.ListTickets(r.Context(), f)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	var next int64
	if len(list) == ticketsPerPage {
		next = list[len(list)-1].ID
	}
	u.render(w, r, http.StatusOK, "tickets", "Tickets", "tickets", map[string]any{
		"Tickets": list, "Status": status, "Next": next, "Paged": before > 0})
}
