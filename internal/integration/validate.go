package integration

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/ticketwire/ticketwire/internal/tmpl"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// reservedHeaders are set by ticketwire itself; letting a template set them
// would break delivery or forge the signature.
var reservedHeaders = map[string]bool{
	"Host": true, "Content-Length": true, "Transfer-Encoding": true, "Connection": true,
	"Webhook-Id": true, "Webhook-Timestamp": true, "Webhook-Signature": true,
}

// credentialHeaders carry credentials whatever the admin ticked: they are
// always stored sealed and shown masked, as the events log always redacts them.
var credentialHeaders = map[string]bool{"Authorization": true, "Proxy-Authorization": true, "Cookie": true}

// headerName is an RFC 9110 token.
var headerName = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

// tag matches a template tag, for checking the shape of a templated URL.
var tag = regexp.MustCompile(`(?s)\{\{.*?\}\}|\{%.*?%\}`)

// check validates h, fills its defaults and returns the first broken rule.
func (h *HTTP) check() error {
	if err := CheckRequest("http.", h); err != nil {
		return err
	}
	if err := validate.MaxLen("http.signing_secret", h.SigningSecret, 500); err != nil {
		return err
	}
	if err := h.checkRetryOn(); err != nil {
		return err
	}
	if err := h.checkLimits(); err != nil {
		return err
	}
	t, err := h.Triggers.Check("http.triggers")
	h.Triggers = t
	return err
}

// checkLimits bounds max_concurrency and rate_limit and fills the burst's
// default: one second's worth of requests, at least one.
func (h *HTTP) checkLimits() error {
	if h.MaxConcurrency < 0 || h.MaxConcurrency > MaxConcurrencyLimit {
		return validate.Errorf("http.max_concurrency", "must be from 1 to %d requests at once, or 0 (or absent) for the default, a quarter of the delivery workers; not %d",
			MaxConcurrencyLimit, h.MaxConcurrency)
	}
	r := h.RateLimit
	if r == nil {
		return nil
	}
	if !(r.RequestsPerSecond > 0 && r.RequestsPerSecond <= MaxRequestsPerSec) {
		return validate.Errorf("http.rate_limit.requests_per_second", "must be more than 0 and at most %d (0.5 is one request every 2 s); leave rate_limit out for no limit", MaxRequestsPerSec)
	}
	if r.Burst == 0 {
		r.Burst = max(1, int(math.Ceil(r.RequestsPerSecond)))
	}
	if r.Burst < 1 || r.Burst > MaxBurst {
		return validate.Errorf("http.rate_limit.burst", "must be from 1 to %d requests, or 0 (or absent) for one second's worth; not %d", MaxBurst, r.Burst)
	}
	return nil
}

