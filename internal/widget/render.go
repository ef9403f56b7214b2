package widget

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/tmpl"
)

// View is one widget ready for the sidebar's html/template: plain fields, no
// methods to call.
type View struct {
	// Title is the wrapper's title.
	Title string
	// Color is the border colour (#rgb or #rrggbb), or "" for the default.
	Color string
	// NoData is true when the customer has no data from the integration
	// yet; Blocks is then empty and the sidebar says so.
	NoData bool
	// Blocks are the wrapper's children in order.
	Blocks []Block
}

// Block is one child of a wrapper or card, or one item of a list: exactly
// one of Card, List and Field is set, so a template can range over blocks
// with {{with .Card}}…{{end}}{{with .List}}…{{end}}{{with .Field}}…{{end}}.
type Block struct {
	// Node is the place of the block's node in the widget's tree ("2" is
	// the wrapper's third child, "2.0" that node's first), which the editor
	// needs to change the node; the items of a list all come from its one
	// item template, so they share it. Set by RenderSidebar.
	Node string
	// Hidden marks a list item past the list's limit, rendered so that
	// "N more" can show it without another request (RenderSidebar).
	Hidden bool
	// Tools shows the editor's pencil and trash (RenderSidebar, admins).
	Tools bool
	Card  *Card
	List  *List
	Field *Field
}

// Label names the block's node for the editor's buttons ("Edit Status").
func (b Block) Label() string {
	var s string
	switch {
	case b.Field != nil:
		s = b.Field.Title
	case b.Card != nil:
		s = b.Card.Title
	case b.List != nil:
		s = b.List.Title
	}
	return cmp.Or(s, b.Kind())
}

// Kind is the block's kind as the editor's script names it.
func (b Block) Kind() string {
	switch {
	case b.Card != nil:
		return TypeCard
	case b.List != nil:
		return TypeList
	}
	return "field"
}

// Card is a rendered card.
type Card struct {
	// Title is the card's title template rendered with its object, or
	// TitleUnavailable when it could not be (Problem says why).
	Title string
	// Link is the rendered link, set only when it is an http or https URL.
	Link string
	// Problem says why the title or link could not be rendered ("the output
	// is larger than 8 KiB, the limit here"), "" when both were.
	Problem string
	// Plain is true when meta.displayCard is false: the card's fields are
	// shown without the card's frame, as the hosted helpdesk does.
	Plain bool
	// Address is where the card's data is, the path a button's run names
	// ("orders.0": the first item of the orders list as stored, whatever
	// the list's order).
	Address string
	// Links are the card's links whose URL rendered to http or https.
	Links []CardLink
	// Buttons are the card's buttons, in order.
	Buttons []CardButton
	// Blocks are the card's children in order.
	Blocks []Block
}

// List is a rendered list.
type List struct {
	// Title is the list's title, often empty.
	Title string
	// Items are the rendered items, sorted and cut to the list's limit
	// (plus, for RenderSidebar, the hidden ones past it), each rendered with
	// the list's item template.
	Items []Block
	// Hidden is how many of Items are past the limit (RenderSidebar).
	Hidden int
	// More is how many items were not rendered at all ("and 4 more").
	More int
}

// Unshown is how many items the limit keeps from view: the hidden ones and
// those not rendered ("6 more").
func (l *List) Unshown() int { return l.Hidden + l.More }

// Field is a rendered leaf: one value.
type Field struct {
	// Title is the leaf's title, or its key made readable when it has none.
	Title string
	// Type is the leaf's type, for the UI to style it (a rating as stars).
	Type string
	// Value is the value as stored, whole numbers as int64; nil when missing.
	Value any
	// Raw is Value as text (JSON for objects and arrays), for a tooltip
	// such as the full date behind "Mar 1, 2026".
	Raw string
	// Display is the value formatted for its type, "-" when it is missing
	// or empty.
	Display string
	// Link is where the value links to: an http or https URL for a url
	// field, mailto: for an email field; "" when it is not one.
	Link string
	// Empty is true when the value is missing or empty.
	Empty bool
}

