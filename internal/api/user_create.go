package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/auth"
)

func (a *API) userCreate(w http.ResponseWriter, r *http.Request) {
	var in auth.NewUser
	if err := decode(r, w, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	u, err := a.auth.CreateUser(r.Context(), in)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toUserJSON(u))
}
