package ui_test

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/config"
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

// The reproducer: wrong passwords in a row. After ten, the form answers 429
// with Retry-After, even for the right password; other accounts are fine.
func TestSignInIsThrottled(t *testing.T) {
	itEachWith(t, func(c *config.Config) { c.SigninAccountLimit = 10 }, func(t *testing.T, e *itEnv) {
		b, csrf, _ := e.loginForm("/login")
		try := func(email, password string) (int, string, http.Header) {
			req, _ := http.NewRequest(http.MethodPost, e.url+"/login", strings.NewReader(url.Values{"email": {email},
				"password": {password}, "csrf_token": {csrf}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res, err := b.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			raw, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(raw), res.Header
		}
		for i := 0; i < 10; i++ {
			if status, page, _ := try(itAgentEmail, "wrong password"); status != http.StatusUnauthorized {
				t.Fatalf("failure %d = %d: %s", i+1, status, itExcerpt(page))
			}
		}
		status, page, h := try(itAgentEmail, itPassword)
		secs, _ := strconv.Atoi(h.Get("Retry-After"))
		if status != http.StatusTooManyRequests || secs < 1 || secs > 900 {
			t.Fatalf("after 10 failures = %d Retry-After %q", status, h.Get("Retry-After"))
		}
		itContains(t, page, "Too many failed sign-in attempts. Try again in 15 minutes")
		if status, _, _ := try(itAdminEmail, itPassword); status != http.StatusSeeOther {
			t.Fatalf("another account from the same address = %d, want 303", status)
		}
	})
}
