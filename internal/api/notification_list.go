package api

import (
	"net/http"
	"time"
)

// notificationJSON is a notification as the API shows it.
type notificationJSON struct {
	ID              int64     `json:"id"`
	Kind            string    `json:"kind"`
	IntegrationID   *int64    `json:"integration_id"`
	Message         string    `json:"message"`
	CreatedDatetime time.Time `json:"created_datetime"`
}

func (a *API) notificationList(w http.ResponseWriter, r *http.Request) {
	p, err := page(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	list, err := a.delivery.ListNotifications(r.Context(), p)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	out := make([]notificationJSON, 0, len(list))
	for _, n := range list {
		out = append(out, notificationJSON{ID: n.ID, Kind: n.Kind, IntegrationID: n.IntegrationID, Message: n.Message, CreatedDatetime: n.CreatedAt})
	}
	writeList(w, p, out, func(n notificationJSON) int64 { return n.ID })
}
