package api

import "net/http"

// integrationTest sends the integration's request for a ticket now.
func (a *API) integrationTest(w http.ResponseWriter, r *http.Request) {
	id, t, ok := a.integrationAndTicket(w, r)
	if !ok {
		return
	}
	res, err := a.delivery.Test(r.Context(), id, t)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
