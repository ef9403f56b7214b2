package api

import "net/http"

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
	out, err := a.withHealth(r.Context(), list)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeList(w, p, out, func(i integrationWithHealth) int64 { return i.ID })
}
