package delivery

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/ticketwire/ticketwire/internal/integration"
)

// RequestLog is the request as the events log keeps it: secrets redacted,
// body capped.
type RequestLog struct {
	Method        string            `json:"method"`
	URL           string            `json:"url"`
	Headers       map[string]string `json:"headers"`
	Body          string            `json:"body"`
	BodyTruncated bool              `json:"body_truncated,omitempty"`
}

// ResponseLog is the response as the events log keeps it.
type ResponseLog struct {
	Status        int               `json:"status"`
	Headers       map[string]string `json:"headers"`
	Body          string            `json:"body"`
	BodyTruncated bool              `json:"body_truncated,omitempty"`
	BodySize      int               `json:"body_size"`
}

// Redacted replaces a secret in the log.
const Redacted = "[redacted]"

// alwaysSecret are headers whose values are credentials whatever the
// integration says.
var alwaysSecret = map[string]bool{"Authorization": true, "Proxy-Authorization": true, "Cookie": true, "Set-Cookie": true}

// secretQueryKeys are query parameters that carry credentials by convention.
var secretQueryKeys = map[string]bool{"access_token": true, "token": true, "api_key": true, "apikey": true,
	"key": true, "secret": true, "client_secret": true, "password": true, "signature": true, "sig": true}

func requestLog(b built, h integration.HTTP, capBytes int) RequestLog {
	body, cut := capText(b.body, capBytes)
	return RequestLog{Method: b.req.Method, URL: b.req.URL.String(), Headers: flatten(b.req.Header), Body: body, BodyTruncated: cut}
}

func responseLog(res *http.Response, body []byte, capBytes int) *ResponseLog {
	text, cut := capText(body, capBytes)
	h := flatten(res.Header)
	for k := range h {
		if alwaysSecret[k] {
			h[k] = Redacted
		}
	}
	return &ResponseLog{Status: res.StatusCode, Headers: h, Body: text, BodyTruncated: cut, BodySize: len(body)}
}

// redactRequest removes every secret from a logged request: credential
// headers, headers the integration marks secret, the OAuth2 token (header or
// query) and credential-like query parameters.
func redactRequest(r RequestLog, h integration.HTTP, tokenLocation, tokenKey string) RequestLog {
	secretHeaders := map[string]bool{}
	for _, kv := range h.Headers {
		if kv.Secret {
			secretHeaders[http.CanonicalHeaderKey(kv.Key)] = true
		}
	}
	if tokenLocation == integration.TokenInHeader && tokenKey != "" {
		secretHeaders[http.CanonicalHeaderKey(tokenKey)] = true
	}
	for k := range r.Headers {
		if alwaysSecret[k] || secretHeaders[k] {
			r.Headers[k] = Redacted
		}
	}
	queryKey := ""
	if tokenLocation == integration.TokenInQuery {
		queryKey = tokenKey
	}
	r.URL = redactURL(r.URL, queryKey)
	if h.RequestContentType == integration.ContentForm {
		r.Body = redactForm(r.Body, h.Form)
	}
	return r
}

// redactURL hides the user info of a URL and the values of its
// credential-like query parameters and of the parameters named in keys.
func redactURL(raw string, keys ...string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	if u.User != nil {
		u.User = url.User(Redacted)
	}
	q := u.Query()
	changed := false
	for k := range q {
		if slices.Contains(keys, k) || secretQueryKeys[strings.ToLower(k)] {
			q.Set(k, Redacted)
			changed = true
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// redactForm hides the values of form fields marked secret.
func redactForm(body string, form []integration.KV) string {
	vals, err := url.ParseQuery(body)
	if err != nil {
		return body
	}
	changed := false
	for _, kv := range form {
		if kv.Secret && vals.Has(kv.Key) {
			vals.Set(kv.Key, Redacted)
			changed = true
		}
	}
	if !changed {
		return body
	}
	return vals.Encode()
}

// flatten turns headers into one string per name, in a stable form.
func flatten(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out[k] = strings.Join(h[k], ", ")
	}
	return out
}

// capText keeps at most n bytes of b, cut on a rune boundary.
func capText(b []byte, n int) (string, bool) {
	if len(b) <= n {
		return string(b), false
	}
	i := n
	for i > 0 && !utf8.RuneStart(b[i]) {
		i--
	}
	return string(b[:i]), true
}
