package tmpl

import (
	"time"

	"github.com/nikolalohinski/gonja/v2/exec"
)

// budget is what one rendering may still spend. gonja runs a template to
// its end, so the budget is checked at every step that can take long or
// make a large value: each loop iteration, each filter and method call,
// each write of output. The first limit reached is kept in failed, because
// gonja's errors hide the cause inside values that cannot be unwrapped.
type budget struct {
	deadline time.Time
	timeout  time.Duration
	loops    int
	made     int
	failed   *LimitError
}

// fail records the first limit reached and returns it as a template value.
func (b *budget) fail(err *LimitError) *exec.Value {
	if b.failed == nil {
		b.failed = err
	}
	return exec.AsValue(error(b.failed))
}

// check reports a limit already reached or the time budget spent.
func (b *budget) check() *LimitError {
	if b.failed != nil {
		return b.failed
	}
	if time.Now().After(b.deadline) {
		b.failed = limitf("took longer than %v, the time limit of one rendering (TICKETWIRE_TEMPLATE_TIMEOUT)", b.timeout)
	}
	return b.failed
}

// loop counts one loop iteration.
func (b *budget) loop() *LimitError {
	b.loops++
	if b.loops > MaxLoops && b.failed == nil {
		b.failed = limitf("loops ran more than %d times, the limit of one rendering", MaxLoops)
	}
	return b.check()
}

// make charges n bytes of new values.
func (b *budget) make(n int) *LimitError {
	if n > MaxValue && b.failed == nil {
		b.failed = limitf("a value of %d bytes would be made; a template's values are limited to %s", n, size(MaxValue))
	}
	b.made += max(n, 0)
	if b.made > MaxMade && b.failed == nil {
		b.failed = limitf("the template made more than %s of values, the limit of one rendering", size(MaxMade))
	}
	return b.check()
}

// items checks the length of a list about to be made or looped over.
func (b *budget) items(what string, n int) *LimitError {
	if n > MaxItems && b.failed == nil {
		b.failed = limitf("%s would have %d items; the limit is %d", what, n, MaxItems)
	}
	return b.make(n * itemCost)
}

// itemCost is what one list item is charged: a gonja value and its slot.
const itemCost = 16

// outputWriter is the writer gonja renders into: it keeps at most limit bytes and
// stops the rendering at the first write past them.
type outputWriter struct {
	b     *budget
	limit int
	buf   []byte
}

func (o *outputWriter) Write(p []byte) (int, error) {
	if err := o.b.check(); err != nil {
		return 0, err
	}
	if len(o.buf)+len(p) > o.limit {
		o.b.failed = limitf("the output is larger than %s, the limit here", size(o.limit))
		return 0, o.b.failed
	}
	o.buf = append(o.buf, p...)
	return len(p), nil
}
