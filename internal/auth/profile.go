package auth

import (
	"context"
	"errors"
	"strings"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// maxBio is how long a user's bio may be, in characters: a few paragraphs.
const maxBio = 2000

// UserPatch changes a user's names, bio or role; absent fields keep their
// value. A new name alone sets the first and last names from it, new first
// or last names alone set the name from them.
type UserPatch struct {
	Name      *string `json:"name"`
	Firstname *string `json:"firstname"`
	Lastname  *string `json:"lastname"`
	Bio       *string `json:"bio"`
	Role      *string `json:"role"`
}

// UpdateUser changes a user. by is who asks: an admin changes anyone, a user
// their own names and bio, never a role.
func (s *Service) UpdateUser(ctx context.Context, by User, id int64, p UserPatch) (User, error) {
	if !by.IsAdmin() && by.ID != id {
		return User{}, ErrForbidden
	}
	if !by.IsAdmin() && p.Role != nil {
		return User{}, validate.Errorf("role", "only an admin changes roles")
	}
	var out User
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		u, err := tx.GetUser(ctx, id)
		if err != nil {
			return err
		}
		if err := p.apply(&u); err != nil {
			return err
		}
		if by.ID == id && u.Role != RoleAdmin && by.IsAdmin() {
			return validate.Errorf("role", "an admin cannot take away their own admin role")
		}
		row, err := tx.UpdateUser(ctx, u)
		out = userOf(row)
		return err
	})
	return out, err
}

// ErrForbidden is a change the user may not make.
var ErrForbidden = errors.New("auth: forbidden")

func (p UserPatch) apply(u *store.User) error {
	if p.Role != nil {
		if err := validate.OneOf("role", *p.Role, RoleAdmin, RoleAgent); err != nil {
			return err
		}
		u.Role = *p.Role
	}
	name, first, last, bio := u.Name, u.Firstname, u.Lastname, u.Bio
	for _, f := range []struct{ in, out *string }{{p.Name, &name}, {p.Firstname, &first}, {p.Lastname, &last}, {p.Bio, &bio}} {
		if f.in != nil {
			*f.out = *f.in
		}
	}
	switch {
	case p.Name != nil && p.Firstname == nil && p.Lastname == nil:
		first, last = "", "" // taken from the new name
	case p.Name == nil && (p.Firstname != nil || p.Lastname != nil):
		name = "" // joined from the new first and last names
	}
	return checkNames(u, &name, &first, &last, &bio)
}

// checkNames trims, checks and completes a user's names and bio onto u.
func checkNames(u *store.User, name, first, last, bio *string) error {
	for _, f := range []struct {
		field string
		v     *string
		n     int
	}{{"name", name, 255}, {"firstname", first, 255}, {"lastname", last, 255}, {"bio", bio, maxBio}} {
		*f.v = strings.TrimSpace(*f.v)
		if err := validate.MaxLen(f.field, *f.v, f.n); err != nil {
			return err
		}
	}
	u.Name, u.Firstname, u.Lastname = event.Names(*name, *first, *last)
	u.Bio = *bio
	return nil
}
