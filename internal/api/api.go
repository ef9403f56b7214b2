// Package api serves the REST JSON API under /api. Handlers are thin: parse,
// validate, call a domain package, answer with one response helper.
package api

import (
	"log/slog"
	"net/http"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/clientaddr"
	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/macro"
	"github.com/ticketwire/ticketwire/internal/metrics"
	"github.com/ticketwire/ticketwire/internal/widget"
)

// API holds what the handlers call.
type API struct {
	auth         *auth.Service
	helpdesk     *helpdesk.Service
	integrations *integration.Service
	delivery     *delivery.Engine
	widgets      *widget.Service
	macros       *macro.Service
	cardActions  *widget.Actions
	clientAddr   *clientaddr.Resolver
	log          *slog.Logger
}

// Deps are the domain services the API is built on.
type Deps struct {
	Auth         *auth.Service
	Helpdesk     *helpdesk.Service
	Integrations *integration.Service
	Delivery     *delivery.Engine
	Widgets      *widget.Service
	Macros       *macro.Service
	CardActions  *widget.Actions      // runs widget cards' buttons
	ClientAddr   *clientaddr.Resolver // who a request comes from, for sign-in throttling; nil trusts no proxy
	Log          *slog.Logger
}

// New returns the API's handler; mount it at "/api/".
func New(d Deps) *API {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.ClientAddr == nil {
		d.ClientAddr = clientaddr.New(nil)
	}
	return &API{clientAddr: d.ClientAddr, auth: d.Auth, helpdesk: d.Helpdesk, integrations: d.Integrations, delivery: d.Delivery, widgets: d.Widgets,
		macros: d.Macros, cardActions: d.CardActions, log: d.Log}
}

// Handler returns every route of the API behind authentication.
func (a *API) Handler() http.Handler {
	mux := http.NewServeMux()
	a.routes(mux)
	return a.recoverer(a.authenticate(a.checkQuery(metrics.NotePattern(mux))))
}
