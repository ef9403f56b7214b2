package auth

import (
	"time"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/store"
)

// User is a person who signs in, as pages, handlers and templates see them:
// never with the password hash, which stays inside this package.
type User struct {
	ID        int64
	Email     string
	Name      string
	Firstname string
	Lastname  string
	Bio       string
	Role      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// IsAdmin says whether the user manages integrations, widgets, macros and users.
func (u User) IsAdmin() bool { return u.Role == RoleAdmin }

// userOf is the view of a stored user, its names completed from each other
// (event.Names), as for users stored with a name only.
func userOf(u store.User) User {
	name, first, last := event.Names(u.Name, u.Firstname, u.Lastname)
	return User{ID: u.ID, Email: u.Email, Name: name, Firstname: first, Lastname: last, Bio: u.Bio, Role: u.Role,
		CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
}
