package ui_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/auth"
)

// The pages' scripts call the API with the session cookie; every call that
// changes state must carry the session's CSRF token, PUT and DELETE as much
// as POST, or a page elsewhere could make the browser change things.
func TestSessionAPIPutAndDeleteNeedTheCSRFToken(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		it := e.integration("Shop", quiet)
		admin := e.signIn(itAdminEmail)
		path := fmt.Sprintf("%s/api/integrations/%d", e.url, it.ID)
		call := func(method, body, token string) (int, string) {
			req, _ := http.NewRequest(method, path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			if token != "" {
				req.Header.Set(auth.CSRFHeader, token)
			}
			res, err := admin.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(b)
		}
		status, current := call(http.MethodGet, "", "")
		if status != http.StatusOK {
			t.Fatalf("GET with the session = %d %s", status, current)
		}
		var renamed map[string]any
		if err := json.Unmarshal([]byte(current), &renamed); err != nil {
			t.Fatal(err)
		}
		renamed["name"] = "Renamed"
		body, _ := json.Marshal(renamed)

		for _, method := range []string{http.MethodPut, http.MethodDelete} {
			if status, msg := call(method, string(body), ""); status != http.StatusForbidden || !strings.Contains(msg, auth.CSRFHeader) {
				t.Errorf("%s without %s = %d %s, want 403 naming the header", method, auth.CSRFHeader, status, msg)
			}
			if status, msg := call(method, string(body), "not-the-token"); status != http.StatusForbidden {
				t.Errorf("%s with a wrong token = %d %s, want 403", method, status, msg)
			}
		}
		if status, now := call(http.MethodGet, "", ""); status != http.StatusOK || !strings.Contains(now, `"name":"Shop"`) {
			t.Fatalf("after the refused calls the integration is %d %s, want it unchanged", status, now)
		}
		if status, msg := call(http.MethodPut, string(body), admin.csrf); status != http.StatusOK {
			t.Errorf("PUT with the token = %d %s", status, msg)
		}
		if status, msg := call(http.MethodDelete, "", admin.csrf); status != http.StatusNoContent {
			t.Errorf("DELETE with the token = %d %s", status, msg)
		}
	})
}