// Render turns a widget and one customer's stored data from its integration
// into the view the sidebar shows, with ages counted on today's date. See
// RenderAt.
func Render(root Node, data json.RawMessage) (View, error) {
	return RenderAt(root, data, time.Now())
}

// RenderAt is Render with the current time given, which ages depend on. It
// validates the tree first (stored widgets were validated when saved, but
// the check costs little next to parsing the card templates, which it does
// anyway) and fails on data that is not a JSON object. A missing value is
// never an error: it shows as "-".
func RenderAt(root Node, data json.RawMessage, now time.Time) (View, error) {
	return renderer{now: now}.view(root, data)
}

// RevealExtra is how many items past its limit a list renders for the
// sidebar, hidden until the agent clicks "N more" (any further ones are only
// counted). 20 covers the lists people read in a sidebar, while a list
// nested in the items of another cannot multiply into thousands of hidden
// elements.
const RevealExtra = 20

// RenderSidebar is Render as the ticket sidebar shows a widget, in the same
// one walk of the tree: every block carries its node's place, lists also
// render RevealExtra hidden items past their limit, and tools says whether
// blocks show the editor's tools (admins).
func RenderSidebar(root Node, data json.RawMessage, tools bool) (View, error) {
	return renderer{now: time.Now(), sidebar: true, tools: tools}.view(root, data)
}

// view renders root with data.
func (r renderer) view(root Node, data json.RawMessage) (View, error) {
	tpls, err := compile(root)
	if err != nil {
		return View{}, err
	}
	view := View{Title: root.Title, Color: root.Meta.Color}
	doc, err := decodeData(data)
	if err != nil {
		return View{}, err
	}
	if doc == nil {
		view.NoData = true
		return view, nil
	}
	base, _ := lookup(doc, root.Path)
	r.tpls = tpls
	view.Blocks, err = r.blocks(root.Widgets, base, "", dataAt{})
	if err != nil {
		return View{}, err
	}
	return view, nil
}

// isAbsent reports stored data that holds nothing.
func isAbsent(data json.RawMessage) bool {
	d := bytes.TrimSpace(data)
	return len(d) == 0 || string(d) == "null"
}

// decodeData decodes the stored object; nil means there is nothing to show,
// which is also the case of an object holding only "_" keys such as
// "__integration_type__". Numbers stay json.Number so that large ids keep
// every digit.
func decodeData(data json.RawMessage) (map[string]any, error) {
	if isAbsent(data) {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("widget: data is not valid JSON: %w", err)
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("widget: data must be a JSON object")
	}
	for k := range obj {
		if !strings.HasPrefix(k, "_") {
			return obj, nil
		}
	}
	return nil, nil
}

// renderer renders the nodes of one widget.
type renderer struct {
	tpls    templates
	now     time.Time
	sidebar bool // places, tools and hidden items, for RenderSidebar
	tools   bool
}

// dataAt is where a node's parent data is: its address from the widget's
// data and the index of the list item it is in (0 outside any list).
type dataAt struct {
	addr      string
	listIndex int
}

// child is the place of the data at path below d.
func (d dataAt) child(path string) dataAt {
	d.addr = joinPath(d.addr, path)
	return d
}

// joinPath joins two dotted paths, either of which may be empty.
func joinPath(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "." + b
}

