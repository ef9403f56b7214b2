package widget

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/ticketwire/ticketwire/internal/secret"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// The secrets of a widget are the values of its card buttons' headers,
// every one of them (the hosted helpdesk marks none, and a header is where
// an API key goes), and the values of params and form fields marked
// "secret": true. They are sealed at rest with the box of integration
// secrets, shown as secret.Mask through the API and in the sidebar, and
// opened only to run a button.

// secretList is one list of a button's fields: its name in the API and in
// errors, and whether every value in it is secret.
type secretList struct {
	name   string
	fields *[]Param
	all    bool
}

func (a *Action) lists() []secretList {
	return []secretList{
		{"headers", &a.Headers, true},
		{"params", &a.Params, false},
		{"body.form", &a.Body.Form, false},
	}
}

// isSecret reports whether p's value is a secret in list l.
func (l secretList) isSecret(p Param) bool { return l.all || p.Secret }

// sameKey compares keys; header names are case-insensitive.
func (l secretList) sameKey(a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if l.name == "headers" {
		return http.CanonicalHeaderKey(a) == http.CanonicalHeaderKey(b)
	}
	return a == b
}

// placedButton is a button with where it is in the tree.
type placedButton struct {
	field  string // "template.widgets[0]….meta.custom.buttons[1]"
	button *Button
}

// buttons lists the buttons of the tree at n, whose field is field, in tree
// order, pointing into n.
func buttons(n *Node, field string, out []placedButton) []placedButton {
	if c := n.Meta.Custom; c != nil {
		for i := range c.Buttons {
			out = append(out, placedButton{field: fmt.Sprintf("%s.meta.custom.buttons[%d]", field, i), button: &c.Buttons[i]})
		}
	}
	for i := range n.Widgets {
		out = buttons(&n.Widgets[i], fmt.Sprintf("%s.widgets[%d]", field, i), out)
	}
	return out
}

// transformSecrets applies f to every secret value of the tree at n, in
// place.
func transformSecrets(n *Node, f func(string) (string, error)) error {
	for _, b := range buttons(n, "template", nil) {
		for _, l := range b.button.Action.lists() {
			for j := range *l.fields {
				p := &(*l.fields)[j]
				if !l.isSecret(*p) {
					continue
				}
				v, err := f(p.Value)
				if err != nil {
					return fmt.Errorf("%s.action.%s[%d].value: %w", b.field, l.name, j, err)
				}
				p.Value = v
			}
		}
	}
	return nil
}

// maskValue is what a secret shows as: the mask, or nothing when unset.
func maskValue(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	return secret.Mask, nil
}

// sealTemplate returns the stored form of a template in clear: the same
// JSON with every secret sealed.
func sealTemplate(box *secret.Box, tpl json.RawMessage) (json.RawMessage, error) {
	var n Node
	if err := json.Unmarshal(tpl, &n); err != nil {
		return nil, fmt.Errorf("widget: decode template: %w", err)
	}
	if err := transformSecrets(&n, box.Seal); err != nil {
		return nil, fmt.Errorf("widget: seal secrets: %w", err)
	}
	out, err := json.Marshal(n)
	if err != nil {
		return nil, fmt.Errorf("widget: encode template: %w", err)
	}
	return out, nil
}

// keepSecrets replaces every secret.Mask among the secret values of
// incoming with the stored value it stands for (stored is in clear), so a
// client can PUT back what it read. The stored button is the one at the
// same place in the tree when it still targets the same URL, else one with
// the same label and URL (the card was moved); the value is that of the
// same key in the same list. A secret is never carried over to a URL it was
// not configured for: after the URL changes, it must be sent again.
func keepSecrets(incoming *Node, stored *Node) error {
	var old []placedButton
	if stored != nil {
		old = buttons(stored, "template", nil)
	}
	for _, b := range buttons(incoming, "template", nil) {
		from := storedButton(b, old)
		for li, l := range b.button.Action.lists() {
			for j := range *l.fields {
				p := &(*l.fields)[j]
				if p.Value != secret.Mask || !l.isSecret(*p) {
					continue
				}
				v, ok := "", false
				if from != nil {
					v, ok = storedValue(from.Action.lists()[li], p.Key)
				}
				if !ok {
					return validate.Errorf(fmt.Sprintf("%s.action.%s[%d].value", b.field, l.name, j),
						"%s keeps a stored secret, but this button has no secret %q stored for this URL; send the value", secret.Mask, p.Key)
				}
				p.Value = v
			}
		}
	}
	return nil
}

func storedButton(b placedButton, old []placedButton) *Button {
	for _, o := range old {
		if o.field == b.field && o.button.Action.URL == b.button.Action.URL {
			return o.button
		}
	}
	for _, o := range old {
		if o.button.Action.URL == b.button.Action.URL && strings.TrimSpace(o.button.Label) == strings.TrimSpace(b.button.Label) {
			return o.button
		}
	}
	return nil
}

func storedValue(l secretList, key string) (string, bool) {
	for _, p := range *l.fields {
		if l.isSecret(p) && p.Value != "" && l.sameKey(p.Key, key) {
			return p.Value, true
		}
	}
	return "", false
}
