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
	writeJSON(w, http.StatusCreated, savedMacro{m, problems(m.Warnings)})
}

// savedMacro is the answer of a create or update: the macro and the
// warnings of its templates, [] when there are none.
type savedMacro struct {
	macro.Macro
	Warnings []fieldProblem `json:"warnings"`
}
