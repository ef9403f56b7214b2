package auth

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// sessions starts n sessions for the user and returns their cookie values.
func sessions(t *testing.T, s *Service, u User, n int) []string {
	t.Helper()
	var ids []string
	for range n {
		id, _, err := s.StartSession(context.Background(), u)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// alive reports which of the sessions still sign their browser in.
func alive(t *testing.T, s *Service, ids []string) []bool {
	t.Helper()
	out := make([]bool, len(ids))
	for i, id := range ids {
		_, err := s.LoadSession(context.Background(), id)
		if err != nil && !errors.Is(err, ErrUnauthenticated) {
			t.Fatal(err)
		}
		out[i] = err == nil
	}
	return out
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	v, ok := validate.As(err)
	if !ok || v.Field != field {
		t.Fatalf("got %v, want a validation error on %s", err, field)
	}
}

func TestChangePasswordEndsOtherSessions(t *testing.T) {
	t.Parallel()
	eachService(t, DefaultLimits(), func(t *testing.T, s *Service, c *clock) {
		ctx := context.Background()
		ann, err := s.CheckPassword(ctx, "ann@example.com", testPassword)
		if err != nil {
			t.Fatal(err)
		}
		ids := sessions(t, s, ann, 3)

		// Bad input changes nothing.
		wantField(t, s.ChangePassword(ctx, ann, PasswordChange{Current: "not it at all", New: "a new password"}, ids[0], home), "current_password")
		wantField(t, s.ChangePassword(ctx, ann, PasswordChange{Current: testPassword, New: "short"}, ids[0], home), "new_password")
		wantField(t, s.ChangePassword(ctx, ann, PasswordChange{New: "a new password"}, ids[0], home), "current_password")
		if got := alive(t, s, ids); !got[0] || !got[1] || !got[2] {
			t.Fatalf("refused changes ended sessions: %v", got)
		}

		if err := s.ChangePassword(ctx, ann, PasswordChange{Current: testPassword, New: "a new password"}, ids[0], home); err != nil {
			t.Fatal(err)
		}
		if got := alive(t, s, ids); !got[0] || got[1] || got[2] {
			t.Fatalf("sessions alive after the change = %v, want only the one that made it", got)
		}
		if _, err := s.CheckPassword(ctx, "ann@example.com", testPassword); !errors.Is(err, ErrUnauthenticated) {
			t.Fatalf("the old password still works: %v", err)
		}
		if _, err := s.CheckPassword(ctx, "ann@example.com", "a new password"); err != nil {
			t.Fatalf("the new password does not work: %v", err)
		}

		// Through an API token no session is kept.
		if err := s.ChangePassword(ctx, ann, PasswordChange{Current: "a new password", New: testPassword}, "", home); err != nil {
			t.Fatal(err)
		}
		if got := alive(t, s, ids); got[0] {
			t.Fatal("a change made with a token left a session signed in")
		}
	})
}

// Guessing the current password is throttled like signing in.
func TestChangePasswordIsThrottled(t *testing.T) {
	t.Parallel()
	eachService(t, Limits{PerAccount: 2, PerAddress: 100, Window: time.Hour}, func(t *testing.T, s *Service, c *clock) {
		ctx := context.Background()
		ann, _ := s.CheckPassword(ctx, "ann@example.com", testPassword)
		for range 2 {
			wantField(t, s.ChangePassword(ctx, ann, PasswordChange{Current: "guess guess", New: "a new password"}, "", home), "current_password")
		}
		throttled(t, s.ChangePassword(ctx, ann, PasswordChange{Current: testPassword, New: "a new password"}, "", home))
	})
}

func TestResetPasswordEndsEverySessionAndLiftsTheLockout(t *testing.T) {
	t.Parallel()
	eachService(t, Limits{PerAccount: 2, PerAddress: 100, Window: time.Hour}, func(t *testing.T, s *Service, c *clock) {
		ctx := context.Background()
		ann, _ := s.CheckPassword(ctx, "ann@example.com", testPassword)
		ids := sessions(t, s, ann, 2)
		for range 2 {
			_, err := s.SignIn(ctx, "ann@example.com", "wrong password", home)
			wantUnauthenticated(t, err)
		}

		_, err := s.ResetPassword(ctx, ann.ID, "short")
		wantField(t, err, "password")
		if _, err := s.ResetPassword(ctx, 999999, "long enough"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("reset of a missing user: %v", err)
		}

		generated, err := s.ResetPassword(ctx, ann.ID, "")
		if err != nil || len(generated) < 20 {
			t.Fatalf("generated password %q, %v", generated, err)
		}
		if got := alive(t, s, ids); got[0] || got[1] {
			t.Fatalf("sessions alive after a reset: %v", got)
		}
		if _, err := s.SignIn(ctx, "ann@example.com", generated, home); err != nil {
			t.Fatalf("sign in with the generated password: %v", err)
		}

		chosen, err := s.ResetPasswordByEmail(ctx, " Ann@Example.com", "chosen by admin")
		if err != nil || chosen != "chosen by admin" {
			t.Fatalf("reset by email = %q, %v", chosen, err)
		}
		if _, err := s.ResetPasswordByEmail(ctx, "nobody@example.com", ""); err == nil {
			t.Fatal("reset of an unknown email succeeded")
		}
	})
}
