package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/validate"
)

func (a *API) eventList(w http.ResponseWriter, r *http.Request) {
	p, err := page(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	ticketID, err := queryID(r, "ticket_id")
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	kind := r.URL.Query().Get("kind")
	if kind != "" && !event.Kind(kind).Valid() {
		a.writeError(w, r, validate.Errorf("kind", "must be one of the event kinds such as ticket-created, not %q", kind))
		return
	}
	list, err := a.helpdesk.ListEvents(r.Context(), query.EventFilter{TicketID: ticketID, Kind: kind, Page: p})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeList(w, p, list, func(e event.Event) int64 { return e.ID })
}
