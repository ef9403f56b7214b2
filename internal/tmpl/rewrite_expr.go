package tmpl

import (
	"fmt"
	"slices"

	"github.com/nikolalohinski/gonja/v2/exec"
	"github.com/nikolalohinski/gonja/v2/nodes"
	"github.com/nikolalohinski/gonja/v2/tokens"
)

// expr rewrites one expression. printed says whether its value is what a
// {{ … }} tag prints (directly, or as an operand of ~, or, +, a filter's
// input): only the variables read there are candidates for Result.Empty.
// Nodes are copied, never changed in place, because gonja shares some of
// them (a method call's receiver is both its Parent and part of its Func).
func (rw *rewriter) expr(n nodes.Node, printed bool) (nodes.Expression, error) {
	switch n := n.(type) {
	case nil:
		return nil, nil
	case *nodes.Name, *nodes.GetAttribute, *nodes.GetItem:
		return rw.chain(n, printed)
	case *nodes.Call:
		return rw.call(n)
	case *nodes.FilteredExpression:
		return rw.filteredExpr(n, printed)
	case *nodes.TestExpression:
		return rw.testExpr(n)
	case *nodes.GetSlice:
		return rw.slice(n)
	case *nodes.BinaryExpression:
		return rw.binary(n, printed)
	case *nodes.UnaryExpression:
		c := *n
		var err error
		c.Term, err = rw.expr(n.Term, printed)
		return &c, err
	case *nodes.Negation:
		c := *n
		var err error
		c.Term, err = rw.expr(n.Term, false)
		return &c, err
	case *nodes.List:
		c := *n
		var err error
		c.Val, err = rw.exprs(n.Val)
		return &c, err
	case *nodes.Tuple:
		c := *n
		var err error
		c.Val, err = rw.exprs(n.Val)
		return &c, err
	case *nodes.Dict:
		return rw.dict(n)
	}
	// Literals (strings, numbers, booleans, None) have nothing to rewrite.
	return n, nil
}

