package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/macro"
)

func (a *API) macroCreate(w http.ResponseWriter, r *http.Request) {
	var in macro.Input
	if err := decode(r, w, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	m, err := a.macros.Create(r.Context(), in)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, m)
}
