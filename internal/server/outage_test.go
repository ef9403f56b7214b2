package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/server/servertest"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

const (
	outageAdmin    = "admin@example.com"
	outagePassword = "correct horse battery"
)

// outage is a running ticketwire, an admin's API token and a signed-in
// browser session, for watching how it behaves while its database is away.
type outage struct {
	t     *testing.T
	srv   *servertest.Server
	token string
	sess  auth.Session
	id    string // the session cookie's value
}

func startOutage(t *testing.T, b storetest.Backend, tune func(*config.Config)) *outage {
	t.Helper()
	s := servertest.Start(t, b, servertest.Options{Tune: func(c *config.Config) {
		c.AdminEmail, c.AdminPassword = outageAdmin, outagePassword
		servertest.AllowLoopback(c)
		if tune != nil {
			tune(c)
		}
	}})
	ctx := context.Background()
	u, err := s.Auth.SignIn(ctx, outageAdmin, outagePassword, netip.MustParseAddr("127.0.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	id, sess, err := s.Auth.StartSession(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	return &outage{t: t, srv: s, token: s.FirstAdmin.Token, sess: sess, id: id}
}

// api calls the API with the admin's token.
func (o *outage) api(method, path, body string) (*http.Response, string) {
	o.t.Helper()
	req, _ := http.NewRequest(method, o.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+o.token)
	req.Header.Set("Content-Type", "application/json")
	return o.do(req)
}

// page asks for a page (or posts a form) with the browser's session.
func (o *outage) page(method, path string, form url.Values) (*http.Response, string) {
	o.t.Helper()
	req, _ := http.NewRequest(method, o.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set(auth.CSRFHeader, o.sess.CSRF)
	req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: o.id})
	return o.do(req)
}

func (o *outage) do(req *http.Request) (*http.Response, string) {
	o.t.Helper()
	c := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		o.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res, string(raw)
}

// wantUnavailable checks the API's 503: code unavailable and Retry-After.
func (o *outage) wantUnavailable(method, path, body string) {
	o.t.Helper()
	res, raw := o.api(method, path, body)
	var e struct {
		Error struct{ Code, Message string }
	}
	_ = json.Unmarshal([]byte(raw), &e)
	if res.StatusCode != http.StatusServiceUnavailable || e.Error.Code != "unavailable" || e.Error.Message == "" || res.Header.Get("Retry-After") == "" {
		o.t.Fatalf("%s %s while the database is away = %d %q (Retry-After %q), want 503 unavailable with Retry-After",
			method, path, res.StatusCode, raw, res.Header.Get("Retry-After"))
	}
}

// wantTryAgainPage checks the UI's plain 503 page.
func (o *outage) wantTryAgainPage(method, path string, form url.Values) {
	o.t.Helper()
	res, page := o.page(method, path, form)
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(page, "Try again") || res.Header.Get("Retry-After") == "" {
		o.t.Fatalf("%s %s while the database is away = %d (Retry-After %q): %.300s", method, path, res.StatusCode, res.Header.Get("Retry-After"), page)
	}
}

// readyz answers /readyz's status.
func (o *outage) readyz() int {
	o.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, o.srv.URL+"/readyz", nil)
	res, _ := o.do(req)
	return res.StatusCode
}

// eventually polls cond until it holds or 30 seconds pass.
func (o *outage) eventually(what string, cond func() bool) {
	o.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			o.t.Fatalf("%s: not within 30 s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ticketBody is a new ticket whose message is size bytes long.
func ticketBody(email string, size int) string {
	return fmt.Sprintf(`{"customer": {"email": %q}, "subject": "Kettle", "messages": [{"body_text": %q}]}`, email, strings.Repeat("k", size))
}

// tcpProxy forwards connections to a database and can cut them all and
// refuse new ones, as a network partition or a stopped server would.
type tcpProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  []net.Conn
}

func newTCPProxy(t *testing.T) *tcpProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{ln: ln}
	go p.accept()
	t.Cleanup(func() { ln.Close(); p.setDown(true) })
	return p
}

func (p *tcpProxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		down, target := p.down, p.target
		p.mu.Unlock()
		up, err := net.Dial("tcp", target)
		if down || err != nil {
			c.Close()
			if up != nil {
				up.Close()
			}
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, up)
		p.mu.Unlock()
		go pipe(c, up)
		go pipe(up, c)
	}
}

func pipe(dst, src net.Conn) {
	_, _ = io.Copy(dst, src)
	dst.Close()
	src.Close()
}

// setDown cuts every connection and refuses new ones, or lets them through again.
func (p *tcpProxy) setDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
	if down {
		for _, c := range p.conns {
			c.Close()
		}
		p.conns = nil
	}
}

