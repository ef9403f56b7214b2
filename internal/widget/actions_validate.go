package widget

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/tmpl"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// Limits on a card's actions: a sidebar card offers a few links and buttons,
// a button's request a handful of fields. They keep an imported widget from
// carrying thousands.
const (
	maxLinks       = 20
	maxButtons     = 20
	maxParams      = 50
	maxOptions     = 100
	maxActionURL   = 2000
	maxActionValue = 8 << 10
)

// custom checks a card's links and buttons (field is "….meta.custom"). The
// URL must be a template that parses and, where it is not itself a template
// from its first character, start with http:// or https://; after rendering
// it is checked again, since a variable may hold anything.
func (t templates) custom(typ string, c *Custom, field string) error {
	if c == nil || (len(c.Links) == 0 && len(c.Buttons) == 0) {
		return nil
	}
	if err := only(typ, TypeCard, field, "the links and buttons of a card"); err != nil {
		return err
	}
	if len(c.Links) > maxLinks {
		return validate.Errorf(field+".links", "at most %d links on a card", maxLinks)
	}
	if len(c.Buttons) > maxButtons {
		return validate.Errorf(field+".buttons", "at most %d buttons on a card", maxButtons)
	}
	for i := range c.Links {
		if err := t.link(&c.Links[i], fmt.Sprintf("%s.links[%d]", field, i)); err != nil {
			return err
		}
	}
	for i := range c.Buttons {
		if err := checkButton(&c.Buttons[i], fmt.Sprintf("%s.buttons[%d]", field, i)); err != nil {
			return err
		}
	}
	return nil
}

// link checks one link and keeps its parsed URL template for Render.
func (t templates) link(l *Link, field string) error {
	if err := checkLabel(&l.Label, field+".label", "Open in shop"); err != nil {
		return err
	}
	if err := checkHTTPTemplate(field+".url", l.URL); err != nil {
		return err
	}
	return t.parse(field+".url", l.URL)
}

// checkLabel requires a label of a title's length.
func checkLabel(label *string, field, example string) error {
	*label = strings.TrimSpace(*label)
	if *label == "" {
		return validate.Errorf(field, "is required: what agents see, such as %q", example)
	}
	return validate.MaxLen(field, *label, maxTitleLen)
}

// checkHTTPTemplate requires a URL template that starts with http:// or
// https:// unless a variable gives the whole URL ({{order.url}}).
func checkHTTPTemplate(field, src string) error {
	src = strings.TrimSpace(src)
	if src == "" {
		return validate.Errorf(field, "is required: an http or https URL, which may use the card's fields, such as https://shop.example.com/orders/{{id}}")
	}
	if err := validate.MaxLen(field, src, maxActionURL); err != nil {
		return err
	}
	lower := strings.ToLower(src)
	if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(src, "{{") {
		return validate.Errorf(field, "must be an http or https URL (https://…), not %q", src)
	}
	return nil
}

// checkButton checks a button's label and request with the rules of an
// integration's request, and its parameters.
func checkButton(b *Button, field string) error {
	if err := checkLabel(&b.Label, field+".label", "Refund order"); err != nil {
		return err
	}
	a := &b.Action
	prefix := field + ".action."
	if err := checkHTTPTemplate(prefix+"url", a.URL); err != nil {
		return err
	}
	if m := strings.ToUpper(strings.TrimSpace(a.Method)); m != "" {
		a.Method = m
	}
	if err := checkBody(a, prefix+"body"); err != nil {
		return err
	}
	h := a.request(nil)
	if err := integration.CheckRequest(prefix, &h); err != nil {
		return err
	}
	a.Method = h.Method
	if err := checkParams(prefix+"params", a.Params, false); err != nil {
		return err
	}
	if err := checkParams(prefix+"headers", a.Headers, true); err != nil {
		return err
	}
	return checkParams(prefix+"body.form", a.Body.Form, false)
}

