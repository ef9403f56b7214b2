package tmpl

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/nikolalohinski/gonja/v2/exec"
	"github.com/nikolalohinski/gonja/v2/nodes"
)

// stateKey is where Render puts the renderState in the gonja context. No
// template can spell it.
const stateKey = "\x00state"

// renderState is what one Render call shares with the internal filters.
type renderState struct {
	place Place
	tpl   *Template
	// pending holds the empty variables read by the {{ … }} tag being
	// evaluated; they go to empty only if the whole tag prints nothing.
	pending []string
	empty   []string
	seen    map[string]bool
	budget
}

func stateOf(e *exec.Evaluator) (*renderState, error) {
	v, _ := e.Environment.Context.Get(stateKey)
	st, ok := v.(*renderState)
	if !ok {
		return nil, errors.New("tmpl: template rendered outside Render")
	}
	return st, nil
}

// flush moves the pending names to empty when the tag printed nothing.
func (st *renderState) flush(printedEmpty bool) {
	if printedEmpty {
		for _, name := range st.pending {
			if st.seen == nil {
				st.seen = map[string]bool{}
			}
			if !st.seen[name] {
				st.seen[name] = true
				st.empty = append(st.empty, name)
			}
		}
	}
	st.pending = st.pending[:0]
}

// chainSpec describes a variable chain of the template, so that rendering
// evaluates one argument per chain instead of one per step.
type chainSpec struct {
	// root is the name the chain starts from, "" when it starts from
	// another expression ((a|first).b); only named chains are listed in
	// Result.Empty.
	root string
	// printed says whether the chain is printed by a {{ … }} tag.
	printed bool
	// kinds has "." for an attribute step and "[" for an item step.
	kinds string
	// keys holds each step's key, nil for a key computed at rendering.
	keys []*exec.Value
}

func (c *chainSpec) push(kind byte, key *exec.Value) {
	c.kinds += string(kind)
	c.keys = append(c.keys, key)
}

func (c *chainSpec) reverse() {
	kinds := []byte(c.kinds)
	slices.Reverse(kinds)
	c.kinds = string(kinds)
	slices.Reverse(c.keys)
}

// filterGetPath resolves a chain rewritten by rewriter.chain: params.Args[0]
// numbers its chainSpec, the other arguments are its computed keys. Any
// step from a missing or None value gives None, which renders empty and
// which |default and |fallback replace.
func filterGetPath(e *exec.Evaluator, in *exec.Value, params *exec.VarArgs) *exec.Value {
	if in.IsError() {
		return in
	}
	st, err := stateOf(e)
	if err != nil {
		return exec.AsValue(err)
	}
	spec := &st.tpl.chains[params.Args[0].Integer()]
	keys := spec.keys
	if dynamic := params.Args[1:]; len(dynamic) > 0 {
		keys = slices.Clone(keys)
		for i := range keys {
			if keys[i] == nil {
				keys[i], dynamic = dynamic[0], dynamic[1:]
			}
		}
	}
	cur := in
	for _, key := range keys {
		cur = step(cur, key)
	}
	cur = wholeNumber(cur)
	if spec.root != "" && spec.printed && isEmpty(cur) {
		st.pending = append(st.pending, chainName(spec.root, spec.kinds, keys))
	}
	return cur
}

// step reads one attribute or item. Maps decoded from JSON and lists are
// read here, with negative indexes counted from the end, an integer key
// looked up as a string key ("12") on a map whose keys are strings, and a
// name on a list picking the item whose "key" is that name (see keyedItem);
// any other value (the loop variable, a dict literal) is read the way gonja
// reads it.
func step(cur *exec.Value, key *exec.Value) *exec.Value {
	if cur.IsNil() || key.IsNil() {
		return exec.AsValue(nil)
	}
	switch c := cur.Interface().(type) {
	case map[string]any:
		return exec.ToValue(c[mapKey(key)])
	case []any:
		if i, ok := listIndex(key, len(c)); ok {
			return exec.ToValue(c[i])
		}
		if key.IsString() {
			return exec.ToValue(KeyedItem(c, key.String()))
		}
		return exec.AsValue(nil)
	}
	rv := reflect.Indirect(cur.Val)
	switch {
	case rv.Kind() == reflect.Map && rv.Type().Key().Kind() == reflect.String:
		item := rv.MapIndex(reflect.ValueOf(mapKey(key)).Convert(rv.Type().Key()))
		if !item.IsValid() {
			return exec.AsValue(nil)
		}
		return exec.ToValue(item)
	case rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array:
		if i, ok := listIndex(key, rv.Len()); ok {
			return exec.ToValue(rv.Index(i))
		}
		return exec.AsValue(nil)
	}
	return gonjaStep(cur, key)
}

func gonjaStep(cur *exec.Value, key *exec.Value) *exec.Value {
	switch {
	case key.IsString():
		if v, ok := cur.GetAttribute(key.String()); ok {
			return v
		}
		if v, ok := cur.GetItem(key.String()); ok {
			return v
		}
	case key.IsInteger():
		if v, ok := cur.GetItem(key.Integer()); ok {
			return v
		}
	}
	return exec.AsValue(nil)
}

func mapKey(key *exec.Value) string {
	if key.IsInteger() {
		return strconv.Itoa(key.Integer())
	}
	return key.String()
}

