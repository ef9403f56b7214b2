package helpdesk

import (
	"bytes"
	"encoding/json"
)

// Opt is a field of a partial update that distinguishes "absent" (Set is
// false: leave it), "null" (Set, Value nil: clear it) and a value.
type Opt[T any] struct {
	Set   bool
	Value *T
}

// Some returns an Opt set to v.
func Some[T any](v T) Opt[T] { return Opt[T]{Set: true, Value: &v} }

// Null returns an Opt that clears the field.
func Null[T any]() Opt[T] { return Opt[T]{Set: true} }

// UnmarshalJSON is only called for keys present in the input, which is what
// makes Set mean "present".
func (o *Opt[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		o.Value = nil
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	o.Value = &v
	return nil
}
