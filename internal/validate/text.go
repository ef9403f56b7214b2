package validate

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text refuses what no text field may hold: a NUL character (PostgreSQL
// cannot store it in text columns, SQLite would keep it and cut C strings
// short) and bytes that are not UTF-8 (they would be stored as U+FFFD
// silently on one database and refused on the other). Checking every input
// here, before it reaches a domain package, makes both databases answer the
// same and covers fields added later without code of their own.
func Text(field, s string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return Errorf(field, `must not contain the NUL character (\u0000)`)
	}
	if !utf8.ValidString(s) {
		return Errorf(field, "must be valid UTF-8 text")
	}
	return nil
}

// maxJSONDepth bounds the walk of JSONText; encoding/json refuses deeper
// documents anyway (its own limit is 10 000), so deeper input is left to the
// decoder to refuse.
const maxJSONDepth = 10000

// jsonFrame is one open object or array on the way down to a value.
type jsonFrame struct {
	array   bool
	index   int    // the array element being read
	key     string // the object member being read
	wantKey bool   // the next string of an object is a key
}

// JSONText walks one JSON document and refuses the first key or string value
// that Text refuses, naming it by its path ("http.headers[0].value"). It
// looks at the raw bytes as well as the decoded strings, because the decoder
// turns invalid UTF-8 and lone surrogate escapes (\ud800) into U+FFFD without
// saying so. Malformed JSON is not its concern: it returns nil and leaves the
// decoder to report the syntax error.
func JSONText(raw []byte) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var stack []jsonFrame
	var start int64
	for {
		tok, err := dec.Token()
		if err != nil || len(stack) > maxJSONDepth {
			return nil
		}
		end := dec.InputOffset()
		span := raw[start:end]
		start = end
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' || v == '[' {
				stack = append(stack, jsonFrame{array: v == '[', wantKey: v == '{'})
				continue
			}
			stack = stack[:len(stack)-1]
		case string:
			if n := len(stack); n > 0 && stack[n-1].wantKey {
				stack[n-1].key, stack[n-1].wantKey = v, false
				if err := checkToken(jsonPath(stack), v, span); err != nil {
					return err
				}
				continue
			}
			if err := checkToken(jsonPath(stack), v, span); err != nil {
				return err
			}
		}
		if len(stack) == 0 {
			return nil
		}
		next(&stack[len(stack)-1])
	}
}

// next moves a frame past the value just read.
func next(f *jsonFrame) {
	if f.array {
		f.index++
		return
	}
	f.wantKey = true
}

// checkToken applies Text to a decoded string and its raw JSON text.
func checkToken(field, decoded string, raw []byte) error {
	if err := Text(field, decoded); err != nil {
		return err
	}
	if !utf8.Valid(raw) {
		return Errorf(field, "must be valid UTF-8 text")
	}
	// Each U+FFFD the decoder produced must have been in the input, written
	// out or escaped; any other came from a lone surrogate escape.
	if n := strings.Count(decoded, "\uFFFD"); n > 0 {
		lower := bytes.ToLower(raw)
		if n > bytes.Count(raw, []byte("\uFFFD"))+bytes.Count(lower, []byte(`\ufffd`)) {
			return Errorf(field, `must be valid UTF-8 text (a \u escape of a lone surrogate is not)`)
		}
	}
	return nil
}

// jsonPath names the value the innermost frame is at, in the form the
// domain packages use for their own errors: keys joined by dots, array
// indexes in brackets.
func jsonPath(stack []jsonFrame) string {
	var b strings.Builder
	for _, f := range stack {
		if f.array {
			b.WriteString("[" + strconv.Itoa(f.index) + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(Printable(f.key))
	}
	return b.String()
}

// Printable shows a field name that itself broke the rule without the bytes
// that broke it, so the error can be shown and logged safely.
func Printable(k string) string {
	k = strings.ToValidUTF8(k, "\uFFFD")
	return strings.ReplaceAll(k, "\x00", `\u0000`)
}
