// Package tmpl renders the templates of HTTP integrations and macros: the URL,
// header values, JSON body and form values that hold variables such as
// {{ticket.customer.email}}.
//
// The syntax is Jinja2 (gonja v2) plus the forms used by the hosted helpdesk
// whose integrations we follow, so its templates work unchanged: negative
// indexes, quoted keys, numeric keys on maps whose keys are strings, a name
// picking the item of a list whose "key" it is (metafields.loyalty_points),
// and the filters datetime_format (moment.js tokens) and fallback. A missing value
// renders empty instead of failing, and every value is escaped for the place
// it lands in (see Place).
//
// Templates can never read a file or reach the network: they are parsed with
// an in-memory loader holding only themselves, and the tags that load other
// templates ({% include %}, {% import %}, {% extends %} …) are refused when
// the template is parsed.
package tmpl

import (
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/nikolalohinski/gonja/v2/exec"
	"github.com/nikolalohinski/gonja/v2/nodes"
)

// Place says where a rendered template lands, which decides how each value
// printed by {{ … }} is escaped. The literal text of the template is never
// escaped: the admin who wrote it meant it as it is.
type Place int

const (
	// PlaceText applies no escaping: reply bodies of macros, previews.
	PlaceText Place = iota
	// PlaceURL percent-encodes each value as a URL component, so a value
	// containing "&", "+", "/" or "#" stays one query value or path segment.
	// A value marked safe (by |safe or |urlencode) is left as it is.
	PlaceURL
	// PlaceJSON keeps the body valid JSON whatever the values hold: a value
	// inside a string literal of the template is escaped as string content;
	// a value outside one is emitted as is when it is a JSON value by itself
	// (a number, true/false/null, an object or array, a |tojson result),
	// as a JSON string otherwise, and as null when it is empty. Render fails
	// with ErrInvalidJSON when the whole result is not valid JSON.
	PlaceJSON
	// PlaceForm applies no escaping: a form body is built by the caller from
	// key/value pairs, one template per value, and url.Values encodes each
	// rendered value exactly once. Escaping here would encode it twice.
	PlaceForm
	// PlaceHeader replaces CR, LF and the other control characters (tab
	// excepted) by spaces, in each value and in the final text, so a value
	// can never end the header and start a new one.
	PlaceHeader
)

// String names the place for logs and errors.
func (p Place) String() string {
	switch p {
	case PlaceText:
		return "text"
	case PlaceURL:
		return "url"
	case PlaceJSON:
		return "json"
	case PlaceForm:
		return "form"
	case PlaceHeader:
		return "header"
	}
	return fmt.Sprintf("place(%d)", int(p))
}

// ErrInvalidJSON is returned by Render in PlaceJSON when the rendered body is
// not valid JSON, which can only come from the literal text of the template
// (values cannot break it). The delivery is then logged as build-failed.
var ErrInvalidJSON = errors.New("tmpl: rendered body is not valid JSON")

// Template is a parsed template. It is safe for concurrent use: parse it once
// when the integration is saved or loaded, render it for every event.
type Template struct {
	src string
	tpl *exec.Template
	// calls holds the method calls of the template (name.upper()), which
	// the call filter evaluates only when their receiver is not missing.
	calls []*nodes.Call
	// chains describes the variable chains, read by the get filter.
	chains []chainSpec
	// bound holds the names the template binds itself ({% set %}, loop
	// variables), which are not variables of the context.
	bound map[string]bool
}

// Result is the outcome of one rendering.
type Result struct {
	// Text is the rendered, escaped text.
	Text string
	// Empty lists, once each and in order of appearance, the variables
	// (dotted, as written: "ticket.customer.phone", "ticket.messages[-1].sender")
	// that were missing, null or empty in a {{ … }} tag that printed
	// nothing, so previews can point at them.
	Empty []string
}

// Source returns the text the template was parsed from.
func (t *Template) Source() string { return t.src }

// Render renders the template with the variables of ctx (usually built by
// BuildContext) and escapes each printed value for place, within the
// default limits of place (see RenderWithin). ctx is not modified. Besides
// the variables of ctx, the name "context" holds the whole of ctx, so a body
// that is exactly {{context}} sends it all as JSON.
//
// An error means the template could not run (a *RenderError: for example a
// filter given a wrong argument), went past a limit (a *LimitError,
// errors.Is(err, ErrLimit)) or, in PlaceJSON, that the result is not valid
// JSON; a missing value is never an error.
func (t *Template) Render(ctx map[string]any, place Place) (Result, error) {
	return t.RenderWithin(ctx, place, Limits{})
}

// RenderWithin is Render under lim: the rendering stops at the first limit
// it reaches (time, output size, loop iterations, the size of the values it
// makes) and returns a *LimitError that says which, in words an admin can
// act on.
func (t *Template) RenderWithin(ctx map[string]any, place Place, lim Limits) (res Result, err error) {
	lim = lim.withDefaults(place)
	st := &renderState{place: place, tpl: t}
	st.deadline, st.timeout = time.Now().Add(lim.Timeout), lim.Timeout
	data := make(map[string]any, len(ctx)+2)
	maps.Copy(data, ctx)
	if _, ok := ctx[contextName]; !ok {
		data[contextName] = ctx
	}
	data[stateKey] = st

	out := &outputWriter{b: &st.budget, limit: lim.Output}
	defer func() {
		// gonja has Go panics on some inputs; a template must never take
		// the process down, whatever it holds.
		if p := recover(); p != nil {
			res, err = Result{}, &RenderError{Msg: "the template could not be rendered with this data"}
		}
	}()
	if err := t.tpl.Execute(out, exec.NewContext(data)); err != nil {
		return Result{}, renderError(err, st)
	}
	text, err := finish(string(out.buf), place)
	if err != nil {
		return Result{}, err
	}
	if len(text) > lim.Output {
		// Escaping the whole text can lengthen it (invalid UTF-8 in a
		// header becomes U+FFFD), so the cap is checked once more.
		return Result{}, limitf("the output is larger than %s, the limit here", size(lim.Output))
	}
	return Result{Text: text, Empty: st.empty}, nil
}

// contextName is the variable that holds the whole context.
const contextName = "context"
