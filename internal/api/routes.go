package api

import "net/http"

// routes lists every endpoint of the API in one place.
func (a *API) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/openapi.json", a.openAPI) // needs no token: see authenticate

	mux.HandleFunc("POST /api/customers", a.customerCreate)
	mux.HandleFunc("GET /api/customers", a.customerList)
	mux.HandleFunc("GET /api/customers/{id}", a.customerGet)
	mux.HandleFunc("PUT /api/customers/{id}", a.customerUpdate)

	mux.HandleFunc("POST /api/tickets", a.ticketCreate)
	mux.HandleFunc("GET /api/tickets", a.ticketList)
	mux.HandleFunc("GET /api/tickets/{id}", a.ticketGet)
	mux.HandleFunc("PUT /api/tickets/{id}", a.ticketUpdate)
	mux.HandleFunc("POST /api/tickets/{id}/messages", a.messageCreate)
	mux.HandleFunc("POST /api/tickets/{id}/refresh-integrations", a.ticketRefresh)
	mux.HandleFunc("PUT /api/tickets/{id}/messages/{message_id}", a.messageUpdate)

	mux.HandleFunc("GET /api/events", a.eventList)

	mux.HandleFunc("POST /api/users", a.admin(a.userCreate))
	mux.HandleFunc("GET /api/users", a.userList)
	mux.HandleFunc("GET /api/users/{id}", a.userGet)
	mux.HandleFunc("PUT /api/users/{id}", a.userUpdate)
	mux.HandleFunc("PUT /api/users/me/password", a.userPasswordChange)
	mux.HandleFunc("PUT /api/users/{id}/password", a.admin(a.userPasswordReset))

	mux.HandleFunc("POST /api/teams", a.admin(a.teamCreate))
	mux.HandleFunc("GET /api/teams", a.teamList)

	mux.HandleFunc("POST /api/integrations", a.admin(a.integrationCreate))
	mux.HandleFunc("GET /api/integrations", a.admin(a.integrationList))
	mux.HandleFunc("GET /api/integrations/{id}", a.admin(a.integrationGet))
	mux.HandleFunc("PUT /api/integrations/{id}", a.admin(a.integrationUpdate))
	mux.HandleFunc("DELETE /api/integrations/{id}", a.admin(a.integrationDelete))
	mux.HandleFunc("POST /api/integrations/{id}/enable", a.admin(a.integrationEnable))
	mux.HandleFunc("POST /api/integrations/{id}/disable", a.admin(a.integrationDisable))
	mux.HandleFunc("POST /api/integrations/{id}/preview", a.admin(a.integrationPreview))
	mux.HandleFunc("POST /api/integrations/{id}/test", a.admin(a.integrationTest))
	mux.HandleFunc("GET /api/integrations/{id}/events", a.admin(a.integrationEventList))
	mux.HandleFunc("GET /api/integrations/{id}/events/{event_id}", a.admin(a.integrationEventGet))
	mux.HandleFunc("POST /api/integrations/{id}/events/{event_id}/replay", a.admin(a.integrationEventReplay))

	mux.HandleFunc("GET /api/notifications", a.admin(a.notificationList))

	mux.HandleFunc("GET /api/widgets", a.widgetList)
	mux.HandleFunc("POST /api/widgets", a.admin(a.widgetCreate))
	mux.HandleFunc("POST /api/widgets/template", a.admin(a.widgetTemplate))
	mux.HandleFunc("POST /api/widgets/reorder", a.admin(a.widgetReorder))
	mux.HandleFunc("PUT /api/widgets/{id}", a.admin(a.widgetUpdate))
	mux.HandleFunc("DELETE /api/widgets/{id}", a.admin(a.widgetDelete))

	mux.HandleFunc("GET /api/macros", a.macroList)
	mux.HandleFunc("POST /api/macros", a.admin(a.macroCreate))
	mux.HandleFunc("GET /api/macros/{id}", a.macroGet)
	mux.HandleFunc("PUT /api/macros/{id}", a.admin(a.macroUpdate))
	mux.HandleFunc("DELETE /api/macros/{id}", a.admin(a.macroDelete))
	mux.HandleFunc("POST /api/macros/{id}/preview", a.macroPreview)
	mux.HandleFunc("POST /api/tickets/{id}/apply-macro", a.macroApply)
	mux.HandleFunc("POST /api/tickets/{id}/widget-actions", a.widgetActionRun)
	mux.HandleFunc("GET /api/tickets/{id}/messages/{message_id}/hooks", a.messageHookList)
	mux.HandleFunc("GET /api/hooks", a.admin(a.hookList))

	mux.HandleFunc("/api/", a.notFound)
}
