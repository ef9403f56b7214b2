package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ticketwire/ticketwire/internal/query"
)

// varItem is one variable the picker offers: its path, and what it is or,
// for fetched data, the sample customer's value.
type varItem struct {
	Path  string `json:"path"`
	Label string `json:"label"`
}

// varGroup is a heading of the picker and its variables.
type varGroup struct {
	Title string    `json:"title"`
	Note  string    `json:"note,omitempty"`
	Vars  []varItem `json:"vars"`
}

// The picker's fixed variables: the ticket as the API shows it, with the
// aliases of DESIGN.md "Templates", the agent applying the macro and the
// helpdesk itself.
var macroBaseVars = []varGroup{
	{Title: "Ticket", Vars: []varItem{
		{"ticket.id", "Ticket ID"}, {"ticket.subject", "Subject"}, {"ticket.status", "open or closed"},
		{"ticket.priority", "low, normal, high or urgent"}, {"ticket.excerpt", "Start of the last message"},
		{"ticket.language", "Language"}, {"ticket.meta", "Meta data (JSON)"}, {"ticket.external_id", "External ID"},
		{"ticket.channel", "Channel"}, {"ticket.tags", "Tags (a list)"},
		{"ticket.assignee_user_id", "Assignee's user ID"}, {"ticket.assignee_user.name", "Assignee's name"},
		{"ticket.assignee_user.email", "Assignee's email"}, {"ticket.assignee_team_id", "Team ID"},
		{"ticket.assignee_team.name", "Team name"}, {"ticket.created_datetime", "Created at"},
		{"ticket.updated_datetime", "Updated at"}, {"ticket.opened_datetime", "Opened at"},
		{"ticket.closed_datetime", "Closed at"}, {"ticket.snooze_datetime", "Snoozed until"},
		{"ticket.last_message_datetime", "Last message at"},
	}},
	{Title: "Customer", Vars: []varItem{
		{"ticket.customer_id", "Customer ID"}, {"ticket.customer.email", "Email"}, {"ticket.customer.name", "Name"},
		{"ticket.customer.firstname", "First name"}, {"ticket.customer.lastname", "Last name"},
		{"ticket.customer.channels[0].address", "First channel's address"}, {"ticket.customer.language", "Language"},
		{"ticket.customer.timezone", "Timezone"}, {"ticket.customer.note", "Note"},
		{"ticket.customer.data", "Custom data (JSON)"}, {"ticket.customer.created_datetime", "Customer since"},
	}},
	{Title: "Messages", Vars: []varItem{
		{"ticket.first_message.body_text", "First message"}, {"ticket.last_message.body_text", "Last message"},
		{"ticket.last_message.sender.name", "Last message's sender"}, {"ticket.last_message.sender.email", "Last sender's email"},
		{"ticket.messages[-1].body_text", "Last message (by index; -2 is the one before)"},
		{"ticket.messages[0].created_datetime", "First message's time"},
	}},
	{Title: "Current user", Note: "The agent applying the macro.", Vars: []varItem{
		{"current_user.id", "User ID"}, {"current_user.name", "Name"}, {"current_user.firstname", "First name"},
		{"current_user.lastname", "Last name"}, {"current_user.email", "Email"}, {"current_user.bio", "Bio"},
		{"current_user.role", "admin or agent"},
	}},
	{Title: "Helpdesk", Note: "From TICKETWIRE_PUBLIC_URL; empty when it is not set.", Vars: []varItem{
		{"account.domain", "Domain (support.example.com)"}, {"account.url", "Address (https://support.example.com)"},
		{"satisfaction_survey_url", "Satisfaction survey link (empty: no surveys yet)"},
	}},
}

// Bounds on the picker's fetched-data variables: enough for the responses
// of a shop or CRM API, while a huge response cannot bloat the page.
const (
	varsPerSample = 150 // variables listed per integration
	varDepth      = 8   // nesting followed
)

// macroVariables lists the picker's variables: the fixed ones, then the
// fields of the data each HTTP integration fetched for a sample customer.
func (u *UI) macroVariables(ctx context.Context) ([]varGroup, error) {
	out := slices.Clone(macroBaseVars)
	its, err := u.Integrations.List(ctx, query.Page{Limit: 100})
	if err != nil {
		return nil, err
	}
	samples, err := u.Macros.Samples(ctx, len(its))
	if err != nil {
		return nil, err
	}
	for _, it := range its {
		s, ok := samples[it.ID]
		if !ok {
			continue
		}
		var data any
		if json.Unmarshal(s.Data, &data) != nil {
			continue
		}
		g := varGroup{Title: it.Name, Note: fmt.Sprintf("Fetched by integration %d; sample values from %s.", it.ID, s.Email)}
		flattenVars(fmt.Sprintf("ticket.customer.integrations[%d]", it.ID), data, 0, &g.Vars)
		if len(g.Vars) > 0 {
			out = append(out, g)
		}
	}
	return out, nil
}

// plainKey is a key a template can name after a dot.
var plainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// flattenVars lists the paths of fetched JSON: every scalar, and every
// array with the paths of its first item. Keys that start with "_" are
// never shown, as in widgets.
func flattenVars(path string, v any, depth int, out *[]varItem) {
	if len(*out) >= varsPerSample || depth > varDepth {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			if !strings.HasPrefix(k, "_") {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			if p := childPath(path, k); p != "" {
				flattenVars(p, x[k], depth+1, out)
			}
		}
	case []any:
		*out = append(*out, varItem{path, fmt.Sprintf("a list of %d", len(x))})
		if len(x) > 0 {
			flattenVars(path+"[0]", x[0], depth+1, out)
		}
	default:
		*out = append(*out, varItem{path, sampleText(x)})
	}
}

// childPath names a key under path: .plan, or ['order id'] for a key that is
// not a plain name; "" for a key no template can name.
func childPath(path, key string) string {
	switch {
	case plainKey.MatchString(key):
		return path + "." + key
	case !strings.ContainsAny(key, `'\`):
		return path + "['" + key + "']"
	case !strings.ContainsAny(key, `"\`):
		return path + `["` + key + `"]`
	}
	return ""
}

// sampleText shows a sample value in a few characters.
func sampleText(v any) string {
	var s string
	switch x := v.(type) {
	case nil:
		return "empty in the sample"
	case string:
		s = strconv.Quote(x)
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		s = fmt.Sprint(x)
	}
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:39]) + "…"
	}
	return "e.g. " + s
}
