// Package validate carries the error that tells a user which field of their
// input broke which rule, so every domain package reports bad input the same
// way and the API can answer it with a 422 that names the field.
package validate

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
)

// Error is bad input: Field is the JSON path of the offending field (such as
// "http.triggers" or "messages[0].body_text"), Message says what is wrong and
// what is allowed.
type Error struct {
	Field   string
	Message string
}

func (e *Error) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

// Errorf builds an *Error for field.
func Errorf(field, format string, args ...any) *Error {
	return &Error{Field: field, Message: fmt.Sprintf(format, args...)}
}

// As returns the *Error inside err, if any.
func As(err error) (*Error, bool) {
	var v *Error
	ok := errors.As(err, &v)
	return v, ok
}

// Email checks and normalises an email address (trimmed, lower case).
func Email(field, s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", Errorf(field, "is required")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@"):], ".") && !strings.HasSuffix(s, "@localhost") {
		return "", Errorf(field, "must be an email address such as ann@example.com")
	}
	return s, nil
}

// MaxLen checks a string's length in characters.
func MaxLen(field, s string, n int) error {
	if len([]rune(s)) > n {
		return Errorf(field, "must be at most %d characters", n)
	}
	return nil
}

// OneOf checks s against the allowed values.
func OneOf(field, s string, allowed ...string) error {
	for _, a := range allowed {
		if s == a {
			return nil
		}
	}
	return Errorf(field, "must be one of %s, not %q", strings.Join(allowed, ", "), s)
}
