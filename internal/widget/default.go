package widget

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// itemTitleKeys are the fields, by preference, whose value titles each card
// of a default list: a name reads better than an id.
var itemTitleKeys = []string{"name", "title", "id"}

// DefaultTemplate builds the widget that dragging an integration's data into
// the sidebar starts from (DESIGN.md "Fetched data and widgets"): a wrapper
// titled title; objects become cards titled from their key, arrays of
// objects become lists templated from their first item, scalar arrays
// become array fields, and other values fields of a guessed type.
//
// data is the stored object of one customer and integration. Fields keep the
// order the integration's API returned them in. Keys that start with "_" are
// skipped, and so are keys a dotted path cannot name (empty or holding a
// dot), and empty objects. Objects and arrays nested deeper than MaxDepth
// allows become text fields, and keys beyond MaxNodes are left out, so the
// result always passes Validate. Empty or null data gives
// a wrapper without widgets.
func DefaultTemplate(title string, data json.RawMessage) (Node, error) {
	root := Node{Type: TypeWrapper, Title: truncate(title, maxTitleLen)}
	if isAbsent(data) {
		return root, nil
	}
	v, err := decodeOrdered(data)
	if err != nil {
		return Node{}, fmt.Errorf("widget: default template: data is not valid JSON: %w", err)
	}
	if v.kind != kindObject {
		return Node{}, fmt.Errorf("widget: default template: data must be a JSON object")
	}
	b := &builder{nodes: 1}
	root.Widgets = b.fields(v.members, 2)
	return root, nil
}

// builder builds a default tree within the node budget.
type builder struct {
	nodes int
}

// fields builds the nodes for the members of an object, each at depth.
func (b *builder) fields(members []member, depth int) []Node {
	var out []Node
	for _, m := range members {
		if b.nodes >= MaxNodes {
			break
		}
		if pathProblem(m.key) != "" || strings.Contains(m.key, ".") {
			continue
		}
		if n, ok := b.field(m.key, m.value, depth); ok {
			out = append(out, n)
		}
	}
	return out
}

// field builds the node for one key, or reports false when the value gives
// nothing to show within the limits.
func (b *builder) field(key string, v ordered, depth int) (Node, bool) {
	switch v.kind {
	case kindObject:
		return b.card(key, v, depth)
	case kindArray:
		if first, ok := firstItem(v); ok && first.kind == kindObject {
			return b.list(key, first, depth)
		}
		return b.leaf(key, TypeArray), true
	}
	return b.leaf(key, guessType(key, v.scalar)), true
}

// leaf builds a field for key. An object or array too deep for cards and
// lists becomes a text field, which shows it as JSON rather than not at all.
func (b *builder) leaf(key, typ string) Node {
	b.nodes++
	return Node{Type: typ, Title: humanize(key), Path: key}
}

// card builds the card of a nested object, titled from its key.
func (b *builder) card(key string, v ordered, depth int) (Node, bool) {
	if depth+1 > MaxDepth {
		return b.leaf(key, TypeText), true
	}
	b.nodes++ // the card itself, counted before its fields take the budget
	n := Node{Type: TypeCard, Title: literal(humanize(key)), Path: key, Widgets: b.fields(v.members, depth+1)}
	if len(n.Widgets) == 0 {
		b.nodes--
		return Node{}, false
	}
	return n, true
}

// list builds the list of an array of objects, with a card templated from
// the first item. It shows DefaultLimit items in the API's order.
func (b *builder) list(key string, first ordered, depth int) (Node, bool) {
	if depth+2 > MaxDepth {
		return b.leaf(key, TypeText), true
	}
	b.nodes += 2 // the list and its item card
	item := Node{Type: TypeCard, Title: itemTitle(key, first), Widgets: b.fields(first.members, depth+2)}
	if len(item.Widgets) == 0 {
		b.nodes -= 2
		return Node{}, false
	}
	return Node{
		Type: TypeList, Title: humanize(key), Path: key,
		Meta: Meta{Limit: DefaultLimit}, Widgets: []Node{item},
	}, true
}

// firstItem is the first item of an array that is not null, which tells
// what the array holds.
func firstItem(v ordered) (ordered, bool) {
	for _, it := range v.items {
		if it.kind != kindScalar || it.scalar != nil {
			return it, true
		}
	}
	return ordered{}, false
}

// itemTitle is the title template of a default list's cards: the item's
// name, title or id when it has one, else the list's key.
func itemTitle(key string, first ordered) string {
	for _, k := range itemTitleKeys {
		if v, ok := first.field(k); ok && v.kind == kindScalar && v.scalar != nil {
			return "{{" + k + "}}"
		}
	}
	return literal(humanize(key))
}

// guessType guesses a leaf's type from its key and value (DESIGN.md): a
// birth date shows an age, true/false a boolean, and a string an email, a
// URL or a date when it is one; anything else is text.
func guessType(key string, v any) string {
	birth := strings.Contains(strings.ToLower(key), "birth")
	switch x := v.(type) {
	case nil:
		if birth {
			return TypeAge
		}
	case bool:
		return TypeBoolean
	case string:
		return guessStringType(x, birth)
	}
	return TypeText
}

// guessStringType guesses the type of a string value.
func guessStringType(s string, birth bool) string {
	_, isDate := parseDate(s)
	switch {
	case birth && isDate:
		return TypeAge
	case isEmail(s):
		return TypeEmail
	case isHTTPURL(s):
		return TypeURL
	case isDate:
		return TypeDate
	}
	return TypeText
}

// literal makes text safe to use as a card title, which is a template: the
// braces that could open a template tag become parentheses, so a strange key
// can never give a default template that fails to parse.
func literal(s string) string {
	return strings.NewReplacer("{", "(", "}", ")").Replace(s)
}

// truncate cuts s to at most n characters.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
