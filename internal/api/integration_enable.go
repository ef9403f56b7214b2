package api

import "net/http"

// integrationEnable turns an integration on; its failure count starts from zero.
func (a *API) integrationEnable(w http.ResponseWriter, r *http.Request) { a.setEnabled(w, r, true) }

// integrationDisable turns an integration off; events are then logged as skipped.
func (a *API) integrationDisable(w http.ResponseWriter, r *http.Request) { a.setEnabled(w, r, false) }

func (a *API) setEnabled(w http.ResponseWriter, r *http.Request, enabled bool) {
	id, ok := pathID(r, "id")
	if !ok {
		a.notFound(w, r)
		return
	}
	it, err := a.integrations.SetEnabled(r.Context(), id, enabled)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, it)
}
