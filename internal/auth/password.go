package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// MinPasswordLen is the shortest password accepted. Eight characters is
// NIST SP 800-63B's floor for passwords a person chooses; the throttle
// makes guessing online slow, and bcrypt guessing offline.
const MinPasswordLen = 8

// maxPasswordLen is where bcrypt stops reading; longer input is refused
// rather than silently cut.
const maxPasswordLen = 72

// checkNewPassword tells a user, by field, what a password must be.
func checkNewPassword(field, p string) error {
	if len([]rune(p)) < MinPasswordLen {
		return validate.Errorf(field, "must be at least %d characters", MinPasswordLen)
	}
	if len(p) > maxPasswordLen {
		return validate.Errorf(field, "must be at most %d bytes", maxPasswordLen)
	}
	return nil
}

// PasswordChange is a signed-in user's request to change their password.
type PasswordChange struct {
	Current string `json:"current_password"`
	New     string `json:"new_password"`
}

// ChangePassword sets u's new password once the current one is confirmed
// (under the sign-in throttle, so a left-open session cannot be used to
// guess it) and ends u's other sessions; keepSession is the cookie value of
// the session making the change, or "" (an API token) to end them all.
func (s *Service) ChangePassword(ctx context.Context, u User, in PasswordChange, keepSession string, addr netip.Addr) error {
	if in.Current == "" {
		return validate.Errorf("current_password", "is required")
	}
	if err := checkNewPassword("new_password", in.New); err != nil {
		return err
	}
	a := newAttempt(u.Email, addr)
	if err := s.begin(ctx, a); err != nil {
		return err
	}
	if _, err := s.CheckPassword(ctx, u.Email, in.Current); errors.Is(err, ErrUnauthenticated) {
		return validate.Errorf("current_password", "is not your current password")
	} else if err != nil {
		return err
	}
	if err := s.succeeded(ctx, a); err != nil {
		return err
	}
	keep := ""
	if keepSession != "" {
		keep = hashToken(keepSession)
	}
	return s.setPassword(ctx, u.ID, in.New, keep)
}

// ResetPassword is an admin setting another user's password: password, or a
// generated one when it is empty, which is returned so that it can be shown
// once. Every session of the user ends and its sign-in lockout is lifted.
func (s *Service) ResetPassword(ctx context.Context, userID int64, password string) (string, error) {
	if password == "" {
		var err error
		if password, err = generatePassword(); err != nil {
			return "", err
		}
	} else if err := checkNewPassword("password", password); err != nil {
		return "", err
	}
	u, err := s.store.GetUser(ctx, userID)
	if err != nil {
		return "", err
	}
	if err := s.setPassword(ctx, u.ID, password, ""); err != nil {
		return "", err
	}
	return password, s.store.ClearSigninAttempts(ctx, newAttempt(u.Email, netip.Addr{}).account)
}

// ResetPasswordByEmail is ResetPassword for the user with email, for the CLI.
func (s *Service) ResetPasswordByEmail(ctx context.Context, email, password string) (string, error) {
	u, err := s.store.GetUserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if errors.Is(err, store.ErrNotFound) {
		return "", validate.Errorf("email", "no user has email %q", email)
	}
	if err != nil {
		return "", err
	}
	return s.ResetPassword(ctx, u.ID, password)
}

// setPassword stores the new hash and ends the user's sessions but keepHash
// in one transaction, so no old session outlives the change.
func (s *Service) setPassword(ctx context.Context, userID int64, password, keepHash string) error {
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return fmt.Errorf("auth: hash password: %w", err)
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetUserPassword(ctx, userID, string(h)); err != nil {
			return err
		}
		return tx.DeleteUserSessions(ctx, userID, keepHash)
	})
}

// generatePassword returns 120 random bits in 20 URL-safe characters.
func generatePassword() (string, error) {
	b := make([]byte, 15)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("auth: random password: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
