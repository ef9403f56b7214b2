package api

import "net/http"

func (a *API) integrationEventReplay(w http.ResponseWriter, r *http.Request) {
	id, ok1 := pathID(r, "id")
	eventID, ok2 := pathID(r, "event_id")
	if !ok1 || !ok2 {
		a.notFound(w, r)
		return
	}
	if err := a.delivery.Replay(r.Context(), id, eventID); err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"status": "queued"})
}
