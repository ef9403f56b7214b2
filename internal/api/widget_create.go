package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/widget"
)

func (a *API) widgetCreate(w http.ResponseWriter, r *http.Request) {
	var in widget.Input
	if err := decode(r, w, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	wd, err := a.widgets.Create(r.Context(), in)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, wd)
}
