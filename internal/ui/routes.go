package ui

import (
	"io/fs"
	"net/http"
)

// routes lists every page of the UI in one place.
func (u *UI) routes(mux *http.ServeMux) {
	static, _ := fs.Sub(assets, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))

	mux.HandleFunc("GET /favicon.ico", u.favicon)
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/tickets", http.StatusFound) })
	mux.HandleFunc("GET /login", u.loginForm)
	mux.HandleFunc("POST /login", u.login)
	mux.HandleFunc("POST /logout", u.session(u.logout))

	mux.HandleFunc("GET /account/password", u.session(u.accountPasswordForm))
	mux.HandleFunc("POST /account/password", u.session(u.accountPassword))

	mux.HandleFunc("GET /tickets", u.session(u.ticketList))
	mux.HandleFunc("GET /tickets/new", u.session(u.ticketNewForm))
	mux.HandleFunc("POST /tickets/new", u.session(u.ticketCreate))
	mux.HandleFunc("GET /tickets/{id}", u.session(u.ticketShow))
	mux.HandleFunc("POST /tickets/{id}/reply", u.session(u.ticketReply))
	mux.HandleFunc("POST /tickets/{id}/update", u.session(u.ticketUpdate))
	mux.HandleFunc("GET /tickets/{id}/sidebar", u.session(u.sidebarShow))
	mux.HandleFunc("GET /tickets/{id}/sidebar/version", u.session(u.sidebarVersion))

	mux.HandleFunc("GET /settings/integrations", u.session(u.admin(u.integrationList)))
	mux.HandleFunc("GET /settings/integrations/new", u.session(u.admin(u.integrationForm)))
	mux.HandleFunc("POST /settings/integrations/new", u.session(u.admin(u.integrationSave)))
	mux.HandleFunc("GET /settings/integrations/{id}/edit", u.session(u.admin(u.integrationForm)))
	mux.HandleFunc("POST /settings/integrations/{id}/edit", u.session(u.admin(u.integrationSave)))
	mux.HandleFunc("POST /settings/integrations/{id}/enable", u.session(u.admin(u.integrationToggle)))
	mux.HandleFunc("POST /settings/integrations/{id}/disable", u.session(u.admin(u.integrationToggle)))
	mux.HandleFunc("GET /settings/integrations/{id}/delete", u.session(u.admin(u.integrationDeleteConfirm)))
	mux.HandleFunc("POST /settings/integrations/{id}/delete", u.session(u.admin(u.integrationDelete)))
	mux.HandleFunc("GET /settings/integrations/{id}/events", u.session(u.admin(u.integrationEvents)))
	mux.HandleFunc("GET /settings/integrations/{id}/events/{event_id}", u.session(u.admin(u.integrationEventShow)))
	mux.HandleFunc("POST /settings/integrations/{id}/events/{event_id}/replay", u.session(u.admin(u.integrationEventReplay)))

	mux.HandleFunc("GET /settings/users", u.session(u.admin(u.userList)))
	mux.HandleFunc("GET /settings/users/{id}/password", u.session(u.admin(u.userPasswordResetForm)))
	mux.HandleFunc("POST /settings/users/{id}/password", u.session(u.admin(u.userPasswordReset)))
	mux.HandleFunc("POST /settings/users/{id}", u.session(u.admin(u.userSave)))

	mux.HandleFunc("GET /settings/macros", u.session(u.admin(u.macroList)))
	mux.HandleFunc("GET /settings/macros/new", u.session(u.admin(u.macroForm)))
	mux.HandleFunc("POST /settings/macros/new", u.session(u.admin(u.macroSave)))
	mux.HandleFunc("GET /settings/macros/{id}/edit", u.session(u.admin(u.macroForm)))
	mux.HandleFunc("POST /settings/macros/{id}/edit", u.session(u.admin(u.macroSave)))
	mux.HandleFunc("GET /settings/macros/{id}/delete", u.session(u.admin(u.macroDeleteConfirm)))
	mux.HandleFunc("POST /settings/macros/{id}/delete", u.session(u.admin(u.macroDelete)))

	if u.Jobs != nil {
		mux.Handle("/admin/jobs/", u.sessionWith(u.admin(withWayBack("/admin/jobs", u.Jobs).ServeHTTP), false))
	}
}

// cacheStatic lets browsers keep the embedded assets for an hour.
func cacheStatic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		next.ServeHTTP(w, r)
	})
}
