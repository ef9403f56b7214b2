package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/server/servertest"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// TestServerIsBuiltWhole opens a ticketwire as `serve` does: health checks
// answer, the first admin can use the API at once, and the one clock given
// to Open is the one the helpdesk stamps changes with.
func TestServerIsBuiltWhole(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := servertest.Start(t, b, servertest.Options{Now: func() time.Time { return at }})
			for _, path := range []string{"/healthz", "/readyz"} {
				res, err := http.Get(s.URL + path)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK || string(body) != "ok\n" {
					t.Errorf("GET %s = %d %q", path, res.StatusCode, body)
				}
			}
			if !s.FirstAdmin.Created || s.FirstAdmin.Token == "" {
				t.Fatalf("first admin = %+v, want one created with a token", s.FirstAdmin)
			}
			req, _ := http.NewRequest(http.MethodPost, s.URL+"/api/tickets", strings.NewReader(
				`{"customer": {"email": "jo@example.com"}, "subject": "Hi", "messages": [{"body_text": "Hello"}]}`))
			req.Header.Set("Authorization", "Bearer "+s.FirstAdmin.Token)
			req.Header.Set("Content-Type", "application/json")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var tk struct {
				Created time.Time `json:"created_datetime"`
			}
			if err := json.NewDecoder(res.Body).Decode(&tk); err != nil || res.StatusCode != http.StatusCreated {
				t.Fatalf("create ticket = %d, %v", res.StatusCode, err)
			}
			if !tk.Created.Equal(at) {
				t.Errorf("ticket created at %v, want the server's clock %v", tk.Created, at)
			}
		})
	}
}
