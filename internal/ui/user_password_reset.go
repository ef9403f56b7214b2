package ui

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// userPasswordResetForm asks an admin for another user's new password, or
// offers to generate one. An admin's own password is changed on the
// account page, which needs the current one.
func (u *UI) userPasswordResetForm(w http.ResponseWriter, r *http.Request) {
	target, ok := u.resetTarget(w, r)
	if !ok {
		return
	}
	u.render(w, r, http.StatusOK, "user_password", "Reset password", "users", map[string]any{
		"Target": target, "MinLen": auth.MinPasswordLen})
}

// userPasswordReset sets the password and ends every session of the user.
// A generated password is shown on this answer only, which is not cached.
func (u *UI) userPasswordReset(w http.ResponseWriter, r *http.Request) {
	target, ok := u.resetTarget(w, r)
	if !ok {
		return
	}
	chosen := r.PostFormValue("password")
	password, err := u.Auth.ResetPassword(r.Context(), target.ID, chosen)
	if v, ok := validate.As(err); ok {
		u.render(w, r, http.StatusUnprocessableEntity, "user_password", "Reset password", "users", map[string]any{
			"Target": target, "MinLen": auth.MinPasswordLen, "Error": v.Message})
		return
	}
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.Log.Info("ui: password reset by an admin", "user_id", target.ID, "admin_id", current(r).User.ID)
	data := map[string]any{"Target": target, "Done": true}
	if chosen == "" {
		data["Generated"] = password
	}
	w.Header().Set("Cache-Control", "no-store")
	u.render(w, r, http.StatusOK, "user_password", "Reset password", "users", data)
}

// resetTarget loads the user of the path, answering 404 for none and
// sending an admin's own id to the account page.
func (u *UI) resetTarget(w http.ResponseWriter, r *http.Request) (auth.User, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		u.errorPage(w, r, http.StatusNotFound, "No such user.")
		return auth.User{}, false
	}
	if id == current(r).User.ID {
		http.Redirect(w, r, "/account/password", http.StatusSeeOther)
		return auth.User{}, false
	}
	target, err := u.Auth.GetUser(r.Context(), id)
	if errors.Is(err, query.ErrNotFound) {
		u.errorPage(w, r, http.StatusNotFound, "No such user.")
		return auth.User{}, false
	}
	if err != nil {
		u.fail(w, r, err)
		return auth.User{}, false
	}
	return target, true
}
