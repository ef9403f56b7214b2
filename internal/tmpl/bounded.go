package tmpl

import (
	"errors"
	"math"
	"strings"

	"github.com/nikolalohinski/gonja/v2/exec"
	"github.com/nikolalohinski/gonja/v2/nodes"
	"github.com/nikolalohinski/gonja/v2/tokens"
	"github.com/nikolalohinski/gonja/v2/utils"
)

// The bounded replacements of gonja's range and lipsum, and of the
// operators that can make a large value. gonja's range feeds a channel from
// a goroutine and its loops collect every item first, so range(100000000)
// alone takes gigabytes; lipsum and "*" take any count.

// funcRange is range([start, ]stop[, step]), refusing more than MaxItems
// numbers before making any.
func funcRange(e *exec.Evaluator, params *exec.VarArgs) *exec.Value {
	st, err := stateOf(e)
	if err != nil {
		return exec.AsValue(err)
	}
	start, stop, step := 0, 0, 1
	args := params.Args
	for _, a := range args {
		if !a.IsInteger() {
			return exec.AsValue(errors.New("range takes whole numbers: range([start, ]stop[, step])"))
		}
	}
	switch len(args) {
	case 1:
		stop = args[0].Integer()
	case 2:
		start, stop = args[0].Integer(), args[1].Integer()
	case 3:
		start, stop, step = args[0].Integer(), args[1].Integer(), args[2].Integer()
	default:
		return exec.AsValue(errors.New("range takes one to three whole numbers: range([start, ]stop[, step])"))
	}
	if step == 0 {
		return exec.AsValue(errors.New("the step of range cannot be 0"))
	}
	n := rangeLen(start, stop, step)
	if n > MaxItems {
		return st.fail(rangeLimit(n))
	}
	if err := st.items("range", n); err != nil {
		return st.fail(err)
	}
	out := make([]int, 0, n)
	for i := range n {
		out = append(out, start+i*step)
	}
	return exec.AsValue(out)
}

// rangeLen counts the numbers of a range in floating point, which cannot
// overflow for any int bounds.
func rangeLen(start, stop, step int) int {
	n := math.Ceil((float64(stop) - float64(start)) / float64(step))
	if n <= 0 {
		return 0
	}
	return int(min(n, math.MaxInt32))
}

func rangeLimit(n int) *LimitError {
	return limitf("range makes at most %d numbers; this one would make %d", MaxItems, n)
}

// funcLipsum is lipsum(n=5, html=True, min=20, max=100) with n, min and max
// at most MaxLipsum.
func funcLipsum(e *exec.Evaluator, params *exec.VarArgs) *exec.Value {
	st, err := stateOf(e)
	if err != nil {
		return exec.AsValue(err)
	}
	var n, lo, hi int
	var html bool
	if err := params.Take(
		exec.KeywordArgument("n", exec.AsValue(5), exec.IntArgument(&n)),
		exec.KeywordArgument("html", exec.AsValue(true), exec.BoolArgument(&html)),
		exec.KeywordArgument("min", exec.AsValue(20), exec.IntArgument(&lo)),
		exec.KeywordArgument("max", exec.AsValue(100), exec.IntArgument(&hi)),
	); err != nil {
		return exec.AsValue(errors.New("lipsum takes n, html, min and max: lipsum(n=5, html=True, min=20, max=100)"))
	}
	if err := lipsumLimit(n, lo, hi); err != nil {
		return st.fail(err)
	}
	// Words are at most 12 letters: charge the most this can make.
	if err := st.make(n * hi * 13); err != nil {
		return st.fail(err)
	}
	return exec.AsSafeValue(utils.Lipsum(n, html, lo, hi))
}

func lipsumLimit(n, lo, hi int) *LimitError {
	if n < 0 || n > MaxLipsum || lo < 0 || hi > MaxLipsum || lo > hi {
		return limitf("lipsum makes at most %d paragraphs of at most %d words (0 <= min <= max <= %d)", MaxLipsum, MaxLipsum, MaxLipsum)
	}
	return nil
}

// filterOperator evaluates "left op right" for the operators that can make
// a value larger than their operands (* + ~) or fail in Go (%): the
// rewriter turns each into left|tw:op("op", right). Their results are those
// of gonja, plus Jinja's list repetition and int * string.
func filterOperator(e *exec.Evaluator, left *exec.Value, params *exec.VarArgs) *exec.Value {
	if left.IsError() {
		return left
	}
	st, err := stateOf(e)
	if err != nil {
		return exec.AsValue(err)
	}
	if err := st.check(); err != nil {
		return st.fail(err)
	}
	op, right := params.Args[0].String(), params.Args[1]
	if right.IsError() {
		return right
	}
	switch op {
	case "*":
		return multiply(st, left, right)
	case "+":
		return add(st, left, right)
	case "~":
		return concat(st, left.String(), right.String())
	case "%":
		if right.Integer() == 0 {
			return exec.AsValue(errors.New("division by zero in %"))
		}
		return exec.AsValue(left.Integer() % right.Integer())
	}
	return exec.AsValue(errors.New("unknown operator " + op))
}

