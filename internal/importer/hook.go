package importer

import (
	"bytes"
	"encoding/json"
	"html"
	"regexp"
	"strings"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/macro"
)

// hostedHook is the arguments of an http action: the request a macro sends.
// Lists of fields come as lists of {key, value} or as objects; the JSON body
// as an object (like an integration's http.form) or as text.
type hostedHook struct {
	URL         string          `json:"url"`
	Method      string          `json:"method"`
	Headers     json.RawMessage `json:"headers"`
	Params      json.RawMessage `json:"params"`
	ContentType string          `json:"content_type"`
	JSON        json.RawMessage `json:"json"`
	Body        json.RawMessage `json:"body"`
	Form        json.RawMessage `json:"form"`
}

func hookAction(a hostedAction) (macro.Action, string, error) {
	var h hostedHook
	if err := json.Unmarshal(a.Arguments, &h); err != nil {
		return macro.Action{}, "its arguments are not {url, method, headers, params, content_type, json, form}", nil
	}
	act := macro.Action{Type: macro.ActionHTTPHook, Title: a.Title, URL: h.URL, Method: strings.ToUpper(h.Method),
		RequestContentType: h.ContentType}
	act.Headers, act.Params, act.Form = fields(h.Headers), fields(h.Params), fields(h.Form)
	body := h.JSON
	if !isSetRaw(body) {
		body = h.Body
	}
	if isSetRaw(body) {
		var text string
		if json.Unmarshal(body, &text) != nil {
			var err error
			if text, err = integration.BodyTemplate(body); err != nil {
				return macro.Action{}, "its JSON body cannot be read: " + err.Error(), nil
			}
		}
		act.Body = text
	}
	return act, "", nil
}

// fields reads a list of {key, value} or an object of key → text. Entries
// that are neither are dropped: the hook's validation then names what is
// missing.
func fields(raw json.RawMessage) []macro.Field {
	raw = bytes.TrimSpace(raw)
	if !isSetRaw(raw) {
		return nil
	}
	var list []macro.Field
	if json.Unmarshal(raw, &list) == nil {
		return list
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	_, _ = dec.Token()
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return list
		}
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			return list
		}
		var s string
		if json.Unmarshal(v, &s) != nil {
			s = string(v)
		}
		list = append(list, macro.Field{Key: tok.(string), Value: s})
	}
	return list
}

var (
	blockTag = regexp.MustCompile(`(?i)<\s*(br|/p|/div|/li)\s*/?>`)
	anyTag   = regexp.MustCompile(`<[^>]*>`)
)

// textOfHTML is a reply's plain text when only its HTML was given: line
// breaks for <br>, </p> and </div>, tags dropped, entities decoded.
func textOfHTML(s string) string {
	s = blockTag.ReplaceAllString(s, "\n")
	s = anyTag.ReplaceAllString(s, "")
	return strings.TrimSpace(html.UnescapeString(s))
}
