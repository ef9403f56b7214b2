// Package auth owns users and their roles, password hashing, API tokens and
// the first admin of a new installation.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// The two roles. Admins manage integrations, widgets, macros and users;
// agents work tickets.
const (
	RoleAdmin = "admin"
	RoleAgent = "agent"
)

// ErrUnauthenticated is returned for a missing, unknown or malformed credential.
var ErrUnauthenticated = errors.New("auth: invalid credentials")

// tokenPrefix makes ticketwire tokens recognisable to secret scanners and people.
const tokenPrefix = "tw_"

// Service manages users and credentials.
type Service struct {
	store  *store.Store
	now    func() time.Time
	limits Limits
}

// Option changes a Service at construction.
type Option func(*Service)

// WithLimits replaces the default sign-in limits.
func WithLimits(l Limits) Option { return func(s *Service) { s.limits = l } }

// New returns the auth service over st, with the default sign-in limits
// unless an option says otherwise.
func New(st *store.Store, opts ...Option) *Service {
	s := &Service{store: st, now: time.Now, limits: DefaultLimits()}
	for _, o := range opts {
		o(s)
	}
	return s
}

// NewUser is what it takes to create a user; an empty password means the
// user cannot sign in with a password (API tokens still work). An empty name
// is the first and last names joined, and empty first and last names come
// from the name (event.Names).
type NewUser struct {
	Email     string `json:"email"`
	Name      string `json:"name"`
	Firstname string `json:"firstname"`
	Lastname  string `json:"lastname"`
	Bio       string `json:"bio"`
	Role      string `json:"role"`
	Password  string `json:"password"`
}

// CreateUser validates and creates a user.
func (s *Service) CreateUser(ctx context.Context, in NewUser) (User, error) {
	email, err := validate.Email("email", in.Email)
	if err != nil {
		return User{}, err
	}
	if err := validate.OneOf("role", in.Role, RoleAdmin, RoleAgent); err != nil {
		return User{}, err
	}
	u := store.User{Email: email, Role: in.Role}
	if err := checkNames(&u, &in.Name, &in.Firstname, &in.Lastname, &in.Bio); err != nil {
		return User{}, err
	}
	if in.Password != "" {
		if u.PasswordHash, err = HashPassword(in.Password); err != nil {
			return User{}, err
		}
	}
	return oneUser(s.store.CreateUser(ctx, u))
}

// oneUser is the view of a user a store call returned.
func oneUser(u store.User, err error) (User, error) {
	if err != nil {
		return User{}, err
	}
	return userOf(u), nil
}

// HashPassword hashes a password with bcrypt after checking its length.
func HashPassword(p string) (string, error) {
	if err := checkNewPassword("password", p); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(p), bcrypt.DefaultCost)
	if err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	return string(h), nil
}

// CheckPassword returns the user whose email and password match.
func (s *Service) CheckPassword(ctx context.Context, email, password string) (User, error) {
	u, err := s.store.GetUserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.PasswordHash == "") {
		// Spend the same time as a real check so response timing does not
		// reveal which emails exist.
		_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return User{}, ErrUnauthenticated
	}
	if err != nil {
		return User{}, err
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil {
		return User{}, ErrUnauthenticated
	}
	return userOf(u), nil
}

var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not a real password"), bcrypt.DefaultCost)

// CreateToken makes a new API token for the user with email and returns it in
// clear; only its hash is stored, so it cannot be shown again.
func (s *Service) CreateToken(ctx context.Context, email, name string) (string, error) {
	u, err := s.store.GetUserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if errors.Is(err, store.ErrNotFound) {
		return "", validate.Errorf("email", "no user has email %q", email)
	}
	if err != nil {
		return "", err
	}
	return s.tokenFor(ctx, u.ID, name)
}

func (s *Service) tokenFor(ctx context.Context, userID int64, name string) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("auth: random token: %w", err)
	}
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	if _, err := s.store.CreateToken(ctx, store.Token{UserID: userID, Name: name, Hash: hashToken(token)}); err != nil {
		return "", err
	}
	return token, nil
}

// hashToken is SHA-256: tokens carry 256 random bits, so a slow hash adds
// nothing and would slow every API call.
func hashToken(t string) string {
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:])
}

// Authenticate returns the user owning an API token.
func (s *Service) Authenticate(ctx context.Context, token string) (User, error) {
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > 200 {
		return User{}, ErrUnauthenticated
	}
	h := hashToken(token)
	u, err := s.store.UserByTokenHash(ctx, h)
	if errors.Is(err, store.ErrNotFound) {
		return User{}, ErrUnauthenticated
	}
	if err != nil {
		return User{}, err
	}
	if err := s.store.TouchToken(ctx, h, s.now()); err != nil {
		return User{}, err
	}
	return userOf(u), nil
}

// GetUser loads a user.
func (s *Service) GetUser(ctx context.Context, id int64) (User, error) {
	return oneUser(s.store.GetUser(ctx, id))
}

// ListUsers lists users, newest first.
func (s *Service) ListUsers(ctx context.Context, p query.Page) ([]User, error) {
	rows, err := s.store.ListUsers(ctx, p)
	if err != nil {
		return nil, err
	}
	out := make([]User, 0, len(rows))
	for _, u := range rows {
		out = append(out, userOf(u))
	}
	return out, nil
}
