package widget

import (
	"strconv"
	"strings"
	"time"
)

// field renders a leaf holding v (found tells whether its path led
// anywhere).
func field(n Node, v any, found bool, now time.Time) *Field {
	f := &Field{Title: n.Title, Type: n.Type}
	if f.Title == "" {
		f.Title = humanize(n.Path[strings.LastIndex(n.Path, ".")+1:])
	}
	if found && !isEmpty(v) {
		f.Value = visible(v)
		f.Raw = textOf(f.Value)
		f.Display, f.Link = display(n.Type, v, now)
	}
	if strings.TrimSpace(f.Display) == "" {
		f.Display, f.Link, f.Empty = emptyDisplay, "", true
	}
	return f
}

// display formats a present value for its type. A value that does not fit
// the type (a word in a percent field) is shown as text rather than hidden,
// so a wrong type never loses data.
func display(typ string, v any, now time.Time) (text, link string) {
	switch typ {
	case TypeBoolean:
		return displayBool(v), ""
	case TypeDate:
		if t, ok := dateOf(v); ok {
			return t.Format(dateDisplay), ""
		}
	case TypeArray:
		return displayArray(v), ""
	case TypeEmail:
		return displayEmail(v)
	case TypeURL:
		if s := textOf(v); isHTTPURL(s) {
			return s, s
		}
	case TypeAge:
		return displayAge(v, now), ""
	case TypeSentiment, TypeRating, TypePoints:
		if s, ok := formatNumber(v); ok {
			return s, ""
		}
	case TypePercent:
		return displayPercent(v), ""
	}
	return textOf(visible(v)), ""
}

// displayBool shows Yes or No for JSON booleans and for the strings and
// numbers APIs use for them.
func displayBool(v any) string {
	switch strings.ToLower(textOf(v)) {
	case "true", "1", "yes":
		return "Yes"
	case "false", "0", "no":
		return "No"
	}
	return textOf(visible(v))
}

// displayArray joins the non-empty values of an array with ", ".
func displayArray(v any) string {
	items, ok := v.([]any)
	if !ok {
		return textOf(visible(v))
	}
	parts := make([]string, 0, len(items))
	for _, it := range items {
		if !isEmpty(it) {
			parts = append(parts, textOf(visible(it)))
		}
	}
	return strings.Join(parts, ", ")
}

// displayEmail shows the address and links it with mailto: when it is one.
func displayEmail(v any) (text, link string) {
	s := strings.TrimSpace(textOf(v))
	if isEmail(s) {
		return s, "mailto:" + s
	}
	return s, ""
}

// displayAge shows the age in years of a birth date, with its unit ("36
// years", "1 year"): a bare number beside "Birthday" would read as a day. A
// number is taken as an age already; a birth date in the future is shown as
// a date, and anything else as it came.
func displayAge(v any, now time.Time) string {
	s, isString := v.(string)
	if !isString {
		if n, ok := formatNumber(v); ok {
			return years(n)
		}
		return textOf(visible(v))
	}
	t, ok := parseDate(strings.TrimSpace(s))
	if !ok {
		if n, isNumber := formatNumber(v); isNumber {
			return years(n) // an age written as a string ("41")
		}
		return s
	}
	if a := age(t, now); a >= 0 {
		return years(strconv.Itoa(a))
	}
	return t.Format(dateDisplay)
}

// years puts the unit after an age.
func years(n string) string {
	if n == "1" {
		return "1 year"
	}
	return n + " years"
}

// displayPercent shows a number with a % sign; a string that already ends
// with one is kept.
func displayPercent(v any) string {
	if s, ok := formatNumber(v); ok {
		return s + "%"
	}
	return textOf(visible(v))
}

// Copy is what the field's copy button copies: the value as stored where
// that is what an agent pastes elsewhere (an id, an address, an ISO date),
// the shown text where the stored one is JSON or a bare number with a unit.
func (f *Field) Copy() string {
	switch f.Type {
	case TypeArray, TypeAge, TypePercent, TypeBoolean:
		return f.Display
	}
	return f.Raw
}

// Tip is the value as stored where the display differs from it, as the
// full date behind "Mar 1, 2026"; a boolean's true behind Yes says nothing
// more, so it has none.
func (f *Field) Tip() string {
	if f.Raw != f.Display && f.Type != TypeBoolean {
		return f.Raw
	}
	return ""
}