func multiply(st *renderState, left, right *exec.Value) *exec.Value {
	switch {
	case left.IsFloat() || right.IsFloat():
		return exec.AsValue(left.Float() * right.Float())
	case left.IsString():
		return repeat(st, left.String(), right.Integer())
	case right.IsString() && left.IsInteger():
		return repeat(st, right.String(), left.Integer())
	case left.IsList() && right.IsInteger():
		return repeatList(st, left, right.Integer())
	case right.IsList() && left.IsInteger():
		return repeatList(st, right, left.Integer())
	}
	return exec.AsValue(left.Integer() * right.Integer())
}

// repeat is s * n, refused before it is made when longer than MaxValue.
func repeat(st *renderState, s string, n int) *exec.Value {
	if n <= 0 || s == "" {
		return exec.AsValue("")
	}
	if n > MaxValue/len(s) {
		return st.fail(repeatLimit(len(s), n))
	}
	if err := st.make(len(s) * n); err != nil {
		return st.fail(err)
	}
	return exec.AsValue(strings.Repeat(s, n))
}

func repeatLimit(length, n int) *LimitError {
	return limitf("repeating %d characters %d times would make a string longer than %s, the limit of a template's values", length, n, size(MaxValue))
}

func repeatList(st *renderState, list *exec.Value, n int) *exec.Value {
	items := listItems(list)
	if n <= 0 || len(items) == 0 {
		return exec.AsValue([]any{})
	}
	if n > MaxItems/len(items) {
		return st.fail(limitf("repeating a list of %d items %d times would make more than %d items, the limit of a list", len(items), n, MaxItems))
	}
	if err := st.items("the repeated list", len(items)*n); err != nil {
		return st.fail(err)
	}
	out := make([]any, 0, len(items)*n)
	for range n {
		out = append(out, items...)
	}
	return exec.AsValue(out)
}

func listItems(v *exec.Value) []any {
	var out []any
	v.Iterate(func(_, _ int, key, _ *exec.Value) bool {
		out = append(out, key.Interface())
		return true
	}, func() {})
	return out
}

func add(st *renderState, left, right *exec.Value) *exec.Value {
	switch {
	case left.IsList():
		if !right.IsList() {
			return exec.AsValue(errors.New("a list can only be added to a list"))
		}
		if err := st.items("the joined list", left.Len()+right.Len()); err != nil {
			return st.fail(err)
		}
		return exec.AsValue(append(listItems(left), listItems(right)...))
	case left.IsFloat() || right.IsFloat():
		return exec.AsValue(left.Float() + right.Float())
	case left.IsString() || right.IsString():
		return concat(st, left.String(), right.String())
	}
	return exec.AsValue(left.Integer() + right.Integer())
}

func concat(st *renderState, a, b string) *exec.Value {
	if err := st.make(len(a) + len(b)); err != nil {
		return st.fail(err)
	}
	return exec.AsValue(a + b)
}

// boundedOperators are the operators the rewriter hands to filterOperator.
var boundedOperators = map[tokens.Type]string{
	tokens.Multiply: "*",
	tokens.Addition: "+",
	tokens.Tilde:    "~",
	tokens.Modulo:   "%",
}

// filterTick counts one item looked at by a loop's "if".
func filterTick(e *exec.Evaluator, in *exec.Value, _ *exec.VarArgs) *exec.Value {
	st, err := stateOf(e)
	if err != nil {
		return exec.AsValue(err)
	}
	if err := st.loop(); err != nil {
		return st.fail(err)
	}
	return in
}

// filterIterable refuses to loop over more than MaxItems items: gonja
// prepares every item of a loop before running its body once.
func filterIterable(e *exec.Evaluator, in *exec.Value, _ *exec.VarArgs) *exec.Value {
	if in.IsError() {
		return in
	}
	st, err := stateOf(e)
	if err != nil {
		return exec.AsValue(err)
	}
	n := 0
	switch {
	case in.IsString():
		n = len(in.String())
	case in.IsList() || in.IsDict():
		n = in.Len()
	}
	if n > MaxItems {
		return st.fail(limitf("a loop over %d items; loops go over at most %d", n, MaxItems))
	}
	return in
}

// loopTick is the first node of every loop body (added by the rewriter):
// it counts the iteration and stops the rendering past a limit.
type loopTick struct {
	location *tokens.Token
}

// Position implements nodes.Node.
func (l *loopTick) Position() *tokens.Token { return l.location }

// String implements nodes.Node.
func (l *loopTick) String() string { return "loop" }

// Execute implements exec.ControlStructure.
func (l *loopTick) Execute(r *exec.Renderer, _ *nodes.ControlStructureBlock) error {
	v, _ := r.Environment.Context.Get(stateKey)
	st, ok := v.(*renderState)
	if !ok {
		return errors.New("tmpl: template rendered outside Render")
	}
	if err := st.loop(); err != nil {
		return err
	}
	return nil
}
