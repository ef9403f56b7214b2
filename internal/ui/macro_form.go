package ui

import (
	"errors"
	"html"
	"html/template"
	"net/http"
	"regexp"
	"slices"
	"strconv"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/macro"
	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/secret"
)

// macroFormPage is the data of the add and edit page.
type macroFormPage struct {
	macroForm
	Macro *macro.Macro // nil while adding
	Saved bool
	Users []auth.User
	// Vars are what the variable picker offers, with the fields of the data
	// each integration fetched for a sample customer.
	Vars []varGroup
	// Warnings are the variables of the macro's templates that exist in no
	// tree a macro reads, for the summary.
	Warnings []formProblem
}

// macroForm shows the form to add a macro, or to edit the one of the path
// (secrets masked).
func (u *UI) macroForm(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("id") == "" {
		f := newMacroForm()
		f.Actions = []actionForm{newAction(macro.ActionReply)} // most macros answer the customer
		u.showMacroForm(w, r, http.StatusOK, f, nil)
		return
	}
	m, ok := u.macroFromPath(w, r)
	if !ok {
		return
	}
	u.showMacroForm(w, r, http.StatusOK, formFromMacro(m), &m)
}

// showMacroForm renders the form; it is also how a refused save, or a
// button pressed without scripts, comes back with the admin's input kept.
func (u *UI) showMacroForm(w http.ResponseWriter, r *http.Request, status int, f macroForm, m *macro.Macro) {
	p := macroFormPage{macroForm: f.withSpareRows(), Macro: m, Saved: r.URL.Query().Get("saved") == "1"}
	for _, v := range macro.Warnings(f.input()) {
		p.Warnings = append(p.Warnings, formProblem{Input: macroErrorInput(v.Field), Message: v.Message})
	}
	var err error
	if p.Users, err = u.Auth.ListUsers(r.Context(), query.Page{Limit: 100}); err != nil {
		u.fail(w, r, err)
		return
	}
	if p.Vars, err = u.macroVariables(r.Context()); err != nil {
		u.fail(w, r, err)
		return
	}
	title := "Add macro"
	if m != nil {
		title = m.Name
	}
	// The page may hold a secret the admin just typed: keep it out of caches.
	w.Header().Set("Cache-Control", "no-store")
	u.render(w, r, status, "macro_form", title, "macros", p)
}

// macroFromPath loads the macro of the {id} path value (secrets masked),
// answering the 404 or 500 itself when it cannot.
func (u *UI) macroFromPath(w http.ResponseWriter, r *http.Request) (macro.Macro, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		u.errorPage(w, r, http.StatusNotFound, "No such macro.")
		return macro.Macro{}, false
	}
	m, err := u.Macros.Get(r.Context(), id)
	if errors.Is(err, query.ErrNotFound) {
		u.errorPage(w, r, http.StatusNotFound, "No such macro. It may have been deleted.")
		return macro.Macro{}, false
	}
	if err != nil {
		u.fail(w, r, err)
		return macro.Macro{}, false
	}
	return m, true
}

// actionTypeLabels name the types of action as the pages show them.
var actionTypeLabels = map[string]string{
	macro.ActionSetStatus:   "Set status",
	macro.ActionAddTags:     "Add tags",
	macro.ActionSetAssignee: "Assign",
	macro.ActionReply:       "Reply",
	macro.ActionHTTPHook:    "HTTP hook",
}

// typeOption is one choice of the "Add an action" select.
type typeOption struct{ Value, Label string }

// ActionTypes lists the types of action in the order the select offers them.
func (p macroFormPage) ActionTypes() []typeOption {
	out := make([]typeOption, len(macro.ActionTypes))
	for i, t := range macro.ActionTypes {
		out[i] = typeOption{t, actionTypeLabels[t]}
	}
	return out
}

// ActionViews are the actions as the template draws them.
func (p macroFormPage) ActionViews() []actionView {
	out := make([]actionView, len(p.Actions))
	for i, a := range p.Actions {
		out[i] = actionView{actionForm: a, I: strconv.Itoa(i), N: strconv.Itoa(i + 1), First: i == 0,
			Last: i == len(p.Actions)-1, Users: p.Users, errors: p.Errors}
	}
	return out
}

