package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/integration"
)

// quiet makes an integration that no test event triggers, so that its log
// holds only what a test sends.
func quiet(h *integration.HTTP) { h.Triggers = integration.Triggers{event.TicketMessageFailed} }

func TestIntegrationEventsTabFiltersAndPages(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		ctx := context.Background()
		it := e.integration("Shop", quiet)
		tk := e.ticket("Order late")
		for i := range 30 {
			if i == 20 {
				e.status.Store(http.StatusInternalServerError)
			}
			if _, err := e.srv.Delivery.Test(ctx, it.ID, tk); err != nil {
				t.Fatal(err)
			}
		}
		admin := e.signIn(itAdminEmail)
		base := fmt.Sprintf("/settings/integrations/%d", it.ID)

		page := admin.get(base+"/events", http.StatusOK)
		if n := itCount(page, `data-test="event-row"`); n != 25 {
			t.Fatalf("first page has %d rows, want 25", n)
		}
		itContains(t, page, `class="int-status http-5xx" data-test="status-badge">500 Internal Server Error`, "Test request",
			fmt.Sprintf(`href="/tickets/%d"`, tk.ID), `<span class="int-method">POST</span>`, itEsc(e.hook.URL+"/orders?email=jo%40example.com"),
			`<svg class="int-chart-svg"`, `<title id="chart-title">`, `aria-labelledby="chart-title chart-desc"`,
			"Last 24 hours: 20 successful and 10 failed requests", `<rect class="ok"`, `<rect class="bad"`, `<path class="latency"`,
			`aria-current="page">All`)

		older := regexp.MustCompile(`href="([^"]+)" data-test="older"`).FindStringSubmatch(page)
		if older == nil {
			t.Fatal("no Older link on a full first page")
		}
		page = admin.get(html.UnescapeString(older[1]), http.StatusOK)
		if n := itCount(page, `data-test="event-row"`); n != 5 {
			t.Fatalf("second page has %d rows, want 5", n)
		}
		itContains(t, page, `data-test="newest"`, `http-2xx" data-test="status-badge">200 OK`)
		itLacks(t, page, `data-test="older"`, "500 Internal Server Error")

		page = admin.get(base+"/events?outcome=failed", http.StatusOK)
		if n, failed := itCount(page, `data-test="event-row"`), itCount(page, `data-outcome="failed"`); n != 10 || failed != 10 {
			t.Fatalf("failed filter shows %d rows, %d of them failed; want 10", n, failed)
		}
		itContains(t, page, `aria-current="page">Failed`)
		page = admin.get(base+"/events?outcome=success&before=1", http.StatusOK)
		itContains(t, page, "No requests with this outcome.")
		if n := itCount(admin.get(base+"/events?outcome=nonsense", http.StatusOK), `data-test="event-row"`); n != 25 {
			t.Fatalf("an unknown filter shows %d rows, want all 25", n)
		}
	})
}

