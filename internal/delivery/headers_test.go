package delivery_test

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/delivery"
)

// verifySignature checks a Webhook-Signature header the way a receiver using
// the Standard Webhooks spec does: the secret is "whsec_" and base64, the
// signed content "id.timestamp.body", the header a space-separated list of
// "v1,<base64 HMAC-SHA256>".
func verifySignature(secret, id, ts string, body []byte, header string) bool {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id + "." + ts + "."))
	m.Write(body)
	want := m.Sum(nil)
	for _, sig := range strings.Fields(header) {
		v, b64, ok := strings.Cut(sig, ",")
		if !ok || v != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(b64)
		if err == nil && hmac.Equal(got, want) {
			return true
		}
	}
	return false
}

func newSigningSecret() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return "whsec_" + base64.StdEncoding.EncodeToString(b)
}

func TestStandardWebhooksHeaders(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		rc := newReceiver(t, status(200, ""))
		secret := newSigningSecret()
		triggers := []string{"ticket-created", "ticket-message-created"}
		e.createIntegration("signed", map[string]any{"url": rc.URL + "/signed", "method": "POST", "signing_secret": secret,
			"body": `{"ticket": {{ticket.id}}, "name": "{{ticket.customer.name}}"}`, "triggers": triggers})
		e.createIntegration("unsigned", map[string]any{"url": rc.URL + "/unsigned", "triggers": triggers})

		tk := e.createTicket("sig@example.com", trickyName)
		e.want(201, "POST", fmt.Sprintf("/api/tickets/%d/messages", tk.ID), map[string]any{"body_text": "more"}, nil)
		hits := rc.waitHits(t, 4)
		ids := map[string]bool{}
		for _, h := range hits {
			id, ts := h.Header.Get("Webhook-Id"), h.Header.Get("Webhook-Timestamp")
			if id == "" || ids[id] {
				t.Errorf("%s: Webhook-Id %q is empty or not unique per delivery", h.Path, id)
			}
			ids[id] = true
			sec, err := strconv.ParseInt(ts, 10, 64)
			if err != nil || time.Since(time.Unix(sec, 0)).Abs() > time.Minute {
				t.Errorf("%s: Webhook-Timestamp %q is not the unix time of sending", h.Path, ts)
			}
			if ua := h.Header.Get("User-Agent"); !strings.HasPrefix(ua, "ticketwire/") || len(ua) == len("ticketwire/") {
				t.Errorf("%s: User-Agent %q", h.Path, ua)
			}
			sig := h.Header.Get("Webhook-Signature")
			switch h.Path {
			case "/signed":
				if !verifySignature(secret, id, ts, h.Body, sig) {
					t.Errorf("signature %q does not verify for id %s, timestamp %s, body %s", sig, id, ts, h.Body)
				}
				if verifySignature(secret, id, ts, append(h.Body, ' '), sig) || verifySignature(newSigningSecret(), id, ts, h.Body, sig) {
					t.Errorf("signature %q verifies for another body or secret", sig)
				}
			case "/unsigned":
				if sig != "" {
					t.Errorf("a request with no signing secret carries Webhook-Signature %q", sig)
				}
			}
		}
	})
}

// tokenEndpoint is an OAuth2 client-credentials token endpoint that hands out
// "<prefix>-1", "<prefix>-2", … and checks the client's credentials.
type tokenEndpoint struct {
	*receiver
	mu     sync.Mutex
	issued int
	fail   bool
}

const (
	oauthClientID     = "client-1"
	oauthClientSecret = "cs-secret-789"
)

func newTokenEndpoint(t *testing.T, prefix string) *tokenEndpoint {
	te := &tokenEndpoint{}
	te.receiver = newReceiver(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		te.mu.Lock()
		defer te.mu.Unlock()
		if te.fail {
			http.Error(w, `{"error": "temporarily_unavailable"}`, http.StatusInternalServerError)
			return
		}
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		id, sec, ok := r.BasicAuth()
		if !ok {
			id, sec = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		}
		if r.PostForm.Get("grant_type") != "client_credentials" || id != oauthClientID || sec != oauthClientSecret ||
			r.PostForm.Get("scope") != "orders:read" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(401)
			_, _ = w.Write([]byte(`{"error": "invalid_client"}`))
			return
		}
		te.issued++
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": fmt.Sprintf("%s-%d", prefix, te.issued),
			"token_type": "bearer", "expires_in": 3600})
	})
	return te
}

