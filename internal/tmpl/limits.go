package tmpl

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"
)

// The limits of one rendering. Templates are written by admins and read data
// that third parties send, so every way a template can spend memory or time
// is bounded: gonja cannot be interrupted, so each operation that can grow a
// value is checked before it runs (range, lipsum, repetition, concatenation,
// the filters and methods that pad, join or replace), loops count their
// iterations, and the output stops at its cap.
const (
	// MaxBody is the output cap of a request body, a form value and a text
	// (a macro's reply): what a receiver or an agent can use.
	MaxBody = 256 << 10
	// MaxShort is the output cap of a URL, a header value and a widget's
	// title or link: far more than any real one, far less than a page.
	MaxShort = 8 << 10
	// MaxValue is the largest string a template may make: no value larger
	// than the largest output could ever be printed.
	MaxValue = MaxBody
	// MaxMade is the total size of the values one rendering may make
	// (strings, lists), so that many values under MaxValue cannot add up.
	// The delivery workers render concurrently (200 by default), so this
	// times the workers stays far under the memory of a small server.
	MaxMade = 1 << 20
	// MaxItems is the longest list range or repetition may make, and the
	// most items a loop may go over.
	MaxItems = 10_000
	// MaxLoops is the number of loop iterations one rendering may run,
	// counting every loop and every item a loop's "if" looks at.
	MaxLoops = 10_000
	// MaxLipsum is the most paragraphs, and words in a paragraph, lipsum
	// may make.
	MaxLipsum = 100
	// MaxArgument bounds the widths and counts given to the filters and
	// methods that pad or fill (center, indent, batch, zfill …).
	MaxArgument = 10_000
	// DefaultTimeout is the time budget of one rendering unless
	// TICKETWIRE_TEMPLATE_TIMEOUT says otherwise.
	DefaultTimeout = 100 * time.Millisecond
)

// timeout is the process-wide time budget, set once at start from the
// configuration (SetTimeout) and read by every rendering.
var timeout atomic.Int64

// SetTimeout sets the time budget of every rendering (d > 0), from
// TICKETWIRE_TEMPLATE_TIMEOUT.
func SetTimeout(d time.Duration) {
	if d > 0 {
		timeout.Store(int64(d))
	}
}

// Timeout is the time budget of a rendering.
func Timeout() time.Duration {
	if d := timeout.Load(); d > 0 {
		return time.Duration(d)
	}
	return DefaultTimeout
}

// Limits bound one rendering. The zero value means the defaults.
type Limits struct {
	// Output caps the rendered text in bytes; 0 means the place's default
	// (MaxShort for PlaceURL and PlaceHeader, MaxBody for the others).
	Output int
	// Timeout is the time budget; 0 means Timeout().
	Timeout time.Duration
}

func (l Limits) withDefaults(place Place) Limits {
	if l.Output <= 0 {
		l.Output = MaxBody
		if place == PlaceURL || place == PlaceHeader {
			l.Output = MaxShort
		}
	}
	if l.Timeout <= 0 {
		l.Timeout = Timeout()
	}
	return l
}

// ErrLimit is matched (errors.Is) by every error of a template that went
// past one of its limits.
var ErrLimit = errors.New("template limit")

// LimitError is a rendering stopped by a limit. Its message names the limit
// in plain words, for the 422 of a save, the events log and the sidebar.
type LimitError struct {
	Msg string
}

func (e *LimitError) Error() string { return e.Msg }

// Is makes errors.Is(err, ErrLimit) true.
func (e *LimitError) Is(target error) bool { return target == ErrLimit }

func limitf(format string, args ...any) *LimitError {
	return &LimitError{Msg: fmt.Sprintf(format, args...)}
}

// size writes a byte count the way the README states the limits.
func size(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