// checkBody checks the content type and that only its content is given.
func checkBody(a *Action, field string) error {
	b := &a.Body
	if a.Method == http.MethodGet || a.Method == "" {
		if len(b.JSON) > 0 || len(b.Form) > 0 {
			return validate.Errorf(field, "a GET request has no body; use POST, PUT, PATCH or DELETE to send one")
		}
		return nil
	}
	if b.ContentType == "" {
		b.ContentType = integration.ContentJSON
	}
	if err := validate.OneOf(field+".contentType", b.ContentType, integration.ContentJSON, integration.ContentForm); err != nil {
		return err
	}
	return checkJSONTemplates(field+".json", b.JSON, 0)
}

// checkJSONTemplates parses every string of a JSON body as a template.
func checkJSONTemplates(field string, v any, depth int) error {
	if depth > MaxDepth*4 {
		return validate.Errorf(field, "is nested too deeply")
	}
	switch x := v.(type) {
	case string:
		if _, err := tmpl.Parse(x); err != nil {
			return validate.Errorf(field, "is not a valid template: %v", err)
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if err := checkJSONTemplates(field+"."+k, x[k], depth+1); err != nil {
				return err
			}
		}
	case []any:
		for i, e := range x {
			if err := checkJSONTemplates(fmt.Sprintf("%s[%d]", field, i), e, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkParams checks keys, value sizes, and what agents fill in (params,
// headers and form fields alike): that editable keys are unique in their
// list (header names in any case) and dropdowns have options.
func checkParams(field string, ps []Param, header bool) error {
	if len(ps) > maxParams {
		return validate.Errorf(field, "at most %d", maxParams)
	}
	seen := map[string]bool{}
	for i := range ps {
		p := &ps[i]
		f := fmt.Sprintf("%s[%d]", field, i)
		p.Key = strings.TrimSpace(p.Key)
		if p.Key == "" {
			return validate.Errorf(f+".key", "is required")
		}
		if err := validate.MaxLen(f+".value", p.Value, maxActionValue); err != nil {
			return err
		}
		if err := validate.MaxLen(f+".label", p.Label, maxTitleLen); err != nil {
			return err
		}
		if err := checkFillable(p, f, seen, header); err != nil {
			return err
		}
	}
	return nil
}

// checkFillable checks what the agent is asked for one parameter.
func checkFillable(p *Param, f string, seen map[string]bool, header bool) error {
	if p.Type == "" {
		p.Type = ParamText
	}
	if err := validate.OneOf(f+".type", p.Type, ParamText, ParamDropdown); err != nil {
		return err
	}
	if p.Editable {
		k := p.Key
		if header {
			k = http.CanonicalHeaderKey(k)
		}
		if seen[k] {
			return validate.Errorf(f+".key", "%q is editable twice; agents' values name parameters by key, so an editable key must be unique", p.Key)
		}
		seen[k] = true
	}
	if p.Type == ParamDropdown && len(p.Options) == 0 {
		return validate.Errorf(f+".options", "is required for a dropdown: the values the agent chooses from")
	}
	if len(p.Options) > maxOptions {
		return validate.Errorf(f+".options", "at most %d options", maxOptions)
	}
	for j, o := range p.Options {
		if err := validate.MaxLen(fmt.Sprintf("%s.options[%d].value", f, j), o.Value, maxActionValue); err != nil {
			return err
		}
	}
	return nil
}

// request is the button's request in the integration model, with query
// parameters apart (they go in a hook's Params). A JSON body is sent as the
// variable named by bodyVar, rendered value by value (run.go); for
// validation (bodyVar nil) any JSON object stands in.
func (a Action) request(bodyVar *string) integration.HTTP {
	h := integration.HTTP{URL: a.URL, Method: a.Method, Headers: kvs(a.Headers)}
	if a.Method == "" || strings.EqualFold(a.Method, http.MethodGet) {
		return h
	}
	h.RequestContentType = a.Body.ContentType
	switch {
	case a.Body.ContentType == integration.ContentForm:
		h.Form = kvs(a.Body.Form)
	case bodyVar != nil:
		h.Body = "{{" + *bodyVar + "}}"
	default:
		h.Body = "{}"
	}
	return h
}

// kvs turns parameters into the integration model's key/value pairs.
func kvs(ps []Param) []integration.KV {
	if len(ps) == 0 {
		return nil
	}
	out := make([]integration.KV, len(ps))
	for i, p := range ps {
		out[i] = integration.KV{Key: p.Key, Value: p.Value}
	}
	return out
}
