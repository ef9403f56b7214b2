package delivery_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/store"
)

// Secrets are write-only: sealed in the database, masked in the API, redacted
// in the events log, absent from the server log, and kept when a client sends
// the mask back.
func TestSecretsNeverShowAndSurviveAnUpdate(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		signing := newSigningSecret()
		secrets := []string{"hdr-secret-4821", "static-auth-5937", "form-secret-6604", strings.TrimPrefix(signing, "whsec_"), oauthClientSecret}
		rc := newReceiver(t, status(200, ""))
		tokens := newTokenEndpoint(t, "sealed-token")
		rv := &revocable{revoked: map[string]bool{}}
		api := newReceiver(t, rv.reply(func(r *http.Request) string { return r.URL.Query().Get("access_token") }))
		triggers := []string{"ticket-created", "ticket-message-created"}
		headerAuth := e.createIntegration("headers", map[string]any{"url": rc.URL + "/h", "method": "POST",
			"request_content_type": "application/x-www-form-urlencoded", "signing_secret": signing, "triggers": triggers,
			"headers": []map[string]any{{"key": "X-Api-Key", "value": "hdr-secret-4821", "secret": true},
				{"key": "Authorization", "value": "Bearer static-auth-5937"}},
			"form": []map[string]any{{"key": "password", "value": "form-secret-6604", "secret": true}, {"key": "email", "value": "{{ticket.customer.email}}"}}})
		oauthed := e.createIntegration("oauth", map[string]any{"url": api.URL + "/o", "triggers": triggers,
			"oauth2": oauth2Config(tokens, "query", "access_token")})

		noSecrets := func(where, text string) {
			t.Helper()
			for _, s := range secrets {
				if strings.Contains(text, s) {
					t.Errorf("%s shows the secret %q", where, s)
				}
			}
		}
		var list listJSON[map[string]any]
		raw := e.want(200, "GET", "/api/integrations", nil, &list)
		noSecrets("GET /api/integrations", raw)
		for _, id := range []int64{headerAuth.ID, oauthed.ID} {
			noSecrets("GET /api/integrations/{id}", e.want(200, "GET", fmt.Sprintf("/api/integrations/%d", id), nil, nil))
		}
		h := e.integration(headerAuth.ID).HTTP
		headers, form := h["headers"].([]any), h["form"].([]any)
		if h["signing_secret"] != "********" || headers[0].(map[string]any)["value"] != "********" ||
			headers[1].(map[string]any)["value"] != "********" || form[0].(map[string]any)["value"] != "********" ||
			form[1].(map[string]any)["value"] != "{{ticket.customer.email}}" {
			t.Errorf("masked integration = %v", h)
		}

		t.Run("at rest", func(t *testing.T) {
			rows, err := e.srv.Store.DB.Query(`SELECT config FROM integrations`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var cfg string
				if err := rows.Scan(&cfg); err != nil {
					t.Fatal(err)
				}
				noSecrets("the integrations table", cfg)
			}
			if e.srv.Store.Dialect == store.SQLite {
				for _, name := range []string{"ticketwire.db", "ticketwire.db-wal"} {
					b, err := os.ReadFile(filepath.Join(e.cfg.DataDir, name))
					if err != nil && !os.IsNotExist(err) {
						t.Fatal(err)
					}
					for _, s := range secrets {
						if bytes.Contains(b, []byte(s)) {
							t.Errorf("%s holds the secret %q in plain text", name, s)
						}
					}
				}
			}
			if fi, err := os.Stat(filepath.Join(e.cfg.DataDir, "secret.key")); err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("generated key file: %v, %v", fi, err)
			}
		})

		tk := e.createTicket("sealed@example.com", "Se")
		checkDelivered := func(n int) {
			t.Helper()
			got := rc.waitHits(t, n)[n-1]
			body, _ := url.ParseQuery(string(got.Body))
			if got.Header.Get("X-Api-Key") != "hdr-secret-4821" || got.Header.Get("Authorization") != "Bearer static-auth-5937" ||
				body.Get("password") != "form-secret-6604" || body.Get("email") != "sealed@example.com" {
				t.Fatalf("the receiver did not get the real secrets: %v %s", got.Header, got.Body)
			}
			if !verifySignature(signing, got.Header.Get("Webhook-Id"), got.Header.Get("Webhook-Timestamp"), got.Body, got.Header.Get("Webhook-Signature")) {
				t.Fatalf("the signature does not verify with the stored secret")
			}
		}
		checkDelivered(1)
		if q := api.waitHits(t, 1)[0].Query; q.Get("access_token") != "sealed-token-1" {
			t.Fatalf("OAuth2 API got %v", q)
		}

		// PUT back what GET returned: every "********" keeps its secret.
		for _, id := range []int64{headerAuth.ID, oauthed.ID} {
			var cur map[string]any
			e.want(200, "GET", fmt.Sprintf("/api/integrations/%d", id), nil, &cur)
			cur["name"] = cur["name"].(string) + " (renamed)"
			noSecrets("PUT answer", e.want(200, "PUT", fmt.Sprintf("/api/integrations/%d", id), cur, nil))
		}
		rv.revoke("sealed-token-1") // a new token needs the kept client secret
		e.want(201, "POST", fmt.Sprintf("/api/tickets/%d/messages", tk.ID), map[string]any{"body_text": "after update"}, nil)
		checkDelivered(2)
		ahits := api.waitHits(t, 3)
		if ahits[2].Query.Get("access_token") != "sealed-token-2" {
			t.Fatalf("after the update the OAuth2 API got %v (token endpoint issued %d)", ahits[2].Query, tokens.count())
		}
		e.waitLog(oauthed.ID, 2)

		for _, id := range []int64{headerAuth.ID, oauthed.ID} {
			rows, raw := e.eventsLog(id)
			for _, r := range rows {
				raw += e.want(200, "GET", fmt.Sprintf("/api/integrations/%d/events/%d", id, r.ID), nil, nil)
				if r.Outcome != delivery.OutcomeSuccess {
					t.Errorf("integration %d: row %+v", id, r)
				}
			}
			noSecrets("the events log", raw)
		}
		rows := e.waitLog(headerAuth.ID, 2)
		body, _ := url.ParseQuery(rows[0].Request.Body)
		if rows[0].Request.Headers["X-Api-Key"] != delivery.Redacted || rows[0].Request.Headers["Authorization"] != delivery.Redacted ||
			body.Get("password") != delivery.Redacted || body.Get("email") != "sealed@example.com" {
			t.Errorf("logged request = %+v", rows[0].Request)
		}
		noSecrets("the server log", e.logs.String())

		// A mask with nothing stored behind it is refused, naming the field.
		e.wantError(422, "validation_failed", "http.headers[0].value", "PUT", fmt.Sprintf("/api/integrations/%d", headerAuth.ID),
			map[string]any{"name": "x", "http": map[string]any{"url": rc.URL, "triggers": triggers,
				"headers": []map[string]any{{"key": "X-Other", "value": "********", "secret": true}}}})
	})
}

