package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/helpdesk"
)

func (a *API) customerUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		a.notFound(w, r)
		return
	}
	var in helpdesk.CustomerInput
	if err := decode(r, w, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	c, err := a.helpdesk.UpdateCustomer(r.Context(), id, in)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}
