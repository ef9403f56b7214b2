package delivery

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/tmpl"
)

// Hook is a request fired by hand, such as a macro's HTTP hook: the request
// of an integration (URL, method, headers, body or form, every value a
// template) plus URL query parameters. It goes out exactly as an
// integration's request does: same escaping, network guard, timeout and
// redaction.
type Hook struct {
	HTTP integration.HTTP
	// Params are added to the rendered URL's query, in order; each value is
	// rendered, then encoded once.
	Params []integration.KV
}

// HookResult is what firing a hook produced, with secrets redacted from the
// request and response, ready to be logged and shown.
type HookResult struct {
	Outcome    string // OutcomeSuccess, OutcomeFailed, OutcomeBlocked or OutcomeBuildFailed
	ErrorClass string
	Error      string
	Request    RequestLog
	Response   *ResponseLog // nil when no answer came
	Duration   time.Duration
	Empty      []string // variables that rendered empty
}

// Success reports a 2xx answer.
func (r HookResult) Success() bool { return r.Outcome == OutcomeSuccess }

// SendHook renders h for vars and sends it now through the guarded client.
// It touches no database and does not retry: a person fired it and decides
// what to do when it fails, so a connection error or timeout is "failed".
func (e *Engine) SendHook(ctx context.Context, h Hook, vars map[string]any) HookResult {
	start := e.now()
	a := e.sendHook(ctx, h, vars)
	if a.outcome == OutcomeRetrying {
		a.outcome = OutcomeFailed
	}
	return HookResult{Outcome: a.outcome, ErrorClass: a.class, Error: a.err, Request: a.request, Response: a.response,
		Duration: e.now().Sub(start), Empty: a.empty}
}

func (e *Engine) sendHook(ctx context.Context, h Hook, vars map[string]any) attempt {
	b, err := e.buildHook(ctx, h, vars, newDeliveryID())
	if err != nil {
		return buildFailed(err, RequestLog{Method: h.HTTP.Method, URL: h.HTTP.URL})
	}
	a := attempt{request: redactHook(requestLog(b, h.HTTP, e.cfg.LogBodyCap), h), empty: b.empty}
	return e.exchange(a, b.req, secretParams(h)...)
}

// PreviewHook renders h for vars as SendHook would, secrets redacted, and
// sends nothing. A request that cannot be built is shown with its error.
func (e *Engine) PreviewHook(ctx context.Context, h Hook, vars map[string]any) Preview {
	b, err := e.buildHook(ctx, h, vars, "msg_preview")
	if err != nil {
		return Preview{Request: RequestLog{Method: h.HTTP.Method, URL: h.HTTP.URL}, Error: err.Error(), Empty: []string{}}
	}
	return Preview{Request: redactHook(requestLog(b, h.HTTP, e.cfg.LogBodyCap), h), Empty: b.empty}
}

func (e *Engine) buildHook(ctx context.Context, h Hook, vars map[string]any, deliveryID string) (built, error) {
	b, err := render(ctx, h.HTTP, vars)
	if err != nil {
		return built{}, err
	}
	if err := addParams(&b, h.Params, vars); err != nil {
		return built{}, err
	}
	stamp(b, e.userAgent, deliveryID, e.now(), h.HTTP.SigningSecret)
	return b, nil
}

// addParams appends the rendered query parameters to the request's URL,
// after any query the URL template already had.
func addParams(b *built, params []integration.KV, vars map[string]any) error {
	if len(params) == 0 {
		return nil
	}
	parts := make([]string, 0, len(params)+1)
	if q := b.req.URL.RawQuery; q != "" {
		parts = append(parts, q)
	}
	for i, kv := range params {
		t, err := parseCached(kv.Value)
		if err != nil {
			return &buildError{ClassTemplate, fmt.Errorf("params[%d].value: %v", i, err)}
		}
		r, err := t.Render(vars, tmpl.PlaceForm)
		if err != nil {
			return &buildError{ClassTemplate, fmt.Errorf("params[%d].value: %v", i, err)}
		}
		b.empty = append(b.empty, r.Empty...)
		parts = append(parts, url.QueryEscape(kv.Key)+"="+url.QueryEscape(r.Text))
	}
	b.req.URL.RawQuery = strings.Join(parts, "&")
	b.empty = dedupe(b.empty)
	return nil
}

// redactHook redacts a hook's logged request as an integration's, and also
// the query parameters marked secret.
func redactHook(r RequestLog, h Hook) RequestLog {
	r = redactRequest(r, h.HTTP, "", "")
	r.URL = redactURL(r.URL, secretParams(h)...)
	return r
}

func secretParams(h Hook) []string {
	var keys []string
	for _, kv := range h.Params {
		if kv.Secret {
			keys = append(keys, kv.Key)
		}
	}
	return keys
}