// A transport error quotes the URL it failed on: a token carried in the query
// string must not reach the events log or the server log that way.
func TestQueryTokenRedactedFromErrors(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		tokens := newTokenEndpoint(t, "leaky-token")
		rc := newReceiver(t, func(_ int, w http.ResponseWriter, _ *http.Request) { dropConnection(t, w) })
		it := e.createIntegration("dropped", map[string]any{"url": rc.URL + "/x?email={{ticket.customer.email}}&api_key=static-key-8830",
			"oauth2": oauth2Config(tokens, "query", "access_token"), "triggers": []string{"ticket-created"}})
		e.createTicket("leak@example.com", "Le")
		rows := e.waitLog(it.ID, 1+len(testSchedule))
		e.waitJobs()
		if rows[0].Outcome != delivery.OutcomeGaveUp || rows[0].ErrorClass != delivery.ClassConnection {
			t.Fatalf("last row = %+v", rows[0])
		}
		_, raw := e.eventsLog(it.ID)
		for _, s := range []string{"leaky-token", "static-key-8830"} {
			if strings.Contains(raw, s) {
				t.Errorf("the events log shows %q: %s", s, raw)
			}
			if strings.Contains(e.logs.String(), s) {
				t.Errorf("the server log shows %q", s)
			}
		}
		if !strings.Contains(rows[0].Error, "leak%40example.com") && !strings.Contains(rows[0].Error, "127.0.0.1") {
			t.Errorf("the error no longer says where it failed: %s", rows[0].Error)
		}
	})
}
