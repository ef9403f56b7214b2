package ui

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// userSave saves a user's names and bio from the users page through
// auth.UpdateUser, with the API's rules.
func (u *UI) userSave(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.errorPage(w, r, http.StatusNotFound, "No such user.")
		return
	}
	first, last, bio := r.PostFormValue("firstname"), r.PostFormValue("lastname"), r.PostFormValue("bio")
	_, err = u.Auth.UpdateUser(r.Context(), current(r).User, id, auth.UserPatch{Firstname: &first, Lastname: &last, Bio: &bio})
	if v, ok := validate.As(err); ok {
		u.showUsers(w, r, http.StatusUnprocessableEntity, &userFormError{UserID: id, Field: v.Field, Message: v.Error()})
		return
	}
	if errors.Is(err, query.ErrNotFound) {
		u.errorPage(w, r, http.StatusNotFound, "No such user.")
		return
	}
	if err != nil {
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings/users?saved="+strconv.FormatInt(id, 10)+"#user-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