func TestIntegrationEventDetailAndReplay(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		ctx := context.Background()
		it := e.integration("Shop", func(h *integration.HTTP) {
			h.Headers = []integration.KV{{Key: "Authorization", Value: "Bearer top-secret"}}
		})
		tk := e.ticket("Order late")
		row := e.waitLog(it.ID, 1)[0]
		admin := e.signIn(itAdminEmail)
		base := fmt.Sprintf("/settings/integrations/%d", it.ID)
		detail := fmt.Sprintf("%s/events/%d", base, row.ID)

		page := admin.get(base+"/events", http.StatusOK)
		itContains(t, page, `href="`+detail+`"`, "Ticket created")
		page = admin.get(detail, http.StatusOK)
		itContains(t, page, `id="event-request"`, `id="event-response"`, "200 OK", "Ticket created", "X-Receiver", "[redacted]",
			itEsc("{\n  \"ticket_id\": \""+fmt.Sprint(tk.ID)+"\"\n}"), itEsc("\"plan\": \"gold\""), row.DeliveryID, `data-test="replay"`)
		itLacks(t, page, "top-secret", "Likely causes")

		_, loc := admin.post(detail+"/replay", nil, http.StatusSeeOther)
		if loc != detail+"?replayed=1" {
			t.Fatalf("replay went to %q", loc)
		}
		itContains(t, admin.get(loc, http.StatusOK), "Replay queued")
		again := e.waitLog(it.ID, 2)[0]
		if again.DeliveryID != row.DeliveryID || again.ID == row.ID {
			t.Fatalf("replay logged %+v, want a new row with Webhook-Id %s", again, row.DeliveryID)
		}
		// The replay's row links to the row it replayed, in the list and
		// on its page; the original says nothing of the kind.
		replayOf := fmt.Sprintf(`<a class="muted small int-nowrap" href="%s" data-test="replay-of">Replay of #%d</a>`, detail, row.ID)
		page = admin.get(base+"/events", http.StatusOK)
		itContains(t, page, replayOf)
		if n := itCount(page, `data-test="replay-of"`); n != 1 {
			t.Fatalf("the events list shows %d replay links, want 1", n)
		}
		itContains(t, admin.get(fmt.Sprintf("%s/events/%d", base, again.ID), http.StatusOK),
			fmt.Sprintf(`<a href="%s" data-test="replay-of">Replay of #%d</a>`, detail, row.ID))
		itLacks(t, admin.get(detail, http.StatusOK), `data-test="replay-of"`)

		if _, err := e.srv.Integrations.SetEnabled(ctx, it.ID, false); err != nil {
			t.Fatal(err)
		}
		page, _ = admin.post(detail+"/replay", nil, http.StatusConflict)
		itContains(t, page, "This integration is disabled, so nothing was sent.", `action="`+base+`/enable"`)

		if _, err := e.srv.Integrations.SetEnabled(ctx, it.ID, true); err != nil {
			t.Fatal(err)
		}
		test, err := e.srv.Delivery.Test(ctx, it.ID, tk)
		if err != nil {
			t.Fatal(err)
		}
		testDetail := fmt.Sprintf("%s/events/%d", base, test.ID)
		page = admin.get(testDetail, http.StatusOK)
		itContains(t, page, "Test request", "A test request has no event to replay")
		itLacks(t, page, `data-test="replay"`)
		page, _ = admin.post(testDetail+"/replay", nil, http.StatusUnprocessableEntity)
		itContains(t, page, "it has no event to replay")

		admin.get(fmt.Sprintf("%s/events/%d", base, row.ID+1000), http.StatusNotFound)
	})
}

func TestIntegrationEventExplainsWhatWentWrong(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		ctx := context.Background()
		closed := httptest.NewServer(nil)
		down := closed.URL
		closed.Close()
		tk := e.ticket("Order late")
		admin := e.signIn(itAdminEmail)

		cases := []struct {
			name, url, class, want string
		}{
			{"refused", down + "/orders", "connection", "Nothing accepts connections on 127.0.0.1:"},
			{"private", "http://10.0.0.1/orders", "blocked", "TICKETWIRE_ALLOWED_NETWORKS"},
		}
		for _, c := range cases {
			it := e.integration(c.name, func(h *integration.HTTP) { quiet(h); h.URL = c.url })
			row, err := e.srv.Delivery.Test(ctx, it.ID, tk)
			if err != nil {
				t.Fatal(err)
			}
			if row.ErrorClass != c.class {
				t.Fatalf("%s: error class %q, want %q", c.name, row.ErrorClass, c.class)
			}
			base := fmt.Sprintf("/settings/integrations/%d", it.ID)
			itContains(t, admin.get(base+"/events", http.StatusOK), `http-error" data-test="status-badge">HTTP request failed`)
			page := admin.get(fmt.Sprintf("%s/events/%d", base, row.ID), http.StatusOK)
			itContains(t, page, `id="event-error"`, "Likely causes", `data-test="causes"`, c.want, "No answer came")
			dns := strings.Index(page, "does not resolve")
			if c.class == "connection" && dns >= 0 && strings.Index(page, c.want) > dns {
				t.Fatalf("%s: the cause the error names is not first", c.name)
			}
			if u, _ := url.Parse(c.url); c.class == "connection" && dns >= 0 && net.ParseIP(u.Hostname()) != nil {
				t.Fatalf("%s: DNS advice for an IP address", c.name)
			}
		}

		// While disabled, events are logged as skipped, ready to replay.
		it := e.integration("Paused", nil)
		if _, err := e.srv.Integrations.SetEnabled(ctx, it.ID, false); err != nil {
			t.Fatal(err)
		}
		e.ticket("Another")
		row := e.waitLog(it.ID, 1)[0]
		base := fmt.Sprintf("/settings/integrations/%d", it.ID)
		page := admin.get(base+"/events", http.StatusOK)
		itContains(t, page, `http-none" data-test="status-badge">Skipped`, "events were skipped while the integration was disabled",
			"Disabled: disabled by an admin")
		page = admin.get(fmt.Sprintf("%s/events/%d", base, row.ID), http.StatusOK)
		itContains(t, page, "Nothing was sent: the integration was disabled", `data-test="replay"`)
	})
}

