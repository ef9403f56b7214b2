package integration

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/tmpl"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// varNode is one node of the tree of variables templates can read: an
// object with known fields, a list, a map whose keys are data (fetched
// data by integration id), free-form JSON, or a scalar (none of these).
type varNode struct {
	fields map[string]*varNode // an object's fields
	elem   *varNode            // a list's items, or a map's values
	list   bool
	anyKey bool // a map: any key, each holding elem
	free   bool // free-form JSON: anything may stand below
}

// Scope says which variables a template's place offers.
type Scope int

const (
	// ScopeIntegration is an integration's request: ticket, message,
	// changes, event and account.
	ScopeIntegration Scope = iota
	// ScopeMacro is a macro's texts and hooks: ticket, current_user,
	// account and satisfaction_survey_url.
	ScopeMacro
)

var (
	scalar    = &varNode{}
	freeForm  = &varNode{free: true}
	rootsOf   = map[Scope]*varNode{}
	timeType  = reflect.TypeFor[time.Time]()
	rawType   = reflect.TypeFor[json.RawMessage]()
	accountVN = object(map[string]*varNode{"domain": scalar, "url": scalar})
)

func object(fields map[string]*varNode) *varNode { return &varNode{fields: fields} }

// nodeOf describes the JSON a Go type marshals to, as the REST API shows
// it, so that every field the API gains is a known variable at once.
func nodeOf(t reflect.Type) *varNode {
	switch {
	case t == timeType:
		return scalar
	case t == rawType:
		return freeForm
	}
	switch t.Kind() {
	case reflect.Pointer:
		return nodeOf(t.Elem())
	case reflect.Interface:
		return freeForm
	case reflect.Slice, reflect.Array:
		return &varNode{list: true, elem: nodeOf(t.Elem())}
	case reflect.Map:
		return &varNode{anyKey: true, elem: nodeOf(t.Elem())}
	case reflect.Struct:
		n := object(map[string]*varNode{})
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			n.fields[name] = nodeOf(f.Type)
		}
		return n
	}
	return scalar
}

func init() {
	ticket := nodeOf(reflect.TypeFor[event.Ticket]())
	message := nodeOf(reflect.TypeFor[event.Message]())
	// The aliases and flat fields tmpl.BuildContext adds (DESIGN.md, Templates).
	for _, k := range []string{"customer_id", "assignee_user_id", "assignee_team_id"} {
		ticket.fields[k] = scalar
	}
	ticket.fields["first_message"], ticket.fields["last_message"] = message, message
	ticket.fields["account"] = accountVN
	// Fetched data is whatever the integration's endpoint answered.
	ticket.fields["customer"].fields["integrations"] = freeForm
	change := func(n *varNode) *varNode { return object(map[string]*varNode{"previous": n, "current": n}) }
	integration := map[string]*varNode{
		"ticket":  ticket,
		"message": message,
		"changes": object(map[string]*varNode{"status": change(scalar),
			"assignee": change(nodeOf(reflect.TypeFor[event.User]())), "assignee_team": change(nodeOf(reflect.TypeFor[event.Team]()))}),
		"event": object(map[string]*varNode{"id": scalar, "type": scalar, "user_id": scalar, "created_datetime": scalar,
			"object_type": scalar, "object_id": scalar}),
		"account": accountVN,
	}
	macro := map[string]*varNode{
		"ticket": ticket,
		"current_user": object(map[string]*varNode{"id": scalar, "email": scalar, "name": scalar, "role": scalar,
			"firstname": scalar, "lastname": scalar, "bio": scalar}),
		"account":                 accountVN,
		"satisfaction_survey_url": scalar,
	}
	rootsOf[ScopeIntegration] = object(integration)
	rootsOf[ScopeMacro] = object(macro)
}

