package ui

import (
	"net/url"
	"strings"
)

// maxNextLen bounds the post-sign-in path kept in the form and the redirect.
const maxNextLen = 2048

// safeNext returns next when it is a path on this site, else "/". Browsers
// drop tab, CR and LF from a Location and read a backslash as a slash, so
// "/\t/evil.example" or "/\evil.example" would lead to another origin; such
// characters are refused both as sent and after percent-decoding, as are a
// scheme, a host and a path that starts with "//".
func safeNext(next string) string {
	if next == "" || len(next) > maxNextLen {
		return "/"
	}
	decoded, err := url.PathUnescape(next)
	if err != nil || !plainPath(next) || !plainPath(decoded) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || u.User != nil {
		return "/"
	}
	return next
}

// plainPath reports whether p starts with exactly one slash and holds no
// control character or backslash.
func plainPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return false
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return false
		}
	}
	return true
}
