// Package ui serves ticketwire's web pages: server-rendered html/template
// pages embedded in the binary, plain CSS and a little vanilla JS. Pages
// call the same domain packages as the REST API, so a change made here raises
// the same events as one made through the API.
package ui

import (
	"embed"
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

//go:embed templates static
var assets embed.FS

// Deps are what the pages are built on.
type Deps struct {
	Auth         *auth.Service
	Helpdesk     *helpdesk.Service
	Integrations *integration.Service
	Delivery     *delivery.Engine
	Jobs         http.Handler // the River UI, mounted at /admin/jobs/ for admins
	Widgets      *widget.Service
	Macros       *macro.Service
	ClientAddr   *clientaddr.Resolver // who a request comes from, for sign-in throttling; nil trusts no proxy
	Log          *slog.Logger
}

// UI is the web interface.
type UI struct {
	Deps
	pages *pages
}

// New parses the templates once; a template error is a programming error.
func New(d Deps) *UI {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.ClientAddr == nil {
		d.ClientAddr = clientaddr.New(nil)
	}
	u := &UI{Deps: d, pages: mustParsePages()}
	return u
}

// Handler returns every page of the UI.
func (u *UI) Handler() http.Handler {
	mux := http.NewServeMux()
	u.routes(mux)
	return securityHeaders(u.checkFormText(metrics.NotePattern(mux)))
}