func TestAutoDisabledIntegrationIsAnnouncedToAdmins(t *testing.T) {
	itEachWith(t, func(c *config.Config) { c.DisableAfter = 2 }, func(t *testing.T, e *itEnv) {
		e.status.Store(http.StatusServiceUnavailable)
		it := e.integration("Flaky CRM", nil)
		e.ticket("One")
		e.ticket("Two")
		e.waitLog(it.ID, 2)
		base := fmt.Sprintf("/settings/integrations/%d", it.ID)
		admin := e.signIn(itAdminEmail)
		page := admin.get("/settings/integrations", http.StatusOK)
		itContains(t, page, `class="banner danger"`, "Integration disabled.", `href="`+base+`/events">See its events`,
			`data-test="status">Disabled`, `data-test="reason">disabled after 2 failed requests in a row`, `data-test="failures"`)
		page = admin.get(base+"/events", http.StatusOK)
		itContains(t, page, "Disabled: disabled after 2 failed requests in a row", `action="`+base+`/enable"`,
			`http-5xx" data-test="status-badge">503 Service Unavailable`)
		itLacks(t, e.signIn(itAgentEmail).get("/tickets", http.StatusOK), "Integration disabled.")

		admin.post(base+"/enable", url.Values{"next": {base + "/events"}}, http.StatusSeeOther)
		itLacks(t, admin.get("/settings/integrations", http.StatusOK), "Integration disabled.")
	})
}

func TestPreviewPanelCallsTheAPIWithTheSession(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		it := e.integration("Shop", quiet)
		tk := e.ticket("Order late")
		admin := e.signIn(itAdminEmail)
		page := admin.get(fmt.Sprintf("/settings/integrations/%d/edit", it.ID), http.StatusOK)
		itContains(t, page, `id="preview-btn"`, `id="test-btn"`, fmt.Sprintf(`<option value="%d">#%d · Order late — Jo Customer</option>`, tk.ID, tk.ID),
			`<script src="/static/integration.js" defer></script>`)

		call := func(kind, token string) (int, map[string]any) {
			req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/api/integrations/%d/%s", e.url, it.ID, kind),
				strings.NewReader(fmt.Sprintf(`{"ticket_id": %d}`, tk.ID)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-CSRF-Token", token)
			res, err := admin.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var out map[string]any
			_ = json.NewDecoder(res.Body).Decode(&out)
			return res.StatusCode, out
		}
		if status, _ := call("preview", ""); status != http.StatusForbidden {
			t.Fatalf("preview without the CSRF header = %d", status)
		}
		status, out := call("preview", admin.csrf)
		if req, _ := out["request"].(map[string]any); status != http.StatusOK || req["method"] != "POST" {
			t.Fatalf("preview = %d %v", status, out)
		}
		status, out = call("test", admin.csrf)
		if res, _ := out["response"].(map[string]any); status != http.StatusOK || res["status"] != float64(200) {
			t.Fatalf("test = %d %v", status, out)
		}
		static := admin.get("/static/integration.js", http.StatusOK)
		itContains(t, static, "/api/integrations/${id}/${kind}")
	})
}
