package delivery_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/delivery"
)

// A receiver's own credentials in its answer (a session cookie, a token in
// an Authorization header) never reach the events log.
func TestResponseCredentialHeadersRedacted(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		rc := newReceiver(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Set-Cookie", "session=cookie-secret-4410; HttpOnly")
			w.Header().Set("Authorization", "Bearer answer-token-9921")
			w.Header().Set("X-Request-Id", "visible-77")
			w.WriteHeader(http.StatusOK)
		})
		it := e.createIntegration("answers", map[string]any{"url": rc.URL + "/a", "triggers": []string{"ticket-created"}})
		e.createTicket("answer@example.com", "An")
		rows := e.waitLog(it.ID, 1)
		res := rows[0].Response
		if res == nil || res.Headers["Set-Cookie"] != delivery.Redacted || res.Headers["Authorization"] != delivery.Redacted {
			t.Fatalf("logged response = %+v, want Set-Cookie and Authorization %s", res, delivery.Redacted)
		}
		if res.Headers["X-Request-Id"] != "visible-77" {
			t.Errorf("X-Request-Id = %q, want it shown", res.Headers["X-Request-Id"])
		}
		_, raw := e.eventsLog(it.ID)
		for _, s := range []string{"cookie-secret-4410", "answer-token-9921"} {
			if strings.Contains(raw, s) {
				t.Errorf("the events log shows %q: %s", s, raw)
			}
		}
	})
}

// A password in the URL (https://user:password@host/) is redacted in the
// logged request, in the preview and in the error text of a failed send.
func TestURLPasswordRedacted(t *testing.T) {
	t.Parallel()
	const password = "url-password-6637"
	each(t, nil, func(t *testing.T, e *env) {
		rc := newReceiver(t, func(_ int, w http.ResponseWriter, _ *http.Request) { dropConnection(t, w) })
		withUser := strings.Replace(rc.URL, "http://", "http://alice:"+password+"@", 1) + "/u"
		it := e.createIntegration("userinfo", map[string]any{"url": withUser, "method": "POST", "body": `{"id": {{ticket.id}}}`,
			"triggers": []string{"ticket-created"}})
		tk := e.createTicket("userinfo@example.com", "Us")

		raw := e.want(200, "POST", fmt.Sprintf("/api/integrations/%d/preview", it.ID), map[string]any{"ticket_id": tk.ID}, nil)
		if strings.Contains(raw, password) {
			t.Errorf("the preview shows the URL's password: %s", raw)
		}

		rows := e.waitLog(it.ID, 1+len(testSchedule))
		e.waitJobs()
		if len(rc.Hits()) == 0 {
			t.Fatal("the receiver got no request")
		}
		if got := rc.Hits()[0].Header.Get("Authorization"); got == "" {
			t.Errorf("the request carried no basic credentials from the URL")
		}
		last := rows[0]
		if last.ErrorClass != delivery.ClassConnection || last.Error == "" {
			t.Fatalf("last row = %+v, want a connection error with its text", last)
		}
		_, log := e.eventsLog(it.ID)
		for where, text := range map[string]string{"the events log": log, "the error text": last.Error,
			"the logged URL": last.Request.URL, "the server log": e.logs.String()} {
			if strings.Contains(text, password) {
				t.Errorf("%s shows the URL's password: %s", where, text)
			}
		}
	})
}
