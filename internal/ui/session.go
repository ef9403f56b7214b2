package ui

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/ticketwire/ticketwire/internal/auth"
)

type sessionKey struct{}

// current returns the signed-in session of a request that passed u.session.
func current(r *http.Request) auth.Session {
	s, _ := r.Context().Value(sessionKey{}).(auth.Session)
	return s
}

// session requires a signed-in browser (else it redirects to /login) and a
// valid CSRF token on every request that changes state.
func (u *UI) session(h http.HandlerFunc) http.HandlerFunc { return u.sessionWith(h, true) }

// sessionWith is session; without csrf, a request that changes state must
// instead come from this site's own pages (Origin or Sec-Fetch-Site), for
// embedded tools such as the jobs page that cannot send our token.
func (u *UI) sessionWith(h http.HandlerFunc, csrf bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(auth.SessionCookie)
		var sess auth.Session
		if err == nil {
			sess, err = u.Auth.LoadSession(r.Context(), c.Value)
		}
		if err != nil {
			if !errors.Is(err, auth.ErrUnauthenticated) && !errors.Is(err, http.ErrNoCookie) {
				u.fail(w, r, err)
				return
			}
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusFound)
				return
			}
			u.errorPage(w, r, http.StatusUnauthorized, "Your session has ended. Sign in again.")
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			token := r.Header.Get(auth.CSRFHeader)
			if token == "" && csrf {
				token = r.PostFormValue("csrf_token")
			}
			ok := auth.CSRFMatches(sess, token)
			if !csrf {
				ok = sameOrigin(r)
			}
			if !ok {
				u.errorPage(w, r, http.StatusForbidden, "This form has expired. Go back, reload the page and try again.")
				return
			}
		}
		h(w, r.WithContext(context.WithValue(r.Context(), sessionKey{}, sess)))
	}
}

// sameOrigin reports whether the browser says the request comes from one of
// this site's pages.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin"
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host
}

// admin lets only admins through; agents get a 403 page.
func (u *UI) admin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if current(r).User.Role != auth.RoleAdmin {
			u.errorPage(w, r, http.StatusForbidden, "Only admins can open this page.")
			return
		}
		h(w, r)
	}
}