func (rw *rewriter) exprs(list []nodes.Expression) ([]nodes.Expression, error) {
	out := make([]nodes.Expression, len(list))
	for i, e := range list {
		var err error
		if out[i], err = rw.expr(e, false); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (rw *rewriter) kwargs(m map[string]nodes.Expression) (map[string]nodes.Expression, error) {
	out := make(map[string]nodes.Expression, len(m))
	for k, e := range m {
		var err error
		if out[k], err = rw.expr(e, false); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// chain turns root.a[-1]['b'] into root|tw:get(n), where n numbers the
// chain's description in the template (see chainSpec). Keys that are not
// literals (a[i]) follow n as arguments, evaluated at each rendering.
func (rw *rewriter) chain(n nodes.Node, printed bool) (nodes.Expression, error) {
	spec := chainSpec{printed: printed}
	var dynamic []nodes.Expression
	cur := n
walk:
	for {
		switch g := cur.(type) {
		case *nodes.GetAttribute:
			if g.Attribute != "" {
				spec.push('.', exec.AsValue(g.Attribute))
			} else {
				spec.push('[', exec.AsValue(g.Index))
			}
			cur = g.Node
		case *nodes.GetItem:
			key, err := rw.itemKey(g)
			if err != nil {
				return nil, err
			}
			if v, ok := literal(key); ok {
				spec.push('[', v)
			} else {
				spec.push('[', nil)
				dynamic = append(dynamic, key)
			}
			cur = g.Node
		default:
			break walk
		}
	}
	spec.reverse()
	slices.Reverse(dynamic)

	var root nodes.Expression
	if name, ok := cur.(*nodes.Name); ok {
		spec.root, root = name.Name.Val, name
	} else {
		var err error
		if root, err = rw.expr(cur, false); err != nil {
			return nil, err
		}
	}
	rw.t.chains = append(rw.t.chains, spec)
	args := append([]nodes.Expression{intNode(root.Position(), len(rw.t.chains)-1)}, dynamic...)
	return filtered(root, filterGet, args...), nil
}

// literal is the value of a string or integer literal key.
func literal(e nodes.Expression) (*exec.Value, bool) {
	switch k := e.(type) {
	case *nodes.String:
		return exec.AsValue(k.Val), true
	case *nodes.Integer:
		return exec.AsValue(k.Val), true
	case *nodes.UnaryExpression:
		// A negative index, a[-1], is parsed as minus applied to 1.
		if i, ok := k.Term.(*nodes.Integer); ok {
			if k.Negative {
				return exec.AsValue(-i.Val), true
			}
			return exec.AsValue(i.Val), true
		}
	}
	return nil, false
}

func (rw *rewriter) itemKey(g *nodes.GetItem) (nodes.Expression, error) {
	if g.Arg == nil {
		return &nodes.None{Location: g.Location}, nil
	}
	return rw.expr(g.Arg, false)
}

// call rewrites f(args) and receiver.method(args). A function called by
// name (range, dict, loop for recursive loops) is left to gonja; a method
// call is stored in the template and run by the call filter on its
// receiver, with the receiver bound to receiverName.
func (rw *rewriter) call(n *nodes.Call) (nodes.Expression, error) {
	c := *n
	var err error
	if c.Args, err = rw.exprs(n.Args); err != nil {
		return nil, err
	}
	if c.Kwargs, err = rw.kwargs(n.Kwargs); err != nil {
		return nil, err
	}
	switch f := n.Func.(type) {
	case *nodes.Name:
		if err := checkCall(f, n); err != nil {
			return nil, err
		}
		return &c, nil
	case *nodes.GetAttribute:
		if why, ok := refusedMethods[f.Attribute]; ok {
			return nil, tagError(fmt.Sprintf(".%s() is not supported: %s", f.Attribute, why), f.Location)
		}
		receiver, err := rw.expr(f.Node, false)
		if err != nil {
			return nil, err
		}
		bound := &nodes.Name{Name: synthetic(f.Location, tokens.Name, receiverName)}
		c.Func = &nodes.GetAttribute{Location: f.Location, Node: bound, Attribute: f.Attribute, Index: f.Index}
		c.Parent = bound
		rw.t.calls = append(rw.t.calls, &c)
		return filtered(receiver, filterCall, intNode(f.Location, len(rw.t.calls)-1)), nil
	}
	if c.Func, err = rw.expr(n.Func, false); err != nil {
		return nil, err
	}
	c.Parent, err = rw.expr(n.Parent, false)
	return &c, err
}

// filteredExpr checks each filter name now, so that a misspelt filter is a
// syntax error when the integration is saved rather than a failed delivery.
func (rw *rewriter) filteredExpr(n *nodes.FilteredExpression, printed bool) (nodes.Expression, error) {
	inner, err := rw.expr(n.Expression, printed)
	if err != nil {
		return nil, err
	}
	c := &nodes.FilteredExpression{Expression: inner}
	for _, f := range n.Filters {
		if !environment.Filters.Exists(f.Name) {
			return nil, unknownName("filter", f.Name, f.Token)
		}
		fc := *f
		if fc.Args, err = rw.exprs(f.Args); err != nil {
			return nil, err
		}
		if fc.Kwargs, err = rw.kwargs(f.Kwargs); err != nil {
			return nil, err
		}
		c.Filters = append(c.Filters, &fc)
	}
	return c, nil
}

func (rw *rewriter) testExpr(n *nodes.TestExpression) (nodes.Expression, error) {
	if !environment.Tests.Exists(n.Test.Name) {
		return nil, unknownName("test", n.Test.Name, n.Test.Token)
	}
	c := *n
	tc := *n.Test
	var err error
	if c.Expression, err = rw.expr(n.Expression, false); err != nil {
		return nil, err
	}
	if tc.Args, err = rw.exprs(n.Test.Args); err != nil {
		return nil, err
	}
	if tc.Kwargs, err = rw.kwargs(n.Test.Kwargs); err != nil {
		return nil, err
	}
	c.Test = &tc
	return &c, nil
}

func (rw *rewriter) slice(n *nodes.GetSlice) (nodes.Expression, error) {
	c := *n
	var err error
	for _, part := range []*nodes.Node{&c.Node, &c.Start, &c.End, &c.Step} {
		if *part == nil {
			continue
		}
		if *part, err = rw.expr(*part, false); err != nil {
			return nil, err
		}
	}
	return &c, nil
}

func (rw *rewriter) dict(n *nodes.Dict) (nodes.Expression, error) {
	c := *n
	c.Pairs = make([]*nodes.Pair, len(n.Pairs))
	for i, p := range n.Pairs {
		key, err := rw.expr(p.Key, false)
		if err != nil {
			return nil, err
		}
		value, err := rw.expr(p.Value, false)
		if err != nil {
			return nil, err
		}
		c.Pairs[i] = &nodes.Pair{Key: key, Value: value}
	}
	return &c, nil
}

func unknownName(kind, name string, at *tokens.Token) error {
	msg := "unknown " + kind + " " + `"` + name + `"`
	if at == nil || at.Line == 0 {
		return &SyntaxError{Line: 1, Col: 1, Msg: msg}
	}
	return &SyntaxError{Line: at.Line, Col: at.Col, Msg: msg}
}
