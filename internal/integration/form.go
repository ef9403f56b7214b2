package integration

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/ticketwire/ticketwire/internal/validate"
)

// decodeForm reads http.form. The API's own shape is a list of {key, value}
// form fields. The hosted helpdesk's is an object, its "body template": for
// a JSON request it is the JSON body itself (values may be any JSON, strings
// hold templates), for a urlencoded request its members are the form fields.
// It keeps the object on GET integrations, which send no body, so there the
// object is dropped rather than refused.
func decodeForm(h *HTTP, raw json.RawMessage, strict bool) error {
	if !isSet(raw) {
		return nil
	}
	raw = bytes.TrimSpace(raw)
	if raw[0] != '{' {
		kvs, err := decodeKVs(raw, "http.form", strict)
		h.Form = kvs
		return err
	}
	method := strings.ToUpper(strings.TrimSpace(h.Method))
	switch {
	case method == "" || method == http.MethodGet:
		return nil
	case h.RequestContentType == ContentForm:
		kvs, err := objectKVs(raw, "http.form")
		h.Form = kvs
		return err
	case strings.TrimSpace(h.Body) != "":
		return validate.Errorf("http.form", "must be left out when http.body is given: the JSON body is given once, as http.body (a template) or as http.form (an object)")
	}
	body, err := bodyOfForm(raw)
	if err != nil {
		return validate.Errorf("http.form", "%v", err)
	}
	if body != "{}" {
		h.Body = body
	}
	return nil
}

// bodyOfForm writes the JSON body template of a form object, in the order
// its members were written. Text outside template tags is escaped as JSON
// string content; the tags are copied as they are, so a quote inside one
// ({{name|fallback("there")}}) stays a quote for the template parser, and the
// renderer escapes what the tag prints.
func bodyOfForm(raw json.RawMessage) (string, error) {
	var b strings.Builder
	err := writeTemplateJSON(&b, raw)
	return b.String(), err
}

func writeTemplateJSON(b *strings.Builder, raw json.RawMessage) error {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) > 0 && raw[0] == '{':
		b.WriteByte('{')
		first := true
		err := eachMember(raw, func(key string, val json.RawMessage) error {
			if !first {
				b.WriteString(", ")
			}
			first = false
			writeTemplateString(b, key)
			b.WriteString(": ")
			return writeTemplateJSON(b, val)
		})
		b.WriteByte('}')
		return err
	case len(raw) > 0 && raw[0] == '[':
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return err
		}
		b.WriteByte('[')
		for i, it := range items {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := writeTemplateJSON(b, it); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	case len(raw) > 0 && raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return err
		}
		writeTemplateString(b, s)
		return nil
	}
	b.Write(raw) // a number, true, false or null
	return nil
}

// writeTemplateString writes s as a JSON string whose template tags are
// left unescaped.
func writeTemplateString(b *strings.Builder, s string) {
	b.WriteByte('"')
	last := 0
	for _, loc := range tag.FindAllStringIndex(s, -1) {
		b.WriteString(jsonEscape(s[last:loc[0]]))
		b.WriteString(s[loc[0]:loc[1]])
		last = loc[1]
	}
	b.WriteString(jsonEscape(s[last:]))
	b.WriteByte('"')
}

// jsonEscape escapes text as JSON string content, without HTML escaping.
func jsonEscape(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	out := strings.TrimSuffix(buf.String(), "\n")
	return out[1 : len(out)-1]
}

// BodyTemplate turns a JSON value whose strings hold templates (the hosted
// helpdesk's body objects) into a JSON body template, as http.form objects
// are read.
func BodyTemplate(raw json.RawMessage) (string, error) { return bodyOfForm(raw) }
