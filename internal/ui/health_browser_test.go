package ui_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/query"
)

// An integration failing three requests in four: the list shows its
// success rate, p95, trend and last error, marks it at risk, and every
// admin page carries the at-risk banner; the last error links to its row.
func TestBrowserIntegrationListShowsHealth(t *testing.T) {
	t.Parallel()
	e := brStart(t)
	ctx := context.Background()
	var hits atomic.Int64
	shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1)%4 != 0 {
			w.WriteHeader(http.StatusBadGateway)
			_, _ = io.WriteString(w, "upstream down")
			return
		}
		time.Sleep(20 * time.Millisecond)
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(shop.Close)
	it, err := e.srv.Integrations.Create(ctx, integration.Input{Name: "Shaky shop",
		HTTP: &integration.HTTP{URL: shop.URL + "/orders", Method: "POST", Triggers: integration.Triggers{event.TicketCreated}}})
	if err != nil {
		t.Fatal(err)
	}
	const tickets = 20
	for i := range tickets {
		if _, err := e.srv.Helpdesk.CreateTicket(ctx, helpdesk.Actor{}, helpdesk.NewTicket{
			Customer: &helpdesk.CustomerRef{Email: fmt.Sprintf("shaky%d@example.com", i)}, Subject: "Where is my order?",
			Messages: []helpdesk.MessageInput{{BodyText: "Hello"}}}); err != nil {
			t.Fatal(err)
		}
	}
	brWaitFor(t, 20*time.Second, "every delivery logged", func() bool {
		list, err := e.srv.Delivery.ListLog(ctx, query.DeliveryLogFilter{IntegrationID: it.ID, Page: query.Page{Limit: 50}})
		return err == nil && len(list) >= tickets
	})

	b := e.brBrowser(1280, 900)
	e.brSignIn(b, "admin@example.com", e.adminPwd)
	e.brDo(b, "open the integrations list", chromedp.Navigate(e.url+"/settings/integrations"), chromedp.WaitVisible(`[data-test=health]`))
	row := fmt.Sprintf("#integration-%d ", it.ID)
	if got := e.brText(b, row+"[data-test=success-rate]"); got != "25 %" {
		t.Errorf("success rate = %q, want 25 %% (5 of %d)", got, tickets)
	}
	if got := e.brText(b, row+"[data-test=p95]"); !strings.HasSuffix(got, " ms") {
		t.Errorf("p95 = %q, want a duration in ms", got)
	}
	if got := e.brText(b, row+"[data-test=at-risk]"); got != "At risk" {
		t.Errorf("at-risk mark = %q", got)
	}
	if got := e.brText(b, row+"[data-test=last-error]"); !strings.Contains(got, "502") {
		t.Errorf("last error = %q, want the 502", got)
	}
	bars := brEval[[]float64](e, b, fmt.Sprintf(`[...document.querySelectorAll("#integration-%d [data-test=trend] g rect")].map((r) => r.getBoundingClientRect().height)`, it.ID))
	var drawn int
	for _, h := range bars {
		if h > 0 {
			drawn++
		}
	}
	if len(bars) != 48 || drawn < 2 || drawn > 4 {
		t.Errorf("trend has %d bars, %d drawn; want 24 hours of two and this hour's two drawn", len(bars), drawn)
	}
	banner := e.brText(b, `[data-test=at-risk-banner]`)
	if !strings.Contains(banner, "Shaky shop") || !strings.Contains(banner, fmt.Sprintf("failed 15 of about %d requests", tickets)) {
		t.Errorf("banner = %q", banner)
	}
	e.brShot(b, "integrations-health")

	// The banner is on every admin page; the last error opens its row.
	e.brDo(b, "open the users page", chromedp.Navigate(e.url+"/settings/users"), chromedp.WaitVisible(`[data-test=at-risk-banner]`))
	e.brDo(b, "follow the last error", chromedp.Navigate(e.url+"/settings/integrations"), chromedp.WaitVisible(row+`[data-test=last-error]`),
		chromedp.Click(row+`[data-test=last-error]`), chromedp.WaitVisible(`#event-response`))
	if got := e.brText(b, "main"); !strings.Contains(got, "502") {
		t.Errorf("the last error's page does not show the 502: %q", got)
	}
}
