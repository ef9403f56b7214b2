package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/integration"
)

func (a *API) integrationGet(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		a.notFound(w, r)
		return
	}
	it, err := a.integrations.Get(r.Context(), id)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	out, err := a.withHealth(r.Context(), []integration.Integration{it})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out[0])
}
