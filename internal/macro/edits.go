package macro

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/secret"
	"github.com/ticketwire/ticketwire/internal/tmpl"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// Edit holds the values an agent gave the editable fields of one HTTP hook,
// by key. They are sent as given: an agent's value is text, not a template.
// Preview answers the current values in the same shape.
type Edit struct {
	Params  map[string]string `json:"params"`
	Headers map[string]string `json:"headers"`
	Form    map[string]string `json:"form"`
}

func newEdit() Edit {
	return Edit{Params: map[string]string{}, Headers: map[string]string{}, Form: map[string]string{}}
}

func (e Edit) of(list string) map[string]string {
	switch list {
	case "params":
		return e.Params
	case "headers":
		return e.Headers
	}
	return e.Form
}

// checkEdits checks the agent's edits, keyed by action index: each must be
// of an HTTP hook's field that exists and is editable. It returns them by
// index.
func checkEdits(actions []Action, edits map[string]Edit) (map[int]Edit, error) {
	out := make(map[int]Edit, len(edits))
	for _, k := range slices.Sorted(maps.Keys(edits)) {
		field := "edits." + k
		i, err := strconv.Atoi(k)
		if err != nil || i < 0 || i >= len(actions) || strconv.Itoa(i) != k {
			return nil, validate.Errorf(field, "is not the index of an action of this macro (0 to %d)", len(actions)-1)
		}
		a := actions[i]
		if a.Type != ActionHTTPHook {
			return nil, validate.Errorf(field, "action %d is a %s action; only the fields of an HTTP hook can be edited", i, a.Type)
		}
		for _, l := range a.lists() {
			if err := checkListEdits(field+"."+l.name, *l.fields, edits[k].of(l.name), l.name == "headers"); err != nil {
				return nil, err
			}
		}
		out[i] = edits[k]
	}
	return out, nil
}

func checkListEdits(field string, fields []Field, values map[string]string, header bool) error {
	for _, key := range slices.Sorted(maps.Keys(values)) {
		f := field + "." + key
		j := slices.IndexFunc(fields, func(x Field) bool { return sameKey(x.Key, key, header) })
		if j < 0 {
			return validate.Errorf(f, "is not a field of this hook; its editable ones are: %s", editableKeys(fields))
		}
		if !fields[j].Editable {
			return validate.Errorf(f, "is not editable: only the fields the macro marks editable can be changed")
		}
		if err := validate.MaxLen(f, values[key], 8<<10); err != nil {
			return err
		}
	}
	return nil
}

func editableKeys(fields []Field) string {
	var keys []string
	for _, f := range fields {
		if f.Editable {
			keys = append(keys, f.Key)
		}
	}
	if len(keys) == 0 {
		return "none"
	}
	return strings.Join(keys, ", ")
}

// editsVar is the variable through which edited values reach the request:
// an edited field's template becomes a reference to its value, so the value
// is escaped for its place like any other and is never run as a template.
const editsVar = "macro_edits"

// hook turns an http_hook action into the request to send, with the agent's
// edits in place, and returns the variables to render it with.
func (a Action) hook(edit Edit, vars map[string]any) (delivery.Hook, map[string]any) {
	values := map[string]any{}
	for _, l := range a.lists() {
		fields := slices.Clone(*l.fields)
		given := edit.of(l.name)
		for j, f := range fields {
			v, ok := lookup(given, f.Key, l.name == "headers")
			if !ok || !f.Editable || (f.Secret && v == secret.Mask) {
				continue
			}
			name := fmt.Sprintf("%s_%d", l.name, j)
			values[name] = v
			fields[j].Value = "{{" + editsVar + "." + name + "}}"
		}
		*l.fields = fields
	}
	if len(values) > 0 {
		vars = maps.Clone(vars)
		vars[editsVar] = values
	}
	return delivery.Hook{HTTP: a.request(), Params: toKVs(a.Params)}, vars
}

func lookup(values map[string]string, key string, header bool) (string, bool) {
	for k, v := range values {
		if sameKey(k, key, header) {
			return v, true
		}
	}
	return "", false
}

// editable renders the current values of a hook's editable fields, for the
// agent to change; a secret one shows as secret.Mask, which sent back
// unchanged keeps the stored value.
func (a Action) editable(vars map[string]any) Edit {
	e := newEdit()
	for _, l := range a.lists() {
		place := tmpl.PlaceForm
		if l.name == "headers" {
			place = tmpl.PlaceHeader
		}
		for _, f := range *l.fields {
			switch {
			case !f.Editable:
			case f.Secret:
				e.of(l.name)[f.Key] = secret.Mask
			default:
				r, _ := renderText(l.name, f.Value, vars, place)
				e.of(l.name)[f.Key] = r.Text
			}
		}
	}
	return e
}
