package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/query"
)

// kindLabels are the event kinds as the admin pages name them, in the words
// of the helpdesk whose integrations we follow.
var kindLabels = map[string]string{
	string(event.TicketCreated):           "Ticket created",
	string(event.TicketUpdated):           "Ticket updated",
	string(event.TicketSelfUnsnoozed):     "Ticket self unsnoozed",
	string(event.TicketMessageCreated):    "Ticket message created",
	string(event.TicketMessageFailed):     "Ticket message failed",
	string(event.TicketAssignmentUpdated): "Ticket assignment updated",
	string(event.TicketStatusUpdated):     "Ticket status updated",
	"test":                                "Test request",
}

// kindLabel names an event kind; an unknown kind shows as it is stored.
func kindLabel(k string) string {
	if l, ok := kindLabels[k]; ok {
		return l
	}
	return k
}

// outcomeLabels name the events-log outcomes for filters and pills.
var outcomeLabels = map[string]string{
	delivery.OutcomeSuccess:     "Success",
	delivery.OutcomeFailed:      "Failed",
	delivery.OutcomeRetrying:    "Retrying",
	delivery.OutcomeGaveUp:      "Gave up",
	delivery.OutcomeSkipped:     "Skipped",
	delivery.OutcomeBlocked:     "Blocked",
	delivery.OutcomeBuildFailed: "Build failed",
	delivery.OutcomeThrottled:   "Throttled",
}

// integrationFromPath loads the integration of the {id} path value (secrets
// masked), answering the 404 or 500 itself when it cannot.
func (u *UI) integrationFromPath(w http.ResponseWriter, r *http.Request) (integration.Integration, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		u.errorPage(w, r, http.StatusNotFound, "No such integration.")
		return integration.Integration{}, false
	}
	it, err := u.Integrations.Get(r.Context(), id)
	if errors.Is(err, query.ErrNotFound) {
		u.errorPage(w, r, http.StatusNotFound, "No such integration. It may have been deleted.")
		return integration.Integration{}, false
	}
	if err != nil {
		u.fail(w, r, err)
		return integration.Integration{}, false
	}
	return it, true
}

// integrationPath is the settings URL of an integration, plus rest.
func integrationPath(id int64, rest string) string {
	return "/settings/integrations/" + strconv.FormatInt(id, 10) + rest
}

// logRow is an events-log row with its request and response decoded for display.
type logRow struct {
	delivery.LogEntry
	Req delivery.RequestLog
	Res *delivery.ResponseLog
}

func newLogRow(e delivery.LogEntry) logRow {
	row := logRow{LogEntry: e}
	_ = json.Unmarshal(e.Request, &row.Req)
	if len(e.Response) > 0 && string(e.Response) != "null" {
		var res delivery.ResponseLog
		if json.Unmarshal(e.Response, &res) == nil {
			row.Res = &res
		}
	}
	return row
}

// KindLabel names the row's event kind.
func (l logRow) KindLabel() string { return kindLabel(l.EventKind) }

// OutcomeLabel names the row's outcome.
func (l logRow) OutcomeLabel() string {
	if s, ok := outcomeLabels[l.Outcome]; ok {
		return s
	}
	return l.Outcome
}

// StatusText is the status badge: the HTTP status when an answer came, else
// what happened instead.
func (l logRow) StatusText() string {
	switch {
	case l.Res != nil:
		if t := http.StatusText(l.Res.Status); t != "" {
			return strconv.Itoa(l.Res.Status) + " " + t
		}
		return strconv.Itoa(l.Res.Status)
	case l.Outcome == delivery.OutcomeSkipped:
		return "Skipped"
	case l.Outcome == delivery.OutcomeBuildFailed:
		return "Failed to build request"
	}
	return "HTTP request failed"
}

// StatusClass colours the badge by the status class: 2xx green, 3xx amber,
// 4xx orange, 5xx and no answer red, skipped grey.
func (l logRow) StatusClass() string {
	switch {
	case l.Res != nil && l.Res.Status >= 200 && l.Res.Status < 300:
		return "http-2xx"
	case l.Res != nil && l.Res.Status < 400:
		return "http-3xx"
	case l.Res != nil && l.Res.Status < 500:
		return "http-4xx"
	case l.Res != nil:
		return "http-5xx"
	case l.Outcome == delivery.OutcomeSkipped:
		return "http-none"
	}
	return "http-error"
}

// Duration is the request's duration, in ms below a second.
func (l logRow) Duration() string {
	if l.Outcome == delivery.OutcomeSkipped {
		return "–"
	}
	return formatMS(l.DurationMS)
}

// Sent reports whether a request went out (or was tried), so it has a duration.
func (l logRow) Sent() bool { return sent(l.Outcome) }

// sent reports whether a row with this outcome sent a request.
func sent(outcome string) bool {
	return outcome != delivery.OutcomeSkipped && outcome != delivery.OutcomeBuildFailed
}

func formatMS(ms int64) string {
	if ms < 1000 {
		return fmt.Sprintf("%d ms", ms)
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(ms)/1000), ".0") + " s"
}

// headerLine is one header of a logged request or response.
type headerLine struct{ Key, Value string }

// headerList is a header map in name order, for tables.
func headerList(h map[string]string) []headerLine {
	out := make([]headerLine, 0, len(h))
	for k, v := range h {
		out = append(out, headerLine{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Key) < strings.ToLower(out[j].Key) })
	return out
}

// ReqHeaders lists the request headers in name order.
func (l logRow) ReqHeaders() []headerLine { return headerList(l.Req.Headers) }

// ResHeaders lists the response headers in name order.
func (l logRow) ResHeaders() []headerLine {
	if l.Res == nil {
		return nil
	}
	return headerList(l.Res.Headers)
}

// ReqBody is the request body, indented when it is JSON.
func (l logRow) ReqBody() string { return prettyJSON(l.Req.Body) }

// ResBody is the response body, indented when it is JSON.
func (l logRow) ResBody() string {
	if l.Res == nil {
		return ""
	}
	return prettyJSON(l.Res.Body)
}
