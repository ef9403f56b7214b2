package ui

import (
	"net/http"
	"strconv"

	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/query"
)

const integrationsPerPage = 50

// integrationItem is one row of the Manage list.
type integrationItem struct {
	integration.Integration
}

// TriggerLabels names the integration's triggers.
func (i integrationItem) TriggerLabels() []string {
	out := make([]string, len(i.HTTP.Triggers))
	for n, k := range i.HTTP.Triggers {
		out[n] = kindLabel(string(k))
	}
	return out
}

// integrationList is the Manage list of HTTP integrations.
func (u *UI) integrationList(w http.ResponseWriter, r *http.Request) {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	list, err := u.Integrations.List(r.Context(), query.Page{BeforeID: before, Limit: integrationsPerPage + 1})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	var next int64
	if len(list) > integrationsPerPage {
		list = list[:integrationsPerPage]
		next = list[len(list)-1].ID
	}
	items := make([]integrationItem, len(list))
	for i, it := range list {
		items[i] = integrationItem{it}
	}
	u.render(w, r, http.StatusOK, "integrations", "HTTP integrations", "integrations", map[string]any{
		"Integrations": items, "Next": next, "Paged": before > 0, "Deleted": r.URL.Query().Get("deleted") == "1"})
}
