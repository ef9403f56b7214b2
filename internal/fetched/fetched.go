// Package fetched is the stored form of an integration's JSON answer (the
// "fetched data" shown in widgets and read by templates) and the limits that
// keep an answer from a third party harmless: one that is too large, nested
// too deep or has too many keys is never stored, and stored data that breaks
// the limits (kept from before they existed) is never shown.
package fetched

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Limits bound an answer that is stored as fetched data.
type Limits struct {
	Bytes int // the answer's size
	Depth int // nesting of objects and arrays in the answer
	Keys  int // object keys in the answer, all levels together
}

// Defaults are the limits of DESIGN.md. 1 MiB was the cap before the others.
// 64 levels is far beyond any API we know of (they nest a handful deep) and
// far below the 10 000 where encoding/json refuses to encode, so the one
// level the array wrapper adds can never make stored data unencodable.
// 10 000 keys is a list of 500 records of 20 fields; every key costs a map
// entry each time an event's template context is decoded.
func Defaults() Limits { return Limits{Bytes: 1 << 20, Depth: 64, Keys: 10000} }

// wrapper is what the stored form adds to an answer: one level for an
// array's {"data": …} and the two keys "data" and "__integration_type__".
const (
	wrapperDepth = 1
	wrapperKeys  = 2
)

// Form is the JSON to store for a 2xx answer, in the shape of the helpdesk we
// follow: the object as it came plus "__integration_type__": "http", or an
// array wrapped as {"data": [...], "__integration_type__": "http"}. An answer
// that is empty, not JSON or a scalar gives neither data nor a reason: it is
// kept only in the events log, as an answer to a push is. An answer past a
// limit gives a reason an admin can read ("answer nested deeper than 64
// levels; not stored").
func Form(body []byte, l Limits) (data json.RawMessage, reason string) {
	if len(body) > l.Bytes {
		return nil, fmt.Sprintf("answer larger than %s; not stored", size(l.Bytes))
	}
	s := strings.TrimSpace(string(body))
	if s == "" || (s[0] != '{' && s[0] != '[') || !json.Valid(body) {
		return nil, ""
	}
	m := measure(s)
	switch {
	case m.depth > l.Depth:
		return nil, fmt.Sprintf("answer nested deeper than %d levels; not stored", l.Depth)
	case m.keys > l.Keys:
		return nil, fmt.Sprintf("answer has more than %d keys; not stored", l.Keys)
	case m.badNumber != "":
		return nil, fmt.Sprintf("answer holds a number out of range (%.40s); not stored", m.badNumber)
	}
	if s[0] == '[' {
		return json.RawMessage(`{"data":` + s + `,"__integration_type__":"http"}`), ""
	}
	if strings.TrimSpace(s[1:len(s)-1]) == "" {
		return json.RawMessage(`{"__integration_type__":"http"}`), ""
	}
	var probe map[string]json.RawMessage
	if json.Unmarshal(body, &probe) == nil {
		if _, ok := probe["__integration_type__"]; ok {
			return json.RawMessage(s), ""
		}
	}
	// Appending keeps the keys in the order they came.
	return json.RawMessage(s[:len(s)-1] + `,"__integration_type__":"http"}`), ""
}

// Check reports why stored data may not be shown, or nil: data stored before
// the limits existed (or by hand) may be invalid, nested deeper than
// encoding/json encodes, or past the limits; such data is left out of
// tickets, customers and template contexts rather than failing them.
func Check(data []byte, l Limits) error {
	if len(data) > l.Bytes+len(`{"data":,"__integration_type__":"http"}`) {
		return fmt.Errorf("stored data larger than %s", size(l.Bytes))
	}
	s := strings.TrimSpace(string(data))
	m := measure(s) // before validity: JSON deeper than encoding/json allows is "invalid" to it
	switch {
	case m.depth > l.Depth+wrapperDepth:
		return fmt.Errorf("stored data nested deeper than %d levels", l.Depth)
	case m.keys > l.Keys+wrapperKeys:
		return fmt.Errorf("stored data has more than %d keys", l.Keys)
	case s == "" || s[0] != '{' || !json.Valid(data):
		return fmt.Errorf("stored data is not a JSON object")
	case m.badNumber != "":
		return fmt.Errorf("stored data holds a number out of range (%.40s)", m.badNumber)
	}
	return nil
}

// shape is what measure finds in JSON.
type shape struct {
	depth, keys int
	badNumber   string // the first number a float64 cannot hold; templates could not decode it
}

// measure returns the deepest nesting, the number of object keys and any
// number out of float64's range, in one pass over valid JSON without
// decoding it: outside strings, every { or [ opens a level and every colon
// follows a key.
func measure(s string) shape {
	var m shape
	level, inString := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if inString {
			switch c {
			case '\\':
				i++ // the escaped byte cannot end the string
			case '"':
				inString = false
			}
			continue
		}
		switch {
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			level++
			m.depth = max(m.depth, level)
		case c == '}' || c == ']':
			level--
		case c == ':':
			m.keys++
		case c == '-' || (c >= '0' && c <= '9'):
			n := numberAt(s, i)
			if m.badNumber == "" && outOfRange(n) {
				m.badNumber = n
			}
			i += len(n) - 1
		}
	}
	return m
}

// numberAt is the JSON number that starts at s[i].
func numberAt(s string, i int) string {
	j := i + 1
	for j < len(s) && strings.IndexByte("0123456789.eE+-", s[j]) >= 0 {
		j++
	}
	return s[i:j]
}

// outOfRange reports a number that encoding/json cannot decode into a
// float64, as every template context is decoded. Short numbers without an
// exponent always fit, so only the others are parsed.
func outOfRange(n string) bool {
	if len(n) < 300 && !strings.ContainsAny(n, "eE") {
		return false
	}
	_, err := strconv.ParseFloat(n, 64)
	return errors.Is(err, strconv.ErrRange)
}

func size(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