// ActionTemplates are blank actions of each type that scripts clone to add
// one, with __a__ and __n__ to replace.
func (p macroFormPage) ActionTemplates() []actionView {
	out := make([]actionView, len(macro.ActionTypes))
	for i, t := range macro.ActionTypes {
		a := newAction(t)
		if t == macro.ActionHTTPHook {
			a.Params, a.Headers, a.Form = []fieldRow{{}}, []fieldRow{{}}, []fieldRow{{}}
		}
		out[i] = actionView{actionForm: a, I: "__a__", N: "__n__", Users: p.Users}
	}
	return out
}

// RowTemplates are blank rows of each list that scripts clone to add one,
// with __a__, __i__ and __n__ to replace.
func (p macroFormPage) RowTemplates() []macroRowView {
	out := make([]macroRowView, len(hookLists))
	for i, l := range hookLists {
		out[i] = macroRowView{A: "__a__", I: "__i__", N: "__n__", List: l, Noun: rowNouns[l]}
	}
	return out
}

// ErrorAnchor is the id of the input in error, for the summary's link.
func (p macroFormPage) ErrorAnchor() string { return macroInputID(p.ErrorField) }

// ErrorLabel names the input in error for the summary: "Action 2 (HTTP
// hook) · URL".
func (p macroFormPage) ErrorLabel() string { return p.InputLabel(p.ErrorField) }

// InputAnchor is the element id of an input, for a summary's link.
func (p macroFormPage) InputAnchor(name string) string { return macroInputID(name) }

// InputLabel names an input for the summaries.
func (p macroFormPage) InputLabel(field string) string {
	switch field {
	case "name":
		return "Name"
	case "actions":
		return "Actions"
	}
	if m := macroRowInput.FindStringSubmatch(field); m != nil {
		j, _ := strconv.Atoi(m[3])
		part := map[string]string{"key": "name", "value": "value"}[m[4]]
		return p.actionLabel(m[1]) + " · " + rowNouns[m[2]] + " " + strconv.Itoa(j+1) + " " + part
	}
	if m := actionInput.FindStringSubmatch(field); m != nil {
		return p.actionLabel(m[1]) + " · " + actionFieldLabels[m[2]]
	}
	if m := actionList.FindStringSubmatch(field); m != nil {
		return p.actionLabel(m[1]) + " · " + actionFieldLabels[m[2]]
	}
	return ""
}

func (p macroFormPage) actionLabel(index string) string {
	i, _ := strconv.Atoi(index)
	label := "Action " + strconv.Itoa(i+1)
	if i < len(p.Actions) {
		label += " (" + actionTypeLabels[p.Actions[i].Type] + ")"
	}
	return label
}

var actionFieldLabels = map[string]string{"type": "Type", "status": "Status", "tags": "Tags", "assignee_user_id": "Assignee",
	"body_text": "Reply text", "title": "Title", "method": "HTTP method", "url": "URL", "request_content_type": "Content type",
	"body": "Body", "params": "URL parameters", "headers": "Headers", "form": "Form fields"}

// actionList names a whole list of a hook: actions[2].headers.
var actionList = regexp.MustCompile(`^actions\[(\d{1,3})\]\.(params|headers|form)$`)

// rowNouns name one row of each list.
var rowNouns = map[string]string{"params": "URL parameter", "headers": "Header", "form": "Form field"}

// actionView is one action as the template draws it. I and N are its index
// and its number for people; the templates that scripts clone carry
// placeholders there instead.
type actionView struct {
	actionForm
	I, N        string
	First, Last bool
	Users       []auth.User
	errors      map[string]string
}

// Name is the input name of one of the action's fields.
func (a actionView) Name(field string) string { return "actions[" + a.I + "]." + field }

// ID is the element id of one of the action's inputs.
func (a actionView) ID(field string) string { return macroInputID(a.Name(field)) }

// Err is the error beside one of the action's inputs.
func (a actionView) Err(field string) string { return a.errors[a.Name(field)] }

// TypeLabel names the action's type.
func (a actionView) TypeLabel() string {
	if l, ok := actionTypeLabels[a.Type]; ok {
		return l
	}
	return a.Type
}

// Methods lists the HTTP methods a hook may use.
func (a actionView) Methods() []string { return integration.Methods }

// FormContent reports whether the hook sends a form rather than JSON.
func (a actionView) FormContent() bool { return a.ContentType == integration.ContentForm }

