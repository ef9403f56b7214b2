package api

import "net/http"

// integrationTest sends the integration's request for a ticket now.
func (a *API) integrationTest(w http.ResponseWriter, r *http.Request) {
	it, t, ok := a.integrationAndTicket(w, r)
	if !ok {
		return
	}
	res, err := a.delivery.Test(r.Context(), it.ID, t)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
