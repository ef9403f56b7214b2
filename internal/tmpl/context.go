package tmpl

import (
	"encoding/json"
	"math"
	"net/url"
	"strconv"
	"strings"
)

// ContextInput is what a template may read, each part decoded from the JSON
// of the REST API (API.md) into map[string]any. A nil part is left out of the
// context, so its variables render empty.
type ContextInput struct {
	// Ticket is the event's ticket snapshot.
	Ticket map[string]any
	// Message is the message of ticket-message-created and
	// ticket-message-failed events.
	Message map[string]any
	// Changes is {"status": {"previous", "current"}} for
	// ticket-status-updated or {"assignee": {…}} for
	// ticket-assignment-updated.
	Changes map[string]any
	// CurrentUser is the agent applying a macro.
	CurrentUser map[string]any
	// Event is the domain event an integration delivers, in the shape of
	// the hosted helpdesk's event object: id, type (the event kind),
	// user_id, created_datetime, object_type and object_id.
	Event map[string]any
	// Account describes this helpdesk (see Account). It is also
	// ticket.account, the name the hosted helpdesk's macro docs use.
	Account map[string]any
}

// Account is the "account" variable for a helpdesk reached at publicURL
// (TICKETWIRE_PUBLIC_URL, already validated): domain is its host name
// without port ("support.example.com"), url the URL without a trailing
// slash, for links such as {{account.url}}/tickets/{{ticket.id}}. Both are
// empty when no public URL is set.
func Account(publicURL string) map[string]any {
	acct := map[string]any{"domain": "", "url": ""}
	u, err := url.Parse(strings.TrimSpace(publicURL))
	if err != nil || u.Host == "" {
		return acct
	}
	acct["domain"] = u.Hostname()
	acct["url"] = strings.TrimRight(u.String(), "/")
	return acct
}

// BuildContext builds the variable tree of templates: "ticket", "message",
// "changes", "current_user", "event" and "account". The ticket gains the
// flat fields and aliases of the helpdesk we follow: customer_id,
// assignee_user_id, assignee_team_id (null when there is none),
// first_message and last_message (null without messages), and account.
// Every part is a normalised deep copy (see Normalize), so the input maps
// are never modified and the result can be rendered many times.
func BuildContext(in ContextInput) map[string]any {
	ctx := map[string]any{}
	if in.Ticket != nil {
		ticket, _ := Normalize(in.Ticket).(map[string]any)
		putTicket(ctx, ticket, in.Account)
	}
	putCopies(ctx, map[string]map[string]any{
		"message":      in.Message,
		"changes":      in.Changes,
		"current_user": in.CurrentUser,
		"event":        in.Event,
		"account":      in.Account,
	})
	return ctx
}

// putTicket puts a ticket the context owns (a normalised copy) in ctx, with
// the aliases and the account BuildContext gives it.
func putTicket(ctx, ticket, account map[string]any) {
	addTicketAliases(ticket)
	if _, ok := ticket["account"]; !ok && account != nil {
		ticket["account"] = Normalize(account)
	}
	ctx["ticket"] = ticket
}

// putCopies puts a normalised copy of each part that is not nil in ctx.
func putCopies(ctx map[string]any, parts map[string]map[string]any) {
	for name, part := range parts {
		if part != nil {
			ctx[name] = Normalize(part)
		}
	}
}

func addTicketAliases(ticket map[string]any) {
	ticket["customer_id"] = idOf(ticket["customer"], ticket["customer_id"])
	ticket["assignee_user_id"] = idOf(ticket["assignee_user"], ticket["assignee_user_id"])
	ticket["assignee_team_id"] = idOf(ticket["assignee_team"], ticket["assignee_team_id"])
	var first, last any
	if messages, ok := ticket["messages"].([]any); ok && len(messages) > 0 {
		first, last = messages[0], messages[len(messages)-1]
	}
	ticket["first_message"] = first
	ticket["last_message"] = last
}

// idOf is the "id" of an embedded object, or the flat value the snapshot
// already had when the object is absent.
func idOf(obj, flat any) any {
	if m, ok := obj.(map[string]any); ok {
		if id, ok := m["id"]; ok {
			return id
		}
	}
	return flat
}

// Normalize returns a deep copy of JSON-like data (maps, slices, scalars) in
// which numbers that are whole become int64, so that templates print 42 and
// not 42.0: encoding/json decodes every number as float64 (or json.Number
// with UseNumber, handled too). Maps of other types and other values are
// kept as they are.
func Normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = Normalize(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = Normalize(e)
		}
		return out
	case []map[string]any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = Normalize(e)
		}
		return out
	case float64:
		if x == math.Trunc(x) && math.Abs(x) <= maxExactFloat {
			return int64(x)
		}
	case json.Number:
		if i, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return i
		}
		if f, err := x.Float64(); err == nil {
			return Normalize(f)
		}
	}
	return v
}