// UnknownVariables lists a warning for each variable of template src that
// exists in no tree scope offers, such as {{ticket.customer.emial}}: it
// would always render empty. Fetched data (ticket.customer.integrations…)
// and free JSON (ticket.meta, ticket.customer.data) may hold anything and
// are never warned about. A template that does not parse gives none: its
// error is the save's concern.
func UnknownVariables(field, src string, scope Scope) []*validate.Error {
	if !strings.Contains(src, "{") {
		return nil
	}
	t, err := tmpl.Parse(src)
	if err != nil {
		return nil
	}
	var out []*validate.Error
	for _, v := range t.Variables() {
		if msg := unknown(v, rootsOf[scope]); msg != "" {
			out = append(out, validate.Errorf(field, "%s", msg))
		}
	}
	return out
}

// unknown says why v is not in the tree under roots, "" when it is (or
// may be).
func unknown(v tmpl.Variable, roots *varNode) string {
	cur, at := roots, ""
	steps := v.Steps
	if v.Root != "context" {
		steps = append([]tmpl.Step{{Key: v.Root}}, steps...)
	} else {
		at = "context"
	}
	for _, s := range steps {
		switch {
		case cur.free:
			return ""
		case s.Dynamic:
			if cur.list || cur.anyKey {
				cur = cur.elem
				continue
			}
			return ""
		case cur.anyKey:
			cur = cur.elem
			at += fmt.Sprintf("[%v]", s.Key)
			continue
		}
		if i, ok := s.Key.(int); ok && cur.list {
			cur = cur.elem
			at += fmt.Sprintf("[%d]", i)
			continue
		}
		name, _ := s.Key.(string)
		if next, ok := cur.fields[name]; ok && name != "" {
			cur = next
			if at == "" {
				at = name
			} else {
				at += "." + name
			}
			continue
		}
		return whyUnknown(v.Text, at, fmt.Sprint(s.Key), cur)
	}
	return ""
}

func whyUnknown(text, at, key string, n *varNode) string {
	quoted := "{{" + text + "}}"
	switch {
	case at == "" && len(n.fields) > 0:
		return fmt.Sprintf("%s is not a known variable and renders empty%s; the variables are %s", quoted, suggest(key, n), strings.Join(names(n), ", "))
	case n.list:
		return fmt.Sprintf("%s is not a known variable and renders empty: %s is a list, read its items by index, such as %s[0] or %s[-1]", quoted, at, at, at)
	case len(n.fields) == 0:
		return fmt.Sprintf("%s is not a known variable and renders empty: %s is a single value, with no %q in it", quoted, at, key)
	}
	return fmt.Sprintf("%s is not a known variable and renders empty: %s has no %q%s; it has %s", quoted, at, key, suggest(key, n), strings.Join(names(n), ", "))
}

func names(n *varNode) []string {
	out := make([]string, 0, len(n.fields))
	for k := range n.fields {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// suggest names the known field closest to a misspelt one, if one is close.
func suggest(key string, n *varNode) string {
	best, dist := "", 3
	for _, k := range names(n) {
		if d := editDistance(key, k); d < dist {
			best, dist = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", best)
}

// editDistance is the Levenshtein distance of two short names.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// Warnings lists what may be wrong with a valid request without being an
// error: variables that exist in no known tree, field by field (prefix
// "http." for an integration, "actions[2]." for a macro's hook). Only the
// templates the request sends are looked at.
func Warnings(prefix string, h HTTP, scope Scope) []*validate.Error {
	out := UnknownVariables(prefix+"url", h.URL, scope)
	for i, kv := range h.Headers {
		out = append(out, UnknownVariables(fmt.Sprintf("%sheaders[%d].value", prefix, i), kv.Value, scope)...)
	}
	if strings.ToUpper(strings.TrimSpace(h.Method)) == http.MethodGet || h.Method == "" {
		return out
	}
	if h.RequestContentType == ContentForm {
		for i, kv := range h.Form {
			out = append(out, UnknownVariables(fmt.Sprintf("%sform[%d].value", prefix, i), kv.Value, scope)...)
		}
		return out
	}
	return append(out, UnknownVariables(prefix+"body", h.Body, scope)...)
}
