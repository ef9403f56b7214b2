package delivery_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/delivery"
)

// verify checks a request as a Standard Webhooks receiver that knows only
// secret would: one of the space-separated signatures must match.
func verify(h hit, secret string) bool {
	want := delivery.Sign(secret, h.Header.Get("Webhook-Id"), h.Header.Get("Webhook-Timestamp"), h.Body)
	for _, sig := range strings.Fields(h.Header.Get("Webhook-Signature")) {
		if sig == want {
			return true
		}
	}
	return false
}

// TestSigningSecretRotationSignsWithBoth: after a new signing secret is
// saved, requests carry a signature with each secret (new first), so a
// receiver that knows either accepts them; the API says until when.
func TestSigningSecretRotationSignsWithBoth(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		rc := newReceiver(t, nil)
		const oldS, newS = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "a-new-secret-of-ours"
		h := map[string]any{"url": rc.URL, "method": "POST", "body": `{"id": {{ticket.id}}}`, "triggers": []string{"ticket-created"}, "signing_secret": oldS}
		it := e.createIntegration("signed", h)
		e.createTicket("sig1@example.com", "S")
		first := rc.waitHits(t, 1)[0]
		if !verify(first, oldS) || len(strings.Fields(first.Header.Get("Webhook-Signature"))) != 1 {
			t.Fatalf("before rotation: Webhook-Signature %q", first.Header.Get("Webhook-Signature"))
		}
		h["signing_secret"] = newS
		var got integrationJSON
		e.want(200, "PUT", fmt.Sprintf("/api/integrations/%d", it.ID), map[string]any{"name": "signed", "http": h}, &got)
		exp, _ := time.Parse(time.RFC3339, fmt.Sprint(got.HTTP["previous_signing_secret_expires"]))
		if d := time.Until(exp); d < 23*time.Hour || d > 25*time.Hour {
			t.Errorf("previous_signing_secret_expires = %v, want about 24 h from now", got.HTTP["previous_signing_secret_expires"])
		}
		if got.HTTP["previous_signing_secret"] != "********" || got.HTTP["signing_secret"] != "********" {
			t.Errorf("secrets shown: %v", got.HTTP)
		}
		e.createTicket("sig2@example.com", "S")
		second := rc.waitHits(t, 2)[1]
		sigs := strings.Fields(second.Header.Get("Webhook-Signature"))
		if len(sigs) != 2 || !verify(second, newS) || !verify(second, oldS) ||
			sigs[0] != delivery.Sign(newS, second.Header.Get("Webhook-Id"), second.Header.Get("Webhook-Timestamp"), second.Body) {
			t.Errorf("during the overlap: Webhook-Signature %q, want v1,<new> v1,<old>", second.Header.Get("Webhook-Signature"))
		}
		// PUT back what GET returned: the rotation stays as it is.
		var cur integrationJSON
		e.want(200, "GET", fmt.Sprintf("/api/integrations/%d", it.ID), nil, &cur)
		e.want(200, "PUT", fmt.Sprintf("/api/integrations/%d", it.ID), map[string]any{"name": "signed", "http": cur.HTTP}, &got)
		if got.HTTP["previous_signing_secret_expires"] != cur.HTTP["previous_signing_secret_expires"] {
			t.Errorf("a PUT of the same secret moved the overlap: %v → %v", cur.HTTP["previous_signing_secret_expires"], got.HTTP["previous_signing_secret_expires"])
		}
		if logs := e.logs.String(); strings.Contains(logs, newS) || strings.Contains(logs, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") {
			t.Error("a signing secret reached the server log")
		}
	})
}
