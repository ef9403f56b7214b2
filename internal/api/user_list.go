package api

import "net/http"

func (a *API) userList(w http.ResponseWriter, r *http.Request) {
	p, err := page(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	list, err := a.auth.ListUsers(r.Context(), p)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	out := make([]userJSON, 0, len(list))
	for _, u := range list {
		out = append(out, toUserJSON(u))
	}
	writeList(w, p, out, func(u userJSON) int64 { return u.ID })
}
