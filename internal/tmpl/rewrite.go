package tmpl

import (
	"fmt"

	controlstructures "github.com/nikolalohinski/gonja/v2/builtins/control_structures"
	"github.com/nikolalohinski/gonja/v2/nodes"
	"github.com/nikolalohinski/gonja/v2/tokens"
)

// The rewriter changes the parsed tree once, in Parse, so that rendering
// follows our rules instead of gonja's defaults:
//
//   - every variable chain (a, a.b, a[-1]['c'], a.integrations[12]) becomes
//     one call of the get filter on its root, which resolves the whole chain
//     itself: negative indexes, numeric keys on string-keyed maps, and a
//     missing step giving None instead of an error for the next step;
//   - every method call (a.b.upper()) goes through the call filter, which
//     skips it when the receiver is missing;
//   - every {{ … }} tag ends with an output filter, which prints the value
//     our way (42, true, JSON for objects) and escapes it for the place;
//     the filter's name says whether the tag stands in a JSON string.
//
// The names of the internal filters contain a colon, which the lexer never
// reads as part of a name, so a template cannot call them itself.
const (
	filterGet       = "tw:get"
	filterCall      = "tw:call"
	filterOut       = "tw:out"
	filterOutString = "tw:out-in-string"
	filterOp        = "tw:op"
	filterTickName  = "tw:tick"
	filterIter      = "tw:iter"
)

// receiverName is where the call filter binds a method's receiver. No
// template can spell it.
const receiverName = "\x00receiver"

type rewriter struct {
	t        *Template
	inString map[int]bool
}

func (rw *rewriter) nodes(list []nodes.Node) error {
	for _, n := range list {
		if err := rw.node(n); err != nil {
			return err
		}
	}
	return nil
}

func (rw *rewriter) node(n nodes.Node) error {
	switch n := n.(type) {
	case *nodes.Data, *nodes.Comment:
		return nil
	case *nodes.Output:
		return rw.output(n)
	case *nodes.Wrapper:
		return rw.nodes(n.Nodes)
	case *nodes.ControlStructureBlock:
		return rw.tag(n)
	}
	return fmt.Errorf("tmpl: unexpected template node %T", n)
}

// output rewrites {{ expression [if condition [else alternative]] }}. A tag
// whose condition is false and that has no alternative prints None, so that
// it is escaped like any value (null in a JSON body) instead of nothing.
func (rw *rewriter) output(o *nodes.Output) error {
	inString := rw.inString[o.Start.Pos]
	var err error
	if o.Expression, err = rw.printed(o.Expression, inString); err != nil {
		return err
	}
	if o.Condition == nil {
		return nil
	}
	if o.Condition, err = rw.expr(o.Condition, false); err != nil {
		return err
	}
	if o.Alternative == nil {
		o.Alternative = &nodes.None{Location: o.Start}
	}
	o.Alternative, err = rw.printed(o.Alternative, inString)
	return err
}

func (rw *rewriter) printed(e nodes.Expression, inString bool) (nodes.Expression, error) {
	e, err := rw.expr(e, true)
	if err != nil {
		return nil, err
	}
	if inString {
		return filtered(e, filterOutString), nil
	}
	return filtered(e, filterOut), nil
}

// tag rewrites the expressions of the tags listed in allowedTags and set.
func (rw *rewriter) tag(b *nodes.ControlStructureBlock) error {
	var err error
	switch cs := b.ControlStructure.(type) {
	case *controlstructures.IfControlStructure:
		for i := range cs.Conditions {
			if cs.Conditions[i], err = rw.expr(cs.Conditions[i], false); err != nil {
				return err
			}
		}
		for _, w := range cs.Wrappers {
			if err := rw.nodes(w.Nodes); err != nil {
				return err
			}
		}
		return nil
	case *controlstructures.ForControlStructure:
		return rw.forLoop(cs)
	case *setStatement:
		return rw.set(cs)
	case *controlstructures.RawControlStructure, *controlstructures.BreakControlStructure,
		*controlstructures.ContinueControlStructure:
		return nil
	}
	return fmt.Errorf("tmpl: unexpected tag %s", b.Name)
}

// forLoop rewrites a loop and bounds it: the items are counted before the
// loop starts, each item its "if" looks at and each run of its body counts
// as an iteration (see budget.loop).
func (rw *rewriter) forLoop(cs *controlstructures.ForControlStructure) error {
	if cs.Recursive {
		return tagError("recursive loops are not supported", cs.Position())
	}
	rw.bind(cs.Key, cs.Value, "loop")
	var err error
	if cs.ObjectEvaluator, err = rw.expr(cs.ObjectEvaluator, false); err != nil {
		return err
	}
	cs.ObjectEvaluator = filtered(cs.ObjectEvaluator, filterIter)
	if cs.IfCondition, err = rw.expr(cs.IfCondition, false); err != nil {
		return err
	}
	if cs.IfCondition != nil {
		cs.IfCondition = filtered(cs.IfCondition, filterTickName)
	}
	for _, w := range []*nodes.Wrapper{cs.BodyWrapper, cs.EmptyWrapper} {
		if w == nil {
			continue
		}
		if err := rw.nodes(w.Nodes); err != nil {
			return err
		}
	}
	at := cs.BodyWrapper.Position()
	tick := &nodes.ControlStructureBlock{Location: at, Name: "loop", ControlStructure: &loopTick{location: at}}
	cs.BodyWrapper.Nodes = append([]nodes.Node{tick}, cs.BodyWrapper.Nodes...)
	return nil
}

func (rw *rewriter) set(s *setStatement) error {
	rw.bind(s.name)
	var err error
	if s.expr, err = rw.expr(s.expr, false); err != nil {
		return err
	}
	if s.cond, err = rw.expr(s.cond, false); err != nil {
		return err
	}
	s.alt, err = rw.expr(s.alt, false)
	return err
}

// bind records names the template binds itself.
func (rw *rewriter) bind(names ...string) {
	if rw.t.bound == nil {
		rw.t.bound = map[string]bool{}
	}
	for _, n := range names {
		if n != "" {
			rw.t.bound[n] = true
		}
	}
}

// filtered wraps e in one call of an internal filter.
func filtered(e nodes.Expression, name string, args ...nodes.Expression) nodes.Expression {
	return &nodes.FilteredExpression{
		Expression: e,
		Filters:    []*nodes.FilterCall{{Token: e.Position(), Name: name, Args: args}},
	}
}

func intNode(at *tokens.Token, i int) *nodes.Integer {
	return &nodes.Integer{Location: synthetic(at, tokens.Integer, fmt.Sprint(i)), Val: i}
}

// synthetic makes a token for a node the rewriter adds, placed where the
// original expression is so that gonja's runtime errors keep their line.
func synthetic(at *tokens.Token, typ tokens.Type, val string) *tokens.Token {
	tok := &tokens.Token{Type: typ, Val: val}
	if at != nil {
		tok.Pos, tok.Line, tok.Col = at.Pos, at.Line, at.Col
	}
	return tok
}
