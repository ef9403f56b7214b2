package ui

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// accountPasswordForm shows the form a signed-in user changes their own
// password with; ?changed=1 says the last change worked.
func (u *UI) accountPasswordForm(w http.ResponseWriter, r *http.Request) {
	u.render(w, r, http.StatusOK, "account_password", "Change password", "account", map[string]any{
		"Changed": r.URL.Query().Get("changed") == "1", "MinLen": auth.MinPasswordLen, "Errors": map[string]string{}})
}

// accountPassword changes the user's password. This browser stays signed
// in; every other session of the user ends.
func (u *UI) accountPassword(w http.ResponseWriter, r *http.Request) {
	in := auth.PasswordChange{Current: r.PostFormValue("current_password"), New: r.PostFormValue("new_password")}
	if in.New != r.PostFormValue("confirm_password") {
		u.accountPasswordAgain(w, r, http.StatusUnprocessableEntity, "confirm_password", "does not match the new password")
		return
	}
	c, _ := r.Cookie(auth.SessionCookie) // present: u.session let the request in
	err := u.Auth.ChangePassword(r.Context(), current(r).User, in, c.Value, u.ClientAddr.Addr(r))
	var throttled *auth.ThrottledError
	if v, ok := validate.As(err); ok {
		u.accountPasswordAgain(w, r, http.StatusUnprocessableEntity, v.Field, v.Message)
		return
	}
	if errors.As(err, &throttled) {
		w.Header().Set("Retry-After", strconv.Itoa(throttled.Seconds()))
		u.accountPasswordAgain(w, r, http.StatusTooManyRequests, "current_password",
			"was wrong too many times; try again in "+minutes(throttled.Seconds()))
		return
	}
	if err != nil {
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/account/password?changed=1", http.StatusSeeOther)
}

// accountPasswordAgain shows the form again with the message beside field.
func (u *UI) accountPasswordAgain(w http.ResponseWriter, r *http.Request, status int, field, msg string) {
	u.render(w, r, status, "account_password", "Change password", "account", map[string]any{
		"MinLen": auth.MinPasswordLen, "Errors": map[string]string{field: msg}})
}
