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

// check validates h and fills its defaults, returning every broken rule
// (a validate.List), at most one per field.
func (h *HTTP) check() error {
	var errs validate.List
	errs.Add(CheckRequest("http.", h))
	errs.Add(validate.MaxLen("http.signing_secret", h.SigningSecret, 500))
	errs.Add(h.checkRetryOn())
	errs.Add(h.checkLimits())
	t, err := h.Triggers.Check("http.triggers")
	h.Triggers = t
	errs.Add(err)
	return errs.Err()
}

// checkLimits bounds max_concurrency and rate_limit and fills the burst's
// default: one second's worth of requests, at least one.
func (h *HTTP) checkLimits() error {
	var errs validate.List
	if h.MaxConcurrency < 0 || h.MaxConcurrency > MaxConcurrencyLimit {
		errs.Add(validate.Errorf("http.max_concurrency", "must be from 1 to %d requests at once, or 0 (or absent) for the default, a quarter of the delivery workers; not %d",
			MaxConcurrencyLimit, h.MaxConcurrency))
	}
	r := h.RateLimit
	if r == nil {
		return errs.Err()
	}
	if !(r.RequestsPerSecond > 0 && r.RequestsPerSecond <= MaxRequestsPerSec) {
		errs.Add(validate.Errorf("http.rate_limit.requests_per_second", "must be more than 0 and at most %d (0.5 is one request every 2 s); leave rate_limit out for no limit", MaxRequestsPerSec))
	}
	if r.Burst == 0 {
		r.Burst = max(1, int(math.Ceil(r.RequestsPerSecond)))
	}
	if r.Burst < 1 || r.Burst > MaxBurst {
		errs.Add(validate.Errorf("http.rate_limit.burst", "must be from 1 to %d requests, or 0 (or absent) for one second's worth; not %d", MaxBurst, r.Burst))
	}
	return errs.Err()
}

