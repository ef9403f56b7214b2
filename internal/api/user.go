package api

import (
	"time"

	"github.com/ticketwire/ticketwire/internal/auth"
)

// userJSON is a user as the API shows it: never with a password hash.
type userJSON struct {
	ID              int64     `json:"id"`
	Email           string    `json:"email"`
	Name            string    `json:"name"`
	Firstname       string    `json:"firstname"`
	Lastname        string    `json:"lastname"`
	Bio             string    `json:"bio"`
	Role            string    `json:"role"`
	CreatedDatetime time.Time `json:"created_datetime"`
	UpdatedDatetime time.Time `json:"updated_datetime"`
}

func toUserJSON(u auth.User) userJSON {
	return userJSON{ID: u.ID, Email: u.Email, Name: u.Name, Firstname: u.Firstname, Lastname: u.Lastname, Bio: u.Bio,
		Role: u.Role, CreatedDatetime: u.CreatedAt, UpdatedDatetime: u.UpdatedAt}
}
