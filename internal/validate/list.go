package validate

import (
	"errors"
	"strings"
)

// List is every field error of one input, in the order the fields were
// checked, at most one per field: an input is checked whole so that a form
// or a client can fix everything at once instead of one field per try.
// As finds its first error, so code that reads one error keeps working.
type List []*Error

func (l List) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// Unwrap lets errors.As find the first *Error of the list.
func (l List) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Add records err: each *Error it holds whose field has none yet (the first
// rule a field breaks is the one it is told about). An error that is not
// about input is recorded without a field, so that it is not lost.
func (l *List) Add(err error) {
	if err == nil {
		return
	}
	for _, e := range All(err) {
		if !l.Has(e.Field) {
			*l = append(*l, e)
		}
	}
}

// Has reports whether field already has an error.
func (l List) Has(field string) bool {
	for _, e := range l {
		if e.Field == field {
			return true
		}
	}
	return false
}

// Err is the list as an error: nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// All returns every field error err holds: the errors of a List, or the one
// *Error inside err; an error that is not about input is returned as one
// without a field.
func All(err error) []*Error {
	if err == nil {
		return nil
	}
	var l List
	if errors.As(err, &l) {
		return l
	}
	if v, ok := As(err); ok {
		return []*Error{v}
	}
	return []*Error{{Message: err.Error()}}
}