// Rows are the rows of one of the hook's lists.
func (a actionView) Rows(list string) []macroRowView {
	rows := *a.list(list)
	out := make([]macroRowView, len(rows))
	for j, r := range rows {
		out[j] = macroRowView{fieldRow: r, A: a.I, I: strconv.Itoa(j), N: strconv.Itoa(j + 1), List: list, Noun: rowNouns[list],
			errors: a.errors}
	}
	return out
}

// macroRowView is one row of a hook's list as the template draws it.
type macroRowView struct {
	fieldRow
	A, I, N string
	List    string
	Noun    string
	errors  map[string]string
}

// Name is the input name of one part of the row: key, value, secret, editable.
func (r macroRowView) Name(part string) string {
	return "actions[" + r.A + "]." + r.List + "[" + r.I + "]." + part
}

// ID is the element id of one part of the row.
func (r macroRowView) ID(part string) string { return macroInputID(r.Name(part)) }

// Err is the error beside one part of the row.
func (r macroRowView) Err(part string) string { return r.errors[r.Name(part)] }

// Masked reports a stored secret, shown as its mask.
func (r macroRowView) Masked() bool { return r.Secret && r.Value == secret.Mask }

// Invalid marks an input in error and points it at its message.
func (a actionView) Invalid(field string) template.HTMLAttr {
	return invalidAttr(a.errors, a.Name(field))
}

// ErrorText is the message beside an input in error.
func (a actionView) ErrorText(field string) template.HTML { return errorSpan(a.errors, a.Name(field)) }

// AssigneeIs reports whether the action assigns user id.
func (a actionView) AssigneeIs(id int64) bool { return a.Assignee == strconv.FormatInt(id, 10) }

// UnknownAssignee is an assignee who is not among Users (not in the first
// page of users), so the select still shows them.
func (a actionView) UnknownAssignee() string {
	if a.Assignee == "" || slices.ContainsFunc(a.Users, func(x auth.User) bool { return a.AssigneeIs(x.ID) }) {
		return ""
	}
	return a.Assignee
}

// Invalid marks a row's input in error and points it at its message.
func (r macroRowView) Invalid(part string) template.HTMLAttr {
	return invalidAttr(r.errors, r.Name(part))
}

// ErrorText is the message beside a row's input in error.
func (r macroRowView) ErrorText(part string) template.HTML { return errorSpan(r.errors, r.Name(part)) }

// Invalid marks the name input in error.
func (p macroFormPage) Invalid(name string) template.HTMLAttr { return invalidAttr(p.Errors, name) }

// ErrorText is the message beside the name input, or below the actions.
func (p macroFormPage) ErrorText(name string) template.HTML { return errorSpan(p.Errors, name) }

// invalidAttr is aria-invalid with aria-describedby, for an input in error.
// Ids are built from input names, which hold only names and numbers.
func invalidAttr(errs map[string]string, name string) template.HTMLAttr {
	if _, ok := errs[name]; !ok {
		return ""
	}
	return template.HTMLAttr(`aria-invalid="true" aria-describedby="` + html.EscapeString(macroInputID(name)) + `-error"`)
}

// errorSpan is the message of an input in error, escaped.
func errorSpan(errs map[string]string, name string) template.HTML {
	msg, ok := errs[name]
	if !ok {
		return ""
	}
	return template.HTML(`<span class="field-error" id="` + html.EscapeString(macroInputID(name)) + `-error" data-error-for="` +
		html.EscapeString(name) + `">` + html.EscapeString(msg) + `</span>`)
}

// hookListView is one of a hook's lists as the template draws it.
type hookListView struct {
	List, ID, Title, Help, Noun string
	Rows                        []macroRowView
	ErrorText                   template.HTML
}

// listHelp titles each list, explains it, and names a row for its add
// button.
var listHelp = map[string][3]string{
	"params":  {"URL parameters", "Added to the URL's query; each value is a template, then URL-encoded. The agent may change editable ones before applying.", "parameter"},
	"headers": {"Headers", "Such as X-Api-Key. Secret values are stored encrypted, never shown again and redacted from logs.", "header"},
	"form":    {"Form fields", "Sent as application/x-www-form-urlencoded; each value is a template.", "form field"},
}

// ListView is one of the hook's lists: params, headers or form.
func (a actionView) ListView(list string) hookListView {
	return hookListView{List: list, ID: a.ID(list), Title: listHelp[list][0], Help: listHelp[list][1],
		Noun: listHelp[list][2], Rows: a.Rows(list), ErrorText: a.ErrorText(list)}
}
