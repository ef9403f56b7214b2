package ui_test

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/server/servertest"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

const wantPagePolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

func TestEveryPageCarriesTheSecurityHeaders(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		admin := e.signIn(itAdminEmail)
		for _, path := range []string{"/login", "/tickets", "/account/password", "/settings/users", "/settings/integrations",
			"/settings/integrations/new", "/settings/macros", "/settings/macros/new", "/static/app.js", "/no/such/page"} {
			req, _ := http.NewRequest(http.MethodGet, e.url+path, nil)
			res, err := admin.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			h := res.Header
			if got := h.Get("Content-Security-Policy"); got != wantPagePolicy {
				t.Errorf("%s: Content-Security-Policy = %q", path, got)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" || h.Get("X-Frame-Options") != "DENY" {
				t.Errorf("%s: headers %v", path, h)
			}
			if h.Get("Strict-Transport-Security") != "" {
				t.Errorf("%s: HSTS over plain HTTP", path)
			}
		}
		// River's UI keeps scripts to this site but may inject styles.
		status, _, _ := admin.do(http.MethodGet, "/admin/jobs/", nil)
		req, _ := http.NewRequest(http.MethodGet, e.url+"/admin/jobs/", nil)
		res, err := admin.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if p := res.Header.Get("Content-Security-Policy"); status != 200 || !strings.Contains(p, "script-src 'self';") ||
			!strings.Contains(p, "frame-ancestors 'none'") {
			t.Errorf("/admin/jobs/ = %d with policy %q", status, p)
		}
		// API answers load nothing.
		res, err = http.Get(e.url + "/api/tickets")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if p := res.Header.Get("Content-Security-Policy"); p != "default-src 'none'; frame-ancestors 'none'" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("API headers: %v", res.Header)
		}
	})
}

// HSTS is sent over TLS, and behind a trusted proxy that says it took TLS,
// never because an untrusted client claims it.
func TestHSTSOnlyOverTLS(t *testing.T) {
	t.Parallel()
	s := servertest.Start(t, storetest.Backends()[0], servertest.Options{Tune: func(c *config.Config) {
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	}})
	tlsSrv := httptest.NewTLSServer(s.Handler())
	t.Cleanup(tlsSrv.Close)
	c := tlsSrv.Client()
	c.Transport.(*http.Transport).TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
	res, err := c.Get(tlsSrv.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get("Strict-Transport-Security"); got != "max-age=31536000" {
		t.Fatalf("over TLS: HSTS = %q", got)
	}
	// Plain HTTP from 127.0.0.1, a trusted proxy here, that says the client used https.
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/login", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get("Strict-Transport-Security"); got != "max-age=31536000" {
		t.Fatalf("behind a trusted TLS proxy: HSTS = %q", got)
	}
	plain := servertest.Start(t, storetest.Backends()[0], servertest.Options{})
	req, _ = http.NewRequest(http.MethodGet, plain.URL+"/login", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get("Strict-Transport-Security"); got != "" {
		t.Fatalf("an untrusted X-Forwarded-Proto gave HSTS %q", got)
	}
}
