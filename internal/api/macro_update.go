package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/macro"
)

func (a *API) macroUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		a.notFound(w, r)
		return
	}
	var in macro.Input
	if err := decode(r, w, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	m, err := a.macros.Update(r.Context(), id, in)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, savedMacro{m, problems(m.Warnings)})
}
