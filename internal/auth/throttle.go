package auth

import (
	"context"
	"fmt"
	"math"
	"net/netip"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/clientaddr"
)

// Limits bound password guessing. Attempts are counted in the database, so
// the limits hold across every process of a PostgreSQL cluster.
type Limits struct {
	PerAccount int           // failed attempts on one email within Window
	PerAddress int           // failed attempts from one client address within Window
	Window     time.Duration // a fixed window that starts at the first counted attempt
}

// DefaultLimits are 10 failures per account and 50 per address in 15
// minutes: a person who forgot a password is not slowed down, a guesser gets
// at most 40 tries an hour per account. An address gets more than an
// account because an office or a mobile carrier puts many people behind one.
func DefaultLimits() Limits { return Limits{PerAccount: 10, PerAddress: 50, Window: 15 * time.Minute} }

// ThrottledError says a password attempt was refused unchecked because too
// many attempts failed; RetryAfter is when the window ends.
type ThrottledError struct {
	RetryAfter time.Duration
}

// Seconds is RetryAfter in whole seconds, rounded up, for a Retry-After header.
func (e *ThrottledError) Seconds() int { return int(math.Ceil(e.RetryAfter.Seconds())) }

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("too many failed sign-in attempts; try again in %s", e.RetryAfter.Round(time.Second))
}

// attempt is one password check's throttle keys (already hashed).
type attempt struct {
	account, address string
}

func newAttempt(email string, addr netip.Addr) attempt {
	return attempt{account: hashToken("account:" + strings.ToLower(strings.TrimSpace(email))),
		address: hashToken("address:" + clientaddr.Key(addr))}
}

// begin counts the attempt before its password is checked (so that parallel
// requests cannot all pass a check made before any failure was written) and
// refuses it when either count is over its limit. The email is counted
// whether or not such a user exists, so a 429 tells nothing about accounts.
func (s *Service) begin(ctx context.Context, a attempt) error {
	now := s.now()
	since := now.Add(-s.limits.Window)
	_ = s.store.DeleteOldSigninAttempts(ctx, since)
	var wait time.Duration
	for _, k := range []struct {
		hash  string
		limit int
	}{{a.account, s.limits.PerAccount}, {a.address, s.limits.PerAddress}} {
		n, start, err := s.store.AddSigninAttempt(ctx, k.hash, now, since)
		if err != nil {
			return err
		}
		if n > k.limit {
			wait = max(wait, start.Add(s.limits.Window).Sub(now))
		}
	}
	if wait > 0 {
		return &ThrottledError{RetryAfter: max(wait, time.Second)}
	}
	return nil
}

// succeeded resets the account's count and takes this attempt back from the
// address's. The address's earlier failures stay: otherwise a guesser with
// an account of their own could wipe them by signing in between guesses.
func (s *Service) succeeded(ctx context.Context, a attempt) error {
	if err := s.store.ClearSigninAttempts(ctx, a.account); err != nil {
		return err
	}
	return s.store.ForgetSigninAttempt(ctx, a.address)
}

// SignIn checks an email and password as CheckPassword does, under the
// throttle: a *ThrottledError once too many attempts failed for the email or
// from addr, ErrUnauthenticated for a wrong email or password.
func (s *Service) SignIn(ctx context.Context, email, password string, addr netip.Addr) (User, error) {
	a := newAttempt(email, addr)
	if err := s.begin(ctx, a); err != nil {
		return User{}, err
	}
	u, err := s.CheckPassword(ctx, email, password)
	if err != nil {
		return User{}, err
	}
	return u, s.succeeded(ctx, a)
}
