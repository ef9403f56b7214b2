package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/integration"
)

func (a *API) integrationUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		a.notFound(w, r)
		return
	}
	var in integration.Input
	if err := decode(r, w, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	it, err := a.integrations.Update(r.Context(), id, in)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, savedIntegration{it, problems(it.Warnings)})
}
