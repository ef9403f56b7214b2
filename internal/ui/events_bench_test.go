package ui_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/server/servertest"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// BenchmarkIntegrationEventsPage times the Events tab (chart, first page, a
// deep page and outcome filters) of an integration whose last 24 hours hold
// 1 000 and 130 000 log rows, written with plain SQL: the page should cost
// about the same at both sizes. Compare the ns/op of the two sizes, e.g.
//
//	go test ./internal/ui -run '^$' -bench IntegrationEventsPage -benchtime 200x
func BenchmarkIntegrationEventsPage(b *testing.B) {
	for _, be := range storetest.Backends() {
		for _, rows := range []int{1_000, 130_000} {
			b.Run(fmt.Sprintf("%s/rows=%d", be.Name, rows), func(b *testing.B) {
				s := servertest.Start(b, be, servertest.Options{Tune: func(c *config.Config) {
					c.AdminEmail, c.AdminPassword = itAdminEmail, itPassword
				}})
				ctx := context.Background()
				it, err := s.Integrations.Create(ctx, integration.Input{Name: "Busy shop", HTTP: &integration.HTTP{URL: "https://shop.example.com/hook",
					Method: "POST", Triggers: integration.Triggers{event.TicketMessageFailed}}})
				if err != nil {
					b.Fatal(err)
				}
				seedLog(b, s.Store, it.ID, rows)
				var mid int64
				if err := s.Store.DB.QueryRowContext(ctx, `SELECT MIN(id) + (MAX(id) - MIN(id)) / 2 FROM delivery_log`).Scan(&mid); err != nil {
					b.Fatal(err)
				}
				c := benchSignIn(b, s.URL)
				base := fmt.Sprintf("%s/settings/integrations/%d/events", s.URL, it.ID)
				for _, p := range []struct{ name, query string }{
					{"first", ""},
					{"deep", fmt.Sprintf("?before=%d", mid)},
					{"failed", "?outcome=failed"},
					{"gave-up", "?outcome=gave-up"},
					{"blocked", "?outcome=blocked"}, // an outcome with no rows at all
				} {
					b.Run(p.name, func(b *testing.B) {
						for b.Loop() {
							benchGet(b, c, base+p.query)
						}
					})
				}
			})
		}
	}
}

// seedLog writes n rows, spread over the last 24 hours, oldest first: one in
// 50 failed, one in 997 gave up, the rest successful; then counts them by
// hour as the migration does.
func seedLog(b *testing.B, s *store.Store, integrationID int64, n int) {
	b.Helper()
	ctx := context.Background()
	const request = `{"method":"POST","url":"https://shop.example.com/hook?ticket=48213","headers":{"Content-Type":"application/json"},` +
		`"body":"{\"ticket\":{\"id\":48213,\"subject\":\"Where is my order?\",\"customer\":{\"email\":\"jo@example.com\"}}}","body_truncated":false}`
	const response = `{"status":200,"headers":{"Content-Type":"application/json"},"body":"{\"ok\":true}","body_truncated":false,"body_size":11}`
	outcome := `CASE WHEN i % 997 = 0 THEN 'gave-up' WHEN i % 50 = 0 THEN 'failed' ELSE 'success' END`
	var q string
	if s.Dialect == store.Postgres {
		q = `INSERT INTO delivery_log (integration_id, delivery_id, event_kind, attempt, outcome, request, response, error_class, error,
			duration_ms, created_datetime)
			SELECT $1, 'seed-' || i, 'ticket-created', 1, ` + outcome + `, '` + request + `', '` + response + `', '', '', i % 300,
				now() - (($2 - i) * 86000.0 / $2) * interval '1 second'
			FROM generate_series(1, $2::int) AS i`
	} else {
		q = `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $2)
			INSERT INTO delivery_log (integration_id, delivery_id, event_kind, attempt, outcome, request, response, error_class, error,
			duration_ms, created_datetime)
			SELECT $1, 'seed-' || i, 'ticket-created', 1, ` + outcome + `, '` + request + `', '` + response + `', '', '', i % 300,
				strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || (($2 - i) * 86000.0 / $2) || ' seconds') || '+00:00'
			FROM seq`
	}
	if _, err := s.DB.ExecContext(ctx, q, integrationID, n); err != nil {
		b.Fatal(err)
	}
	if err := s.RebuildDeliveryHours(ctx); err != nil {
		b.Fatal(err)
	}
	if s.Dialect == store.Postgres {
		// What autovacuum does within a minute of such an insert.
		if _, err := s.DB.ExecContext(ctx, `ANALYZE delivery_log`); err != nil {
			b.Fatal(err)
		}
	}
}

// benchSignIn signs the admin in and returns a client with the session.
func benchSignIn(b *testing.B, base string) *http.Client {
	b.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	page := benchGet(b, c, base+"/login")
	m := itCSRFField.FindStringSubmatch(page)
	if m == nil {
		b.Fatal("no CSRF field on the sign-in page")
	}
	res, err := c.PostForm(base+"/login", url.Values{"email": {itAdminEmail}, "password": {itPassword}, "csrf_token": {m[1]}})
	if err != nil {
		b.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		b.Fatalf("sign in = %d", res.StatusCode)
	}
	return c
}

func benchGet(b *testing.B, c *http.Client, u string) string {
	res, err := c.Get(u)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(raw), "</html>") {
		b.Fatalf("GET %s = %d", u, res.StatusCode)
	}
	return string(raw)
}
