package api

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/validate"
)

// userPasswordReset is an admin setting another user's password; all of
// that user's sessions end. The password must be sent: the API never
// answers with a secret (the UI and the CLI can generate one).
func (a *API) userPasswordReset(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		a.notFound(w, r)
		return
	}
	var in struct {
		Password string `json:"password"`
	}
	if err := decode(r, w, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	if in.Password == "" {
		a.writeError(w, r, validate.Errorf("password", "is required"))
		return
	}
	if _, err := a.auth.ResetPassword(r.Context(), id, in.Password); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
