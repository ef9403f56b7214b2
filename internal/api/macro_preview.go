package api

import "net/http"

func (a *API) macroPreview(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		a.notFound(w, r)
		return
	}
	var in struct {
		TicketID int64 `json:"ticket_id"`
	}
	if err := decode(r, w, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	p, err := a.macros.Preview(r.Context(), currentUser(r), id, in.TicketID)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}
