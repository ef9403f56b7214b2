package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/helpdesk"
)

func (a *API) ticketCreate(w http.ResponseWriter, r *http.Request) {
	var in helpdesk.NewTicket
	if err := decode(r, w, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	t, err := a.helpdesk.CreateTicket(r.Context(), actor(r), in)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, t)
}
