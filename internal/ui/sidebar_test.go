package ui_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/server"
	"github.com/ticketwire/ticketwire/internal/server/servertest"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// sbPassword is the password of every user the sidebar tests sign in as.
const sbPassword = "sidebar test password"

// sbEnv is a running ticketwire (HTTP only: no job runs) on one backend.
type sbEnv struct {
	t   *testing.T
	srv *server.Server
	url string
}

// sbEach runs fn against a fresh server on every backend.
func sbEach(t *testing.T, fn func(t *testing.T, e *sbEnv)) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, sbStart(t, b))
		})
	}
}

func sbStart(t *testing.T, b storetest.Backend) *sbEnv {
	t.Helper()
	s := servertest.Start(t, b, servertest.Options{Tune: func(c *config.Config) {
		c.AdminEmail, c.AdminPassword = "admin@example.com", sbPassword
	}})
	return &sbEnv{t: t, srv: s.Server, url: s.URL}
}

// api calls the REST API as the first admin and decodes a 2xx answer into out.
func (e *sbEnv) api(method, path string, body, out any) {
	e.t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, e.url+path, bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+e.srv.FirstAdmin.Token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		e.t.Fatalf("%s %s = %d %s", method, path, res.StatusCode, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			e.t.Fatalf("%s %s: decode %s: %v", method, path, b, err)
		}
	}
}

var sbCSRFField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// signIn returns a browser-like client signed in through the login form.
func (e *sbEnv) signIn(email string) *http.Client {
	e.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	_, page := e.get(c, "/login")
	m := sbCSRFField.FindStringSubmatch(page)
	if m == nil {
		e.t.Fatalf("no CSRF field on the sign-in page:\n%s", page)
	}
	res, err := c.PostForm(e.url+"/login", url.Values{"csrf_token": {m[1]}, "email": {email}, "password": {sbPassword}})
	if err != nil {
		e.t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/tickets" {
		e.t.Fatalf("sign in as %s ended on %d %s", email, res.StatusCode, res.Request.URL)
	}
	return c
}

