package auth

import (
	"time"

	"github.com/ticketwire/ticketwire/internal/store"
)

// User is a person who signs in, as pages, handlers and templates see them:
// never with the password hash, which stays inside this package.
type User struct {
	ID        int64
	Email     string
	Name      string
	Role      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// IsAdmin says whether the user manages integrations, widgets, macros and users.
func (u User) IsAdmin() bool { return u.Role == RoleAdmin }

// userOf is the view of a stored user.
func userOf(u store.User) User {
	return User{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
}
