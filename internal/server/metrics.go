package server

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"github.com/ticketwire/ticketwire/internal/auth"
)

// metrics serves this process's registry to a bearer of an admin's API
// token or of TICKETWIRE_METRICS_TOKEN (what a Prometheus scrape config
// carries): 401 without a valid token, 403 for an agent's.
func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	token = strings.TrimSpace(token)
	switch {
	case !ok || token == "":
		plainError(w, http.StatusUnauthorized, "a bearer token is required: an admin's API token or TICKETWIRE_METRICS_TOKEN")
		return
	case s.Config.MetricsToken != "" && subtle.ConstantTimeCompare([]byte(token), []byte(s.Config.MetricsToken)) == 1:
		s.Metrics.Handler().ServeHTTP(w, r)
		return
	}
	u, err := s.Auth.Authenticate(r.Context(), token)
	switch {
	case errors.Is(err, auth.ErrUnauthenticated):
		plainError(w, http.StatusUnauthorized, "the token is not valid")
	case err != nil:
		s.log.Warn("server: metrics: checking the token failed", "err", err)
		w.Header().Set("Retry-After", "5")
		plainError(w, http.StatusServiceUnavailable, "the token could not be checked; try again")
	case u.Role != auth.RoleAdmin:
		plainError(w, http.StatusForbidden, "only admins' tokens and TICKETWIRE_METRICS_TOKEN read metrics")
	default:
		s.Metrics.Handler().ServeHTTP(w, r)
	}
}

// plainError answers a short text error, as the health checks do.
func plainError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="ticketwire metrics"`)
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(msg + "\n"))
}