// get fetches a page with c and returns its status and body.
func (e *sbEnv) get(c *http.Client, path string) (int, string) {
	e.t.Helper()
	res, err := c.Get(e.url + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// sbFixture is a shop integration with a widget, a customer with the shop's
// data and one without, and a ticket of each.
type sbFixture struct {
	integration, widget int64
	withData, without   int64 // ticket ids
}

// sbShopData is what the shop answered for Jo; items past a list's limit
// are rendered hidden, behind "N more".
const sbShopData = `{"vip": true, "email": "jo@example.com", "website": "https://jo.example.com", "since": "2026-03-01T10:00:00Z",
	"nickname": "", "orders": [{"id": 7, "status": "shipped"}, {"id": 9, "status": "new"}, {"id": 8, "status": "paid"}],
	"__integration_type__": "http"}`

const sbShopWidget = `{"type": "wrapper", "title": "Shop <orders>", "meta": {"color": "#a1b2c3"}, "widgets": [
	{"type": "boolean", "path": "vip", "title": "VIP"},
	{"type": "email", "path": "email", "title": "Email"},
	{"type": "url", "path": "website", "title": "Website"},
	{"type": "date", "path": "since", "title": "Customer since"},
	{"type": "text", "path": "nickname", "title": "Nickname"},
	{"type": "list", "path": "orders", "title": "Orders", "meta": {"limit": 1, "orderBy": "-id"}, "widgets": [
		{"type": "card", "title": "Order {{id}}", "meta": {"link": "https://shop.example.com/o/{{id}}"}, "widgets": [
			{"type": "text", "path": "status", "title": "Status"}]}]}]}`

func (e *sbEnv) fixture() sbFixture {
	e.t.Helper()
	var f sbFixture
	var in struct{ ID int64 }
	e.api("POST", "/api/integrations", map[string]any{"name": "Shop",
		"http": map[string]any{"url": "https://shop.example.com/api/customers?email={{ticket.customer.email}}", "triggers": []string{"ticket-updated"}}}, &in)
	f.integration = in.ID
	var w struct{ ID int64 }
	e.api("POST", "/api/widgets", map[string]any{"integration_id": f.integration, "template": json.RawMessage(sbShopWidget)}, &w)
	f.widget = w.ID
	var t struct {
		ID       int64
		Customer struct{ ID int64 }
	}
	for _, email := range []string{"jo@example.com", "al@example.com"} {
		e.api("POST", "/api/tickets", map[string]any{"customer": map[string]any{"email": email}, "subject": "Where is my order?",
			"messages": []map[string]any{{"body_text": "Hello"}}}, &t)
		if email == "al@example.com" {
			f.without = t.ID
			continue
		}
		f.withData = t.ID
		if err := e.srv.Store.PutCustomerIntegration(e.t.Context(), store.CustomerIntegration{CustomerID: t.Customer.ID,
			IntegrationID: f.integration, Data: json.RawMessage(sbShopData), FetchedAt: time.Now()}); err != nil {
			e.t.Fatal(err)
		}
	}
	return f
}

// sbWant fails unless page holds every one of wants.
func sbWant(t *testing.T, what, page string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// sbWantNot fails if page holds any of unwanted.
func sbWantNot(t *testing.T, what, page string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(page, w) {
			t.Errorf("%s holds %q", what, w)
		}
	}
}

func TestSidebarShowsWidgetsWithTheCustomersData(t *testing.T) {
	t.Parallel()
	sbEach(t, func(t *testing.T, e *sbEnv) {
		f := e.fixture()
		admin := e.signIn("admin@example.com")
		status, page := e.get(admin, fmt.Sprintf("/tickets/%d", f.withData))
		if status != http.StatusOK {
			t.Fatalf("ticket page = %d\n%s", status, page)
		}
		// The colour is painted by widgets.js: the content policy allows no style attribute.
		if strings.Contains(page, " style=") {
			t.Fatal("the ticket page has a style attribute, which the content policy refuses")
		}
		sbWant(t, "ticket page", page,
			`<script src="/static/widgets.js" defer></script>`,
			fmt.Sprintf(`id="widget-%d" data-test="widget" data-widget-id="%d"`, f.widget, f.widget),
			`data-color="#a1b2c3"`,
			`Shop &lt;orders&gt;</h3>`,
			`data-type="boolean" data-value="Yes">Yes</span>`,
			`<a href="mailto:jo@example.com">jo@example.com</a>`,
			`<a href="https://jo.example.com" target="_blank" rel="noopener noreferrer">https://jo.example.com</a>`,
			`data-type="date" data-value="Mar 1, 2026" title="2026-03-01T10:00:00Z">Mar 1, 2026</span>`,
			`data-copy="2026-03-01T10:00:00Z"`,
			`data-copy="jo@example.com"`,
			`<span class="wfield-value empty" data-test="widget-field-value" data-type="text">-</span>`,
			`<a href="https://shop.example.com/o/9" target="_blank" rel="noopener noreferrer">Order 9`,
			`data-more-label="2 more">2 more</button>`,
			`data-node="5.0"`,
		)
		// The list is sorted by -id and shows one item; the two others are
		// rendered hidden, in order, for "2 more".
		i9, i8, i7 := strings.Index(page, "Order 9"), strings.Index(page, "Order 8"), strings.Index(page, "Order 7")
		if i9 < 0 || i8 < i9 || i7 < i8 {
			t.Errorf("orders are not in -id order: 9 at %d, 8 at %d, 7 at %d", i9, i8, i7)
		}
		if n := strings.Count(page, `<li hidden data-more-item>`); n != 2 {
			t.Errorf("%d hidden list items, want 2", n)
		}
		sbWant(t, "admin's ticket page", page, `id="widgets-gear"`, `id="widgets-manage"`, `id="widget-drop"`,
			`data-test="widget-node-edit"`, `data-test="widget-color"`, `data-widget="{`,
			fmt.Sprintf(`data-test="widget-source" data-integration-id="%d" data-name="Shop"`, f.integration))
		sbWantNot(t, "ticket page", page, "__integration_type__", "ZgotmplZ")

		_, fragment := e.get(admin, fmt.Sprintf("/tickets/%d/sidebar", f.withData))
		sbWant(t, "sidebar fragment", fragment, fmt.Sprintf(`id="widget-%d"`, f.widget), `Mar 1, 2026`, `data-test="widget-node-edit"`)
		sbWantNot(t, "sidebar fragment", fragment, "<html", `id="widgets-manage"`)
		if status, _ := e.get(admin, "/tickets/999/sidebar"); status != http.StatusNotFound {
			t.Errorf("sidebar of a missing ticket = %d, want 404", status)
		}
	})
}

func TestSidebarSaysNoDataYet(t *testing.T) {
	t.Parallel()
	sbEach(t, func(t *testing.T, e *sbEnv) {
		f := e.fixture()
		admin := e.signIn("admin@example.com")
		_, page := e.get(admin, fmt.Sprintf("/tickets/%d", f.without))
		sbWant(t, "ticket page of a customer without data", page,
			`Shop &lt;orders&gt;</h3>`, `data-test="widget-nodata">No data yet</p>`, `data-test="widget-no-sources"`)
		sbWantNot(t, "ticket page of a customer without data", page, `data-test="widget-field-value"`, `data-test="widget-source"`)
	})
}

func TestSidebarEditorIsForAdmins(t *testing.T) {
	t.Parallel()
	sbEach(t, func(t *testing.T, e *sbEnv) {
		f := e.fixture()
		if _, err := e.srv.Auth.CreateUser(t.Context(), auth.NewUser{Email: "agent@example.com", Name: "Al", Role: auth.RoleAgent,
			Password: sbPassword}); err != nil {
			t.Fatal(err)
		}
		agent := e.signIn("agent@example.com")
		for _, path := range []string{fmt.Sprintf("/tickets/%d", f.withData), fmt.Sprintf("/tickets/%d/sidebar", f.withData)} {
			status, page := e.get(agent, path)
			if status != http.StatusOK {
				t.Fatalf("agent GET %s = %d", path, status)
			}
			sbWant(t, "agent's "+path, page, `Shop &lt;orders&gt;</h3>`, `<a href="mailto:jo@example.com">`, `data-more-label="2 more"`)
			sbWantNot(t, "agent's "+path, page, `widgets-gear`, `widgets-manage`, `widget-drop`, `data-admin`,
				`data-widget=`, `data-test="widget-node-edit"`, `data-test="widget-color"`, `data-test="widget-delete"`)
		}
	})
}

func TestSidebarWithoutWidgets(t *testing.T) {
	t.Parallel()
	sbEach(t, func(t *testing.T, e *sbEnv) {
		var ticket struct{ ID int64 }
		e.api("POST", "/api/tickets", map[string]any{"customer": map[string]any{"email": "jo@example.com"}, "subject": "Hi",
			"messages": []map[string]any{{"body_text": "Hello"}}}, &ticket)
		if _, err := e.srv.Auth.CreateUser(t.Context(), auth.NewUser{Email: "agent@example.com", Name: "Al", Role: auth.RoleAgent,
			Password: sbPassword}); err != nil {
			t.Fatal(err)
		}
		_, agentPage := e.get(e.signIn("agent@example.com"), fmt.Sprintf("/tickets/%d", ticket.ID))
		sbWantNot(t, "agent's page without widgets", agentPage, `id="widgets"`, "widgets.js")
		_, adminPage := e.get(e.signIn("admin@example.com"), fmt.Sprintf("/tickets/%d", ticket.ID))
		sbWant(t, "admin's page without widgets", adminPage, `id="widgets-gear"`, `data-test="widget-empty"`)
	})
}

// TestSidebarShowsAPlaceholderForATitlePastItsLimit: a card title whose
// template makes more than 8 KiB for this customer's data shows a short
// placeholder with the reason, and the rest of the sidebar still shows.
func TestSidebarShowsAPlaceholderForATitlePastItsLimit(t *testing.T) {
	t.Parallel()
	sbEach(t, func(t *testing.T, e *sbEnv) {
		f := e.fixture()
		e.api("POST", "/api/widgets", map[string]any{"integration_id": f.integration, "template": json.RawMessage(
			`{"type": "wrapper", "title": "Huge", "widgets": [{"type": "card", "title": "{{ email * 1000 }}", "widgets": [
				{"type": "text", "path": "email", "title": "Mail"}]}]}`)}, nil)
		agent := e.signIn("admin@example.com")
		status, page := e.get(agent, fmt.Sprintf("/tickets/%d/sidebar", f.withData))
		if status != http.StatusOK {
			t.Fatalf("sidebar = %d\n%s", status, page)
		}
		sbWant(t, "sidebar", page, "(title unavailable)", "the output is larger than 8 KiB, the limit here", "Order 9", ">Mail<")
		if len(page) > 256<<10 {
			t.Errorf("sidebar is %d bytes; the title's template made it grow", len(page))
		}
	})
}

// TestSidebarShowsHostedWidgets renders a widget stored as the hosted
// helpdesk stores it: untitled (titled with its integration's name), a card
// picture (kept, not shown: the page policy loads only this site's images)
// and a card not shown as a card.
func TestSidebarShowsHostedWidgets(t *testing.T) {
	t.Parallel()
	sbEach(t, func(t *testing.T, e *sbEnv) {
		f := e.fixture()
		hosted := `{"type": "wrapper", "title": "", "meta": {"displayCard": true}, "widgets": [
			{"type": "card", "title": "Order {{id}}", "path": "orders.0", "meta": {"link": "", "pictureUrl": "https://cdn.example.com/o/{{id}}.png", "displayCard": false},
			 "widgets": [{"type": "text", "path": "status", "title": "Status"}]},
			{"type": "list", "path": "orders", "meta": {"limit": "2", "orderBy": ""}, "widgets": [{"type": "text", "path": "status"}]}]}`
		var w struct{ ID int64 }
		e.api("POST", "/api/widgets", map[string]any{"integration_id": f.integration, "template": json.RawMessage(hosted)}, &w)
		_, page := e.get(e.signIn("admin@example.com"), fmt.Sprintf("/tickets/%d/sidebar", f.withData))
		at := strings.Index(page, fmt.Sprintf(`id="widget-%d"`, w.ID))
		if at < 0 {
			t.Fatalf("widget %d not in the sidebar:\n%s", w.ID, page)
		}
		page = page[at:]
		sbWant(t, "hosted widget", page, `>Shop</h3>`, `class="wnode wcard wcard-plain"`)
		sbWantNot(t, "hosted widget", page, "Untitled widget", "<img")
	})
}

var sbVersionAttr = regexp.MustCompile(`data-version="([^"]*)"`)

// The open ticket page polls /sidebar/version and reloads its widgets when
// the answer differs from the version the page was built with: the two must
// agree while nothing changed, and differ once new data is stored.
func TestSidebarVersionMatchesThePageUntilDataArrives(t *testing.T) {
	t.Parallel()
	sbEach(t, func(t *testing.T, e *sbEnv) {
		f := e.fixture()
		admin := e.signIn("admin@example.com")
		poll := func(ticket int64) string {
			t.Helper()
			code, body := e.get(admin, fmt.Sprintf("/tickets/%d/sidebar/version", ticket))
			var v struct{ Version string }
			if err := json.Unmarshal([]byte(body), &v); code != http.StatusOK || err != nil {
				t.Fatalf("version of ticket %d = %d %s", ticket, code, body)
			}
			return v.Version
		}
		for _, id := range []int64{f.withData, f.without} {
			_, page := e.get(admin, fmt.Sprintf("/tickets/%d", id))
			m := sbVersionAttr.FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("ticket %d page has no data-version", id)
			}
			if got := poll(id); got != m[1] {
				t.Errorf("ticket %d: the page was built with version %q, the poll answers %q", id, m[1], got)
			}
		}
		before := poll(f.withData)
		var tk struct{ Customer struct{ ID int64 } }
		e.api("GET", fmt.Sprintf("/api/tickets/%d", f.withData), nil, &tk)
		if err := e.srv.Store.PutCustomerIntegration(e.t.Context(), store.CustomerIntegration{CustomerID: tk.Customer.ID,
			IntegrationID: f.integration, Data: json.RawMessage(`{"vip": false}`), FetchedAt: time.Now().Add(time.Second)}); err != nil {
			t.Fatal(err)
		}
		if after := poll(f.withData); after == before {
			t.Errorf("the version stayed %q after new data arrived", after)
		}
		if code, _ := e.get(admin, "/tickets/999999/sidebar/version"); code != http.StatusNotFound {
			t.Errorf("version of a missing ticket = %d, want 404", code)
		}
	})
}
