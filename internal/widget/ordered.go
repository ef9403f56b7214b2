package widget

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ordered is a JSON value decoded with its object keys in the order they
// came, which a map would lose: the default template lists fields in the
// order the integration's API returned them.
type ordered struct {
	kind    kind
	members []member  // kindObject
	items   []ordered // kindArray
	scalar  any       // kindScalar: string, json.Number, bool or nil
}

// member is one key of an object.
type member struct {
	key   string
	value ordered
}

// kind is the shape of an ordered value.
type kind int

const (
	kindScalar kind = iota
	kindObject
	kindArray
)

// decodeOrdered decodes exactly one JSON value from data.
func decodeOrdered(data []byte) (ordered, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := readValue(dec)
	if err != nil {
		return ordered{}, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return ordered{}, errors.New("more than one JSON value")
	}
	return v, nil
}

// readValue reads the value that starts at the decoder's next token.
func readValue(dec *json.Decoder) (ordered, error) {
	tok, err := dec.Token()
	if err != nil {
		return ordered{}, err
	}
	switch tok {
	case json.Delim('{'):
		return readObject(dec)
	case json.Delim('['):
		return readArray(dec)
	}
	return ordered{kind: kindScalar, scalar: tok}, nil
}

// readObject reads the members of an object whose '{' was just read.
func readObject(dec *json.Decoder) (ordered, error) {
	v := ordered{kind: kindObject}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return ordered{}, err
		}
		key, ok := tok.(string)
		if !ok {
			return ordered{}, fmt.Errorf("object key is %v, not a string", tok)
		}
		val, err := readValue(dec)
		if err != nil {
			return ordered{}, err
		}
		v.members = append(v.members, member{key: key, value: val})
	}
	_, err := dec.Token() // '}'
	return v, err
}

// readArray reads the items of an array whose '[' was just read.
func readArray(dec *json.Decoder) (ordered, error) {
	v := ordered{kind: kindArray}
	for dec.More() {
		item, err := readValue(dec)
		if err != nil {
			return ordered{}, err
		}
		v.items = append(v.items, item)
	}
	_, err := dec.Token() // ']'
	return v, err
}

// field returns the value of key in an object.
func (v ordered) field(key string) (ordered, bool) {
	for _, m := range v.members {
		if m.key == key {
			return m.value, true
		}
	}
	return ordered{}, false
}
