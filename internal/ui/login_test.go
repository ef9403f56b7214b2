package ui_test

import (
	"html"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

// loginForm opens the sign-in page at path and returns the browser and the
// form's CSRF token and hidden next value.
func (e *itEnv) loginForm(path string) (*itBrowser, string, string) {
	e.t.Helper()
	b := &itBrowser{e: e, c: noRedirects()}
	b.c.Jar, _ = cookiejar.New(nil)
	page := b.get(path, http.StatusOK)
	m := itCSRFField.FindStringSubmatch(page)
	if m == nil {
		e.t.Fatalf("no CSRF field on %s", path)
	}
	next := ""
	if i := strings.Index(page, `name="next" value="`); i >= 0 {
		rest := page[i+len(`name="next" value="`):]
		next = html.UnescapeString(rest[:strings.IndexByte(rest, '"')])
	}
	return b, m[1], next
}

func TestSignInRedirectStaysOnSite(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		// The reproducer: the tab must not reach the Location header.
		b, csrf, next := e.loginForm("/login?next=/%09/evil.example")
		status, _, loc := b.do(http.MethodPost, "/login", url.Values{"email": {itAdminEmail}, "password": {itPassword},
			"csrf_token": {csrf}, "next": {next}})
		if status != http.StatusSeeOther || loc != "/" {
			t.Fatalf("sign in with next %q = %d to %q, want 303 to /", next, status, loc)
		}
		// A next posted by hand is checked as well.
		b, csrf, _ = e.loginForm("/login")
		_, _, loc = b.do(http.MethodPost, "/login", url.Values{"email": {itAdminEmail}, "password": {itPassword},
			"csrf_token": {csrf}, "next": {"/\\evil.example"}})
		if loc != "/" {
			t.Fatalf("posted next /\\evil.example led to %q", loc)
		}

		// A page opened signed out comes back after sign-in, query included.
		want := "/tickets?status=open&q=a b"
		status, _, loc = (&itBrowser{e: e, c: noRedirects()}).do(http.MethodGet, "/tickets?status=open&q=a%20b", nil)
		if status != http.StatusFound || !strings.HasPrefix(loc, "/login?next=") {
			t.Fatalf("signed-out GET = %d to %q", status, loc)
		}
		b, csrf, next = e.loginForm(loc)
		_, _, loc = b.do(http.MethodPost, "/login", url.Values{"email": {itAdminEmail}, "password": {itPassword},
			"csrf_token": {csrf}, "next": {next}})
		if u, err := url.Parse(loc); err != nil || u.Path+"?"+mustUnescape(t, u.RawQuery) != want {
			t.Fatalf("after sign-in went to %q, want %q", loc, want)
		}
	})
}

func mustUnescape(t *testing.T, s string) string {
	t.Helper()
	v, err := url.QueryUnescape(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
