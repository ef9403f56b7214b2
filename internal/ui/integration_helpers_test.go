package ui_test

import (
	"context"
	"errors"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/server"
	"github.com/ticketwire/ticketwire/internal/server/servertest"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// itEnv is a running ticketwire (HTTP and job workers) and a receiver for
// its integrations' requests, whose answer status the test sets.
type itEnv struct {
	t      *testing.T
	srv    *server.Server
	url    string
	hook   *httptest.Server
	status atomic.Int32 // the receiver's answer status
}

const (
	itAdminEmail = "admin@example.com"
	itAgentEmail = "agent@example.com"
	itPassword   = "correct horse battery"
)

// itEach runs fn against a fresh server on every backend.
func itEach(t *testing.T, fn func(t *testing.T, e *itEnv)) { itEachWith(t, nil, fn) }

// itEachWith is itEach with a configuration changed by set.
func itEachWith(t *testing.T, set func(c *config.Config), fn func(t *testing.T, e *itEnv)) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, itStart(t, b, set))
		})
	}
}

func itStart(t *testing.T, b storetest.Backend, set func(c *config.Config)) *itEnv {
	t.Helper()
	s := servertest.Start(t, b, servertest.Options{Tune: func(c *config.Config) {
		c.AdminEmail, c.AdminPassword = itAdminEmail, itPassword
		servertest.AllowLoopback(c)
		c.RetrySchedule = []time.Duration{50 * time.Millisecond}
		if set != nil {
			set(c)
		}
	}})
	e := &itEnv{t: t, srv: s.Server, url: s.URL}
	e.status.Store(http.StatusOK)
	e.hook = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Receiver", "test")
		w.WriteHeader(int(e.status.Load()))
		_, _ = io.WriteString(w, `{"plan":"gold","orders":[{"id":1001,"status":"shipped"}]}`)
	}))
	t.Cleanup(e.hook.Close)
	if _, err := s.Auth.CreateUser(context.Background(), auth.NewUser{Email: itAgentEmail, Name: "Alex Agent", Role: auth.RoleAgent, Password: itPassword}); err != nil {
		t.Fatal(err)
	}
	return e
}

// itBrowser is a signed-in browser: a cookie jar, redirects not followed so
// that tests see them, and the session's CSRF token as the pages carry it.
type itBrowser struct {
	e    *itEnv
	c    *http.Client
	csrf string
}

var (
	itCSRFField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)
	itCSRFMeta  = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)
)

// signIn signs in through the sign-in form.
func (e *itEnv) signIn(email string) *itBrowser {
	e.t.Helper()
	jar, _ := cookiejar.New(nil)
	b := &itBrowser{e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	_, page, _ := b.do(http.MethodGet, "/login", nil)
	m := itCSRFField.FindStringSubmatch(page)
	if m == nil {
		e.t.Fatalf("no CSRF field on the sign-in page: %s", page)
	}
	status, _, loc := b.do(http.MethodPost, "/login", url.Values{"email": {email}, "password": {itPassword}, "csrf_token": {m[1]}})
	if status != http.StatusSeeOther || loc != "/" {
		e.t.Fatalf("sign in as %s = %d to %q", email, status, loc)
	}
	_, page, _ = b.do(http.MethodGet, "/tickets", nil)
	if m = itCSRFMeta.FindStringSubmatch(page); m == nil {
		e.t.Fatalf("no CSRF token on the tickets page")
	}
	b.csrf = m[1]
	return b
}

// do sends a request (a form when form is not nil) and returns the status,
// the body and the redirect's Location.
func (b *itBrowser) do(method, path string, form url.Values) (int, string, string) {
	b.e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.e.url+path, body)
	if err != nil {
		b.e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(raw), res.Header.Get("Location")
}

// get fetches a page and fails unless it answered want.
func (b *itBrowser) get(path string, want int) string {
	b.e.t.Helper()
	status, page, _ := b.do(http.MethodGet, path, nil)
	if status != want {
		b.e.t.Fatalf("GET %s = %d, want %d: %s", path, status, want, itExcerpt(page))
	}
	return page
}

// post submits a form with the session's CSRF token and fails unless it
// answered want; it returns the body and the Location.
func (b *itBrowser) post(path string, form url.Values, want int) (string, string) {
	b.e.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf_token", b.csrf)
	status, page, loc := b.do(http.MethodPost, path, form)
	if status != want {
		b.e.t.Fatalf("POST %s = %d, want %d: %s", path, status, want, itExcerpt(page))
	}
	return page, loc
}

// itExcerpt is the main part of a page, for failure messages.
func itExcerpt(page string) string {
	if i := strings.Index(page, `<main`); i >= 0 {
		page = page[i:]
	}
	if len(page) > 3000 {
		page = page[:3000] + "…"
	}
	return page
}

// itContains fails unless page holds every piece (HTML-escaped as a
// template writes text).
func itContains(t *testing.T, page string, pieces ...string) {
	t.Helper()
	for _, p := range pieces {
		if !strings.Contains(page, p) {
			t.Fatalf("page lacks %q:\n%s", p, itExcerpt(page))
		}
	}
}

func itLacks(t *testing.T, page string, pieces ...string) {
	t.Helper()
	for _, p := range pieces {
		if strings.Contains(page, p) {
			t.Fatalf("page has %q:\n%s", p, itExcerpt(page))
		}
	}
}

// itEsc is text as html/template writes it.
func itEsc(s string) string { return html.EscapeString(s) }

// integration creates an integration that sends to the receiver.
func (e *itEnv) integration(name string, mutate func(h *integration.HTTP)) integration.Integration {
	e.t.Helper()
	h := &integration.HTTP{URL: e.hook.URL + "/orders?email={{ticket.customer.email}}", Method: "POST",
		Body: `{"ticket_id": "{{ticket.id}}"}`, Triggers: integration.Triggers{event.TicketCreated}}
	if mutate != nil {
		mutate(h)
	}
	it, err := e.srv.Integrations.Create(context.Background(), integration.Input{Name: name, HTTP: h})
	if err != nil {
		e.t.Fatal(err)
	}
	return it
}

// ticket creates a ticket (raising ticket-created).
func (e *itEnv) ticket(subject string) event.Ticket {
	e.t.Helper()
	t, err := e.srv.Helpdesk.CreateTicket(context.Background(), helpdesk.Actor{}, helpdesk.NewTicket{
		Customer: &helpdesk.CustomerRef{Email: "jo@example.com", Name: "Jo Customer"}, Subject: subject,
		Messages: []helpdesk.MessageInput{{BodyText: "Where is my order?"}}})
	if err != nil {
		e.t.Fatal(err)
	}
	return t
}

// waitLog waits until integration id's events log has at least n rows and
// returns them, newest first.
func (e *itEnv) waitLog(id int64, n int) []delivery.LogEntry {
	e.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		list, err := e.srv.Delivery.ListLog(context.Background(), query.DeliveryLogFilter{IntegrationID: id, Page: query.Page{Limit: 100}})
		if err != nil {
			e.t.Fatal(err)
		}
		if len(list) >= n {
			return list
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("integration %d logged %d requests, want %d", id, len(list), n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// gone reports whether integration id no longer exists.
func (e *itEnv) gone(id int64) bool {
	_, err := e.srv.Integrations.Get(context.Background(), id)
	return errors.Is(err, query.ErrNotFound)
}

// itCount counts occurrences of a piece in a page.
func itCount(page, piece string) int { return strings.Count(page, piece) }

// noRedirects is a client without cookies that shows redirects.
func noRedirects() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// storePage is one page of up to 100 rows.
func storePage() query.Page { return query.Page{Limit: 100} }
