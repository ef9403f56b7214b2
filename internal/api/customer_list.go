package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/event"
)

func (a *API) customerList(w http.ResponseWriter, r *http.Request) {
	p, err := page(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	list, err := a.helpdesk.FindCustomers(r.Context(), r.URL.Query().Get("email"), p)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeList(w, p, list, func(c event.Customer) int64 { return c.ID })
}
