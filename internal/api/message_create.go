package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/helpdesk"
)

func (a *API) messageCreate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		a.notFound(w, r)
		return
	}
	var in helpdesk.MessageInput
	if err := decode(r, w, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	m, err := a.helpdesk.AddMessage(r.Context(), actor(r), id, in)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, m)
}
