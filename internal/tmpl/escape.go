package tmpl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nikolalohinski/gonja/v2/exec"
)

// format prints a value the way integrations expect, which differs from
// Python's: None is empty, booleans are true/false, whole numbers have no
// ".0", objects and arrays are JSON, times are RFC 3339.
func format(v *exec.Value) (string, error) {
	if v.IsNil() {
		return "", nil
	}
	switch x := v.Interface().(type) {
	case string:
		return x, nil
	case bool:
		return strconv.FormatBool(x), nil
	case float64:
		return formatFloat(x), nil
	case float32:
		return formatFloat(float64(x)), nil
	case time.Time:
		return x.Format(time.RFC3339Nano), nil
	case map[string]any, []any:
		return marshal(unwrapValues(x))
	}
	switch reflect.Indirect(v.Val).Kind() {
	case reflect.Map, reflect.Slice, reflect.Array:
		return marshal(v.ToGoSimpleType(false))
	case reflect.Struct:
		if v.IsDict() {
			return marshal(v.ToGoSimpleType(false))
		}
		// Any other Go value (the loop variable itself, a cycler) means
		// nothing to a receiver, and its Go name is the engine's business.
		return "", nil
	case reflect.Func, reflect.Chan, reflect.Interface, reflect.UnsafePointer:
		return "", nil
	}
	return v.String(), nil
}

// unwrapValues replaces the gonja values that a namespace or a dict built by
// a template holds by what they hold, so they print as JSON values and not
// as the engine's structs. Data with none is returned as it is, not copied.
func unwrapValues(v any) any {
	switch x := v.(type) {
	case *exec.Value:
		if x == nil || x.IsNil() {
			return nil
		}
		return unwrapValues(x.Interface())
	case map[string]any:
		if !holdsValues(x) {
			return x
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = unwrapValues(e)
		}
		return out
	case []any:
		if !holdsValues(x) {
			return x
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = unwrapValues(e)
		}
		return out
	}
	return v
}

// holdsValues reports whether a map or list holds a gonja value at any depth.
func holdsValues(v any) bool {
	switch x := v.(type) {
	case *exec.Value:
		return true
	case map[string]any:
		for _, e := range x {
			if holdsValues(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if holdsValues(e) {
				return true
			}
		}
	}
	return false
}

func formatFloat(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) <= maxExactFloat {
		return strconv.FormatInt(int64(f), 10)
	}
	// The same choice of notation as encoding/json, so a number printed
	// outside a string is still a JSON number.
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		return strconv.FormatFloat(f, 'e', -1, 64)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// marshal writes JSON without HTML escaping: bodies go to APIs, not pages,
// and "<b>" reads better than "\u003cb\u003e" in the events log.
func marshal(v any) (string, error) {
	if err, ok := v.(error); ok {
		return "", err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", fmt.Errorf("tmpl: print value as JSON: %w", err)
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// escape fits one printed value to the place it lands in (see Place).
func escape(place Place, text string, safe, inJSONString bool) string {
	switch place {
	case PlaceURL:
		if safe {
			return text
		}
		return urlComponent(text)
	case PlaceJSON:
		if inJSONString {
			return jsonStringContent(text)
		}
		return jsonValue(text)
	case PlaceHeader:
		return headerValue(text)
	}
	return text
}

// urlComponent percent-encodes every byte except the unreserved characters
// of RFC 3986, so the value is one path segment or one query value wherever
// it stands ("a+b&c@x.io" → "a%2Bb%26c%40x.io"; a space is %20, which query
// parsers also read as a space).
func urlComponent(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// jsonValue is a value printed outside a JSON string: kept when it is a JSON
// value by itself, null when empty, a JSON string otherwise.
func jsonValue(s string) string {
	t := strings.TrimSpace(s)
	if t == "" {
		return "null"
	}
	if json.Valid([]byte(t)) {
		return t
	}
	return `"` + jsonStringContent(s) + `"`
}

// jsonStringContent escapes s to stand between the quotes of a JSON string.
// U+2028 and U+2029 are escaped too: valid JSON, but they end a line in
// JavaScript. Invalid UTF-8 becomes U+FFFD, as encoding/json does.
func jsonStringContent(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == '\u2028' || r == '\u2029':
			fmt.Fprintf(&b, `\u%04x`, r)
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\ufffd`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// headerValue replaces the control characters that net/http refuses or that
// would end the header line (CR, LF, NUL, DEL …) by a space; a tab is allowed
// inside a header value and stays.
func headerValue(s string) string {
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t') || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// finish applies the rules on the whole rendered text.
func finish(out string, place Place) (string, error) {
	switch place {
	case PlaceHeader:
		return strings.TrimSpace(headerValue(out)), nil
	case PlaceJSON:
		if json.Valid([]byte(out)) {
			return out, nil
		}
		var v any
		err := json.Unmarshal([]byte(out), &v)
		var serr *json.SyntaxError
		if errors.As(err, &serr) {
			return "", fmt.Errorf("%w: %v (at byte %d)", ErrInvalidJSON, serr, serr.Offset)
		}
		return "", fmt.Errorf("%w: %v", ErrInvalidJSON, err)
	}
	return out, nil
}
