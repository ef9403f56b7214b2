package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/helpdesk"
)

func (a *API) customerCreate(w http.ResponseWriter, r *http.Request) {
	var in helpdesk.CustomerInput
	if err := decode(r, w, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	c, err := a.helpdesk.CreateCustomer(r.Context(), in)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}
