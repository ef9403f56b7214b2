package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/auth"
)

// userPasswordChange lets the caller change their own password. The browser
// session making the call stays signed in; every other session ends.
func (a *API) userPasswordChange(w http.ResponseWriter, r *http.Request) {
	var in auth.PasswordChange
	if err := decode(r, w, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	if err := a.auth.ChangePassword(r.Context(), currentUser(r), in, sessionID(r), a.clientAddr.Addr(r)); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
