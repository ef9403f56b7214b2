package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/fetched"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/netguard"
	"github.com/ticketwire/ticketwire/internal/oauth"
)

// attempt is what one try of a delivery produced, before it is recorded.
type attempt struct {
	outcome  string
	class    string
	err      string
	request  RequestLog
	response *ResponseLog
	body     []byte          // the full response body, up to Fetch.Bytes+1 bytes
	data     json.RawMessage // the answer in its stored form, nil when it is not stored
	duration time.Duration
	empty    []string
	// again marks an answer that is retried: a throttle, or a 5xx the
	// integration retries.
	again bool
	// retryAfter is the wait the receiver asked for with Retry-After
	// (capped), 0 for none: the next attempt is then due on the schedule.
	retryAfter time.Duration
	// retryAfterHeader is the answer's Retry-After as sent.
	retryAfterHeader string
}

// success reports whether the attempt counts as a success.
func (a *attempt) success() bool { return a.outcome == OutcomeSuccess }

// retryable reports a connection error or timeout, the only failures retried.
func (a *attempt) retryable() bool {
	return a.again || a.class == ClassTimeout || a.class == ClassConnection
}

// perform builds, authenticates, signs and sends one request, and reads the
// answer. It touches no database.
func (e *Engine) perform(ctx context.Context, it integration.Integration, vars map[string]any, deliveryID string) attempt {
	start := e.now()
	a := e.send(ctx, it, vars, deliveryID, false)
	if a.response != nil && a.response.Status == http.StatusUnauthorized && it.HTTP.OAuth2 != nil {
		// The token may have been revoked before its expiry: fetch a new one
		// and try once more, as OAuth2 clients do.
		e.tokens.Invalidate(tokenKey(it))
		a = e.send(ctx, it, vars, deliveryID, true)
	}
	a.duration = e.now().Sub(start)
	e.retryPolicy(&a, it.HTTP)
	if a.success() {
		// Worked out once, here, so the log row can say why an answer
		// past the limits was not stored.
		var reason string
		a.data, reason = fetched.Form(a.body, e.cfg.Fetch)
		if reason != "" {
			a.err = reason
		}
	}
	return a
}

func (e *Engine) send(ctx context.Context, it integration.Integration, vars map[string]any, deliveryID string, again bool) attempt {
	b, err := render(ctx, it.HTTP, vars)
	if err != nil {
		return buildFailed(err, RequestLog{Method: it.HTTP.Method, URL: it.HTTP.URL})
	}
	var tokenLocation, tokenKeyName string
	if o := it.HTTP.OAuth2; o != nil {
		tokenLocation, tokenKeyName = o.TokenLocation, o.TokenKey
		if err := e.authorize(ctx, it, b.req); err != nil {
			a := buildFailed(&buildError{ClassOAuth, err}, requestLog(b, it.HTTP, e.cfg.LogBodyCap))
			a.empty = b.empty
			return a
		}
	}
	stamp(b, e.userAgent, deliveryID, e.now(), it.HTTP.SigningSecrets(e.now())...)
	a := attempt{request: redactRequest(requestLog(b, it.HTTP, e.cfg.LogBodyCap), it.HTTP, tokenLocation, tokenKeyName), empty: b.empty}
	queryKey := ""
	if tokenLocation == integration.TokenInQuery {
		queryKey = tokenKeyName
	}
	if e.halted(it) {
		// Disabled by this process while the request was built: once the
		// disable is committed, no request of the integration starts.
		return attempt{outcome: OutcomeSkipped, request: a.request}
	}
	return e.exchange(a, b.req, queryKey)
}

// exchange sends a built request through the guarded client and reads the
// answer into a; secretQueryKeys are hidden in the URL a transport error
// quotes.
func (e *Engine) exchange(a attempt, req *http.Request, secretQueryKeys ...string) attempt {
	res, err := e.client.Do(req)
	if err != nil {
		a.class, a.err = classify(redactURLError(err, secretQueryKeys...))
		a.outcome = OutcomeRetrying
		if a.class == ClassBlocked {
			a.outcome = OutcomeBlocked
		}
		return a
	}
	defer res.Body.Close()
	body, readErr := io.ReadAll(io.LimitReader(res.Body, int64(e.cfg.Fetch.Bytes)+1))
	a.body = body
	a.response = responseLog(res, body, e.cfg.LogBodyCap)
	a.retryAfterHeader = res.Header.Get("Retry-After")
	switch {
	case readErr != nil:
		a.class, a.err = classify(readErr)
		a.outcome = OutcomeRetrying
	case res.StatusCode >= 200 && res.StatusCode < 300:
		a.outcome = OutcomeSuccess
	default:
		a.outcome, a.class = OutcomeFailed, ClassHTTPStatus
		a.err = fmt.Sprintf("the endpoint answered %d %s", res.StatusCode, http.StatusText(res.StatusCode))
		if res.StatusCode >= 300 && res.StatusCode < 400 {
			a.err += "; redirects are not followed: point the integration at " + strconv.Quote(res.Header.Get("Location"))
		}
	}
	return a
}

// redactURLError hides the secrets of the URL a transport error quotes, as
// the events log hides them in the request, so that a token carried in the
// query string reaches neither the log row's error nor the server log.
func redactURLError(err error, queryKeys ...string) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	c := *ue
	c.URL = redactURL(ue.URL, queryKeys...)
	return &c
}

func buildFailed(err error, req RequestLog) attempt {
	var be *buildError
	class := ClassTemplate
	if errors.As(err, &be) {
		class = be.class
	}
	return attempt{outcome: OutcomeBuildFailed, class: class, err: "the request could not be built: " + err.Error(), request: req}
}

// authorize puts an OAuth2 access token where the integration says.
func (e *Engine) authorize(ctx context.Context, it integration.Integration, req *http.Request) error {
	o := it.HTTP.OAuth2
	tok, err := e.tokens.Token(ctx, tokenKey(it), oauth.Config{TokenURL: o.TokenURL, ClientID: o.ClientID,
		ClientSecret: o.ClientSecret, Scopes: o.Scopes})
	if err != nil {
		return err
	}
	if o.TokenLocation == integration.TokenInQuery {
		q := req.URL.Query()
		q.Set(o.TokenKey, tok)
		req.URL.RawQuery = q.Encode()
		return nil
	}
	if strings.EqualFold(o.TokenKey, "Authorization") {
		tok = "Bearer " + tok
	}
	req.Header.Set(o.TokenKey, tok)
	return nil
}

func tokenKey(it integration.Integration) string { return strconv.FormatInt(it.ID, 10) }

// classify names a transport error: refused by the guard, a timeout, or
// another connection failure, with a message an admin can act on.
func classify(err error) (class, msg string) {
	var ne net.Error
	switch {
	case netguard.IsBlocked(err):
		var be *netguard.BlockedError
		if errors.As(err, &be) {
			return ClassBlocked, be.Error()
		}
		return ClassBlocked, err.Error()
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		return ClassTimeout, "no complete answer within the request timeout: " + err.Error()
	default:
		return ClassConnection, "HTTP request failed: " + err.Error()
	}
}
