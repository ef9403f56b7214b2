package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/widget"
)

func (a *API) widgetUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		a.notFound(w, r)
		return
	}
	var in widget.Input
	if err := decode(r, w, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	wd, err := a.widgets.Update(r.Context(), id, in)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wd)
}
