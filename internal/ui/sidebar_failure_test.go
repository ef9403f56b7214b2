package ui_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/server/servertest"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// TestSidebarNamesTheLastFailedFetch, on both databases: after a failed
// request for the customer the sidebar says so and its version changes;
// after a successful one the notice is gone.
func TestSidebarNamesTheLastFailedFetch(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := servertest.Start(t, b, servertest.Options{Tune: func(c *config.Config) {
				c.AdminEmail, c.AdminPassword = "admin@example.com", sbPassword
				servertest.AllowLoopback(c)
			}})
			e := &sbEnv{t: t, srv: s.Server, url: s.URL}
			var status atomic.Int32
			status.Store(500)
			rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(int(status.Load()))
				_, _ = w.Write([]byte(`{"plan": "gold"}`))
			}))
			t.Cleanup(rc.Close)
			ctx := t.Context()
			it, err := e.srv.Integrations.Create(ctx, integration.Input{Name: "Loyalty", HTTP: &integration.HTTP{
				URL: rc.URL, Method: "GET", Triggers: integration.Triggers{event.TicketStatusUpdated}}})
			if err != nil {
				t.Fatal(err)
			}
			tk, err := e.srv.Helpdesk.CreateTicket(ctx, helpdesk.Actor{}, helpdesk.NewTicket{Customer: &helpdesk.CustomerRef{Email: "jo@example.com"},
				Messages: []helpdesk.MessageInput{{BodyText: "Hi"}}})
			if err != nil {
				t.Fatal(err)
			}
			admin := e.signIn("admin@example.com")
			path := "/tickets/" + strconv.FormatInt(tk.ID, 10) + "/sidebar"
			_, v0 := e.get(admin, path+"/version")
			if _, err := e.srv.Delivery.Test(ctx, it.ID, tk); err != nil {
				t.Fatal(err)
			}
			_, page := e.get(admin, path)
			sbWant(t, "failed fetch", page, "Couldn’t reach Loyalty: HTTP 500, <span", ">just now</span>", "/settings/integrations/"+strconv.FormatInt(it.ID, 10)+"/events/")
			if _, v1 := e.get(admin, path+"/version"); v1 == v0 {
				t.Fatalf("version %s did not change after a failed fetch", v1)
			}
			status.Store(200)
			if _, err := e.srv.Delivery.Test(ctx, it.ID, tk); err != nil {
				t.Fatal(err)
			}
			if _, page = e.get(admin, path); strings.Contains(page, "Couldn’t reach") {
				t.Fatalf("the notice stayed after a successful fetch:\n%s", page)
			}
		})
	}
}