// checkRetryOn allows only the retry classes ticketwire knows, once each.
func (h *HTTP) checkRetryOn() error {
	seen := map[string]bool{}
	var out []string
	for i, r := range h.RetryOn {
		r = strings.ToLower(strings.TrimSpace(r))
		if err := validate.OneOf(fmt.Sprintf("http.retry_on[%d]", i), r, RetryOn5xx); err != nil {
			return err
		}
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	h.RetryOn = out
	return nil
}

// CheckRequest validates the request part of h (URL, method, content type,
// body or form, headers, OAuth2) and fills its defaults, naming fields with
// prefix ("http." for an integration, "actions[2]." for a macro's HTTP hook),
// so that every request ticketwire sends obeys the same rules. The signing
// secret and triggers are an integration's own and are not checked here.
func CheckRequest(prefix string, h *HTTP) error {
	if err := checkURL(prefix+"url", h.URL, true); err != nil {
		return err
	}
	h.Method = strings.ToUpper(strings.TrimSpace(h.Method))
	if h.Method == "" {
		h.Method = http.MethodGet
	}
	if err := validate.OneOf(prefix+"method", h.Method, Methods...); err != nil {
		return err
	}
	if err := h.checkBody(prefix); err != nil {
		return err
	}
	if err := checkKVs(prefix+"headers", h.Headers, true); err != nil {
		return err
	}
	if h.OAuth2 != nil {
		return h.OAuth2.check(prefix + "oauth2.")
	}
	return nil
}

func (h *HTTP) checkBody(prefix string) error {
	if h.Method == http.MethodGet {
		if strings.TrimSpace(h.Body) != "" || len(h.Form) > 0 {
			return validate.Errorf(prefix+"body", "a GET request has no body; use POST, PUT, PATCH or DELETE to send one")
		}
		h.RequestContentType, h.Body, h.Form = "", "", nil
		return nil
	}
	if h.RequestContentType == "" {
		h.RequestContentType = ContentJSON
	}
	if err := validate.OneOf(prefix+"request_content_type", h.RequestContentType, ContentJSON, ContentForm); err != nil {
		return err
	}
	if h.RequestContentType == ContentForm {
		if strings.TrimSpace(h.Body) != "" {
			return validate.Errorf(prefix+"body", "a form request sends %sform key/values, not a body", prefix)
		}
		return checkKVs(prefix+"form", h.Form, false)
	}
	if len(h.Form) > 0 {
		return validate.Errorf(prefix+"form", "a JSON request sends %sbody, not form key/values", prefix)
	}
	if err := validate.MaxLen(prefix+"body", h.Body, 256<<10); err != nil {
		return err
	}
	if strings.TrimSpace(h.Body) == "" {
		return nil // sent without a body, as a DELETE often is
	}
	_, err := parse(prefix+"body", h.Body)
	return err
}

// TryRequest renders every template of a request checked by CheckRequest
// against an empty ticket, under the limits of its place. That catches at
// save time, not at 3 a.m., a body whose literal text is not JSON (a missing
// comma, a stray quote) and a template past a limit whatever the ticket
// holds ({% for i in range(10000) %}…). It renders, so it must run outside
// any database transaction: callers run it before they open theirs.
func TryRequest(prefix string, h HTTP) error {
	vars := tmpl.BuildContext(tmpl.ContextInput{Ticket: map[string]any{}})
	if err := tryLimits(prefix+"url", h.URL, vars, tmpl.PlaceURL); err != nil {
		return err
	}
	for i, kv := range h.Headers {
		if err := tryLimits(fmt.Sprintf("%sheaders[%d].value", prefix, i), kv.Value, vars, tmpl.PlaceHeader); err != nil {
			return err
		}
	}
	for i, kv := range h.Form {
		if err := tryLimits(fmt.Sprintf("%sform[%d].value", prefix, i), kv.Value, vars, tmpl.PlaceForm); err != nil {
			return err
		}
	}
	if strings.TrimSpace(h.Body) == "" || h.Method == http.MethodGet || h.RequestContentType == ContentForm {
		return nil
	}
	t, err := parse(prefix+"body", h.Body)
	if err != nil {
		return err
	}
	if _, err := t.Render(vars, tmpl.PlaceJSON); err != nil {
		if errors.Is(err, tmpl.ErrLimit) {
			return validate.Errorf(prefix+"body", "goes past a template limit: %v", err)
		}
		return validate.Errorf(prefix+"body", "does not render valid JSON: %v", err)
	}
	return nil
}

// TryTemplate renders one template against vars and refuses it when it goes
// past a limit of place; other render errors depend on the ticket's data and
// are left to previews. Like TryRequest, it runs outside any transaction.
func TryTemplate(field, src string, vars map[string]any, place tmpl.Place, lim tmpl.Limits) error {
	if strings.TrimSpace(src) == "" {
		return nil
	}
	t, err := parse(field, src)
	if err != nil {
		return err
	}
	if _, err := t.RenderWithin(vars, place, lim); errors.Is(err, tmpl.ErrLimit) {
		return validate.Errorf(field, "goes past a template limit: %v", err)
	}
	return nil
}

func tryLimits(field, src string, vars map[string]any, place tmpl.Place) error {
	return TryTemplate(field, src, vars, place, tmpl.Limits{})
}

// checkKVs checks header or form entries: a key, a value template.
func checkKVs(field string, kvs []KV, header bool) error {
	if len(kvs) > 50 {
		return validate.Errorf(field, "at most 50 entries")
	}
	for i := range kvs {
		f := fmt.Sprintf("%s[%d]", field, i)
		kv := &kvs[i]
		kv.Key = strings.TrimSpace(kv.Key)
		if kv.Key == "" {
			return validate.Errorf(f+".key", "is required")
		}
		if header {
			if !headerName.MatchString(kv.Key) {
				return validate.Errorf(f+".key", "%q is not a valid header name (letters, digits and !#$%%&'*+.^_`|~-)", kv.Key)
			}
			if reservedHeaders[http.CanonicalHeaderKey(kv.Key)] {
				return validate.Errorf(f+".key", "%s is set by ticketwire and cannot be overridden", kv.Key)
			}
			if credentialHeaders[http.CanonicalHeaderKey(kv.Key)] {
				kv.Secret = true
			}
		}
		if err := validate.MaxLen(f+".value", kv.Value, 8<<10); err != nil {
			return err
		}
		if _, err := parse(f+".value", kv.Value); err != nil {
			return err
		}
	}
	return nil
}

func (o *OAuth2) check(prefix string) error {
	if err := checkURL(prefix+"token_url", o.TokenURL, false); err != nil {
		return err
	}
	if strings.TrimSpace(o.ClientID) == "" {
		return validate.Errorf(prefix+"client_id", "is required when OAuth2 is on")
	}
	if o.ClientSecret == "" {
		return validate.Errorf(prefix+"client_secret", "is required when OAuth2 is on")
	}
	if o.TokenLocation == "" {
		o.TokenLocation = TokenInHeader
	}
	if err := validate.OneOf(prefix+"token_location", o.TokenLocation, TokenInHeader, TokenInQuery); err != nil {
		return err
	}
	if strings.TrimSpace(o.TokenKey) == "" {
		o.TokenKey = "Authorization"
		if o.TokenLocation == TokenInQuery {
			o.TokenKey = "access_token"
		}
	}
	if o.TokenLocation == TokenInHeader && !headerName.MatchString(o.TokenKey) {
		return validate.Errorf(prefix+"token_key", "%q is not a valid header name", o.TokenKey)
	}
	for i, s := range o.Scopes {
		if strings.TrimSpace(s) == "" || strings.ContainsAny(s, " \t\r\n") {
			return validate.Errorf(fmt.Sprintf("%sscopes[%d]", prefix, i), "a scope is one word, such as orders:read")
		}
	}
	return nil
}

// checkURL checks an absolute http(s) URL; templated ones are checked with
// their tags stood in for by a placeholder.
func checkURL(field, raw string, templated bool) error {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return validate.Errorf(field, "is required")
	}
	if err := validate.MaxLen(field, raw, 4096); err != nil {
		return err
	}
	shape := raw
	if templated {
		if _, err := parse(field, raw); err != nil {
			return err
		}
		shape = tag.ReplaceAllString(raw, "x")
	}
	u, err := url.Parse(shape)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return validate.Errorf(field, "must be an absolute http:// or https:// URL, such as https://shop.example.com/api/orders?email={{ticket.customer.email}}")
	}
	return nil
}

// parse parses a template, naming the field and position on a syntax error.
func parse(field, src string) (*tmpl.Template, error) {
	t, err := tmpl.Parse(src)
	if err != nil {
		return nil, validate.Errorf(field, "template error at %v", err)
	}
	return t, nil
}

// CheckValues checks key/value entries that are not headers, such as form
// fields or the URL query parameters of a macro's HTTP hook: each needs a
// key, and its value is a template.
func CheckValues(field string, kvs []KV) error { return checkKVs(field, kvs, false) }
