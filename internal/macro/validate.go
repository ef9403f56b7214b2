package macro

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/tmpl"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// maxActions bounds a macro; the longest macros of a helpdesk hold a handful
// of steps, and each hook is a request an agent waits for.
const maxActions = 50

// check validates an input, normalising it (trimmed names, upper-case
// methods, default content types), and returns the first broken rule with
// the field named as in the JSON: "name", "actions[2].url".
func check(in *Input) error {
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" {
		return validate.Errorf("name", "is required")
	}
	if err := validate.MaxLen("name", in.Name, 255); err != nil {
		return err
	}
	if len(in.Actions) == 0 {
		return validate.Errorf("actions", "needs at least one action: %s", strings.Join(ActionTypes, ", "))
	}
	if len(in.Actions) > maxActions {
		return validate.Errorf("actions", "at most %d actions", maxActions)
	}
	replies := 0
	for i := range in.Actions {
		a := &in.Actions[i]
		if err := a.check(fmt.Sprintf("actions[%d].", i)); err != nil {
			return err
		}
		if a.Type == ActionReply {
			if replies++; replies > 1 {
				return validate.Errorf(fmt.Sprintf("actions[%d].type", i), "a macro sends at most one reply; put the text in one reply action")
			}
		}
	}
	return nil
}

// check validates one action; prefix is "actions[i].".
func (a *Action) check(prefix string) error {
	if err := validate.OneOf(prefix+"type", a.Type, ActionTypes...); err != nil {
		return err
	}
	for _, name := range a.setFields() {
		if !slices.Contains(fieldsOf[a.Type], name) {
			return validate.Errorf(prefix+name, "is not a field of a %s action, which takes %s", a.Type, strings.Join(fieldsOf[a.Type], ", "))
		}
	}
	switch a.Type {
	case ActionSetStatus:
		return validate.OneOf(prefix+"status", a.Status, "open", "closed")
	case ActionAddTags:
		return a.checkTags(prefix)
	case ActionReply:
		return checkTemplate(prefix+"body_text", a.BodyText, 1<<20)
	case ActionHTTPHook:
		return a.checkHook(prefix)
	}
	return nil // set_assignee: the user is looked up in the database
}

// setFields names the fields that hold a value.
func (a *Action) setFields() []string {
	var out []string
	for _, f := range []struct {
		name string
		set  bool
	}{{"status", a.Status != ""}, {"tags", a.Tags != nil}, {"assignee_user_id", a.AssigneeUserID != nil},
		{"body_text", a.BodyText != ""}, {"title", a.Title != ""}, {"url", a.URL != ""}, {"method", a.Method != ""},
		{"params", len(a.Params) > 0}, {"headers", len(a.Headers) > 0}, {"request_content_type", a.RequestContentType != ""},
		{"body", a.Body != ""}, {"form", len(a.Form) > 0}} {
		if f.set {
			out = append(out, f.name)
		}
	}
	return out
}

func (a *Action) checkTags(prefix string) error {
	if len(a.Tags) == 0 {
		return validate.Errorf(prefix+"tags", "needs at least one tag to add")
	}
	out := make([]string, 0, len(a.Tags))
	for i, t := range a.Tags {
		t = strings.TrimSpace(t)
		f := fmt.Sprintf("%stags[%d]", prefix, i)
		if t == "" {
			return validate.Errorf(f, "must not be empty")
		}
		if err := validate.MaxLen(f, t, 100); err != nil {
			return err
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	a.Tags = out
	return nil
}

func checkTemplate(field, src string, maxLen int) error {
	if strings.TrimSpace(src) == "" {
		return validate.Errorf(field, "is required")
	}
	if err := validate.MaxLen(field, src, maxLen); err != nil {
		return err
	}
	if _, err := tmpl.Parse(src); err != nil {
		return validate.Errorf(field, "has a template error at %v", err)
	}
	return nil
}

// checkHook validates an HTTP hook with the rules of integrations' requests.
func (a *Action) checkHook(prefix string) error {
	a.Title = strings.TrimSpace(a.Title)
	if a.Title == "" {
		return validate.Errorf(prefix+"title", `is required: what agents see, such as "Refund the last order"`)
	}
	if err := validate.MaxLen(prefix+"title", a.Title, 255); err != nil {
		return err
	}
	h := a.request()
	if err := integration.CheckRequest(prefix, &h); err != nil {
		return err
	}
	a.Method, a.RequestContentType, a.Body = h.Method, h.RequestContentType, h.Body
	a.Headers = fromKVs(a.Headers, h.Headers)
	a.Form = fromKVs(a.Form, h.Form)
	params := toKVs(a.Params)
	if err := integration.CheckValues(prefix+"params", params); err != nil {
		return err
	}
	a.Params = fromKVs(a.Params, params)
	for _, l := range a.lists() {
		if err := uniqueEditable(prefix+l.name, *l.fields, l.name == "headers"); err != nil {
			return err
		}
	}
	return nil
}

// uniqueEditable refuses two editable fields with one key: agents' edits
// name fields by key.
func uniqueEditable(field string, fields []Field, header bool) error {
	seen := map[string]bool{}
	for i, f := range fields {
		if !f.Editable {
			continue
		}
		k := f.Key
		if header {
			k = http.CanonicalHeaderKey(k)
		}
		if seen[k] {
			return validate.Errorf(fmt.Sprintf("%s[%d].key", field, i), "%q is editable twice; agents' edits name fields by key, so an editable key must be unique", f.Key)
		}
		seen[k] = true
	}
	return nil
}

// list is one of a hook's key/value lists, by its JSON name.
type list struct {
	name   string
	fields *[]Field
}

func (a *Action) lists() []list {
	return []list{{"params", &a.Params}, {"headers", &a.Headers}, {"form", &a.Form}}
}

// request is the hook's request in the integration model.
func (a *Action) request() integration.HTTP {
	return integration.HTTP{URL: a.URL, Method: a.Method, RequestContentType: a.RequestContentType, Body: a.Body,
		Headers: toKVs(a.Headers), Form: toKVs(a.Form)}
}

func toKVs(fields []Field) []integration.KV {
	if fields == nil {
		return nil
	}
	out := make([]integration.KV, len(fields))
	for i, f := range fields {
		out[i] = integration.KV{Key: f.Key, Value: f.Value, Secret: f.Secret}
	}
	return out
}

// fromKVs takes back the keys and secret flags that validation normalised
// (trimmed keys, credential headers always secret); a nil kvs (a GET has no
// form) clears the list.
func fromKVs(fields []Field, kvs []integration.KV) []Field {
	if kvs == nil {
		return nil
	}
	out := make([]Field, len(kvs))
	for i, kv := range kvs {
		out[i] = Field{Key: kv.Key, Value: kv.Value, Secret: kv.Secret, Editable: fields[i].Editable}
	}
	return out
}
