package api_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/ticketwire/ticketwire/internal/auth"
)

func TestPasswordChangeAndReset(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		var agent struct{ ID int64 }
		e.want(201, e.admin, "POST", "/api/users", map[string]any{"email": "al@example.com", "role": "agent", "password": "first password"}, &agent)
		token, err := e.srv.Auth.CreateToken(ctx, "al@example.com", "test")
		if err != nil {
			t.Fatal(err)
		}
		me := "/api/users/me/password"
		e.wantError(422, "validation_failed", "current_password", token, "PUT", me, map[string]any{"current_password": "not the one", "new_password": "second password"})
		e.wantError(422, "validation_failed", "new_password", token, "PUT", me, map[string]any{"current_password": "first password", "new_password": "short"})
		e.wantError(422, "validation_failed", "password", token, "PUT", me, map[string]any{"password": "second password"})
		e.want(204, token, "PUT", me, map[string]any{"current_password": "first password", "new_password": "second password"}, nil)
		if _, err := e.srv.Auth.CheckPassword(ctx, "al@example.com", "second password"); err != nil {
			t.Fatalf("the new password does not work: %v", err)
		}

		// Only admins reset someone else's password, and must send it.
		reset := fmt.Sprintf("/api/users/%d/password", agent.ID)
		e.wantError(403, "forbidden", "", token, "PUT", "/api/users/1/password", map[string]any{"password": "taken over!"})
		e.wantError(422, "validation_failed", "password", e.admin, "PUT", reset, map[string]any{})
		e.wantError(422, "validation_failed", "password", e.admin, "PUT", reset, map[string]any{"password": "short"})
		e.wantError(404, "not_found", "", e.admin, "PUT", "/api/users/999999/password", map[string]any{"password": "long enough"})
		e.want(204, e.admin, "PUT", reset, map[string]any{"password": "set by the admin"}, nil)
		if _, err := e.srv.Auth.CheckPassword(ctx, "al@example.com", "second password"); !errors.Is(err, auth.ErrUnauthenticated) {
			t.Fatalf("the old password still works after a reset: %v", err)
		}
		if _, err := e.srv.Auth.CheckPassword(ctx, "al@example.com", "set by the admin"); err != nil {
			t.Fatalf("the reset password does not work: %v", err)
		}
	})
}

// Guessing the current password through the API meets the sign-in limits:
// 10 failures, then 429 with Retry-After.
func TestPasswordChangeIsThrottled(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		body := map[string]any{"current_password": "a guess at it", "new_password": "second password"}
		for i := 0; i < auth.DefaultLimits().PerAccount; i++ {
			e.wantError(422, "validation_failed", "current_password", e.admin, "PUT", "/api/users/me/password", body)
		}
		req, _ := http.NewRequest("PUT", e.url+"/api/users/me/password", bytes.NewReader([]byte(`{"current_password":"x","new_password":"second password"}`)))
		req.Header.Set("Authorization", "Bearer "+e.admin)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		secs, _ := strconv.Atoi(res.Header.Get("Retry-After"))
		if res.StatusCode != http.StatusTooManyRequests || secs < 1 || secs > 15*60 {
			t.Fatalf("after 10 failures: %d Retry-After %q, want 429 with up to 900 s", res.StatusCode, res.Header.Get("Retry-After"))
		}
		e.wantError(429, "too_many_attempts", "", e.admin, "PUT", "/api/users/me/password", body)
	})
}
