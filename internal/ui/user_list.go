package ui

import (
	"net/http"

	"github.com/ticketwire/ticketwire/internal/query"
)

// usersShown is how many users the list shows; a helpdesk team is smaller.
const usersShown = 100

// userList lists users for admins, each with a way to reset its password.
func (u *UI) userList(w http.ResponseWriter, r *http.Request) {
	list, err := u.Auth.ListUsers(r.Context(), query.Page{Limit: usersShown})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.render(w, r, http.StatusOK, "users", "Users", "users", map[string]any{"Users": list, "Me": current(r).User.ID})
}
