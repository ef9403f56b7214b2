package ui

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/ticketwire/ticketwire/internal/auth"
)

// loginCSRFCookie carries the sign-in form's CSRF token before any session
// exists (double-submit: the form field must equal the cookie).
const loginCSRFCookie = "tw_login_csrf"

func (u *UI) loginForm(w http.ResponseWriter, r *http.Request) {
	token, err := loginToken(w, r)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.render(w, r, http.StatusOK, "login", "Sign in", "", map[string]any{"LoginCSRF": token, "Next": safeNext(r.URL.Query().Get("next"))})
}

func (u *UI) login(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(loginCSRFCookie)
	if err != nil || !auth.CSRFMatches(auth.Session{CSRF: c.Value}, r.PostFormValue("csrf_token")) {
		u.errorPage(w, r, http.StatusForbidden, "This sign-in form has expired. Reload the page and try again.")
		return
	}
	email, password := r.PostFormValue("email"), r.PostFormValue("password")
	addr := u.ClientAddr.Addr(r)
	user, err := u.Auth.SignIn(r.Context(), email, password, addr)
	var throttled *auth.ThrottledError
	switch {
	case errors.As(err, &throttled):
		u.Log.Warn("ui: sign-in refused after too many failures", "addr", addr, "retry_after_s", throttled.Seconds())
		w.Header().Set("Retry-After", strconv.Itoa(throttled.Seconds()))
		u.loginAgain(w, r, http.StatusTooManyRequests, email, fmt.Sprintf(
			"Too many failed sign-in attempts. Try again in %s, or ask an admin to reset your password.", minutes(throttled.Seconds())))
		return
	case errors.Is(err, auth.ErrUnauthenticated):
		u.loginAgain(w, r, http.StatusUnauthorized, email, "Wrong email or password.")
		return
	}
	if err != nil {
		u.fail(w, r, err)
		return
	}
	id, _, err := u.Auth.StartSession(r.Context(), user)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: auth.SessionCookie, Value: id, Path: "/", HttpOnly: true, Secure: isHTTPS(r),
		SameSite: http.SameSiteLaxMode, MaxAge: int(auth.SessionTTL.Seconds())})
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: "", Path: "/login", MaxAge: -1, HttpOnly: true})
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

// loginAgain shows the sign-in form again with a message.
func (u *UI) loginAgain(w http.ResponseWriter, r *http.Request, status int, email, msg string) {
	token, _ := loginToken(w, r)
	u.render(w, r, status, "login", "Sign in", "", map[string]any{"LoginCSRF": token, "Email": email,
		"Error": msg, "Next": safeNext(r.PostFormValue("next"))})
}

// minutes says how long to wait, in words.
func minutes(seconds int) string {
	if seconds <= 60 {
		return "a minute"
	}
	return fmt.Sprintf("%d minutes", (seconds+59)/60)
}

func (u *UI) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(auth.SessionCookie); err == nil {
		_ = u.Auth.EndSession(r.Context(), c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: auth.SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// loginToken reuses the browser's sign-in CSRF cookie or sets a new one.
func loginToken(w http.ResponseWriter, r *http.Request) (string, error) {
	if c, err := r.Cookie(loginCSRFCookie); err == nil && len(c.Value) >= 32 {
		return c.Value, nil
	}
	token, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: token, Path: "/login", HttpOnly: true, Secure: isHTTPS(r),
		SameSite: http.SameSiteStrictMode, MaxAge: 3600})
	return token, nil
}

func isHTTPS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}
