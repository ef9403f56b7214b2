package widget

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/macro"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// Actions runs the buttons of widget cards. A button goes out through the
// machinery of macros' HTTP hooks (macro.Service.RunHook), so it shares
// their guarded client, template limits, timeout, redaction and hooks log.
type Actions struct {
	widgets  *Service
	helpdesk *helpdesk.Service
	macros   *macro.Service
}

// NewActions returns the card actions service, which loads widgets (their
// secrets in clear) through widgets.
func NewActions(widgets *Service, hd *helpdesk.Service, macros *macro.Service) *Actions {
	return &Actions{widgets: widgets, helpdesk: hd, macros: macros}
}

// RunInput is a click on a card's button.
type RunInput struct {
	WidgetID int64 `json:"widget_id"`
	// Path is the card's address (Card.Address): the dotted path of its
	// data, list items by index ("orders.0").
	Path string `json:"path"`
	// Button is the button's index on the card or its label.
	Button json.RawMessage `json:"button"`
	// Values are the agent's values of the button's editable params (URL
	// query parameters), Headers those of its editable headers and Form
	// those of its editable form fields, by key.
	Values  map[string]string `json:"values"`
	Headers map[string]string `json:"headers"`
	Form    map[string]string `json:"form"`
}

// RunResult is what running a button produced, as the sidebar shows it.
// Status is the hooks log's outcome: success, failed, blocked or
// build-failed.
type RunResult struct {
	Status     string          `json:"status"`
	Error      string          `json:"error"`
	DurationMS int64           `json:"duration_ms"`
	Response   json.RawMessage `json:"response"`
	HookID     int64           `json:"hook_id"`
}

// Run runs a card's button on ticket ticketID as user: the card's data comes
// from what the widget's integration last fetched for the ticket's customer.
func (a *Actions) Run(ctx context.Context, user auth.User, ticketID int64, in RunInput) (RunResult, error) {
	t, err := a.helpdesk.GetTicket(ctx, ticketID)
	if err != nil {
		return RunResult{}, err
	}
	w, err := a.widget(ctx, in.WidgetID)
	if err != nil {
		return RunResult{}, err
	}
	c, err := locate(w, t.Customer, in.Path)
	if err != nil {
		return RunResult{}, err
	}
	i, b, err := pickButton(c.node.Meta.Custom, in.Button)
	if err != nil {
		return RunResult{}, err
	}
	for _, c := range []struct {
		field  string
		params []Param
		values map[string]string
		header bool
	}{{"values", b.Action.Params, in.Values, false}, {"headers", b.Action.Headers, in.Headers, true}, {"form", b.Action.Body.Form, in.Form, false}} {
		if err := checkValues(c.field, c.params, c.values, c.header); err != nil {
			return RunResult{}, err
		}
	}
	vars, err := buttonVars(c, t.Customer, w.IntegrationID)
	if err != nil {
		return RunResult{}, err
	}
	call, err := a.macros.RunHook(ctx, user, t, hookOf(i, b, in, vars))
	if err != nil {
		return RunResult{}, err
	}
	return RunResult{Status: call.Status, Error: call.Error, DurationMS: call.DurationMS, Response: call.Response, HookID: call.ID}, nil
}

// widget loads the widget a run names.
func (a *Actions) widget(ctx context.Context, id int64) (Widget, error) {
	if id < 1 {
		return Widget{}, validate.Errorf("widget_id", "is required: the id of the widget whose card holds the button")
	}
	w, err := a.widgets.get(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return Widget{}, validate.Errorf("widget_id", "no widget %d exists", id)
	}
	return w, err
}

// located is a card found at an address, with its data.
type located struct {
	node Node
	data any
	at   dataAt
}

// locate finds the card of w at path in the customer's data.
func locate(w Widget, c event.Customer, path string) (located, error) {
	doc, err := decodeData(c.Integrations[strconv.FormatInt(w.IntegrationID, 10)])
	if err != nil {
		return located{}, err
	}
	base, _ := lookup(doc, w.Template.Path)
	var found []located
	findCards(w.Template.Widgets, base, dataAt{}, strings.TrimSpace(path), &found)
	for _, l := range found {
		if l.node.Meta.Custom != nil && len(l.node.Meta.Custom.Buttons) > 0 {
			return l, nil
		}
	}
	if doc == nil {
		return located{}, validate.Errorf("path", "the customer has no data from this widget's integration yet, so no card is at %q", path)
	}
	return located{}, validate.Errorf("path", "no card with buttons of widget %d is at %q for this customer; a card's path is its data's, list items by index, such as orders.0", w.ID, path)
}

// findCards collects the cards whose address is target, walking only the
// list items on the way to it.
func findCards(nodes []Node, parent any, at dataAt, target string, out *[]located) {
	for _, n := range nodes {
		v, _ := lookup(parent, n.Path)
		here := at.child(n.Path)
		switch n.Type {
		case TypeCard:
			if here.addr == target {
				*out = append(*out, located{node: n, data: v, at: here})
			}
			if within(target, here.addr) {
				findCards(n.Widgets, v, here, target, out)
			}
		case TypeList:
			items, _ := v.([]any)
			for i, it := range items {
				item := dataAt{addr: joinPath(here.addr, strconv.Itoa(i)), listIndex: i}
				if item.addr == target || within(target, item.addr) {
					findCards(n.Widgets, it, item, target, out)
				}
			}
		}
	}
}

