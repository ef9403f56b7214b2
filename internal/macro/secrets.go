package macro

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/ticketwire/ticketwire/internal/secret"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// seal returns a copy of actions with every secret value encrypted.
func seal(box *secret.Box, actions []Action) ([]Action, error) { return transform(actions, box.Seal) }

// open returns a copy of stored actions with every secret value decrypted.
func open(box *secret.Box, actions []Action) ([]Action, error) { return transform(actions, box.Open) }

// masked returns a copy of actions with every secret value replaced by
// secret.Mask, for API answers: secrets are write-only.
func masked(actions []Action) []Action {
	out, _ := transform(actions, func(s string) (string, error) {
		if s == "" {
			return "", nil
		}
		return secret.Mask, nil
	})
	return out
}

// transform applies f to every secret value of a deep copy of actions.
func transform(actions []Action, f func(string) (string, error)) ([]Action, error) {
	out := make([]Action, len(actions))
	for i, a := range actions {
		a.Tags = slices.Clone(a.Tags)
		for _, l := range a.lists() {
			fields := slices.Clone(*l.fields)
			for j := range fields {
				if !fields[j].Secret {
					continue
				}
				v, err := f(fields[j].Value)
				if err != nil {
					return nil, fmt.Errorf("macro: actions[%d].%s[%d]: %w", i, l.name, j, err)
				}
				fields[j].Value = v
			}
			*l.fields = fields
		}
		out[i] = a
	}
	return out, nil
}

// keepSecrets replaces every secret.Mask in incoming with the stored value
// it stands for: the secret field with the same key in the same list of the
// action at the same index (stored is in clear). So a client can PUT back
// what it read.
func keepSecrets(incoming, stored []Action) error {
	for i := range incoming {
		old := storedHook(incoming[i], i, stored)
		for _, l := range incoming[i].lists() {
			var from []Field
			if old != nil {
				from = *old.listNamed(l.name)
			}
			if err := keepFields(fmt.Sprintf("actions[%d].%s", i, l.name), *l.fields, from, l.name == "headers"); err != nil {
				return err
			}
		}
	}
	return nil
}

func keepFields(field string, incoming, stored []Field, header bool) error {
	for j := range incoming {
		f := &incoming[j]
		if f.Value != secret.Mask {
			continue
		}
		i := slices.IndexFunc(stored, func(s Field) bool { return s.Secret && sameKey(s.Key, f.Key, header) })
		if i < 0 {
			return validate.Errorf(fmt.Sprintf("%s[%d].value", field, j), "%s keeps a stored secret, but this action has no secret %q stored; send the value", secret.Mask, f.Key)
		}
		f.Value, f.Secret = stored[i].Value, true
	}
	return nil
}

func (a *Action) listNamed(name string) *[]Field {
	for _, l := range a.lists() {
		if l.name == name {
			return l.fields
		}
	}
	return nil
}

// sameKey compares keys; header names are case-insensitive.
func sameKey(a, b string, header bool) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if header {
		return http.CanonicalHeaderKey(a) == http.CanonicalHeaderKey(b)
	}
	return a == b
}

// storedHook finds the stored hook whose secrets a masked value may stand
// for: the hook at the same position when it still targets the same URL,
// else a stored hook with the same title and URL (the action was moved). A
// secret is never carried over to a URL it was not configured for: after
// the URL changes, the secret must be sent again.
func storedHook(in Action, i int, stored []Action) *Action {
	if in.Type != ActionHTTPHook {
		return nil
	}
	if i < len(stored) && stored[i].Type == ActionHTTPHook && stored[i].URL == in.URL {
		return &stored[i]
	}
	for j := range stored {
		if stored[j].Type == ActionHTTPHook && stored[j].URL == in.URL && stored[j].Title == in.Title {
			return &stored[j]
		}
	}
	return nil
}
