package integration

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"

	"github.com/ticketwire/ticketwire/internal/validate"
)

// The JSON an integration is read from. Next to the API's own fields it
// takes the hosted helpdesk's: the read-only fields its GET returns are read
// and ignored, since the server assigns them; deactivated_datetime, when
// set, means the integration is saved disabled.
type inputWire struct {
	Type                string          `json:"type"`
	Name                string          `json:"name"`
	HTTP                json.RawMessage `json:"http"`
	Enabled             *bool           `json:"enabled"`
	DeactivatedDatetime json.RawMessage `json:"deactivated_datetime"`

	ID                  json.RawMessage `json:"id"`
	URI                 json.RawMessage `json:"uri"`
	Managed             json.RawMessage `json:"managed"`
	User                json.RawMessage `json:"user"`
	ApplicationID       json.RawMessage `json:"application_id"`
	Description         json.RawMessage `json:"description"`
	DeactivationReason  json.RawMessage `json:"deactivation_reason"`
	ConsecutiveFailures json.RawMessage `json:"consecutive_failures"`
	CreatedDatetime     json.RawMessage `json:"created_datetime"`
	UpdatedDatetime     json.RawMessage `json:"updated_datetime"`
	// What a save answered; sent back, it is ignored.
	Warnings json.RawMessage `json:"warnings"`
	// What GET reports of its recent requests; sent back, it is ignored.
	Health json.RawMessage `json:"health"`
}

// httpWire is the "http" object. headers, form, oauth2 and triggers each
// come in more than one shape and are read by hand.
type httpWire struct {
	URL                string          `json:"url"`
	Method             string          `json:"method"`
	RequestContentType string          `json:"request_content_type"`
	Headers            json.RawMessage `json:"headers"`
	Body               string          `json:"body"`
	Form               json.RawMessage `json:"form"`
	OAuth2             json.RawMessage `json:"oauth2"`
	SigningSecret      string          `json:"signing_secret"`
	Triggers           json.RawMessage `json:"triggers"`
	RetryOn            []string        `json:"retry_on"`
	MaxConcurrency     int             `json:"max_concurrency"`
	RateLimit          *RateLimit      `json:"rate_limit"`

	ID                  json.RawMessage `json:"id"`
	ResponseContentType json.RawMessage `json:"response_content_type"`
	ExecutionOrder      json.RawMessage `json:"execution_order"`
	HasClientSecret     json.RawMessage `json:"has_client_secret"`
	// Set by the service on rotation; what a GET returned may be sent back.
	PreviousSigningSecret  json.RawMessage `json:"previous_signing_secret"`
	PreviousSigningExpires json.RawMessage `json:"previous_signing_secret_expires"`
}

type oauth2Wire struct {
	TokenURL        string          `json:"token_url"`
	ClientID        string          `json:"client_id"`
	ClientSecret    string          `json:"client_secret"`
	TokenLocation   string          `json:"token_location"`
	TokenKey        string          `json:"token_key"`
	Scopes          json.RawMessage `json:"scopes"`
	HasClientSecret json.RawMessage `json:"has_client_secret"`
}

// UnmarshalJSON reads an integration strictly: an unknown field or a value
// of the wrong shape is a *validate.Error naming the field and what it takes.
func (in *Input) UnmarshalJSON(b []byte) error {
	out, err := decodeInput(b, true)
	if err != nil {
		return err
	}
	*in = out
	return nil
}

// DecodeHosted reads an integration as the hosted helpdesk's REST API
// returns it, ignoring the fields ticketwire has no use for (an export holds
// more of them than a client posts), for importing its exports.
func DecodeHosted(b []byte) (Input, error) { return decodeInput(b, false) }

func decodeInput(b []byte, strict bool) (Input, error) {
	var w inputWire
	if err := decodeInto(b, &w, "", strict); err != nil {
		return Input{}, err
	}
	in := Input{Type: w.Type, Name: w.Name, Enabled: w.Enabled}
	if in.Enabled == nil && isSet(w.DeactivatedDatetime) {
		off := false
		in.Enabled = &off
	}
	if isSet(w.HTTP) {
		h, err := decodeHTTP(w.HTTP, strict)
		if err != nil {
			return Input{}, err
		}
		in.HTTP = h
	}
	return in, nil
}

