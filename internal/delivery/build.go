package delivery

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/tmpl"
)

// buildError is a request that could not be built; nothing was sent.
type buildError struct {
	class string
	err   error
}

func (b *buildError) Error() string { return b.err.Error() }
func (b *buildError) Unwrap() error { return b.err }

// built is a request ready to send, with what the events log keeps of it.
type built struct {
	req   *http.Request
	body  []byte
	empty []string // variables that rendered empty
}

// eventInput is what the templates of one delivery read: the event's
// snapshot parts as stored (JSON), the event itself and the account.
type eventInput struct {
	ticket, message, changes json.RawMessage
	event                    map[string]any
	account                  map[string]any
}

// eventContext is the template context of one event.
func eventContext(in eventInput) (map[string]any, error) {
	ctx, err := tmpl.BuildContextJSON(tmpl.ContextJSON{Ticket: in.ticket, Message: in.message, Changes: in.changes,
		Event: in.event, Account: in.account})
	if err != nil {
		return nil, fmt.Errorf("delivery: decode event: %w", err)
	}
	return ctx, nil
}

// eventObject is the "event" variable, shaped as the hosted helpdesk's
// event object: id is nil for previews and tests, which have no stored
// event; user_id is nil when no agent caused the event (a customer's
// message, a snooze running out).
func eventObject(id any, kind string, userID *int64, ticketID int64, at time.Time) map[string]any {
	var user any
	if userID != nil {
		user = *userID
	}
	return map[string]any{"id": id, "type": kind, "user_id": user, "object_type": "Ticket", "object_id": ticketID,
		"created_datetime": at.UTC().Format(time.RFC3339Nano)}
}

// render builds the HTTP request of integration h for a context: URL,
// headers and body rendered with the escaping of their place. It does not
// authenticate or sign.
func render(ctx context.Context, h integration.HTTP, vars map[string]any) (built, error) {
	var empty []string
	run := func(field, src string, place tmpl.Place) (string, error) {
		t, err := parseCached(src)
		if err != nil {
			return "", &buildError{ClassTemplate, fmt.Errorf("%s: %v", field, err)}
		}
		r, err := t.Render(vars, place)
		if err != nil {
			return "", &buildError{ClassTemplate, fmt.Errorf("%s: %v", field, err)}
		}
		empty = append(empty, r.Empty...)
		return r.Text, nil
	}
	rawURL, err := run("url", h.URL, tmpl.PlaceURL)
	if err != nil {
		return built{}, err
	}
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return built{}, &buildError{ClassTemplate, fmt.Errorf("url: rendered %q, which is not an absolute http(s) URL", rawURL)}
	}
	body, err := renderBody(h, run)
	if err != nil {
		return built{}, err
	}
	req, err := http.NewRequestWithContext(ctx, h.Method, u.String(), bytes.NewReader(body))
	if err != nil {
		return built{}, &buildError{ClassTemplate, err}
	}
	for i, kv := range h.Headers {
		v, err := run(fmt.Sprintf("headers[%d].value", i), kv.Value, tmpl.PlaceHeader)
		if err != nil {
			return built{}, err
		}
		req.Header.Add(kv.Key, v)
	}
	if h.Method != http.MethodGet {
		req.Header.Set("Content-Type", h.RequestContentType)
	}
	return built{req: req, body: body, empty: dedupe(empty)}, nil
}

func renderBody(h integration.HTTP, run func(field, src string, place tmpl.Place) (string, error)) ([]byte, error) {
	switch {
	case h.Method == http.MethodGet:
		return nil, nil
	case h.RequestContentType == integration.ContentForm:
		form := url.Values{}
		for i, kv := range h.Form {
			v, err := run(fmt.Sprintf("form[%d].value", i), kv.Value, tmpl.PlaceForm)
			if err != nil {
				return nil, err
			}
			form.Add(kv.Key, v)
		}
		return []byte(form.Encode()), nil
	default:
		if strings.TrimSpace(h.Body) == "" {
			return nil, nil
		}
		b, err := run("body", h.Body, tmpl.PlaceJSON)
		return []byte(b), err
	}
}

// stamp adds the headers every request carries: who sends it, the delivery's
// id and time, and with a signing secret the Standard Webhooks signature.
func stamp(b built, userAgent, deliveryID string, now time.Time, signingSecrets ...string) {
	ts := strconv.FormatInt(now.Unix(), 10)
	b.req.Header.Set("User-Agent", userAgent)
	b.req.Header.Set("Webhook-Id", deliveryID)
	b.req.Header.Set("Webhook-Timestamp", ts)
	// During a rotation's overlap both secrets sign, space-separated, as
	// Standard Webhooks allows: a receiver that knows either accepts it.
	var sigs []string
	for _, s := range signingSecrets {
		if s != "" {
			sigs = append(sigs, Sign(s, deliveryID, ts, b.body))
		}
	}
	if len(sigs) > 0 {
		b.req.Header.Set("Webhook-Signature", strings.Join(sigs, " "))
	}
}

// Sign computes a Standard Webhooks signature: "v1," and the base64
// HMAC-SHA256 of "id.timestamp.body". A secret in the spec's "whsec_<base64>"
// form is decoded; any other secret is used as its bytes.
func Sign(secret, id, timestamp string, body []byte) string {
	key := []byte(secret)
	if rest, ok := strings.CutPrefix(secret, "whsec_"); ok {
		if k, err := base64.StdEncoding.DecodeString(rest); err == nil {
			key = k
		}
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id + "." + timestamp + "."))
	m.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
