package ui

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/macro"
)

// macroForm is the state of the macro form: what the admin typed (or what
// is stored, secrets masked) and, after a refused save, the error beside the
// input it concerns.
type macroForm struct {
	ID           int64 // 0 while adding
	Name         string
	Actions      []actionForm
	Errors       map[string]string // message by input name
	ErrorField   string            // input name of the error, for the summary's link
	ErrorMessage string
}

// actionForm is one action of the form. Only the inputs of its type are
// sent to the service; the others keep what was typed.
type actionForm struct {
	// Origin is the index the action had when it was loaded from the stored
	// macro, -1 for a new one. The page's script uses it to ask for a moved
	// hook's secrets again; which stored secret a mask stands for is the
	// macro service's rule alone.
	Origin   int
	Type     string
	Status   string
	Tags     string // comma-separated
	Assignee string // a user id, "" to unassign
	BodyText string
	// An HTTP hook.
	Title       string
	Method      string
	URL         string
	ContentType string
	Body        string
	Params      []fieldRow
	Headers     []fieldRow
	Form        []fieldRow
}

// fieldRow is one URL parameter, header or form field of an HTTP hook.
type fieldRow struct {
	Key      string
	Value    string
	Secret   bool
	Editable bool
}

// hookLists are an HTTP hook's key/value lists, by input name.
var hookLists = []string{"params", "headers", "form"}

func (a *actionForm) list(name string) *[]fieldRow {
	switch name {
	case "params":
		return &a.Params
	case "headers":
		return &a.Headers
	}
	return &a.Form
}

func newMacroForm() macroForm { return macroForm{Errors: map[string]string{}} }

// newAction is a blank action of a type, with the defaults an admin most
// often wants.
func newAction(typ string) actionForm {
	a := actionForm{Origin: -1, Type: typ}
	switch typ {
	case macro.ActionSetStatus:
		a.Status = "closed"
	case macro.ActionHTTPHook:
		a.Method, a.ContentType = http.MethodPost, integration.ContentJSON
	}
	return a
}

// formFromMacro fills the form from a stored macro (secrets masked).
func formFromMacro(m macro.Macro) macroForm {
	f := newMacroForm()
	f.ID, f.Name = m.ID, m.Name
	for i, a := range m.Actions {
		af := newAction(a.Type)
		af.Origin = i
		switch a.Type {
		case macro.ActionSetStatus:
			af.Status = a.Status
		case macro.ActionAddTags:
			af.Tags = strings.Join(a.Tags, ", ")
		case macro.ActionSetAssignee:
			if a.AssigneeUserID != nil {
				af.Assignee = strconv.FormatInt(*a.AssigneeUserID, 10)
			}
		case macro.ActionReply:
			af.BodyText = a.BodyText
		case macro.ActionHTTPHook:
			af.Title, af.Method, af.URL, af.Body = a.Title, a.Method, a.URL, a.Body
			if a.RequestContentType != "" {
				af.ContentType = a.RequestContentType
			}
			af.Params, af.Headers, af.Form = fieldRows(a.Params), fieldRows(a.Headers), fieldRows(a.Form)
		}
		f.Actions = append(f.Actions, af)
	}
	return f
}

func fieldRows(fields []macro.Field) []fieldRow {
	out := make([]fieldRow, len(fields))
	for i, x := range fields {
		out[i] = fieldRow{Key: x.Key, Value: x.Value, Secret: x.Secret, Editable: x.Editable}
	}
	return out
}

// The inputs of an action and of its rows: actions[2].url,
// actions[2].headers[0].secret.
var (
	actionInput   = regexp.MustCompile(`^actions\[(\d{1,3})\]\.(type|origin|status|tags|assignee_user_id|body_text|title|method|url|request_content_type|body)$`)
	macroRowInput = regexp.MustCompile(`^actions\[(\d{1,3})\]\.(params|headers|form)\[(\d{1,4})\]\.(key|value|secret|editable)$`)
)

// macroFormFromRequest reads a posted macro form. Actions and rows are taken
// in index order and numbered from zero, as the service's error fields count
// them; rows left blank are dropped, which is also how rows are removed
// without scripts.
func macroFormFromRequest(r *http.Request) macroForm {
	_ = r.ParseForm()
	f := newMacroForm()
	f.Name = r.PostForm.Get("name")
	actions := map[int]*actionForm{}
	rows := postedRows{}
	action := func(i int) *actionForm {
		if actions[i] == nil {
			actions[i] = &actionForm{Origin: -1}
		}
		return actions[i]
	}
	for name, vals := range r.PostForm {
		if m := actionInput.FindStringSubmatch(name); m != nil && len(vals) > 0 {
			i, _ := strconv.Atoi(m[1])
			action(i).set(m[2], vals[0])
		} else if m := macroRowInput.FindStringSubmatch(name); m != nil && len(vals) > 0 {
			i, _ := strconv.Atoi(m[1])
			j, _ := strconv.Atoi(m[3])
			rows.row(i, m[2], j).set(m[4], vals[0])
		}
	}
	for _, i := range sortedKeys(actions) {
		a := actions[i]
		if a.Type == "" {
			continue // rows or inputs without their action: nothing to keep
		}
		for _, l := range hookLists {
			*a.list(l) = compactRows(rows[i][l])
		}
		f.Actions = append(f.Actions, *a)
	}
	return f
}

// postedRows are the posted rows by action index, list and row index.
type postedRows map[int]map[string]map[int]*fieldRow

