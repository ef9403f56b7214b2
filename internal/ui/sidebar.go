package ui

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/widget"
)

// revealExtra is how many items past its limit a list renders, hidden until
// the agent clicks "N more" (any further ones are only counted). 20 covers
// the lists people read in a sidebar, while a list nested in the items of
// another cannot multiply into thousands of hidden elements.
const revealExtra = 20

// sidebarView is the data of the "widgets" template: the ticket customer's
// widgets and, for admins, what the widget editor needs.
type sidebarView struct {
	TicketID   int64
	CustomerID int64
	// Admin shows the gear, the editing tools and the manage panel.
	Admin   bool
	Widgets []widgetView
	// Sources are the integrations that have data for this customer, whose
	// default trees the manage panel offers to drag (admins only).
	Sources []widget.Source
	// Integrations are all integrations, for choosing where an imported
	// widget's data comes from (admins only).
	Integrations []widget.Source
	// LeafTypes are the types a field can have, for the editor's picker.
	LeafTypes []string
	// Version changes when the customer's fetched data does; the page polls
	// it to update the widgets by itself.
	Version string
}

// widgetView is one saved widget as the sidebar shows it.
type widgetView struct {
	ID            int64
	IntegrationID int64
	Title         string
	Color         string
	// ColorInput is Color as an <input type=color> takes it (#rrggbb).
	ColorInput string
	NoData     bool
	Error      string
	// Admin shows the editing controls and the details of an Error.
	Admin bool
	// Fetched is when the customer's data was fetched, if it was.
	Fetched *time.Time
	Blocks  []nodeView
	// JSON is the widget as the API shows it, which the editor changes and
	// saves (admins only).
	JSON string
}

// nodeView is one rendered block with the place of its node in the widget's
// tree ("2" is the wrapper's third child, "2.0" that node's first), which
// the editor needs to change the node. The items of a list all come from its
// one item template, so they share their Node.
type nodeView struct {
	Node string
	// Hidden marks a list item past the list's limit.
	Hidden bool
	// Tools shows the editor's pencil and trash (admins only).
	Tools bool
	Card  *cardView
	List  *listView
	Field *fieldView
}

// Label names the node for the editor's buttons ("Edit Status").
func (n nodeView) Label() string {
	var s string
	switch {
	case n.Field != nil:
		s = n.Field.Title
	case n.Card != nil:
		s = n.Card.Title
	case n.List != nil:
		s = n.List.Title
	}
	return cmp.Or(s, n.Kind())
}

// Kind is the node's kind as the editor's script names it.
func (n nodeView) Kind() string {
	switch {
	case n.Card != nil:
		return widget.TypeCard
	case n.List != nil:
		return widget.TypeList
	}
	return "field"
}

// cardView is a rendered card.
type cardView struct {
	Title   string
	Link    string
	Problem string
	Plain   bool
	Blocks  []nodeView
}

// listView is a rendered list: every rendered item, Hidden of them (those
// past the limit) hidden; More counts them with the ones not rendered at all
// (Beyond).
type listView struct {
	Title  string
	Items  []nodeView
	Hidden int
	Beyond int
	More   int
}

// fieldView is a rendered field with the text its copy button copies and
// its tooltip.
type fieldView struct {
	*widget.Field
	Copy string
	// Tip is the value as stored where the display differs from it, as the
	// full date behind "Mar 1, 2026"; a boolean's true behind Yes says
	// nothing more, so it has none.
	Tip string
}

// widgetSidebar is the Sidebar hook when widgets are available.
func (u *UI) widgetSidebar(r *http.Request, t event.Ticket) (any, error) {
	return u.sidebarFor(r.Context(), current(r).User, t)
}

// sidebarFor builds the sidebar of ticket t for user.
func (u *UI) sidebarFor(ctx context.Context, user auth.User, t event.Ticket) (*sidebarView, error) {
	v := &sidebarView{TicketID: t.ID, CustomerID: t.Customer.ID, Admin: user.Role == auth.RoleAdmin,
		Version: dataVersion(t.Customer)}
	var err error
	if v.Widgets, err = u.widgetViews(ctx, t.Customer, v.Admin); err != nil {
		return nil, err
	}
	if !v.Admin {
		return v, nil
	}
	v.LeafTypes = widget.LeafTypes()
	if v.Integrations, v.Sources, err = u.Widgets.Sources(ctx, t.Customer); err != nil {
		return nil, err
	}
	return v, nil
}

