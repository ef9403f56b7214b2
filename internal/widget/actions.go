package widget

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Custom holds a card's actions, meta.custom in the hosted helpdesk's shape:
// links an agent opens and HTTP buttons ticketwire runs on the server.
type Custom struct {
	// Links are shown on the card when their URL renders to http or https.
	Links []Link `json:"links,omitempty"`
	// Buttons run an HTTP request when an agent clicks them.
	Buttons []Button `json:"buttons,omitempty"`
}

// Link is a card link: a label and a URL template over the card's data.
type Link struct {
	Label string `json:"label"`
	URL   string `json:"url"`
}

// Button is a card button: a label and the request it runs.
type Button struct {
	Label  string `json:"label"`
	Action Action `json:"action"`
}

// Action is the request of a button. Every value is a template over the
// card's data, ticket, customer, current_user, $listIndex and $integrationId.
type Action struct {
	Method  string  `json:"method"`
	URL     string  `json:"url"`
	Headers []Param `json:"headers"`
	// Params are the URL's query parameters. Those marked editable, like
	// editable headers and form fields, are filled in by the agent who
	// clicks the button.
	Params []Param `json:"params"`
	Body   Body    `json:"body"`
}

// Param is a header, query parameter or form field of a button. An editable
// one is asked of the agent (required when mandatory; a dropdown offers its
// options, and only those are accepted).
type Param struct {
	Key       string `json:"key"`
	Value     string `json:"value"`
	Label     string `json:"label,omitempty"`
	Editable  bool   `json:"editable"`
	Mandatory bool   `json:"mandatory"`
	// Secret marks a param's or form field's value as a secret (a
	// ticketwire addition): sealed at rest, masked in answers and redacted
	// in the hooks log, as every header value is (secrets.go).
	Secret bool `json:"secret,omitempty"`
	// Type is "text" (the default) or "dropdown".
	Type    string   `json:"type,omitempty"`
	Options []Option `json:"options,omitempty"`
}

// The types of a button's editable parameter.
const (
	ParamText     = "text"
	ParamDropdown = "dropdown"
)

// Option is one choice of a dropdown parameter. The hosted helpdesk writes
// options as plain strings or as {label, value}; both are read.
type Option struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// UnmarshalJSON reads an option given as a string or as {label, value}.
func (o *Option) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*o = Option{Label: s, Value: s}
		return nil
	}
	type plain Option
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return fmt.Errorf("an option is a string or {\"label\", \"value\"}")
	}
	*o = Option(p)
	if o.Label == "" {
		o.Label = o.Value
	}
	return nil
}

// UnmarshalJSON reads a parameter; options may also be one comma-separated
// string ("damaged, late").
func (p *Param) UnmarshalJSON(b []byte) error {
	type plain Param
	var w struct {
		*plain
		Options json.RawMessage `json:"options"`
	}
	*p = Param{}
	w.plain = (*plain)(p)
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	raw := bytes.TrimSpace(w.Options)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		for _, part := range strings.Split(s, ",") {
			if part = strings.TrimSpace(part); part != "" {
				p.Options = append(p.Options, Option{Label: part, Value: part})
			}
		}
		return nil
	}
	return json.Unmarshal(raw, &p.Options)
}

// Body is a button's request body: a JSON object whose string values are
// templates, or form fields.
type Body struct {
	// ContentType is application/json or application/x-www-form-urlencoded.
	ContentType string         `json:"contentType,omitempty"`
	JSON        map[string]any `json:"json,omitempty"`
	Form        []Param        `json:"form,omitempty"`
}

// UnmarshalJSON reads a body as ticketwire writes it ({contentType, json,
// form}) and as the hosted helpdesk stores it, each content under its
// content type ("application/json": {…}, "application/x-www-form-urlencoded":
// […]).
func (b *Body) UnmarshalJSON(data []byte) error {
	var w struct {
		ContentType string         `json:"contentType"`
		JSON        map[string]any `json:"json"`
		Form        []Param        `json:"form"`
		HostedJSON  map[string]any `json:"application/json"`
		HostedForm  []Param        `json:"application/x-www-form-urlencoded"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&w); err != nil {
		return err
	}
	*b = Body{ContentType: w.ContentType, JSON: w.JSON, Form: w.Form}
	if b.JSON == nil {
		b.JSON = w.HostedJSON
	}
	if b.Form == nil {
		b.Form = w.HostedForm
	}
	return nil
}
