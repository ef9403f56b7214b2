package auth

import (
	"context"
	"fmt"
)

// FirstAdmin is the admin created on a new installation, with credentials in
// clear so that they can be shown once.
type FirstAdmin struct {
	Email    string
	Password string // generated when none was configured
	Token    string // an API token, so the API is usable at once
	Created  bool   // false when the database already had users
}

// EnsureFirstAdmin creates an admin when the database has no users yet: with
// email and password when given, else admin@localhost and a generated
// one-time password. Two processes racing here both see zero users at most
// once: the email's unique key lets only one insert win.
func (s *Service) EnsureFirstAdmin(ctx context.Context, email, password string) (FirstAdmin, error) {
	n, err := s.store.CountUsers(ctx)
	if err != nil || n > 0 {
		return FirstAdmin{}, err
	}
	if email == "" {
		email = "admin@localhost"
	}
	if password == "" {
		if password, err = generatePassword(); err != nil {
			return FirstAdmin{}, err
		}
	}
	u, err := s.CreateUser(ctx, NewUser{Email: email, Name: "Admin", Role: RoleAdmin, Password: password})
	if err != nil {
		return FirstAdmin{}, fmt.Errorf("auth: create first admin: %w", err)
	}
	token, err := s.tokenFor(ctx, u.ID, "first admin")
	if err != nil {
		return FirstAdmin{}, err
	}
	return FirstAdmin{Email: u.Email, Password: password, Token: token, Created: true}, nil
}
