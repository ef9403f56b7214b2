package tmpl

import (
	"strings"

	"github.com/nikolalohinski/gonja/v2/builtins"
	"github.com/nikolalohinski/gonja/v2/exec"
)

// gonjaFilters are the gonja filters templates may use, each wrapped by
// bounded: a gonja upgrade adds none without a look at what it can make.
var gonjaFilters = []string{
	"abs", "attr", "batch", "capitalize", "center", "default", "d", "dictsort", "e", "escape",
	"filesizeformat", "first", "float", "forceescape", "format", "groupby", "indent", "int",
	"join", "items", "last", "length", "count", "list", "lower", "map", "max", "min", "pprint",
	"random", "rejectattr", "reject", "replace", "reverse", "round", "safe", "selectattr",
	"select", "slice", "sort", "string", "striptags", "sum", "title", "tojson", "trim",
	"truncate", "unique", "upper", "urlize", "wordcount", "wordwrap", "xmlattr",
}

// guard estimates, before a filter or method runs, the size of what it will
// make, or refuses its arguments. Filters missing here make at most a few
// times their input, which the charge after the call covers.
type guard func(in string, params *exec.VarArgs) (int, *LimitError)

var filterGuards = map[string]guard{
	"center":  widthArg("center", 0, ""),
	"batch":   widthArg("batch", 0, ""),
	"slice":   widthArg("slice", 0, ""),
	"indent":  guardIndent,
	"tojson":  guardToJSON,
	"join":    guardJoin,
	"replace": guardReplace,
	"format":  guardFormat,
}

// methodGuards are the string methods that pad, join or replace.
var methodGuards = map[string]guard{
	"center":     widthArg("center", 0, ""),
	"ljust":      widthArg("ljust", 0, ""),
	"rjust":      widthArg("rjust", 0, ""),
	"zfill":      widthArg("zfill", 0, ""),
	"expandtabs": guardExpandTabs,
	"join":       guardJoinMethod,
	"replace":    guardReplace,
	"format":     guardFormat,
	"format_map": guardFormat,
}

// bounded wraps a filter: the time budget is checked first, the guard
// before the call, and what the call made beyond its input is charged after.
func bounded(name string, f exec.FilterFunction) exec.FilterFunction {
	g := filterGuards[name]
	return func(e *exec.Evaluator, in *exec.Value, params *exec.VarArgs) *exec.Value {
		st, err := stateOf(e)
		if err != nil {
			return exec.AsValue(err)
		}
		if err := st.check(); err != nil {
			return st.fail(err)
		}
		if err := preCheck(st, name, g, in, params); err != nil {
			return st.fail(err)
		}
		out := f(e, in, params)
		if out.IsError() {
			return out
		}
		if err := st.grew(name, in, out); err != nil {
			return st.fail(err)
		}
		return out
	}
}

func preCheck(st *renderState, name string, g guard, in *exec.Value, params *exec.VarArgs) *LimitError {
	if name == "list" && in.IsString() {
		if err := st.items("list", len(in.String())); err != nil {
			return err
		}
	}
	if g == nil || in.IsError() {
		return nil
	}
	text := ""
	if in.IsString() {
		text = in.String()
	}
	n, err := g(text, withInput(in, params))
	if err != nil {
		return err
	}
	return st.make(n)
}

// withInput passes the filter's input to the guards that need more than
// its text (join counts a list's items) as the last positional argument.
func withInput(in *exec.Value, params *exec.VarArgs) *exec.VarArgs {
	p := &exec.VarArgs{Args: append(append([]*exec.Value{}, params.Args...), in), KwArgs: params.KwArgs}
	return p
}

// grew charges what a call made beyond its input and refuses a list past
// MaxItems.
func (st *renderState) grew(what string, in, out *exec.Value) *LimitError {
	if out.IsList() && out.Len() > MaxItems {
		return limitf("%s would make a list of %d items; the limit is %d", what, out.Len(), MaxItems)
	}
	if grown := valueSize(out) - valueSize(in); grown > 0 {
		return st.make(grown)
	}
	return st.check()
}

// valueSize is the size charged for a value: a string's bytes, a list's or
// a dict's items; nested values are shared, not copied, by gonja's filters.
func valueSize(v *exec.Value) int {
	switch {
	case v.IsString():
		return len(v.String())
	case v.IsList(), v.IsDict():
		return v.Len() * itemCost
	}
	return 0
}

