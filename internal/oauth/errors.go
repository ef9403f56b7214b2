package oauth

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/oauth2"
)

// maxBodyInError caps how much of a token endpoint's error body is quoted:
// enough for a message such as {"error":"bad credentials"}, not a whole page.
const maxBodyInError = 200

// tokenError is a failed token request. Its text is written for an admin
// reading the events log and never holds the client secret; it unwraps to
// the transport error, if any, so errors.Is still finds a refused address.
type tokenError struct {
	msg string
	err error
}

func (e *tokenError) Error() string { return e.msg }
func (e *tokenError) Unwrap() error { return e.err }

func newTokenError(cfg Config, err, transportErr error) error {
	var detail string
	var re *oauth2.RetrieveError
	switch {
	case errors.As(err, &re):
		// The endpoint answered; an earlier failed attempt is not the cause.
		detail, transportErr = describeResponse(re), nil
	case transportErr != nil:
		// The transport's own text, because x/oauth2's repeats the full
		// token URL, query string included.
		detail = transportErr.Error()
	default:
		detail = strings.TrimPrefix(err.Error(), "oauth2: ")
	}
	msg := fmt.Sprintf("oauth2 token request to %s failed: %s", displayURL(cfg.TokenURL), oneLine(detail))
	return &tokenError{msg: scrub(msg, cfg), err: transportErr}
}

// describeResponse turns an error response into "401 Unauthorized:
// invalid_client (Client authentication failed)", or quotes the start of the
// body when the endpoint does not follow RFC 6749's error format.
func describeResponse(re *oauth2.RetrieveError) string {
	s := "error response"
	if re.Response != nil {
		s = re.Response.Status
	}
	switch {
	case re.ErrorCode != "":
		s += ": " + re.ErrorCode
		if re.ErrorDescription != "" {
			s += " (" + re.ErrorDescription + ")"
		}
	case len(re.Body) > 0:
		s += ": " + truncate(oneLine(string(re.Body)), maxBodyInError)
	}
	return s
}

// displayURL drops user info and the query string, where some APIs expect
// credentials, from a token URL shown in an error.
func displayURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the configured token URL"
	}
	u.User, u.RawQuery, u.Fragment = nil, "", ""
	return u.String()
}

// scrub removes the client secret in the forms an endpoint might echo back:
// as typed, form-encoded, and inside an HTTP Basic credential.
func scrub(msg string, cfg Config) string {
	if cfg.ClientSecret == "" {
		return msg
	}
	basic := base64.StdEncoding.EncodeToString(
		[]byte(url.QueryEscape(cfg.ClientID) + ":" + url.QueryEscape(cfg.ClientSecret)))
	for _, s := range []string{basic, cfg.ClientSecret, url.QueryEscape(cfg.ClientSecret)} {
		msg = strings.ReplaceAll(msg, s, "[redacted]")
	}
	return msg
}

// oneLine collapses whitespace so a body cannot forge extra log lines.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	// Cut on a rune boundary.
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
