package widget

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// UnmarshalJSON reads meta as the API writes it and as the hosted helpdesk
// stores it, where numbers may be strings ("limit": "2", and "" for the
// default). Unknown settings are refused, as everywhere in the API.
func (m *Meta) UnmarshalJSON(b []byte) error {
	type plain Meta
	var w struct {
		*plain
		Limit json.RawMessage `json:"limit"`
	}
	w.plain = (*plain)(m)
	*m = Meta{}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return err
	}
	m.Limit, m.badLimit = limitOf(w.Limit)
	return nil
}

// limitOf reads a limit given as a number or a string of one; anything else
// is returned as text for Validate to report.
func limitOf(raw json.RawMessage) (int, string) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return 0, ""
	}
	text := string(raw)
	var s string
	if json.Unmarshal(raw, &s) == nil {
		text = strings.TrimSpace(s)
		if text == "" {
			return 0, ""
		}
	}
	n, err := strconv.Atoi(text)
	if err != nil {
		return 0, text
	}
	return n, ""
}
