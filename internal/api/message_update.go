package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/helpdesk"
)

func (a *API) messageUpdate(w http.ResponseWriter, r *http.Request) {
	ticketID, ok1 := pathID(r, "id")
	messageID, ok2 := pathID(r, "message_id")
	if !ok1 || !ok2 {
		a.notFound(w, r)
		return
	}
	var p helpdesk.MessagePatch
	if err := decode(r, w, &p); err != nil {
		a.writeError(w, r, err)
		return
	}
	m, err := a.helpdesk.MarkMessageFailed(r.Context(), actor(r), ticketID, messageID, p)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, m)
}