func decodeHTTP(b []byte, strict bool) (*HTTP, error) {
	var w httpWire
	if err := decodeInto(b, &w, "http.", strict); err != nil {
		return nil, err
	}
	h := &HTTP{URL: w.URL, Method: w.Method, RequestContentType: w.RequestContentType, Body: w.Body, SigningSecret: w.SigningSecret, RetryOn: w.RetryOn,
		MaxConcurrency: w.MaxConcurrency, RateLimit: w.RateLimit}
	var err error
	if h.Headers, err = decodeKVs(w.Headers, "http.headers", strict); err != nil {
		return nil, err
	}
	if err := decodeForm(h, w.Form, strict); err != nil {
		return nil, err
	}
	if isSet(w.Triggers) {
		if err := json.Unmarshal(w.Triggers, &h.Triggers); err != nil {
			return nil, err
		}
	}
	if isSet(w.OAuth2) {
		if h.OAuth2, err = decodeOAuth2(w.OAuth2, strict); err != nil {
			return nil, err
		}
	}
	return h, nil
}

func decodeOAuth2(b []byte, strict bool) (*OAuth2, error) {
	var w oauth2Wire
	if err := decodeInto(b, &w, "http.oauth2.", strict); err != nil {
		return nil, err
	}
	o := &OAuth2{TokenURL: w.TokenURL, ClientID: w.ClientID, ClientSecret: w.ClientSecret, TokenLocation: w.TokenLocation, TokenKey: w.TokenKey}
	if !isSet(w.Scopes) {
		return o, nil
	}
	var spaced string
	if json.Unmarshal(w.Scopes, &spaced) == nil {
		o.Scopes = strings.Fields(spaced)
		return o, nil
	}
	if json.Unmarshal(w.Scopes, &o.Scopes) != nil {
		return nil, validate.Errorf("http.oauth2.scopes", `must be a list of scopes such as ["orders:read", "customers:read"] or one string of scopes separated by spaces, such as "orders:read customers:read"`)
	}
	return o, nil
}

// decodeKVs reads headers or form fields: the API's list of {key, value,
// secret} or the hosted product's object of name → value.
func decodeKVs(b []byte, field string, strict bool) ([]KV, error) {
	if !isSet(b) {
		return nil, nil
	}
	switch b[0] {
	case '[':
		var list []KV
		if err := decodeInto(b, &list, field+".", strict); err != nil {
			return nil, validate.Errorf(field, "%s; %s", errKVShape, unprefixed(err))
		}
		return list, nil
	case '{':
		return objectKVs(b, field)
	}
	return nil, validate.Errorf(field, "%s", errKVShape)
}

const errKVShape = `must be a list such as [{"key": "X-Api-Key", "value": "…"}] or an object of names and values such as {"X-Api-Key": "…"}`

// objectKVs reads an object of name → text, in the order written.
func objectKVs(b []byte, field string) ([]KV, error) {
	var out []KV
	err := eachMember(b, func(key string, val json.RawMessage) error {
		text, ok := scalarText(val)
		if !ok {
			return validate.Errorf(field+"."+key, "must be a text (a template), a number or a boolean, not an object, array or null")
		}
		out = append(out, KV{Key: key, Value: text})
		return nil
	})
	return out, err
}

// scalarText is the text of a string, number or boolean.
func scalarText(v json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s, true
	}
	t := string(bytes.TrimSpace(v))
	if t == "true" || t == "false" || (t != "" && (t[0] == '-' || t[0] >= '0' && t[0] <= '9')) {
		return t, true
	}
	return "", false
}

// eachMember calls f for each member of a JSON object, in order.
func eachMember(b []byte, f func(key string, val json.RawMessage) error) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // the opening brace
		return err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return err
		}
		if err := f(tok.(string), val); err != nil {
			return err
		}
	}
	return nil
}

// decodeInto decodes b into v, turning the decoder's errors into ones that
// name the field (prefix + the decoder's path) and the type it takes.
func decodeInto(b []byte, v any, prefix string, strict bool) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if strict {
		dec.DisallowUnknownFields()
	}
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	if _, ok := validate.As(err); ok {
		return err
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		field := strings.TrimSuffix(prefix, ".")
		if typeErr.Field != "" {
			field = prefix + typeErr.Field
		}
		return validate.Errorf(field, "must be a JSON %s, not %s", kindOf(typeErr.Type), typeErr.Value)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return validate.Errorf(prefix+strings.Trim(name, `"`), "is not a known field")
	}
	return validate.Errorf(strings.TrimSuffix(prefix, "."), "%v", err)
}

// unprefixed is the message of a validation error without its field.
func unprefixed(err error) string {
	if v, ok := validate.As(err); ok {
		return v.Message
	}
	return err.Error()
}

func kindOf(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	}
	return "object"
}

// isSet reports whether a raw member was given and is not null.
func isSet(b json.RawMessage) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && !bytes.Equal(b, []byte("null"))
}