// checkRetryOn allows only the retry classes ticketwire knows, once each.
func (h *HTTP) checkRetryOn() error {
	var errs validate.List
	seen := map[string]bool{}
	var out []string
	for i, r := range h.RetryOn {
		r = strings.ToLower(strings.TrimSpace(r))
		if err := validate.OneOf(fmt.Sprintf("http.retry_on[%d]", i), r, RetryOn5xx); err != nil {
			errs.Add(err)
			continue
		}
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	h.RetryOn = out
	return errs.Err()
}

// CheckRequest validates the request part of h (URL, method, content type,
// body or form, headers, OAuth2) and fills its defaults, naming fields with
// prefix ("http." for an integration, "actions[2]." for a macro's HTTP hook),
// so that every request ticketwire sends obeys the same rules. The signing
// secret and triggers are an integration's own and are not checked here.
// It returns every broken rule at once (a validate.List).
func CheckRequest(prefix string, h *HTTP) error {
	var errs validate.List
	errs.Add(checkURL(prefix+"url", h.URL, true))
	h.Method = strings.ToUpper(strings.TrimSpace(h.Method))
	if h.Method == "" {
		h.Method = http.MethodGet
	}
	if err := validate.OneOf(prefix+"method", h.Method, Methods...); err != nil {
		errs.Add(err) // the body's rules depend on the method
	} else {
		errs.Add(h.checkBody(prefix))
	}
	errs.Add(checkKVs(prefix+"headers", h.Headers, true))
	if h.OAuth2 != nil {
		errs.Add(h.OAuth2.check(prefix + "oauth2."))
	}
	return errs.Err()
}

func (h *HTTP) checkBody(prefix string) error {
	if h.Method == http.MethodGet {
		if strings.TrimSpace(h.Body) != "" || len(h.Form) > 0 {
			return validate.Errorf(prefix+"body", "must be empty: a GET request sends no body; use POST, PUT, PATCH or DELETE to send one")
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
		var errs validate.List
		if strings.TrimSpace(h.Body) != "" {
			errs.Add(validate.Errorf(prefix+"body", "must be empty: a form request sends %sform key/values, not a body", prefix))
		}
		errs.Add(checkKVs(prefix+"form", h.Form, false))
		return errs.Err()
	}
	if len(h.Form) > 0 {
		return validate.Errorf(prefix+"form", "must be empty: a JSON request sends %sbody, not form key/values", prefix)
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
	var errs validate.List
	vars := tmpl.BuildContext(tmpl.ContextInput{Ticket: map[string]any{}})
	errs.Add(tryLimits(prefix+"url", h.URL, vars, tmpl.PlaceURL))
	for i, kv := range h.Headers {
		errs.Add(tryLimits(fmt.Sprintf("%sheaders[%d].value", prefix, i), kv.Value, vars, tmpl.PlaceHeader))
	}
	for i, kv := range h.Form {
		errs.Add(tryLimits(fmt.Sprintf("%sform[%d].value", prefix, i), kv.Value, vars, tmpl.PlaceForm))
	}
	if strings.TrimSpace(h.Body) == "" || h.Method == http.MethodGet || h.RequestContentType == ContentForm {
		return errs.Err()
	}
	t, err := parse(prefix+"body", h.Body)
	if err != nil {
		errs.Add(err)
		return errs.Err()
	}
	if _, err := t.Render(vars, tmpl.PlaceJSON); err != nil {
		if errors.Is(err, tmpl.ErrLimit) {
			errs.Add(validate.Errorf(prefix+"body", "goes past a template limit: %v", err))
		} else {
			msg := strings.TrimPrefix(strings.TrimPrefix(err.Error(), tmpl.ErrInvalidJSON.Error()), ": ")
			errs.Add(validate.Errorf(prefix+"body", "must render valid JSON; with an empty ticket it does not: %s", msg))
		}
	}
	return errs.Err()
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

// checkKVs checks header or form entries: a key, a value template. Every
// entry is checked, so each broken one is named.
func checkKVs(field string, kvs []KV, header bool) error {
	if len(kvs) > 50 {
		return validate.Errorf(field, "must hold at most 50 entries, not %d", len(kvs))
	}
	var errs validate.List
	for i := range kvs {
		f := fmt.Sprintf("%s[%d]", field, i)
		kv := &kvs[i]
		kv.Key = strings.TrimSpace(kv.Key)
		switch {
		case kv.Key == "":
			errs.Add(validate.Errorf(f+".key", "is required"))
		case header && !headerName.MatchString(kv.Key):
			errs.Add(validate.Errorf(f+".key", "must be a valid header name (letters, digits and !#$%%&'*+.^_`|~-), not %q", kv.Key))
		case header && reservedHeaders[http.CanonicalHeaderKey(kv.Key)]:
			errs.Add(validate.Errorf(f+".key", "must not be %s: ticketwire sets it and it cannot be overridden", kv.Key))
		case header && credentialHeaders[http.CanonicalHeaderKey(kv.Key)]:
			kv.Secret = true
		}
		if err := validate.MaxLen(f+".value", kv.Value, 8<<10); err != nil {
			errs.Add(err)
			continue
		}
		if _, err := parse(f+".value", kv.Value); err != nil {
			errs.Add(err)
		}
	}
	return errs.Err()
}

func (o *OAuth2) check(prefix string) error {
	var errs validate.List
	errs.Add(checkURL(prefix+"token_url", o.TokenURL, false))
	if strings.TrimSpace(o.ClientID) == "" {
		errs.Add(validate.Errorf(prefix+"client_id", "is required when OAuth2 is on"))
	}
	if o.ClientSecret == "" {
		errs.Add(validate.Errorf(prefix+"client_secret", "is required when OAuth2 is on"))
	}
	if o.TokenLocation == "" {
		o.TokenLocation = TokenInHeader
	}
	if err := validate.OneOf(prefix+"token_location", o.TokenLocation, TokenInHeader, TokenInQuery); err != nil {
		errs.Add(err)
	}
	if strings.TrimSpace(o.TokenKey) == "" {
		o.TokenKey = "Authorization"
		if o.TokenLocation == TokenInQuery {
			o.TokenKey = "access_token"
		}
	}
	if o.TokenLocation == TokenInHeader && !headerName.MatchString(o.TokenKey) {
		errs.Add(validate.Errorf(prefix+"token_key", "must be a valid header name (letters, digits and !#$%%&'*+.^_`|~-), not %q", o.TokenKey))
	}
	for i, s := range o.Scopes {
		if strings.TrimSpace(s) == "" || strings.ContainsAny(s, " \t\r\n") {
			errs.Add(validate.Errorf(fmt.Sprintf("%sscopes[%d]", prefix, i), "must be one word, such as orders:read, not %q", s))
			break // the form shows one error for all scopes
		}
	}
	return errs.Err()
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
		return nil, validate.Errorf(field, "has a template error at %v", err)
	}
	return t, nil
}

// CheckValues checks key/value entries that are not headers, such as form
// fields or the URL query parameters of a macro's HTTP hook: each needs a
// key, and its value is a template.
func CheckValues(field string, kvs []KV) error { return checkKVs(field, kvs, false) }
