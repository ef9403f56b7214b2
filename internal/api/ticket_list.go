package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/query"
)

func (a *API) ticketList(w http.ResponseWriter, r *http.Request) {
	p, err := page(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	customerID, err := queryID(r, "customer_id")
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	f := query.TicketFilter{Status: r.URL.Query().Get("status"), CustomerID: customerID, Page: p}
	list, err := a.helpdesk.ListTickets(r.Context(), f)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeList(w, p, list, func(t event.Ticket) int64 { return t.ID })
}
