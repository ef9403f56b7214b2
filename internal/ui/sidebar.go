package ui

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/widget"
)

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
	// Failures are the failed last fetches of integrations that have no
	// widget, so an admin still sees that they failed.
	Failures []failureView
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
	// Failure is set when the customer's last fetch from the widget's
	// integration failed.
	Failure *failureView
	Blocks  []widget.Block
	// JSON is the widget as the API shows it, which the editor changes and
	// saves (admins only).
	JSON string
}

// sidebarFor builds the sidebar of ticket t for user.
func (u *UI) sidebarFor(ctx context.Context, user auth.User, t event.Ticket) (*sidebarView, error) {
	v := &sidebarView{TicketID: t.ID, CustomerID: t.Customer.ID, Admin: user.Role == auth.RoleAdmin,
		Version: u.dataVersion(ctx, t.Customer.ID, fetchTimesOf(t.Customer))}
	var err error
	if v.Widgets, v.Failures, err = u.widgetViews(ctx, t.Customer, v.Admin); err != nil {
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
// "N more" can show them without another request. It also returns the
// failed last fetches of integrations that no widget shows, by id.
func (u *UI) widgetViews(ctx context.Context, c event.Customer, admin bool) ([]widgetView, []failureView, error) {
	widgets, err := u.Widgets.List(ctx, 0)
	if err != nil {
		return nil, nil, err
	}
	failures := u.fetchFailures(ctx, c.ID, admin)
	out := make([]widgetView, 0, len(widgets))
	for _, w := range widgets {
		if w.Context != widget.ContextTicket {
			continue
		}
		wv := renderWidget(w, c, admin)
		if f, ok := failures[w.IntegrationID]; ok {
			wv.Failure = &f
		}
		out = append(out, wv)
	}
	for _, wv := range out {
		delete(failures, wv.IntegrationID)
	}
	rest := make([]failureView, 0, len(failures))
	for _, f := range failures {
		rest = append(rest, f)
	}
	slices.SortFunc(rest, func(a, b failureView) int { return cmp.Compare(a.IntegrationID, b.IntegrationID) })
	return out, rest, nil
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
	view, err := widget.RenderSidebar(w.Template, c.Integrations[key], admin)
	if err != nil {
		wv.Error = err.Error()
		return wv
	}
	wv.Color, wv.NoData, wv.Blocks = view.Color, view.NoData, view.Blocks
	return wv
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
