package integration

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// Triggers is the set of event kinds an integration fires on. It reads both
// the list form ["ticket-created"] and the object form {"ticket-created":
// true} that the hosted helpdesk we follow returns, with kinds in kebab-case
// or in its snake_case (ticket_created), and always writes the list form.
type Triggers []event.Kind

// handedOver is a trigger of the hosted product (a ticket handed over from
// its AI agent) that has no event here: false is ignored, true is refused.
const handedOver = "ticket-handed-over"

// triggersShape is what the decode errors say is allowed.
const triggersShape = `must be a list of event kinds such as ["ticket-created"] or an object such as {"ticket-created": true} (snake_case names such as ticket_created are read too)`

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
			return validate.Errorf("http.triggers", "%s", triggersShape)
		}
		out := Triggers{}
		for k, on := range m {
			if kind := kindName(k); kind == handedOver {
				if on {
					return handedOverError()
				}
			} else if on {
				out = append(out, event.Kind(kind))
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
		*t = out
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return validate.Errorf("http.triggers", "%s", triggersShape)
	}
	out := make(Triggers, 0, len(list))
	for _, k := range list {
		if kindName(k) == handedOver {
			return handedOverError()
		}
		out = append(out, event.Kind(kindName(k)))
	}
	*t = out
	return nil
}

// kindName turns the hosted product's snake_case trigger names into the
// kebab-case event kinds; other names are left for Check to report.
func kindName(k string) string {
	kebab := strings.ReplaceAll(strings.TrimSpace(k), "_", "-")
	if event.Kind(kebab).Valid() || kebab == handedOver {
		return kebab
	}
	return k
}

func handedOverError() error {
	return validate.Errorf("http.triggers."+handedOver, "is not supported: ticketwire has no hand-over event (tickets are not handed over from an AI agent); set it to false or leave it out")
}

// Check enforces DESIGN.md's rule: any non-empty set of the first five kinds,
// or ticket-assignment-updated alone, or ticket-status-updated alone.
func (t Triggers) Check(field string) (Triggers, error) {
	if len(t) == 0 {
		return nil, validate.Errorf(field, "must hold at least one trigger; allowed: %s", kindList())
	}
	var errs validate.List
	seen := map[event.Kind]bool{}
	var out Triggers
	for i, k := range t {
		if !k.Valid() {
			errs.Add(validate.Errorf(fmt.Sprintf("%s[%d]", field, i), "must be one of %s, not %q", kindList(), k))
			continue
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	for _, k := range out {
		if k.Exclusive() && len(out) > 1 {
			errs.Add(validate.Errorf(field, "must hold %s alone: ticket-assignment-updated and ticket-status-updated must be the only trigger; the other five may be combined", k))
			break
		}
	}
	return out, errs.Err()
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
