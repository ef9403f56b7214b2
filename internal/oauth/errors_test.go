package oauth_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/netguard"
	"github.com/ticketwire/ticketwire/internal/oauth"
)

func TestTokenEndpointErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		status  int
		body    string // may echo the secret, which must not reach the error
		query   string // added to the token URL
		want    []string
		notWant []string
	}{
		{
			name:   "RFC 6749 error",
			status: http.StatusUnauthorized,
			body:   `{"error":"invalid_client","error_description":"secret ` + clientSecret + ` is wrong"}`,
			want:   []string{"failed: 401 Unauthorized: invalid_client (secret [redacted] is wrong)"},
		},
		{
			name:   "plain body echoing the request",
			status: http.StatusForbidden,
			body:   "denied\nAuthorization: Basic Y2xpZW50LTE6czNjcjN0LVZhbHVl\nclient_secret=s3cr3t-Value",
			want:   []string{"failed: 403 Forbidden: denied Authorization: Basic [redacted]"},
		},
		{
			name:    "credentials in the token URL",
			status:  http.StatusBadRequest,
			body:    `{"error":"invalid_request"}`,
			query:   "?api_key=url-secret",
			want:    []string{"failed: 400 Bad Request: invalid_request"},
			notWant: []string{"url-secret"},
		},
		{
			name:    "long HTML page",
			status:  http.StatusBadGateway,
			body:    "<html>" + strings.Repeat("x", 5000) + "</html>",
			want:    []string{"failed: 502 Bad Gateway: <html>xxx"},
			notWant: []string{"</html>"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.status)
				w.Write([]byte(tt.body))
			}))
			t.Cleanup(srv.Close)
			cfg := oauth.Config{TokenURL: srv.URL + "/token" + tt.query, ClientID: "client-1", ClientSecret: clientSecret}

			_, err := oauth.NewCache(srv.Client(), nil).Token(t.Context(), "12", cfg)
			if err == nil {
				t.Fatal("no error from a failing token endpoint")
			}
			msg := err.Error()
			want := append([]string{"oauth2 token request to " + srv.URL + "/token failed"}, tt.want...)
			for _, w := range want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
			for _, nw := range append([]string{clientSecret, "Y2xpZW50LTE6czNjcjN0LVZhbHVl", "\n"}, tt.notWant...) {
				if strings.Contains(msg, nw) {
					t.Errorf("error %q contains %q", msg, nw)
				}
			}
		})
	}
}

func TestTokenRequestGoesThroughGivenClient(t *testing.T) {
	t.Parallel()
	ts := newTokenServer(t, 3600)
	// The default netguard client refuses the loopback token endpoint.
	c := oauth.NewCache(netguard.NewClient(netguard.Options{}), nil)

	_, err := c.Token(t.Context(), "12", ts.config())
	if !netguard.IsBlocked(err) {
		t.Fatalf("error = %v, want a blocked address", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "oauth2 token request to "+ts.URL+"/token failed") ||
		strings.Contains(msg, clientSecret) {
		t.Errorf("error text = %q", msg)
	}
	if n := ts.requests.Load(); n != 0 {
		t.Errorf("the endpoint got %d requests", n)
	}

	allowed := oauth.NewCache(netguard.NewClient(netguard.Options{
		Allowed: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
	}), nil)
	if tok := mustToken(t, allowed, "12", ts.config()); tok != "tok-1" {
		t.Errorf("token = %q, want tok-1", tok)
	}
}
