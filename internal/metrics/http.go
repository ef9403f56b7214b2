package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// unmatched is the route label of a request no pattern matched (a 404 or
// 405 from a mux), so unknown paths cannot grow the label set.
const unmatched = "unmatched"

type patternKey struct{}

// Instrument counts each request by the route pattern that served it
// (r.Pattern, such as "GET /api/tickets/{id}", never the path itself) and
// its status, and times it.
func (m *Metrics) Instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		pattern := new(string)
		r = r.WithContext(context.WithValue(r.Context(), patternKey{}, pattern))
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := *pattern
		if route == "" {
			route = r.Pattern
		}
		if route == "" {
			route = unmatched
		}
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		m.requests.WithLabelValues(route, strconv.Itoa(sw.status)).Inc()
		m.requestTimes.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}

// NotePattern wraps a mux that sits behind other handlers (the API's and
// the pages' own): those pass a copy of the request on, so the pattern the
// inner mux matched is handed back to Instrument through the context.
func NotePattern(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r)
		if p, ok := r.Context().Value(patternKey{}).(*string); ok && r.Pattern != "" {
			*p = r.Pattern
		}
	})
}

// statusWriter remembers the status a handler answered with.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Flush passes streaming answers through.
func (s *statusWriter) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }
