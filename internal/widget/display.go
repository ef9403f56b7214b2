package widget

import (
	"encoding/json"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/ticketwire/ticketwire/internal/validate"
)

// emptyDisplay is what a field shows when its value is missing or empty.
const emptyDisplay = "-"

// dateDisplay is how a date field shows its value; the raw value stays
// available for a tooltip.
const dateDisplay = "Jan 2, 2006"

// dateLayouts are the ISO 8601 forms integrations send. time.Parse accepts
// fractional seconds after the seconds even where a layout omits them.
var dateLayouts = []string{
	time.RFC3339,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02",
}

// parseDate reads an ISO date or date-time. A value without an offset is
// taken as UTC.
func parseDate(s string) (time.Time, bool) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// dateOf reads a date from a string or from a number of seconds since 1970
// (of milliseconds when it is too large to be seconds, as JavaScript APIs
// send them).
func dateOf(v any) (time.Time, bool) {
	if s, ok := v.(string); ok {
		return parseDate(strings.TrimSpace(s))
	}
	f, ok := numberOf(v)
	if !ok {
		return time.Time{}, false
	}
	if math.Abs(f) >= 1e12 {
		return time.UnixMilli(int64(f)).UTC(), true
	}
	return time.Unix(int64(f), 0).UTC(), true
}

// isEmail reports whether s is exactly an email address.
func isEmail(s string) bool {
	if strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return false
	}
	_, err := validate.Email("", s)
	return err == nil
}

// isHTTPURL reports whether s is an absolute http or https URL, the only
// links the sidebar follows.
func isHTTPURL(s string) bool {
	if s == "" || strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// numberOf reads a number from a JSON number or from a string holding one,
// as some APIs send amounts.
func numberOf(v any) (float64, bool) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = string(x)
	case string:
		s = strings.TrimSpace(x)
	case float64:
		return x, true
	case int64:
		return float64(x), true
	default:
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// formatNumber writes a number as people read it: 42, never 42.0 or 4.2e1.
func formatNumber(v any) (string, bool) {
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10), true
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return strconv.FormatInt(i, 10), true
		}
	}
	f, ok := numberOf(v)
	if !ok {
		return "", false
	}
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return strconv.FormatInt(int64(f), 10), true
	}
	return strconv.FormatFloat(f, 'f', -1, 64), true
}

// textOf writes any JSON value as text: a string as it is, a number as
// formatNumber does, objects and arrays as compact JSON.
func textOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return ""
	}
	if s, ok := formatNumber(v); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// isEmpty reports the values a field shows as "-".
func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// age is the age in whole years, on now, of someone born on birth.
func age(birth, now time.Time) int {
	now = now.In(birth.Location())
	years := now.Year() - birth.Year()
	if now.Month() < birth.Month() || now.Month() == birth.Month() && now.Day() < birth.Day() {
		years--
	}
	return years
}