// within reports whether target may lie below addr.
func within(target, addr string) bool {
	return addr == "" || strings.HasPrefix(target, addr+".") || target == addr
}

// pickButton finds the button a run names by index or label.
func pickButton(c *Custom, raw json.RawMessage) (int, Button, error) {
	var idx int
	if json.Unmarshal(raw, &idx) == nil {
		if idx < 0 || idx >= len(c.Buttons) {
			return 0, Button{}, validate.Errorf("button", "this card has no button %d; its buttons are 0 to %d", idx, len(c.Buttons)-1)
		}
		return idx, c.Buttons[idx], nil
	}
	var label string
	if err := json.Unmarshal(raw, &label); err != nil {
		return 0, Button{}, validate.Errorf("button", "is required: the button's index on the card (0 for the first) or its label")
	}
	labels := make([]string, len(c.Buttons))
	for i, b := range c.Buttons {
		if strings.EqualFold(strings.TrimSpace(b.Label), strings.TrimSpace(label)) {
			return i, b, nil
		}
		labels[i] = strconv.Quote(b.Label)
	}
	return 0, Button{}, validate.Errorf("button", "this card has no button %q; its buttons are %s", label, strings.Join(labels, ", "))
}

// checkValues requires the mandatory params of one list and a dropdown's
// options; field names the list's values in errors ("values", "headers",
// "form"). That each value is of an editable param is checked by RunHook.
func checkValues(list string, params []Param, values map[string]string, header bool) error {
	for _, p := range params {
		if !p.Editable {
			continue
		}
		v, given := valueOf(values, p.Key, header)
		field := list + "." + p.Key
		if p.Mandatory && strings.TrimSpace(v) == "" && (given || strings.TrimSpace(p.Value) == "") {
			return validate.Errorf(field, "is required: %s must be filled in to run this button", cmpLabel(p))
		}
		if given && v != "" && p.Type == ParamDropdown && !slices.ContainsFunc(p.Options, func(o Option) bool { return o.Value == v }) {
			return validate.Errorf(field, "must be one of the options of %s, not %q", cmpLabel(p), v)
		}
	}
	return nil
}

// valueOf is the agent's value for key; header names are case-insensitive.
func valueOf(values map[string]string, key string, header bool) (string, bool) {
	if v, ok := values[key]; ok || !header {
		return v, ok
	}
	for k, v := range values {
		if http.CanonicalHeaderKey(k) == http.CanonicalHeaderKey(key) {
			return v, true
		}
	}
	return "", false
}

// cmpLabel names a param as the agent sees it.
func cmpLabel(p Param) string {
	if p.Label != "" {
		return strconv.Quote(p.Label)
	}
	return strconv.Quote(p.Key)
}

// buttonVars are the variables a button adds to the back-office ones: the
// card's data (its fields by name, as in its title), customer, $listIndex
// (the card's item in its list, 0 outside one) and $integrationId.
func buttonVars(c located, cust event.Customer, integrationID int64) (map[string]any, error) {
	vars := map[string]any{}
	for k, v := range templateContext(c.data) {
		vars[k] = v
	}
	raw, err := json.Marshal(cust)
	if err != nil {
		return nil, fmt.Errorf("widget: encode customer %d: %w", cust.ID, err)
	}
	var customer map[string]any
	if err := json.Unmarshal(raw, &customer); err != nil {
		return nil, fmt.Errorf("widget: decode customer %d: %w", cust.ID, err)
	}
	vars["customer"] = customer
	vars["$listIndex"] = c.at.listIndex
	vars["$integrationId"] = integrationID
	return vars, nil
}

// hookOf turns a button into the hook RunHook fires.
func hookOf(i int, b Button, in RunInput, vars map[string]any) macro.Hook {
	a := b.Action
	h := a.request(nil)
	m := macro.Action{Title: b.Label, URL: a.URL, Method: a.Method, Params: fields(a.Params, false), Headers: fields(a.Headers, true)}
	hook := macro.Hook{Title: b.Label, Index: i, Values: in.Values, Headers: in.Headers, Form: in.Form, Vars: vars}
	if h.RequestContentType == integration.ContentForm {
		m.RequestContentType, m.Form = integration.ContentForm, fields(a.Body.Form, false)
	} else if h.Body != "" {
		hook.JSONBody = a.Body.JSON
		if hook.JSONBody == nil {
			hook.JSONBody = map[string]any{}
		}
	}
	hook.Action = m
	return hook
}

// fields turns params into a macro hook's fields. Every header of a button
// is a secret (secrets.go), so it is redacted in the hooks log, and so are
// the params and form fields marked secret.
func fields(ps []Param, headers bool) []macro.Field {
	out := make([]macro.Field, len(ps))
	for i, p := range ps {
		out[i] = macro.Field{Key: p.Key, Value: p.Value, Editable: p.Editable, Secret: p.Secret || headers}
	}
	return out
}
