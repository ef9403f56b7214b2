package tmpl

import (
	"github.com/nikolalohinski/gonja/v2/nodes"
	"github.com/nikolalohinski/gonja/v2/tokens"
)

// refusedMethods change a value in place. Templates read shared data (one
// decoded event serves every delivery of it), and a list that holds itself
// would make printing it recurse without end.
var refusedMethods = map[string]string{
	"append":     "a template cannot change values; use + to make a longer list",
	"reverse":    "a template cannot change values; use |reverse",
	"pop":        "a template cannot change values",
	"setdefault": "a template cannot change values; use |default",
	"update":     "a template cannot change values",
	"clear":      "a template cannot change values",
}

// binary rewrites "left op right". The operators that can make large
// values become left|tw:op("op", right), evaluated by filterOperator; when
// both operands are literals a repetition past the limits is refused now,
// when the template is saved.
func (rw *rewriter) binary(n *nodes.BinaryExpression, printed bool) (nodes.Expression, error) {
	if err := checkRepeat(n); err != nil {
		return nil, err
	}
	left, err := rw.expr(n.Left, printed)
	if err != nil {
		return nil, err
	}
	right, err := rw.expr(n.Right, printed)
	if err != nil {
		return nil, err
	}
	op, ok := boundedOperators[n.Operator.Token.Type]
	if !ok {
		c := *n
		c.Left, c.Right = left, right
		return &c, nil
	}
	at := n.Operator.Token
	opNode := &nodes.String{Location: synthetic(at, tokens.String, op), Val: op}
	return &nodes.FilteredExpression{
		Expression: left,
		Filters:    []*nodes.FilterCall{{Token: at, Name: filterOp, Args: []nodes.Expression{opNode, right}}},
	}, nil
}

// checkRepeat refuses 'text' * n and [list] * n whose result would be past
// the limits, with literal operands.
func checkRepeat(n *nodes.BinaryExpression) error {
	if n.Operator.Token.Type != tokens.Multiply {
		return nil
	}
	a, b := n.Left, n.Right
	if v, ok := literal(a); ok && v.IsInteger() {
		a, b = b, a
	}
	count, ok := literal(b)
	if !ok || !count.IsInteger() || count.Integer() <= 0 {
		return nil
	}
	times := count.Integer()
	switch x := a.(type) {
	case *nodes.String:
		if x.Val != "" && times > MaxValue/len(x.Val) {
			return syntaxAt(n.Operator.Token, repeatLimit(len(x.Val), times).Msg)
		}
	case *nodes.List:
		if len(x.Val) > 0 && times > MaxItems/len(x.Val) {
			return syntaxAt(n.Operator.Token, limitf("repeating a list of %d items %d times would make more than %d items, the limit of a list", len(x.Val), times, MaxItems).Msg)
		}
	}
	return nil
}

// checkCall refuses range and lipsum calls whose literal arguments are past
// the limits, so {{ lipsum(1000000) }} is refused when it is saved.
func checkCall(f *nodes.Name, n *nodes.Call) error {
	args := make([]int, 0, len(n.Args))
	for _, a := range n.Args {
		v, ok := literal(a)
		if !ok || !v.IsInteger() {
			return nil
		}
		args = append(args, v.Integer())
	}
	switch f.Name.Val {
	case "range":
		start, stop, step := 0, 0, 1
		switch len(args) {
		case 1:
			stop = args[0]
		case 2:
			start, stop = args[0], args[1]
		case 3:
			start, stop, step = args[0], args[1], args[2]
		default:
			return nil
		}
		if step != 0 {
			if c := rangeLen(start, stop, step); c > MaxItems {
				return syntaxAt(f.Name, rangeLimit(c).Msg)
			}
		}
	case "lipsum":
		if len(args) > 0 && lipsumLimit(args[0], 0, 0) != nil {
			return syntaxAt(f.Name, lipsumLimit(args[0], 0, 0).Msg)
		}
		for _, kw := range []string{"n", "min", "max"} {
			if v, ok := literalKw(n, kw); ok && (v < 0 || v > MaxLipsum) {
				return syntaxAt(f.Name, lipsumLimit(-1, 0, 0).Msg)
			}
		}
	}
	return nil
}

func literalKw(n *nodes.Call, name string) (int, bool) {
	e, ok := n.Kwargs[name]
	if !ok {
		return 0, false
	}
	v, ok := literal(e)
	if !ok || !v.IsInteger() {
		return 0, false
	}
	return v.Integer(), true
}

func syntaxAt(at *tokens.Token, msg string) error {
	if at == nil || at.Line == 0 {
		return &SyntaxError{Line: 1, Col: 1, Msg: msg}
	}
	return &SyntaxError{Line: at.Line, Col: at.Col, Msg: msg}
}
