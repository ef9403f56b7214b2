package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/integration"
)

func (a *API) integrationCreate(w http.ResponseWriter, r *http.Request) {
	var in integration.Input
	if err := decode(r, w, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	it, err := a.integrations.Create(r.Context(), in)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, savedIntegration{it, problems(it.Warnings)})
}

// savedIntegration is the answer of a create or update: the integration and
// the warnings of its settings, [] when there are none.
type savedIntegration struct {
	integration.Integration
	Warnings []fieldProblem `json:"warnings"`
}