func (te *tokenEndpoint) count() int {
	te.mu.Lock()
	defer te.mu.Unlock()
	return te.issued
}

func oauth2Config(te *tokenEndpoint, location, key string) map[string]any {
	return map[string]any{"token_url": te.URL + "/token", "client_id": oauthClientID, "client_secret": oauthClientSecret,
		"token_location": location, "token_key": key, "scopes": []string{"orders:read"}}
}

// revocable answers 401 to the tokens in revoked (all of them with "*"), 200
// otherwise; token reads the token from a request.
type revocable struct {
	mu      sync.Mutex
	revoked map[string]bool
}

func (rv *revocable) revoke(tok string) {
	rv.mu.Lock()
	rv.revoked[tok] = true
	rv.mu.Unlock()
}

func (rv *revocable) reply(token func(r *http.Request) string) func(int, http.ResponseWriter, *http.Request) {
	return func(_ int, w http.ResponseWriter, r *http.Request) {
		rv.mu.Lock()
		defer rv.mu.Unlock()
		if tok := token(r); tok == "" || rv.revoked[tok] || rv.revoked["*"] {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusOK)
	}
}

func TestOAuth2ClientCredentials(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		headerTokens := newTokenEndpoint(t, "hdr-access-token")
		queryTokens := newTokenEndpoint(t, "qry-access-token")
		hv := &revocable{revoked: map[string]bool{}}
		headerAPI := newReceiver(t, hv.reply(func(r *http.Request) string { return strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") }))
		queryAPI := newReceiver(t, status(200, ""))
		triggers := []string{"ticket-created", "ticket-message-created"}
		inHeader := e.createIntegration("in header", map[string]any{"url": headerAPI.URL + "/orders?email={{ticket.customer.email}}",
			"oauth2": oauth2Config(headerTokens, "header", "Authorization"), "triggers": triggers})
		inQuery := e.createIntegration("in query", map[string]any{"url": queryAPI.URL + "/orders?email={{ticket.customer.email}}",
			"oauth2": oauth2Config(queryTokens, "query", "api_token"), "triggers": triggers})
		if got := inHeader.HTTP["oauth2"].(map[string]any)["client_secret"]; got != "********" {
			t.Errorf("client_secret in the API = %v", got)
		}

		tk := e.createTicket("oauth@example.com", "Oa")
		message := func(text string) {
			e.want(201, "POST", fmt.Sprintf("/api/tickets/%d/messages", tk.ID), map[string]any{"body_text": text, "from_agent": true}, nil)
		}
		message("second event")
		hits := headerAPI.waitHits(t, 2)
		for _, h := range hits {
			if got := h.Header.Get("Authorization"); got != "Bearer hdr-access-token-1" {
				t.Errorf("Authorization = %q, want the cached token", got)
			}
		}
		qhits := queryAPI.waitHits(t, 2)
		for _, h := range qhits {
			if got := h.Query["api_token"]; len(got) != 1 || got[0] != "qry-access-token-1" || h.Query["email"][0] != "oauth@example.com" {
				t.Errorf("query = %v, want api_token=qry-access-token-1 beside the email", h.Query)
			}
			if h.Header.Get("Authorization") != "" {
				t.Errorf("a query-placed token was also sent as Authorization %q", h.Header.Get("Authorization"))
			}
		}
		if headerTokens.count() != 1 || queryTokens.count() != 1 {
			t.Fatalf("tokens fetched: header %d, query %d; want 1 each, cached across deliveries", headerTokens.count(), queryTokens.count())
		}

		// A token revoked before its expiry: one 401, one new token, success.
		hv.revoke("hdr-access-token-1")
		message("after revocation")
		hits = headerAPI.waitHits(t, 4)
		if hits[2].Header.Get("Authorization") != "Bearer hdr-access-token-1" || hits[3].Header.Get("Authorization") != "Bearer hdr-access-token-2" {
			t.Fatalf("after a 401: %q then %q", hits[2].Header.Get("Authorization"), hits[3].Header.Get("Authorization"))
		}
		rows := e.waitLog(inHeader.ID, 3)
		if rows[0].Outcome != delivery.OutcomeSuccess || rows[0].Attempt != 1 || rows[0].Response.Status != 200 {
			t.Fatalf("row after the refetch = %+v", rows[0])
		}

		// Still 401 with a fresh token: refetched once only, then failed.
		hv.revoke("*")
		message("all revoked")
		headerAPI.waitHits(t, 6)
		rows = e.waitLog(inHeader.ID, 4)
		e.waitJobs()
		if n := len(headerAPI.Hits()); n != 6 || headerTokens.count() != 3 {
			t.Fatalf("with every token refused: %d requests, %d tokens; want 6 and 3", n, headerTokens.count())
		}
		if rows[0].Outcome != delivery.OutcomeFailed || rows[0].Response == nil || rows[0].Response.Status != 401 {
			t.Fatalf("row = %+v", rows[0])
		}

		// No token in clear anywhere the events log or the server log shows.
		for _, it := range []int64{inHeader.ID, inQuery.ID} {
			rows, raw := e.eventsLog(it)
			for _, r := range rows {
				raw += e.want(200, "GET", fmt.Sprintf("/api/integrations/%d/events/%d", it, r.ID), nil, nil)
			}
			for _, s := range []string{"hdr-access-token", "qry-access-token", oauthClientSecret} {
				if strings.Contains(raw, s) {
					t.Errorf("integration %d's events log shows %q: %s", it, s, raw)
				}
			}
		}
		rows, _ = e.eventsLog(inHeader.ID)
		if got := rows[0].Request.Headers["Authorization"]; got != delivery.Redacted {
			t.Errorf("logged Authorization = %q", got)
		}
		qrows, _ := e.eventsLog(inQuery.ID)
		if u, err := url.Parse(qrows[0].Request.URL); err != nil || u.Query().Get("api_token") != delivery.Redacted ||
			u.Query().Get("email") != "oauth@example.com" {
			t.Errorf("logged URL = %q, want the token redacted and the rest kept", qrows[0].Request.URL)
		}
		if s := e.logs.String(); strings.Contains(s, "access-token-") || strings.Contains(s, oauthClientSecret) {
			t.Errorf("the server log shows a token or the client secret")
		}
	})
}

func TestOAuth2TokenUnavailableIsBuildFailed(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		api := newReceiver(t, status(200, ""))
		tokens := newTokenEndpoint(t, "never")
		tokens.fail = true
		broken := e.createIntegration("token endpoint down", map[string]any{"url": api.URL + "/x",
			"oauth2": oauth2Config(tokens, "header", "Authorization"), "triggers": []string{"ticket-created"}})
		blocked := e.createIntegration("token endpoint blocked", map[string]any{"url": api.URL + "/y",
			"oauth2":   map[string]any{"token_url": "http://127.0.0.2:9/token", "client_id": "c", "client_secret": "another-client-secret"},
			"triggers": []string{"ticket-created"}})
		e.createTicket("tok@example.com", "To")
		for _, it := range []int64{broken.ID, blocked.ID} {
			rows := e.waitLog(it, 1)
			r := rows[0]
			if r.Outcome != delivery.OutcomeBuildFailed || r.ErrorClass != "oauth2" || !strings.Contains(r.Error, "token") || r.Response != nil {
				t.Errorf("integration %d: row = %+v", it, r)
			}
			if it == blocked.ID && !strings.Contains(r.Error, "127.0.0.2") {
				t.Errorf("the error does not say which address was refused: %s", r.Error)
			}
			if got := e.integration(it).ConsecutiveFailures; got != 1 {
				t.Errorf("integration %d: consecutive failures = %d, want 1", it, got)
			}
		}
		e.waitJobs()
		if n := len(api.Hits()); n != 0 {
			t.Fatalf("the API got %d requests without a token", n)
		}
		for _, it := range []int64{broken.ID, blocked.ID} {
			if rows, _ := e.eventsLog(it); len(rows) != 1 {
				t.Errorf("integration %d: %d rows, want 1 (a build failure is not retried)", it, len(rows))
			}
		}
	})
}
