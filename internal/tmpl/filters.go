package tmpl

import (
	"fmt"
	"strings"
	"time"

	"github.com/nikolalohinski/gonja/v2/builtins"
	"github.com/nikolalohinski/gonja/v2/exec"
)

// filterFallback is |fallback("text") of the helpdesk we follow: the
// argument replaces a value that is missing, None, an empty string, or an
// empty list or object. Unlike |default it also covers empty strings without
// a second argument, which is what its users expect. 0 and false are values
// and stay.
func filterFallback(_ *exec.Evaluator, in *exec.Value, params *exec.VarArgs) *exec.Value {
	if len(params.Args) != 1 || len(params.KwArgs) != 0 {
		return exec.AsValue(exec.ErrInvalidCall(fmt.Errorf("fallback takes one argument, the text used when the value is empty")))
	}
	if in.IsError() || in.IsNil() {
		return params.Args[0]
	}
	if (in.IsString() || in.IsList() || in.IsDict()) && in.Len() == 0 {
		return params.Args[0]
	}
	return in
}

// filterURLEncode is Jinja's |urlencode. gonja's keeps "&", "+" and "=" of a
// string as they are, which breaks a query; this one encodes a string as
// Jinja does (everything but letters, digits, "-._~" and "/"). Dicts and
// lists of pairs still give "k=v&k2=v2" through gonja's filter. The result
// is marked safe, so that PlaceURL does not encode it a second time.
func filterURLEncode(e *exec.Evaluator, in *exec.Value, params *exec.VarArgs) *exec.Value {
	if in.IsError() {
		return in
	}
	if in.IsDict() || in.IsList() {
		return asSafe(builtinFilter("urlencode")(e, in, params))
	}
	if len(params.Args) != 0 || len(params.KwArgs) != 0 {
		return exec.AsValue(exec.ErrInvalidCall(fmt.Errorf("urlencode takes no argument")))
	}
	text, err := format(in)
	if err != nil {
		return exec.AsValue(err)
	}
	return exec.AsSafeValue(strings.ReplaceAll(urlComponent(text), "%2F", "/"))
}

func asSafe(v *exec.Value) *exec.Value {
	if !v.IsError() {
		v.Safe = true
	}
	return v
}

func builtinFilter(name string) exec.FilterFunction {
	f, ok := builtins.Filters.Get(name)
	if !ok {
		panic("tmpl: gonja has no filter " + name)
	}
	return f
}

// filterDatetimeFormat is |datetime_format("MMM Do YY"): moment.js format
// tokens (see formatMoment) applied to an RFC 3339 string or a time.Time, in
// the offset the time carries (UTC for the API's *_datetime fields). A
// missing or unreadable time renders empty, so |fallback can follow.
func filterDatetimeFormat(_ *exec.Evaluator, in *exec.Value, params *exec.VarArgs) *exec.Value {
	if len(params.Args) != 1 || !params.Args[0].IsString() || len(params.KwArgs) != 0 {
		return exec.AsValue(exec.ErrInvalidCall(fmt.Errorf(`datetime_format takes one argument, a format such as "MMM Do YY"`)))
	}
	if in.IsError() {
		return in
	}
	t, ok := toTime(in)
	if !ok {
		return exec.AsValue("")
	}
	return exec.AsValue(formatMoment(t, params.Args[0].String()))
}

// timeLayouts are the forms a time may take in ticket data or fetched data,
// the strict RFC 3339 of the API first.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

func toTime(v *exec.Value) (time.Time, bool) {
	switch x := v.Interface().(type) {
	case time.Time:
		return x, true
	case *time.Time:
		if x != nil {
			return *x, true
		}
	case string:
		for _, layout := range timeLayouts {
			if t, err := time.Parse(layout, strings.TrimSpace(x)); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}