func (p postedRows) row(action int, list string, j int) *fieldRow {
	if p[action] == nil {
		p[action] = map[string]map[int]*fieldRow{}
	}
	if p[action][list] == nil {
		p[action][list] = map[int]*fieldRow{}
	}
	if p[action][list][j] == nil {
		p[action][list][j] = &fieldRow{}
	}
	return p[action][list][j]
}

func (a *actionForm) set(input, v string) {
	switch input {
	case "type":
		a.Type = v
	case "origin":
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			a.Origin = n
		}
	case "status":
		a.Status = v
	case "tags":
		a.Tags = v
	case "assignee_user_id":
		a.Assignee = strings.TrimSpace(v)
	case "body_text":
		a.BodyText = v
	case "title":
		a.Title = v
	case "method":
		a.Method = strings.ToUpper(strings.TrimSpace(v))
	case "url":
		a.URL = v
	case "request_content_type":
		a.ContentType = v
	case "body":
		a.Body = v
	}
}

func (r *fieldRow) set(input, v string) {
	switch input {
	case "key":
		r.Key = v
	case "value":
		r.Value = v
	case "secret":
		r.Secret = v != ""
	case "editable":
		r.Editable = v != ""
	}
}

func compactRows(byIndex map[int]*fieldRow) []fieldRow {
	var out []fieldRow
	for _, j := range sortedKeys(byIndex) {
		row := byIndex[j]
		if strings.TrimSpace(row.Key) == "" && row.Value == "" {
			continue
		}
		out = append(out, *row)
	}
	return out
}

func sortedKeys[T any](m map[int]T) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// input is what the form asks the macro service to store: for each action
// only the fields of its type, and for a hook only the body editor its
// method and content type use.
func (f macroForm) input() macro.Input {
	in := macro.Input{Name: f.Name, Actions: make([]macro.Action, len(f.Actions))}
	for i, a := range f.Actions {
		in.Actions[i] = a.action()
	}
	return in
}

func (a actionForm) action() macro.Action {
	out := macro.Action{Type: a.Type}
	switch a.Type {
	case macro.ActionSetStatus:
		out.Status = a.Status
	case macro.ActionAddTags:
		out.Tags = []string{}
		for _, t := range strings.Split(a.Tags, ",") {
			if t = strings.TrimSpace(t); t != "" {
				out.Tags = append(out.Tags, t)
			}
		}
	case macro.ActionSetAssignee:
		if id, err := strconv.ParseInt(a.Assignee, 10, 64); err == nil {
			out.AssigneeUserID = &id
		}
	case macro.ActionReply:
		out.BodyText = a.BodyText
	case macro.ActionHTTPHook:
		out.Title, out.Method, out.URL = a.Title, a.Method, strings.TrimSpace(a.URL)
		out.Params, out.Headers = macroFields(a.Params), macroFields(a.Headers)
		if a.Method != http.MethodGet {
			out.RequestContentType = a.ContentType
			if a.ContentType == integration.ContentForm {
				out.Form = macroFields(a.Form)
			} else {
				out.Body = a.Body
			}
		}
	}
	return out
}

func macroFields(rows []fieldRow) []macro.Field {
	out := make([]macro.Field, len(rows))
	for i, r := range rows {
		out[i] = macro.Field{Key: r.Key, Value: r.Value, Secret: r.Secret, Editable: r.Editable}
	}
	return out
}

// applyOp carries out a button of the form pressed without scripts: add,
// remove or move an action ("add", "remove:2", "up:2", "down:2"). It
// reports whether op was one.
func (f *macroForm) applyOp(op, addType string) bool {
	verb, arg, _ := strings.Cut(op, ":")
	i, err := strconv.Atoi(arg)
	ok := err == nil && i >= 0 && i < len(f.Actions)
	switch verb {
	case "add":
		if slices.Contains(macro.ActionTypes, addType) {
			f.Actions = append(f.Actions, newAction(addType))
		}
	case "remove":
		if ok {
			f.Actions = slices.Delete(f.Actions, i, i+1)
		}
	case "up":
		if ok && i > 0 {
			f.Actions[i-1], f.Actions[i] = f.Actions[i], f.Actions[i-1]
		}
	case "down":
		if ok && i < len(f.Actions)-1 {
			f.Actions[i+1], f.Actions[i] = f.Actions[i], f.Actions[i+1]
		}
	default:
		return false
	}
	return true
}

// setError puts a refused save's message beside the input it names.
func (f *macroForm) setError(name, msg string) {
	f.Errors[name] = msg
	f.ErrorField, f.ErrorMessage = name, msg
}

// tagsIndex matches the service's name for one tag: actions[1].tags[2].
var tagsIndex = regexp.MustCompile(`^(actions\[\d+\]\.tags)\[\d+\]$`)

// macroErrorInput maps a service error's field to the input that holds it.
func macroErrorInput(field string) string {
	if m := tagsIndex.FindStringSubmatch(field); m != nil {
		return m[1]
	}
	return field
}

// withSpareRows adds one blank row to each list of each HTTP hook, so a
// browser without scripts can still add one of each per submit.
func (f macroForm) withSpareRows() macroForm {
	actions := slices.Clone(f.Actions)
	for i := range actions {
		if actions[i].Type != macro.ActionHTTPHook {
			continue
		}
		for _, l := range hookLists {
			p := actions[i].list(l)
			*p = append(slices.Clone(*p), fieldRow{})
		}
	}
	f.Actions = actions
	return f
}

// macroInputID is the element id of an input name: actions[1].body_text →
// m-actions-1-body_text. Underscores stay, so the placeholders that scripts
// replace in cloned templates (__a__) survive.
func macroInputID(name string) string {
	if name == "" {
		return ""
	}
	return "m-" + strings.NewReplacer("[", "-", "]", "", ".", "-").Replace(name)
}
