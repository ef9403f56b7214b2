package tmpl

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// DecodeJSON decodes one JSON document into the values templates read:
// objects as map[string]any, arrays as []any, and numbers as Normalize
// leaves them (int64 when whole, float64 otherwise). It gives what
// json.Unmarshal into an any followed by Normalize gives, in one pass and
// without the copy: a delivery decodes each event's snapshot once, and
// doing it twice was a tenth of the engine's work.
//
// Walking a document with gjson reads each value once per level it is
// nested in, so a deeply nested one (a ticket's meta can be 10 000 arrays
// deep) would cost the square of its size: past maxWalkDepth levels the
// document goes through encoding/json and Normalize, which are linear.
func DecodeJSON(raw []byte) (any, error) {
	if jsonNesting(raw) > maxWalkDepth {
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, err
		}
		return Normalize(v), nil
	}
	if !gjson.ValidBytes(raw) {
		return nil, errors.New("not valid JSON")
	}
	return fromJSON(gjson.ParseBytes(raw)), nil
}

// maxWalkDepth is the deepest nesting DecodeJSON walks with gjson; the
// snapshots of the REST API are a few levels deep.
const maxWalkDepth = 16

// jsonNesting is how deep the arrays and objects of raw go, strings skipped;
// it stops counting once past maxWalkDepth.
func jsonNesting(raw []byte) int {
	depth, deepest, inString := 0, 0, false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '[', '{':
			depth++
			if depth > deepest {
				if deepest = depth; deepest > maxWalkDepth {
					return deepest
				}
			}
		case ']', '}':
			depth--
		}
	}
	return deepest
}

func fromJSON(r gjson.Result) any {
	switch r.Type {
	case gjson.Null:
		return nil
	case gjson.False:
		return false
	case gjson.True:
		return true
	case gjson.String:
		return validUTF8(r.Str)
	case gjson.Number:
		if f := r.Num; f == math.Trunc(f) && math.Abs(f) <= maxExactFloat {
			return int64(f)
		}
		return r.Num
	}
	if r.IsArray() {
		out := []any{}
		r.ForEach(func(_, v gjson.Result) bool {
			out = append(out, fromJSON(v))
			return true
		})
		return out
	}
	out := map[string]any{}
	r.ForEach(func(k, v gjson.Result) bool {
		out[validUTF8(k.Str)] = fromJSON(v)
		return true
	})
	return out
}

// ContextJSON is ContextInput with the ticket, message and changes as the
// JSON the REST API gives (a part that is empty or null is left out).
type ContextJSON struct {
	Ticket, Message, Changes []byte
	Event, Account           map[string]any
}

// BuildContextJSON is BuildContext of parts still in JSON: each is decoded
// with DecodeJSON straight into the context, without BuildContext's copy.
// The error names the part that is not a JSON object.
func BuildContextJSON(in ContextJSON) (map[string]any, error) {
	ctx := map[string]any{}
	for _, p := range []struct {
		name string
		raw  []byte
	}{{"ticket", in.Ticket}, {"message", in.Message}, {"changes", in.Changes}} {
		if len(p.raw) == 0 || string(p.raw) == "null" {
			continue
		}
		v, err := DecodeJSON(p.raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.name, err)
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: not a JSON object", p.name)
		}
		if p.name == "ticket" {
			putTicket(ctx, m, in.Account)
		} else {
			ctx[p.name] = m
		}
	}
	putCopies(ctx, map[string]map[string]any{"event": in.Event, "account": in.Account})
	return ctx, nil
}

// validUTF8 replaces each byte of s that is not UTF-8 with U+FFFD, as
// encoding/json does.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
