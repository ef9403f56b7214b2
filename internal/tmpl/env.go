package tmpl

import (
	"errors"
	"fmt"

	"github.com/nikolalohinski/gonja/v2/builtins"
	"github.com/nikolalohinski/gonja/v2/exec"
	"github.com/nikolalohinski/gonja/v2/nodes"
	"github.com/nikolalohinski/gonja/v2/parser"
	"github.com/nikolalohinski/gonja/v2/tokens"
)

// environment is the gonja environment of every template: a copy of gonja's
// default one, so our filters and tag set never change gonja's globals.
// It is built once and only read afterwards, which makes it safe to share.
var environment = newEnvironment()

func newEnvironment() *exec.Environment {
	filters := boundedFilters()
	mustDo(filters.Register("fallback", bounded("fallback", filterFallback)))
	mustDo(filters.Register("datetime_format", bounded("datetime_format", filterDatetimeFormat)))
	mustDo(filters.Register("urlencode", bounded("urlencode", filterURLEncode)))
	mustDo(filters.Register(filterGet, filterGetPath))
	mustDo(filters.Register(filterCall, filterCallMethod))
	mustDo(filters.Register(filterOut, filterOutput))
	mustDo(filters.Register(filterOutString, filterOutputInString))
	mustDo(filters.Register(filterOp, filterOperator))
	mustDo(filters.Register(filterTickName, filterTick))
	mustDo(filters.Register(filterIter, filterIterable))

	globals := exec.EmptyContext().Update(builtins.GlobalFunctions).Update(builtins.GlobalVariables)
	globals.Set("range", funcRange)
	globals.Set("lipsum", funcLipsum)
	return &exec.Environment{
		Context:           globals,
		Filters:           filters,
		Tests:             exec.NewTestSet(map[string]exec.TestFunction{}).Update(builtins.Tests),
		ControlStructures: controlStructures(),
		Methods:           builtins.Methods,
	}
}

// allowedTags are the gonja tags a template may use. The rewriter knows the
// expressions of each of them, which the missing-value and escaping rules
// depend on.
var allowedTags = []string{"if", "for", "break", "continue", "raw"}

// refusedTags are gonja tags we do not offer, each with the reason given to
// the admin. Those that load other templates could only load this one again
// (a loop) and are refused outright; the others would hide {{ … }} output
// from the escaping of the place it lands in.
var refusedTags = map[string]string{
	"include":    "a template cannot include other templates or files",
	"import":     "a template cannot import other templates or files",
	"from":       "a template cannot import other templates or files",
	"extends":    "a template cannot extend other templates or files",
	"block":      "blocks are only useful with extends, which is not supported",
	"macro":      "macros are not supported",
	"call":       "macros are not supported",
	"filter":     "filter blocks are not supported; apply the filter in {{ … }}",
	"with":       "with blocks are not supported; use {% set %}",
	"autoescape": "HTML autoescaping does not apply; values are escaped for the place they land in",
	"do":         "do is not supported",
	"trans":      "trans is not supported",
}

func controlStructures() *exec.ControlStructureSet {
	set := map[string]parser.ControlStructureParser{"set": parseSet}
	for _, name := range allowedTags {
		p, ok := builtins.ControlStructures.Get(name)
		if !ok {
			panic(fmt.Sprintf("tmpl: gonja has no %q tag", name))
		}
		set[name] = p
	}
	for name, why := range refusedTags {
		set[name] = refuseTag(name, why)
	}
	return exec.NewControlStructureSet(set)
}

// refuseTag makes a parser that fails with a positioned SyntaxError.
func refuseTag(name, why string) parser.ControlStructureParser {
	return func(p *parser.Parser, args *parser.Parser) (nodes.ControlStructure, error) {
		return nil, tagError(fmt.Sprintf("{%% %s %%} is not allowed: %s", name, why), args.Current(), p.Current())
	}
}

// tagError places msg at the first token that knows its position. A tag's
// argument tokens have one; the sentinel at their end does not.
func tagError(msg string, candidates ...*tokens.Token) error {
	for _, at := range candidates {
		if at != nil && at.Line > 0 {
			return &SyntaxError{Line: at.Line, Col: at.Col, Msg: msg}
		}
	}
	return errors.New(msg)
}

// setStatement is {% set name = expression [if condition else other] %}.
// gonja's own set keeps its expressions in unexported fields, where the
// rewriter could not reach them; this one keeps the same semantics for a
// plain name, which is what templates of this kind need.
type setStatement struct {
	location *tokens.Token
	name     string
	expr     nodes.Expression
	cond     nodes.Expression
	alt      nodes.Expression
}

// Position implements nodes.Node.
func (s *setStatement) Position() *tokens.Token { return s.location }

// String implements nodes.Node.
func (s *setStatement) String() string { return "set(" + s.name + ")" }

// Execute implements exec.ControlStructure.
func (s *setStatement) Execute(r *exec.Renderer, _ *nodes.ControlStructureBlock) error {
	expr := s.expr
	if s.cond != nil {
		cond := r.Eval(s.cond)
		if cond.IsError() {
			return cond
		}
		if !cond.IsTrue() {
			expr = s.alt
		}
	}
	value := r.Eval(expr)
	if value.IsError() {
		return value
	}
	r.Environment.Context.Set(s.name, value.Interface())
	return nil
}

func parseSet(p *parser.Parser, args *parser.Parser) (nodes.ControlStructure, error) {
	s := &setStatement{location: args.Current()}
	name := args.Match(tokens.Name)
	if name == nil {
		return nil, tagError("{% set %} expects a variable name", args.Current(), p.Current())
	}
	s.name = name.Val
	if args.Match(tokens.Assign) == nil {
		return nil, tagError(`{% set %} expects "name = value" (the block form is not supported)`, args.Current(), name)
	}
	var err error
	if s.expr, err = args.ParseExpression(); err != nil {
		return nil, err
	}
	if s.cond, s.alt, err = args.ParseCondition(); err != nil {
		return nil, err
	}
	if s.cond != nil && s.alt == nil {
		return nil, tagError(`{% set x = a if condition %} needs "else"`, args.Current(), name)
	}
	if !args.End() {
		return nil, tagError("unexpected text after the value of {% set %}", args.Current(), name)
	}
	return s, nil
}

func mustDo(err error) {
	if err != nil {
		panic("tmpl: " + err.Error())
	}
}
