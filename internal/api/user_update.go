package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/auth"
)

// userUpdate changes a user's names, bio or role: admins change anyone,
// everyone their own names and bio.
func (a *API) userUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		a.notFound(w, r)
		return
	}
	var p auth.UserPatch
	if err := decode(r, w, &p); err != nil {
		a.writeError(w, r, err)
		return
	}
	u, err := a.auth.UpdateUser(r.Context(), currentUser(r), id, p)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toUserJSON(u))
}
