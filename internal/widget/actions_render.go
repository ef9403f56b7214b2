package widget

import (
	"maps"
	"strings"

	"github.com/ticketwire/ticketwire/internal/tmpl"
)

// CardLink is a rendered card link.
type CardLink struct {
	Label string
	URL   string
}

// CardButton is a card button as the sidebar shows it: what the agent sees
// and fills in before it runs (the request itself stays on the server).
type CardButton struct {
	// Index is the button's place on its card, which a run names.
	Index  int
	Label  string
	Method string
	// Fields are the editable query parameters, headers and form fields
	// the agent fills in, in that order.
	Fields []ButtonField
}

// ButtonField is one editable parameter of a button.
type ButtonField struct {
	// List is where a run takes its value (RunInput): "values" for a query
	// parameter, "headers" or "form".
	List      string
	Key       string
	Label     string
	Mandatory bool
	// Options are a dropdown's choices; none for a text field.
	Options []Option
	// Value is the value offered at first: the parameter's value when it is
	// plain text, "" when it is a template (rendered only when run) or a
	// secret (every header, and fields marked secret): an agent never sees
	// a secret, and a run that leaves it empty sends the stored one.
	Value string
	// Kept says a secret value is stored: left empty, the run sends it, so
	// the field is not required even when mandatory.
	Kept bool
}

// actions renders a card's links (those whose URL renders to http or https)
// and lists its buttons with their editable parameters.
func (r renderer) actions(c *Custom, ctx map[string]any, at dataAt) ([]CardLink, []CardButton) {
	if c == nil {
		return nil, nil
	}
	var links []CardLink
	if len(c.Links) > 0 {
		vars := maps.Clone(ctx)
		vars["$listIndex"] = at.listIndex
		for _, l := range c.Links {
			u, err := r.text(l.URL, vars, tmpl.PlaceURL)
			if u = strings.TrimSpace(u); err == nil && isHTTPURL(u) {
				links = append(links, CardLink{Label: l.Label, URL: u})
			}
		}
	}
	buttons := make([]CardButton, 0, len(c.Buttons))
	for i, b := range c.Buttons {
		a := b.Action
		var fields []ButtonField
		for _, l := range []struct {
			list   string
			params []Param
			secret bool
		}{{"values", a.Params, false}, {"headers", a.Headers, true}, {"form", a.Body.Form, false}} {
			fields = append(fields, editableFields(l.list, l.params, l.secret)...)
		}
		buttons = append(buttons, CardButton{Index: i, Label: b.Label, Method: a.Method, Fields: fields})
	}
	return links, buttons
}

// editableFields lists the parameters of one list an agent fills in; every
// value of a list of secrets (headers) is secret.
func editableFields(list string, ps []Param, secrets bool) []ButtonField {
	var out []ButtonField
	for _, p := range ps {
		if !p.Editable {
			continue
		}
		f := ButtonField{List: list, Key: p.Key, Label: p.Label, Mandatory: p.Mandatory}
		if f.Label == "" {
			f.Label = humanize(p.Key)
		}
		if p.Type == ParamDropdown {
			f.Options = p.Options
		}
		f.Kept = (secrets || p.Secret) && p.Value != ""
		if !secrets && !p.Secret && !strings.Contains(p.Value, "{{") && !strings.Contains(p.Value, "{%") {
			f.Value = p.Value
		}
		out = append(out, f)
	}
	return out
}
