// Package macro owns macros: named lists of actions an agent applies to a
// ticket in one go (set the status, add tags, assign, reply with a templated
// message, fire HTTP hooks). Every text of an action is a template over the
// back-office variables: the ticket as the API shows it, with the data its
// customer's integrations fetched, and current_user, the agent applying it.
//
// Applying fires the HTTP hooks first, outside any transaction, and changes
// the ticket only when they all succeeded (or the agent says to go on
// anyway), in one transaction that raises the usual ticket events.
package macro

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/ticketwire/ticketwire/internal/validate"
)

// The types of action.
const (
	ActionSetStatus   = "set_status"
	ActionAddTags     = "add_tags"
	ActionSetAssignee = "set_assignee"
	ActionReply       = "reply"
	ActionHTTPHook    = "http_hook"
)

// ActionTypes lists every type of action.
var ActionTypes = []string{ActionSetStatus, ActionAddTags, ActionSetAssignee, ActionReply, ActionHTTPHook}

// fieldsOf lists the fields each type of action takes besides "type".
var fieldsOf = map[string][]string{
	ActionSetStatus:   {"status"},
	ActionAddTags:     {"tags"},
	ActionSetAssignee: {"assignee_user_id"},
	ActionReply:       {"body_text"},
	ActionHTTPHook:    {"title", "url", "method", "params", "headers", "request_content_type", "body", "form"},
}

// Macro is a macro as the API shows it, secrets masked.
type Macro struct {
	ID              int64     `json:"id"`
	Name            string    `json:"name"`
	Actions         []Action  `json:"actions"`
	CreatedDatetime time.Time `json:"created_datetime"`
	UpdatedDatetime time.Time `json:"updated_datetime"`
	// Warnings are set by Create and Update (see Warnings).
	Warnings []*validate.Error `json:"-"`
}

// Action is one step of a macro. Only the fields of its type are used, and
// only those appear in its JSON.
type Action struct {
	Type string `json:"type"`

	Status         string   `json:"status"`           // set_status: open or closed
	Tags           []string `json:"tags"`             // add_tags: added to the ticket's tags
	AssigneeUserID *int64   `json:"assignee_user_id"` // set_assignee: null unassigns
	BodyText       string   `json:"body_text"`        // reply: a template

	// http_hook: the request, every value a template, as an integration's.
	Title              string  `json:"title"`
	URL                string  `json:"url"`
	Method             string  `json:"method"`
	Params             []Field `json:"params"` // URL query parameters
	Headers            []Field `json:"headers"`
	RequestContentType string  `json:"request_content_type"`
	Body               string  `json:"body"`
	Form               []Field `json:"form"`
}

// Field is a URL parameter, header or form field of an HTTP hook. A secret
// value is write-only and sealed at rest; an editable one may be changed by
// the agent applying the macro.
type Field struct {
	Key      string `json:"key"`
	Value    string `json:"value"`
	Secret   bool   `json:"secret"`
	Editable bool   `json:"editable"`
}

// Input is what create and update take. The read-only fields of Macro are
// accepted and ignored, so what a GET returned can be changed and PUT back.
type Input struct {
	Name    string   `json:"name"`
	Actions []Action `json:"actions"`

	ID              json.RawMessage `json:"id"`
	CreatedDatetime json.RawMessage `json:"created_datetime"`
	UpdatedDatetime json.RawMessage `json:"updated_datetime"`
	// What a save answered; sent back, it is ignored.
	Warnings json.RawMessage `json:"warnings"`
}

// MarshalJSON writes the type and the fields of that type only.
func (a Action) MarshalJSON() ([]byte, error) {
	type kind struct {
		Type string `json:"type"`
	}
	switch a.Type {
	case ActionSetStatus:
		return marshal(struct {
			kind
			Status string `json:"status"`
		}{kind{a.Type}, a.Status})
	case ActionAddTags:
		return marshal(struct {
			kind
			Tags []string `json:"tags"`
		}{kind{a.Type}, nonNil(a.Tags)})
	case ActionSetAssignee:
		return marshal(struct {
			kind
			AssigneeUserID *int64 `json:"assignee_user_id"`
		}{kind{a.Type}, a.AssigneeUserID})
	case ActionReply:
		return marshal(struct {
			kind
			BodyText string `json:"body_text"`
		}{kind{a.Type}, a.BodyText})
	case ActionHTTPHook:
		return marshal(struct {
			kind
			Title              string  `json:"title"`
			Method             string  `json:"method"`
			URL                string  `json:"url"`
			Params             []Field `json:"params"`
			Headers            []Field `json:"headers"`
			RequestContentType string  `json:"request_content_type"`
			Body               string  `json:"body"`
			Form               []Field `json:"form"`
		}{kind{a.Type}, a.Title, a.Method, a.URL, nonNil(a.Params), nonNil(a.Headers), a.RequestContentType, a.Body, nonNil(a.Form)})
	}
	type plain Action // an unknown type never passes validation; show it all
	return marshal(plain(a))
}

// marshal writes JSON without HTML escaping, so a template's "&" stays "&".
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