// ItemKey is the field that names an item of a list for KeyedItem.
const ItemKey = "key"

// KeyedItem is the first object of list whose "key" is the string name, or
// nil. It lets a name stand where an index would, as the hosted helpdesk's
// renderer reads lists of {"key": …, "value": …} objects such as Shopify
// metafields: in customer.metafields.loyalty_points.value the segment
// loyalty_points picks the metafield whose key is "loyalty_points". Only
// "key" is matched, as the hosted product's metafield variables rely on;
// "name", "id" or "namespace" are not, so a list of tags is never searched
// by accident. Widget paths share the rule.
func KeyedItem(list []any, name string) any {
	for _, item := range list {
		if m, ok := item.(map[string]any); ok {
			if k, ok := m[ItemKey].(string); ok && k == name {
				return m
			}
		}
	}
	return nil
}

func listIndex(key *exec.Value, n int) (int, bool) {
	if !key.IsInteger() {
		return 0, false
	}
	i := key.Integer()
	if i < 0 {
		i += n
	}
	return i, i >= 0 && i < n
}

// wholeNumber turns an integral float64 (as JSON decoding gives every
// number) into an int64, so it prints as 42 and not 42.0 in every filter.
func wholeNumber(v *exec.Value) *exec.Value {
	if f, ok := v.Interface().(float64); ok && f == math.Trunc(f) && math.Abs(f) <= maxExactFloat {
		return exec.AsValue(int64(f))
	}
	return v
}

// maxExactFloat is 2^53: above it a float64 no longer holds every integer,
// so larger values keep their float form.
const maxExactFloat = 1 << 53

func isEmpty(v *exec.Value) bool {
	return v.IsNil() || (v.IsString() && v.String() == "")
}

// chainName writes the chain as the template author would: ticket.a[-1]['b'].
func chainName(root, kinds string, keys []*exec.Value) string {
	var b strings.Builder
	b.WriteString(root)
	for i, key := range keys {
		switch {
		case kinds[i] == '.':
			b.WriteString("." + key.String())
		case key.IsNil():
			b.WriteString("[None]")
		case key.IsInteger():
			b.WriteString("[" + strconv.Itoa(key.Integer()) + "]")
		default:
			b.WriteString("['" + key.String() + "']")
		}
	}
	return b.String()
}

// filterCallMethod runs the method call number params.Args[0] on its
// receiver, or gives None when the receiver is missing, where gonja would
// fail with "unknown method".
func filterCallMethod(e *exec.Evaluator, in *exec.Value, params *exec.VarArgs) *exec.Value {
	if in.IsError() || in.IsNil() {
		return in
	}
	st, err := stateOf(e)
	if err != nil {
		return exec.AsValue(err)
	}
	if err := st.check(); err != nil {
		return st.fail(err)
	}
	ctx := e.Environment.Context.Inherit()
	ctx.Set(receiverName, in)
	env := *e.Environment
	env.Context = ctx
	sub := &exec.Evaluator{Config: e.Config, Environment: &env, Loader: e.Loader}
	call := st.tpl.calls[params.Args[0].Integer()]
	name := methodName(call)
	if err := guardMethod(st, sub, name, call, in); err != nil {
		return st.fail(err)
	}
	out := sub.Eval(call)
	if out.IsError() {
		return out
	}
	if err := st.grew("."+name+"()", in, out); err != nil {
		return st.fail(err)
	}
	return out
}

func methodName(call *nodes.Call) string {
	if g, ok := call.Func.(*nodes.GetAttribute); ok {
		return g.Attribute
	}
	return ""
}

// guardMethod runs the guard of a string method that pads, joins or
// replaces, on its arguments evaluated once more (they cannot change
// anything: the methods that change values are refused by the rewriter).
func guardMethod(st *renderState, e *exec.Evaluator, name string, call *nodes.Call, in *exec.Value) *LimitError {
	g, ok := methodGuards[name]
	if !ok || !in.IsString() {
		return nil
	}
	params := &exec.VarArgs{KwArgs: map[string]*exec.Value{}}
	for _, a := range call.Args {
		params.Args = append(params.Args, e.Eval(a))
	}
	for k, a := range call.Kwargs {
		params.KwArgs[k] = e.Eval(a)
	}
	n, err := g(in.String(), withInput(in, params))
	if err != nil {
		return err
	}
	return st.make(n)
}

// filterOutput prints the value of a {{ … }} tag that stands outside a JSON
// string literal and escapes it for the place.
func filterOutput(e *exec.Evaluator, in *exec.Value, _ *exec.VarArgs) *exec.Value {
	return output(e, in, false)
}

// filterOutputInString is filterOutput for a tag inside a JSON string literal.
func filterOutputInString(e *exec.Evaluator, in *exec.Value, _ *exec.VarArgs) *exec.Value {
	return output(e, in, true)
}

func output(e *exec.Evaluator, in *exec.Value, inJSONString bool) *exec.Value {
	if in.IsError() {
		return in
	}
	st, err := stateOf(e)
	if err != nil {
		return exec.AsValue(err)
	}
	text, err := format(in)
	if err != nil {
		return exec.AsValue(err)
	}
	st.flush(text == "")
	return exec.AsValue(escape(st.place, text, in.Safe, inJSONString))
}