// blocks renders nodes, each reading its path from parent, whose data is
// at; prefix is the place of the parent's node plus ".", "" for the
// wrapper's.
func (r renderer) blocks(nodes []Node, parent any, prefix string, at dataAt) ([]Block, error) {
	out := make([]Block, 0, len(nodes))
	for i, n := range nodes {
		b, err := r.block(n, parent, prefix+strconv.Itoa(i), at)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// block renders one node, at place in the tree, with the data at its path.
func (r renderer) block(n Node, parent any, place string, at dataAt) (Block, error) {
	v, found := lookup(parent, n.Path)
	var b Block
	if r.sidebar {
		b.Node, b.Tools = place, r.tools
	}
	var err error
	switch n.Type {
	case TypeCard:
		b.Card, err = r.card(n, v, place, at.child(n.Path))
	case TypeList:
		b.List, err = r.list(n, v, place, at.child(n.Path))
	default:
		b.Field = field(n, v, found, r.now)
	}
	return b, err
}

// card renders a card: its title and link with its object as the template
// context, then its children.
func (r renderer) card(n Node, v any, place string, at dataAt) (*Card, error) {
	ctx := templateContext(v)
	c := &Card{Address: at.addr}
	// A title or link that cannot be rendered (past a template limit, a
	// filter given data it cannot take) stands in as a short placeholder:
	// the rest of the widget, and every other widget, still shows.
	title, err := r.text(n.Title, ctx, tmpl.PlaceText)
	if err != nil {
		title, c.Problem = TitleUnavailable, "title: "+err.Error()
	}
	link, err := r.text(n.Meta.Link, ctx, tmpl.PlaceURL)
	if err != nil && c.Problem == "" {
		c.Problem = "link: " + err.Error()
	}
	if link = strings.TrimSpace(link); !isHTTPURL(link) {
		link = ""
	}
	c.Plain = n.Meta.DisplayCard != nil && !*n.Meta.DisplayCard
	c.Links, c.Buttons = r.actions(n.Meta.Custom, ctx, at)
	blocks, err := r.blocks(n.Widgets, v, place+".", at)
	if err != nil {
		return nil, err
	}
	c.Title, c.Link, c.Blocks = strings.TrimSpace(title), link, blocks
	return c, nil
}

// TitleUnavailable is the title of a card whose title template could not
// be rendered for this data.
const TitleUnavailable = "(title unavailable)"

// textLimits bound a card's title and link: a line of the sidebar, never
// megabytes sent with every agent's page.
var textLimits = tmpl.Limits{Output: tmpl.MaxShort}

// list renders the shown items of a list with its item template, and for
// the sidebar the hidden ones past its limit.
func (r renderer) list(n Node, v any, place string, at dataAt) (*List, error) {
	items, _ := v.([]any)
	order := sortOrder(items, n.Meta.OrderBy)
	limit := n.Meta.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	rendered := limit
	if r.sidebar {
		rendered = max(limit, min(limit+RevealExtra, MaxLimit))
	}
	shown := order[:min(rendered, len(order))]
	l := &List{Title: n.Title, More: len(items) - len(shown), Hidden: max(0, len(shown)-limit)}
	for i, j := range shown {
		item := dataAt{addr: joinPath(at.addr, strconv.Itoa(j)), listIndex: j}
		b, err := r.block(n.Widgets[0], items[j], place+".0", item)
		if err != nil {
			return nil, err
		}
		b.Hidden = i >= limit
		l.Items = append(l.Items, b)
	}
	return l, nil
}

// text renders a card template parsed by compile; "" renders as "".
func (r renderer) text(src string, ctx map[string]any, place tmpl.Place) (string, error) {
	if src == "" {
		return "", nil
	}
	res, err := r.tpls[src].RenderWithin(ctx, place, textLimits)
	if err != nil {
		return "", err
	}
	return res.Text, nil
}

// templateContext is a card's object as its templates see it: without the
// "_" keys, which are never shown, and with whole numbers printing as 42.
// A card whose value is not an object gets an empty context.
func templateContext(v any) map[string]any {
	obj, ok := visible(v).(map[string]any)
	if !ok {
		return map[string]any{}
	}
	return obj
}

// visible copies a JSON value without the keys that start with "_", with
// numbers normalised by tmpl.Normalize.
func visible(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if !strings.HasPrefix(k, "_") {
				out[k] = visible(e)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = visible(e)
		}
		return out
	}
	return tmpl.Normalize(v)
}