// widthArg refuses an integer argument (positional i or keyword kw) that is
// negative or above MaxArgument, and estimates the result as that width.
func widthArg(name string, i int, kw string) guard {
	return func(in string, params *exec.VarArgs) (int, *LimitError) {
		w := argument(params, i, kw)
		if w == nil || !w.IsNumber() {
			return len(in), nil
		}
		if n := w.Integer(); n < 0 || n > MaxArgument {
			return 0, limitf("%s takes a width or count from 0 to %d, not %d", name, MaxArgument, n)
		}
		return len(in) + w.Integer(), nil
	}
}

// argument is positional argument i, or keyword kw, of the call (not the
// input that withInput appends).
func argument(params *exec.VarArgs, i int, kw string) *exec.Value {
	if kw != "" {
		if v, ok := params.KwArgs[kw]; ok {
			return v
		}
	}
	if i < len(params.Args)-1 {
		return params.Args[i]
	}
	return nil
}

func input(params *exec.VarArgs) *exec.Value { return params.Args[len(params.Args)-1] }

func guardIndent(in string, params *exec.VarArgs) (int, *LimitError) {
	w := argument(params, 0, "width")
	if w == nil {
		return len(in), nil
	}
	if w.IsString() {
		return len(in) + (strings.Count(in, "\n")+1)*len(w.String()), nil
	}
	n, err := widthArg("indent", 0, "width")(in, params)
	if err != nil {
		return 0, err
	}
	return len(in) + (strings.Count(in, "\n")+1)*(n-len(in)), nil
}

// guardToJSON keeps tojson's indent small: each level of nesting repeats it
// on every line.
func guardToJSON(in string, params *exec.VarArgs) (int, *LimitError) {
	if w := argument(params, 0, "indent"); w != nil && w.IsNumber() && (w.Integer() < 0 || w.Integer() > 16) {
		return 0, limitf("tojson takes an indent from 0 to 16, not %d", w.Integer())
	}
	return 0, nil
}

func guardJoin(_ string, params *exec.VarArgs) (int, *LimitError) {
	sep := argument(params, 0, "d")
	list := input(params)
	if sep == nil || !list.IsIterable() {
		return 0, nil
	}
	n := list.Len()
	return n * len(sep.String()), nil
}

// guardJoinMethod is sep.join(list): the receiver is the separator.
func guardJoinMethod(sep string, params *exec.VarArgs) (int, *LimitError) {
	list := argument(params, 0, "")
	if list == nil || !list.IsIterable() {
		return 0, nil
	}
	return list.Len() * len(sep), nil
}

func guardReplace(in string, params *exec.VarArgs) (int, *LimitError) {
	old, repl := argument(params, 0, "old"), argument(params, 1, "new")
	if old == nil || repl == nil {
		return len(in), nil
	}
	count := len(in) + 1
	if o := old.String(); o != "" {
		count = strings.Count(in, o)
	}
	if count > 0 && len(repl.String()) > (MaxValue+1)/count {
		return MaxValue + 1, nil
	}
	return len(in) + count*len(repl.String()), nil
}

// guardFormat adds up the numbers of a format string ("%10000d",
// "{:>10000}") as widths, plus the arguments.
func guardFormat(in string, params *exec.VarArgs) (int, *LimitError) {
	n := len(in)
	digits := 0
	for i := 0; i <= len(in); i++ {
		if i < len(in) && in[i] >= '0' && in[i] <= '9' {
			digits = min(digits*10+int(in[i]-'0'), MaxValue+1)
			continue
		}
		n += digits
		digits = 0
		if n > MaxValue {
			return n, nil
		}
	}
	for _, a := range params.Args[:len(params.Args)-1] {
		n += valueSize(a)
	}
	for _, a := range params.KwArgs {
		n += valueSize(a)
	}
	return n, nil
}

func guardExpandTabs(in string, params *exec.VarArgs) (int, *LimitError) {
	n, err := widthArg("expandtabs", 0, "tabsize")(in, params)
	if err != nil {
		return 0, err
	}
	if w := argument(params, 0, "tabsize"); w == nil {
		return len(in) + strings.Count(in, "\t")*8, nil
	}
	return len(in) + strings.Count(in, "\t")*(n-len(in)), nil
}

// boundedFilters is gonja's filter set with every filter wrapped.
func boundedFilters() *exec.FilterSet {
	m := map[string]exec.FilterFunction{}
	for _, name := range gonjaFilters {
		f, ok := builtins.Filters.Get(name)
		if !ok {
			panic("tmpl: gonja has no filter " + name)
		}
		m[name] = bounded(name, f)
	}
	return exec.NewFilterSet(m)
}
