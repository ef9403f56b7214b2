package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/integration"
)

func (a *API) integrationList(w http.ResponseWriter, r *http.Request) {
	p, err := page(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	list, err := a.integrations.List(r.Context(), p)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeList(w, p, list, func(i integration.Integration) int64 { return i.ID })
}
