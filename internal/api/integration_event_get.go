package api

import "net/http"

func (a *API) integrationEventGet(w http.ResponseWriter, r *http.Request) {
	id, ok1 := pathID(r, "id")
	eventID, ok2 := pathID(r, "event_id")
	if !ok1 || !ok2 {
		a.notFound(w, r)
		return
	}
	l, err := a.delivery.GetLog(r.Context(), id, eventID)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, l)
}
