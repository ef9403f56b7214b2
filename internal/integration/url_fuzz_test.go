package integration

import (
	"net/url"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/validate"
)

// FuzzCheckURL feeds the URL rule arbitrary text: it never panics, refuses
// with an error naming the field, and what it accepts is an absolute http(s)
// URL with a host (with template tags stood in for, when templated).
func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{
		"https://shop.example.com/api/orders?email={{ticket.customer.email}}",
		"http://127.0.0.1:8080/x",
		"https://[::1]:443/a?b=c#d",
		"https://user:pass@example.com/",
		"https://{{ticket.customer.integrations[12].host}}/x",
		"https://x/{% if ticket.id %}a{% endif %}",
		"ftp://example.com/",
		"//example.com/a",
		"https://exa mple.com/",
		"https://example.com/%zz",
		"https://example.com/\x00",
		"https://\xffexample.com/",
		"{{",
		"https://x/{{ 'a' * 3 }}",
		"  https://example.com  ",
		"",
	} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, raw string, templated bool) {
		err := checkURL("http.url", raw, templated)
		if err != nil {
			if v, ok := validate.As(err); !ok || v.Field != "http.url" || v.Message == "" {
				t.Fatalf("checkURL(%q) = %v; want a validation error naming http.url", raw, err)
			}
			return
		}
		shape := strings.TrimSpace(raw)
		if templated {
			shape = tag.ReplaceAllString(shape, "x")
		}
		u, perr := url.Parse(shape)
		if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			t.Fatalf("checkURL accepted %q, which is not an absolute http(s) URL (%v)", raw, perr)
		}
		if n := len([]rune(strings.TrimSpace(raw))); n > 4096 {
			t.Fatalf("checkURL accepted %d characters, more than 4096", n)
		}
	})
}
