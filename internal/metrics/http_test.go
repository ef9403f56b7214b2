package metrics

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type ctxKey struct{}

// TestInstrumentLabelsByPattern: a request is counted under the pattern of
// the inner mux that served it, even behind a handler that passes a copy of
// the request on; a path no pattern matches is "unmatched", never itself.
func TestInstrumentLabelsByPattern(t *testing.T) {
	t.Parallel()
	m := New(nil)
	inner := http.NewServeMux()
	inner.HandleFunc("GET /api/tickets/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	copying := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, 1)))
		})
	}
	outer := http.NewServeMux()
	outer.Handle("/api/", copying(NotePattern(inner)))
	h := m.Instrument(outer)
	for _, path := range []string{"/api/tickets/7", "/api/tickets/8", "/secret-path-123"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	}
	fams, err := m.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range fams {
		if f.GetName() != "ticketwire_http_requests_total" {
			continue
		}
		for _, s := range f.GetMetric() {
			var labels []string
			for _, l := range s.GetLabel() {
				labels = append(labels, l.GetName()+"="+l.GetValue())
			}
			got[strings.Join(labels, ",")] = s.GetCounter().GetValue()
		}
	}
	want := map[string]float64{"route=GET /api/tickets/{id},status=418": 2, "route=unmatched,status=404": 1}
	if len(got) != len(want) || got["route=GET /api/tickets/{id},status=418"] != 2 || got["route=unmatched,status=404"] != 1 {
		t.Errorf("requests = %v, want %v", got, want)
	}
}