// TestPostgresUnreachableAnswers503AndRecovers cuts a server off from its
// PostgreSQL: API calls answer 503 unavailable with Retry-After, pages
// show the plain "try again" page, /readyz is not ready; once the
// database is reachable again, the API, readiness and deliveries work
// again without a restart.
func TestPostgresUnreachableAnswers503AndRecovers(t *testing.T) {
	t.Parallel()
	var pg storetest.Backend
	for _, b := range storetest.Backends() {
		if b.Name == "postgres" {
			pg = b
		}
	}
	if pg.Name == "" {
		t.Skip(storetest.EnvURL + " is not set: PostgreSQL tests skipped")
	}
	proxy := newTCPProxy(t)
	o := startOutage(t, pg, func(c *config.Config) {
		u, err := url.Parse(c.DatabaseURL)
		if err != nil {
			t.Fatal(err)
		}
		proxy.mu.Lock()
		proxy.target, u.Host = u.Host, proxy.ln.Addr().String()
		proxy.mu.Unlock()
		c.DatabaseURL = u.String()
	})
	var got atomic.Int32
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got.Add(1) }))
	t.Cleanup(rc.Close)
	if res, raw := o.api("POST", "/api/integrations", `{"name": "Shop", "http": {"url": "`+rc.URL+`/t", "triggers": ["ticket-created"]}}`); res.StatusCode != 201 {
		t.Fatalf("create integration = %d %s", res.StatusCode, raw)
	}
	if o.readyz() != http.StatusOK {
		t.Fatal("not ready before the outage")
	}

	proxy.setDown(true)
	o.wantUnavailable("GET", "/api/tickets", "")
	o.wantUnavailable("POST", "/api/tickets", ticketBody("ann@example.com", 10))
	o.wantTryAgainPage("GET", "/tickets", nil)
	if s := o.readyz(); s != http.StatusServiceUnavailable {
		t.Fatalf("/readyz while the database is unreachable = %d, want 503", s)
	}

	proxy.setDown(false)
	o.eventually("the API answers again", func() bool { res, _ := o.api("GET", "/api/tickets", ""); return res.StatusCode == 200 })
	if res, raw := o.api("POST", "/api/tickets", ticketBody("ann@example.com", 10)); res.StatusCode != 201 {
		t.Fatalf("create a ticket after the outage = %d %s", res.StatusCode, raw)
	}
	if s := o.readyz(); s != http.StatusOK {
		t.Fatalf("/readyz after the outage = %d, want 200", s)
	}
	if res, _ := o.page("GET", "/tickets", nil); res.StatusCode != 200 {
		t.Fatalf("tickets page after the outage = %d", res.StatusCode)
	}
	o.eventually("the new ticket is delivered", func() bool { return got.Load() >= 1 })
}

// TestSQLiteDiskFullAnswers503AndRecovers fills the SQLite database (its
// page count capped where it stands, so a write that needs room fails with
// SQLITE_FULL as on a full disk): writes answer 503 unavailable with
// Retry-After through the API and the "try again" page through the UI,
// nothing is stored, /readyz is not ready although the database still
// answers reads; with room again, writes and readiness come back.
func TestSQLiteDiskFullAnswers503AndRecovers(t *testing.T) {
	t.Parallel()
	o := startOutage(t, storetest.Backends()[0], nil)
	res, raw := o.api("POST", "/api/tickets", ticketBody("ann@example.com", 10))
	var tk struct{ ID int64 }
	if err := json.Unmarshal([]byte(raw), &tk); res.StatusCode != 201 || err != nil {
		t.Fatalf("create a ticket = %d %s", res.StatusCode, raw)
	}
	ctx := context.Background()
	var pages int64
	if err := o.srv.Store.DB.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	setMaxPages := func(n int64) {
		if _, err := o.srv.Store.DB.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", n)); err != nil {
			t.Fatal(err)
		}
	}
	setMaxPages(pages)

	o.wantUnavailable("POST", "/api/tickets", ticketBody("bob@example.com", 300<<10))
	o.wantUnavailable("POST", fmt.Sprintf("/api/tickets/%d/messages", tk.ID), fmt.Sprintf(`{"body_text": %q}`, strings.Repeat("m", 300<<10)))
	o.wantTryAgainPage("POST", fmt.Sprintf("/tickets/%d/reply", tk.ID), url.Values{"body_text": {strings.Repeat("r", 300<<10)}})
	if s := o.readyz(); s != http.StatusServiceUnavailable {
		t.Fatalf("/readyz after writes failed on a full disk = %d, want 503", s)
	}
	res, raw = o.api("GET", fmt.Sprintf("/api/tickets/%d", tk.ID), "")
	if res.StatusCode != 200 || strings.Count(raw, `"body_text"`) != 1 {
		t.Fatalf("the ticket after refused writes = %d, want it readable with its one message: %.300s", res.StatusCode, raw)
	}

	setMaxPages(1 << 30)
	if res, raw := o.api("POST", "/api/tickets", ticketBody("bob@example.com", 300<<10)); res.StatusCode != 201 {
		t.Fatalf("create a ticket with room again = %d %.300s", res.StatusCode, raw)
	}
	if s := o.readyz(); s != http.StatusOK {
		t.Fatalf("/readyz after a write succeeded again = %d, want 200", s)
	}
}
