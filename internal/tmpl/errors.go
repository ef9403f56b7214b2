package tmpl

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/nikolalohinski/gonja/v2/exec"
)

// RenderError is a template that could not run with the data it was given.
// Its message is gonja's innermost one, kept only when it holds nothing of
// the engine's insides (Go types, the rewriter's filter names); otherwise a
// plain sentence stands in for it.
type RenderError struct {
	// Line is the template line gonja stopped at, 0 when unknown.
	Line int
	Msg  string
}

func (e *RenderError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// renderError turns gonja's error into one an admin can read: the limit
// that stopped the rendering if one did, else the innermost cause.
func renderError(err error, st *renderState) error {
	if st.failed != nil {
		return st.failed
	}
	var lim *LimitError
	if errors.As(err, &lim) {
		return lim
	}
	return &RenderError{Line: errorLine(err.Error()), Msg: plainMessage(rootCause(err))}
}

// rootCause follows gonja's wrapping (pkg/errors, error values held in
// template values) to the first error.
func rootCause(err error) error {
	for range 100 {
		if v, ok := err.(*exec.Value); ok {
			if inner, ok := v.Interface().(error); ok && inner != error(v) {
				err = inner
				continue
			}
		}
		if c, ok := err.(interface{ Cause() error }); ok && c.Cause() != nil && c.Cause() != err {
			err = c.Cause()
			continue
		}
		if u := errors.Unwrap(err); u != nil {
			err = u
			continue
		}
		break
	}
	return err
}

var lineRef = regexp.MustCompile(`at line (\d+)`)

func errorLine(msg string) int {
	if m := lineRef.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// internals are marks of text that only means something inside the engine.
var internals = []string{"tw:", "\x00", "func(", "exec.", "reflect", "gonja", "github.com",
	"Expression", "expression(", "Node", "runtime", "interface {", "0x", "Control", "<Token"}

// calledFunction is gonja's prefix for an error of a global function, whose
// own message (ours for range and lipsum) says it better.
var calledFunction = regexp.MustCompile(`^invalid call to function '[^']*': `)

// plainMessage keeps what the innermost call said, when it reads as plain
// words, shortened. gonja flattens the errors of filters into one string,
// each level prefixed with the filter's name, so what follows the last
// prefix is what the template's own call said.
func plainMessage(err error) string {
	const generic = "the template could not be rendered with this data"
	const wrap = "invalid call to filter '"
	msg := err.Error()
	if i := strings.LastIndex(msg, wrap); i >= 0 {
		rest := msg[i+len(wrap):]
		if j := strings.Index(rest, "': "); j >= 0 {
			msg = rest[j+3:]
		}
	}
	msg = calledFunction.ReplaceAllString(msg, "")
	for _, mark := range internals {
		if strings.Contains(msg, mark) {
			return generic
		}
	}
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	if strings.TrimSpace(msg) == "" {
		return generic
	}
	return msg
}
