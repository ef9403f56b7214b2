package api

import (
	"context"
	"errors"
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/validate"
)

type userKey struct{}

// sessionKey holds the session cookie value of a call made by the web UI.
type sessionKey struct{}

// sessionID is the cookie value of the browser session that made the call,
// or "" for a call made with an API token.
func sessionID(r *http.Request) string {
	id, _ := r.Context().Value(sessionKey{}).(string)
	return id
}

// currentUser is the user whose token authenticated the request.
func currentUser(r *http.Request) auth.User {
	u, _ := r.Context().Value(userKey{}).(auth.User)
	return u
}

func actor(r *http.Request) helpdesk.Actor { return helpdesk.Actor{UserID: currentUser(r).ID} }

// authenticate requires "Authorization: Bearer <token>" on every API call
// but the one that reads the OpenAPI document.
func (a *API) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == openAPIPath && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			next.ServeHTTP(w, r)
			return
		}
		h := r.Header.Get("Authorization")
		token, ok := strings.CutPrefix(h, "Bearer ")
		if h == "" {
			if c, err := r.Cookie(auth.SessionCookie); err == nil {
				a.sessionAuth(w, r, next, c.Value)
				return
			}
		}
		if !ok || token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="ticketwire"`)
			writeProblem(w, http.StatusUnauthorized, "unauthenticated", "", "send Authorization: Bearer <token>; create one with `ticketwire token create`")
			return
		}
		u, err := a.auth.Authenticate(r.Context(), strings.TrimSpace(token))
		if err != nil {
			if errors.Is(err, auth.ErrUnauthenticated) {
				w.Header().Set("WWW-Authenticate", `Bearer realm="ticketwire", error="invalid_token"`)
			}
			a.writeError(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), userKey{}, u)))
	})
}

// sessionAuth lets the web UI's scripts call the API with the browser's
// session; a call that changes state must carry the session's CSRF token.
func (a *API) sessionAuth(w http.ResponseWriter, r *http.Request, next http.Handler, id string) {
	sess, err := a.auth.LoadSession(r.Context(), id)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
	default:
		if !auth.CSRFMatches(sess, r.Header.Get(auth.CSRFHeader)) {
			writeProblem(w, http.StatusForbidden, "forbidden", "", "missing or wrong "+auth.CSRFHeader+" header")
			return
		}
	}
	ctx := context.WithValue(context.WithValue(r.Context(), userKey{}, sess.User), sessionKey{}, id)
	next.ServeHTTP(w, r.WithContext(ctx))
}

// admin lets only admins through.
func (a *API) admin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if currentUser(r).Role != auth.RoleAdmin {
			writeProblem(w, http.StatusForbidden, "forbidden", "", "only admins may do this")
			return
		}
		h(w, r)
	}
}

// recoverer turns a panic into a logged 500 instead of a dropped connection.
func (a *API) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				a.log.Error("api: panic", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				writeProblem(w, http.StatusInternalServerError, "internal", "", "internal error; see the server log")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// checkQuery refuses query parameters that no text field may hold (NUL,
// invalid UTF-8) before any handler passes them to a database, as decode
// does for bodies.
func (a *API) checkQuery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for key, vals := range r.URL.Query() {
			for _, v := range append([]string{key}, vals...) {
				if err := validate.Text(validate.Printable(key), v); err != nil {
					a.writeError(w, r, err)
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}
