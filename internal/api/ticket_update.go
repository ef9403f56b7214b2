package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/helpdesk"
)

func (a *API) ticketUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		a.notFound(w, r)
		return
	}
	var p helpdesk.TicketPatch
	if err := decode(r, w, &p); err != nil {
		a.writeError(w, r, err)
		return
	}
	t, err := a.helpdesk.UpdateTicket(r.Context(), actor(r), id, p)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}
