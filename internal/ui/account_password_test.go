package ui_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

// signInWith signs in through the form with password and reports whether it worked.
func (e *itEnv) signInWith(email, password string) (*itBrowser, bool) {
	e.t.Helper()
	b, csrf, _ := e.loginForm("/login")
	status, _, _ := b.do(http.MethodPost, "/login", url.Values{"email": {email}, "password": {password}, "csrf_token": {csrf}})
	if status != http.StatusSeeOther {
		return b, false
	}
	_, page, _ := b.do(http.MethodGet, "/tickets", nil)
	if m := itCSRFMeta.FindStringSubmatch(page); m != nil {
		b.csrf = m[1]
	}
	return b, true
}

// signedIn reports whether the browser's session still opens pages.
func (b *itBrowser) signedIn() bool {
	b.e.t.Helper()
	status, _, _ := b.do(http.MethodGet, "/tickets", nil)
	return status == http.StatusOK
}

func TestAccountPasswordChangeEndsOtherSessions(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		here, other := e.signIn(itAgentEmail), e.signIn(itAgentEmail)
		itContains(t, here.get("/tickets", http.StatusOK), `href="/account/password"`)
		itContains(t, here.get("/account/password", http.StatusOK), `name="current_password"`, `name="new_password"`, `name="confirm_password"`)

		for _, tt := range []struct {
			current, next, confirm string
			status                 int
			want                   string
		}{
			{"not my password", "a new password", "a new password", 422, "is not your current password"},
			{itPassword, "a new password", "a new pasword", 422, "does not match the new password"},
			{itPassword, "short", "short", 422, "must be at least 8 characters"},
		} {
			page, _ := here.post("/account/password", url.Values{"current_password": {tt.current}, "new_password": {tt.next},
				"confirm_password": {tt.confirm}}, tt.status)
			itContains(t, page, tt.want, `aria-invalid="true"`)
		}
		if !other.signedIn() {
			t.Fatal("a refused change ended another session")
		}

		_, loc := here.post("/account/password", url.Values{"current_password": {itPassword}, "new_password": {"a new password"},
			"confirm_password": {"a new password"}}, http.StatusSeeOther)
		itContains(t, here.get(loc, http.StatusOK), "Password changed. Your other sessions have ended.")
		if !here.signedIn() || other.signedIn() {
			t.Fatalf("after the change: this browser signed in %v, the other %v; want true, false", here.signedIn(), other.signedIn())
		}
		if _, ok := e.signInWith(itAgentEmail, itPassword); ok {
			t.Fatal("the old password still signs in")
		}
		if _, ok := e.signInWith(itAgentEmail, "a new password"); !ok {
			t.Fatal("the new password does not sign in")
		}
	})
}

var generatedPassword = regexp.MustCompile(`data-test="generated-password">([^<]+)</code>`)

func TestAdminResetsAPassword(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		admin, agent := e.signIn(itAdminEmail), e.signIn(itAgentEmail)
		agentUser := e.mcUser(itAgentEmail)
		adminUser := e.mcUser(itAdminEmail)
		reset := fmt.Sprintf("/settings/users/%d/password", agentUser.ID)

		itContains(t, admin.get("/settings/users", http.StatusOK), itAgentEmail, `href="`+reset+`"`)
		agent.get("/settings/users", http.StatusForbidden)
		agent.post(reset, url.Values{"password": {"taken over!"}}, http.StatusForbidden)
		admin.get("/settings/users/999999/password", http.StatusNotFound)
		if _, loc := admin.post(fmt.Sprintf("/settings/users/%d/password", adminUser.ID), nil, http.StatusSeeOther); loc != "/account/password" {
			t.Fatalf("resetting one's own password led to %q, want the account page", loc)
		}

		page, _ := admin.post(reset, url.Values{"password": {"short"}}, http.StatusUnprocessableEntity)
		itContains(t, page, "must be at least 8 characters")
		if !agent.signedIn() {
			t.Fatal("a refused reset ended the agent's session")
		}

		page, _ = admin.post(reset, url.Values{"password": {""}}, http.StatusOK)
		m := generatedPassword.FindStringSubmatch(page)
		if m == nil || len(m[1]) < 20 {
			t.Fatalf("no generated password shown:\n%s", itExcerpt(page))
		}
		if agent.signedIn() {
			t.Fatal("the agent's session survived the reset")
		}
		if !admin.signedIn() {
			t.Fatal("the admin was signed out by resetting someone else")
		}
		if _, ok := e.signInWith(itAgentEmail, m[1]); !ok {
			t.Fatal("the generated password does not sign in")
		}

		page, _ = admin.post(reset, url.Values{"password": {"chosen by admin"}}, http.StatusOK)
		itContains(t, page, "Password reset for "+itAgentEmail)
		itLacks(t, page, "generated-password")
		if _, err := e.srv.Auth.CheckPassword(context.Background(), itAgentEmail, "chosen by admin"); err != nil {
			t.Fatalf("the chosen password does not work: %v", err)
		}
	})
}
