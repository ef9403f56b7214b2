package integration

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// Triggers is the set of event kinds an integration fires on. It reads both
// the list form ["ticket-created"] and the object form {"ticket-created":
// true} that other helpdesks export, and always writes the list form.
type Triggers []event.Kind

// UnmarshalJSON accepts a list or an object of booleans.
func (t *Triggers) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*t = nil
		return nil
	}
	if len(b) > 0 && b[0] == '{' {
		var m map[string]bool
		if err := json.Unmarshal(b, &m); err != nil {
			return errors.New(`must be a list of event kinds or an object such as {"ticket-created": true}`)
		}
		out := Triggers{}
		for k, on := range m {
			if on {
				out = append(out, event.Kind(k))
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
		*t = out
		return nil
	}
	var list []event.Kind
	if err := json.Unmarshal(b, &list); err != nil {
		return errors.New(`must be a list of event kinds or an object such as {"ticket-created": true}`)
	}
	*t = list
	return nil
}

// Check enforces DESIGN.md's rule: any non-empty set of the first five kinds,
// or ticket-assignment-updated alone, or ticket-status-updated alone.
func (t Triggers) Check(field string) (Triggers, error) {
	if len(t) == 0 {
		return nil, validate.Errorf(field, "needs at least one trigger")
	}
	seen := map[event.Kind]bool{}
	var out Triggers
	for i, k := range t {
		if !k.Valid() {
			return nil, validate.Errorf(fmt.Sprintf("%s[%d]", field, i), "unknown trigger %q; allowed: %s", k, kindList())
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	for _, k := range out {
		if k.Exclusive() && len(out) > 1 {
			return nil, validate.Errorf(field, "%s must be the only trigger: ticket-assignment-updated and ticket-status-updated exclude every other trigger", k)
		}
	}
	return out, nil
}

// Matches reports whether an event of kind k fires this integration.
func (t Triggers) Matches(k event.Kind) bool {
	for _, x := range t {
		if x == k {
			return true
		}
	}
	return false
}

func kindList() string {
	s := make([]string, len(event.Kinds))
	for i, k := range event.Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}
