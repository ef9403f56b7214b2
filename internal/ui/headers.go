package ui

import (
	"net/http"
	"strings"
)

// pagePolicy is the Content-Security-Policy of every page: scripts, styles,
// fonts and fetches from this site only, no inline script or style attribute
// (scripts set styles through the CSSOM instead), no plugins, no framing, no
// <base> and forms that post only here. Images may also be data: URLs; no
// page shows a picture from elsewhere, so https: is not allowed.
const pagePolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// jobsPolicy is pagePolicy for River's own UI at /admin/jobs/, a bundled
// single-page app we do not write: its components inject <style> elements,
// so inline styles are allowed there (and only there). Scripts stay 'self'
// and eval stays blocked: the bundle only probes for it (a validation
// library's try { Function("") }) and works without it.
const jobsPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// securityHeaders sets headers every page carries: the content policy, no
// framing for browsers that predate frame-ancestors, no MIME sniffing, and
// no referrer sent to other sites.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		policy := pagePolicy
		if strings.HasPrefix(r.URL.Path, "/admin/jobs/") {
			policy = jobsPolicy
		}
		h.Set("Content-Security-Policy", policy)
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}