// widgetViews renders every ticket widget, in sidebar order, with the
// customer's data; lists also render the items past their limit (hidden), so
// "N more" can show them without another request.
func (u *UI) widgetViews(ctx context.Context, c event.Customer, admin bool) ([]widgetView, error) {
	widgets, err := u.Widgets.List(ctx, 0)
	if err != nil {
		return nil, err
	}
	out := make([]widgetView, 0, len(widgets))
	for _, w := range widgets {
		if w.Context != widget.ContextTicket {
			continue
		}
		out = append(out, renderWidget(w, c, admin))
	}
	return out, nil
}

// renderWidget renders one widget with the customer's data. A widget that
// cannot be rendered shows its problem in place instead of failing the page.
func renderWidget(w widget.Widget, c event.Customer, admin bool) widgetView {
	key := strconv.FormatInt(w.IntegrationID, 10)
	wv := widgetView{ID: w.ID, IntegrationID: w.IntegrationID, Title: w.Title(), Admin: admin,
		ColorInput: colorInput(w.Template.Meta.Color)}
	if m, ok := c.IntegrationsMeta[key]; ok {
		wv.Fetched = &m.FetchedDatetime
	}
	if admin {
		b, _ := json.Marshal(w)
		wv.JSON = string(b)
	}
	view, err := widget.Render(expandLists(w.Template), c.Integrations[key])
	if err != nil {
		wv.Error = err.Error()
		return wv
	}
	wv.Color = view.Color
	wv.NoData = view.NoData
	wv.Blocks = annotate(w.Template.Widgets, view.Blocks, "", admin)
	return wv
}

// expandLists returns a copy of the tree whose lists render revealExtra
// items past their limit.
func expandLists(n widget.Node) widget.Node {
	if n.Type == widget.TypeList {
		n.Meta.Limit = min(listLimit(n)+revealExtra, widget.MaxLimit)
	}
	if len(n.Widgets) > 0 {
		kids := make([]widget.Node, len(n.Widgets))
		for i, c := range n.Widgets {
			kids[i] = expandLists(c)
		}
		n.Widgets = kids
	}
	return n
}

// listLimit is how many items a list shows before "N more".
func listLimit(n widget.Node) int {
	return cmp.Or(n.Meta.Limit, widget.DefaultLimit)
}

// annotate pairs rendered blocks with the nodes (as saved, not expanded)
// they were rendered from; prefix is the parent's path plus ".".
func annotate(nodes []widget.Node, blocks []widget.Block, prefix string, tools bool) []nodeView {
	out := make([]nodeView, 0, len(blocks))
	for i, b := range blocks {
		if i < len(nodes) {
			out = append(out, annotateBlock(nodes[i], b, prefix+strconv.Itoa(i), tools))
		}
	}
	return out
}

// annotateBlock annotates the block of node n found at path.
func annotateBlock(n widget.Node, b widget.Block, path string, tools bool) nodeView {
	v := nodeView{Node: path, Tools: tools}
	switch {
	case b.Card != nil:
		v.Card = &cardView{Title: b.Card.Title, Link: b.Card.Link, Problem: b.Card.Problem, Plain: b.Card.Plain, Blocks: annotate(n.Widgets, b.Card.Blocks, path+".", tools)}
	case b.List != nil && len(n.Widgets) == 1:
		limit := listLimit(n)
		l := &listView{Title: b.List.Title, Beyond: b.List.More}
		for i, it := range b.List.Items {
			iv := annotateBlock(n.Widgets[0], it, path+".0", tools)
			iv.Hidden = i >= limit
			l.Items = append(l.Items, iv)
		}
		l.Hidden = max(0, len(l.Items)-limit)
		l.More = l.Hidden + l.Beyond
		v.List = l
	case b.Field != nil:
		v.Field = &fieldView{Field: b.Field, Copy: copyText(b.Field)}
		if b.Field.Raw != b.Field.Display && b.Field.Type != widget.TypeBoolean {
			v.Field.Tip = b.Field.Raw
		}
	}
	return v
}

// copyText is what a field's copy button copies: the value as stored where
// that is what an agent pastes elsewhere (an id, an address, an ISO date),
// the shown text where the stored one is JSON or a bare number with a unit.
func copyText(f *widget.Field) string {
	switch f.Type {
	case widget.TypeArray, widget.TypeAge, widget.TypePercent, widget.TypeBoolean:
		return f.Display
	}
	return f.Raw
}

// colorInput writes a #rgb or #rrggbb colour as #rrggbb, the only form an
// <input type=color> takes; "" becomes the brand colour it starts from.
func colorInput(c string) string {
	switch len(c) {
	case 4:
		return strings.ToLower("#" + c[1:2] + c[1:2] + c[2:3] + c[2:3] + c[3:4] + c[3:4])
	case 7:
		return strings.ToLower(c)
	}
	return "#4f46e5"
}
