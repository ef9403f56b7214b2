package ui

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/query"
)

// usersShown is how many users the list shows; a helpdesk team is smaller.
const usersShown = 100

// userList lists users for admins, each with a way to reset its password and
// a form for its names and bio, which macros show as current_user.firstname,
// .lastname and .bio.
func (u *UI) userList(w http.ResponseWriter, r *http.Request) {
	u.showUsers(w, r, http.StatusOK, nil)
}

// userFormError is a refused save of the names form: whose, which field, and why.
type userFormError struct {
	UserID  int64
	Field   string
	Message string
}

func (u *UI) showUsers(w http.ResponseWriter, r *http.Request, status int, formErr *userFormError) {
	list, err := u.Auth.ListUsers(r.Context(), query.Page{Limit: usersShown})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.render(w, r, status, "users", "Users", "users", map[string]any{"Users": list, "Me": current(r).User.ID,
		"Error": formErr, "Saved": r.URL.Query().Get("saved")})
}
