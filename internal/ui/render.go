package ui

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/query"
)

// pages holds each page's template, parsed with the shared layout.
type pages struct {
	byName map[string]*template.Template
}

var funcs = template.FuncMap{
	"ago":      ago,
	"datetime": func(t time.Time) string { return t.UTC().Format("Jan 2, 2006 15:04 UTC") },
	"json": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	},
	"pretty":   prettyJSON,
	"initials": initials,
	"join":     strings.Join,
	// priorities are the choices of a ticket's priority, lowest first.
	"priorities": func() []string { return helpdesk.Priorities },
	"deref": func(p *int64) int64 {
		if p == nil {
			return 0
		}
		return *p
	},
}

func mustParsePages() *pages {
	p := &pages{byName: map[string]*template.Template{}}
	names, err := fs.Glob(assets, "templates/page_*.html")
	if err != nil || len(names) == 0 {
		panic(fmt.Sprintf("ui: no page templates: %v", err))
	}
	partials, _ := fs.Glob(assets, "templates/part_*.html")
	for _, n := range names {
		files := append([]string{"templates/layout.html", n}, partials...)
		t := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(assets, files...))
		p.byName[strings.TrimSuffix(strings.TrimPrefix(n, "templates/page_"), ".html")] = t
	}
	return p
}

// view is what every page gets: the signed-in user, the CSRF token, admin
// notifications for the banner, and the page's own data.
type view struct {
	Title         string
	Nav           string
	User          auth.User
	CSRF          string
	IsAdmin       bool
	Notifications []delivery.Notification
	AtRisk        []delivery.AtRisk // integrations failing more than half their requests
	Data          any
}

// render writes a page; the page is built in memory first, so a template
// error becomes a clean 500 rather than half a page.
func (u *UI) render(w http.ResponseWriter, r *http.Request, status int, page, title, nav string, data any) {
	sess := current(r)
	v := view{Title: title, Nav: nav, User: sess.User, CSRF: sess.CSRF, IsAdmin: sess.User.Role == auth.RoleAdmin, Data: data}
	if v.IsAdmin {
		v.Notifications = u.recentNotifications(r)
		v.AtRisk = u.atRisk(r)
	}
	t, ok := u.pages.byName[page]
	if !ok {
		u.fail(w, r, fmt.Errorf("ui: no page %q", page))
		return
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, v); err != nil {
		u.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// recentNotifications are the disabled integrations admins should hear about:
// those still disabled. The banner is a hint, so a failed read leaves it out
// rather than failing the page.
func (u *UI) recentNotifications(r *http.Request) []delivery.Notification {
	list, err := u.Delivery.StillDisabled(r.Context(), 5)
	if err != nil {
		return nil
	}
	return list
}

// atRisk are the integrations at risk of being disabled, for the banner;
// like the disabled ones, a failed read leaves them out.
func (u *UI) atRisk(r *http.Request) []delivery.AtRisk {
	list, err := u.Delivery.StillAtRisk(r.Context(), 5)
	if err != nil {
		return nil
	}
	return list
}

// errorPage shows a message with a status.
func (u *UI) errorPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	u.render(w, r, status, "error", http.StatusText(status), "", map[string]any{"Status": status, "Message": msg})
}

// fail logs an unexpected error and shows a 500 page without details, or
// the "try again" page when the database is unavailable.
func (u *UI) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, query.ErrUnavailable) {
		u.unavailable(w, r, err)
		return
	}
	u.Log.Error("ui: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write([]byte("Something went wrong; the server log has the details.\n"))
}

func ago(t time.Time) string {
	d := time.Since(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh ago", int(d.Hours()))
	case d < 30*24*time.Hour:
		return fmt.Sprintf("%dd ago", int(d.Hours()/24))
	}
	return t.UTC().Format("Jan 2, 2006")
}

// prettyJSON indents text that is JSON and leaves anything else as it is.
func prettyJSON(s any) string {
	var raw []byte
	switch v := s.(type) {
	case string:
		raw = []byte(v)
	case json.RawMessage:
		raw = v
	case []byte:
		raw = v
	default:
		b, _ := json.MarshalIndent(v, "", "  ")
		return string(b)
	}
	var out bytes.Buffer
	if json.Valid(raw) && json.Indent(&out, raw, "", "  ") == nil {
		return out.String()
	}
	return string(raw)
}

func initials(name string) string {
	var out []rune
	for _, f := range strings.Fields(name) {
		out = append(out, []rune(strings.ToUpper(f))[0])
		if len(out) == 2 {
			break
		}
	}
	if len(out) == 0 {
		return "?"
	}
	return string(out)
}
