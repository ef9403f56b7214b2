package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/server/servertest"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// FuzzBodies posts fuzzed bodies to every endpoint that takes one, through
// the real handlers on a real SQLite database: no answer is a 500 or a
// dropped connection, and every 4xx has the API's error shape.
func FuzzBodies(f *testing.F) {
	s := servertest.Start(f, storetest.Backends()[0], servertest.Options{Tune: func(c *config.Config) {
		servertest.AllowLoopback(c)
		c.RequestTimeout = 500 * time.Millisecond
	}})
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"plan": "gold", "orders": [{"id": 7, "status": "shipped"}]}`)
	}))
	f.Cleanup(rc.Close)
	// A bounded wait turns a handler that hangs into a failure that names
	// its input, instead of a fuzz run that stalls.
	client := &http.Client{Timeout: 10 * time.Second}
	call := func(method, path, body string) (int, string, error) {
		req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
		if err != nil {
			return 0, "", err
		}
		req.Header.Set("Authorization", "Bearer "+s.FirstAdmin.Token)
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err != nil {
			return 0, "", err
		}
		defer res.Body.Close()
		raw, err := io.ReadAll(res.Body)
		return res.StatusCode, string(raw), err
	}
	fx, err := makeFixtures(func(m, p, b string) (int, string) { st, raw, _ := call(m, p, b); return st, raw }, rc.URL)
	if err != nil {
		f.Fatal(err)
	}
	cases := bodyCases(fx, rc.URL)
	for i, c := range cases {
		for _, b := range []string{c.body, strings.Replace(c.body, `"`, `"\u0000`, 3), "{\"x\": \"\xff\"}", `[]`, `null`, `{}`, `{"name": 1}`,
			strings.Repeat("[", 200) + strings.Repeat("]", 200), c.body + c.body} {
			f.Add(uint8(i), b)
		}
	}
	f.Fuzz(func(t *testing.T, endpoint uint8, body string) {
		c := cases[int(endpoint)%len(cases)]
		status, raw, err := call(c.method, c.path, body)
		if err != nil {
			t.Fatalf("%s %s: %v", c.method, c.path, err)
		}
		if status >= 500 {
			t.Fatalf("%s %s with %q = %d %s", c.method, c.path, body, status, raw)
		}
		if status >= 400 {
			var e struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal([]byte(raw), &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
				t.Fatalf("%s %s with %q = %d %s: not the error shape", c.method, c.path, body, status, raw)
			}
		}
	})
}
