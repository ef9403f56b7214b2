package ui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ticketwire/ticketwire/internal/macro"
	"github.com/ticketwire/ticketwire/internal/query"
)

const macrosPerPage = 50

// macroItem is one row of the macros list.
type macroItem struct {
	macro.Macro
	Summary []string // each action in a few words
}

// macroList lists macros, newest first; ?q= keeps the names that contain it.
func (u *UI) macroList(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	list, err := u.Macros.List(r.Context(), query.MacroFilter{Name: q, Page: query.Page{BeforeID: before, Limit: macrosPerPage + 1}})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	var next int64
	if len(list) > macrosPerPage {
		list = list[:macrosPerPage]
		next = list[len(list)-1].ID
	}
	users, err := u.userNames(r)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	items := make([]macroItem, len(list))
	for i, m := range list {
		items[i] = macroItem{Macro: m}
		for _, a := range m.Actions {
			items[i].Summary = append(items[i].Summary, actionSummary(a, users))
		}
	}
	u.render(w, r, http.StatusOK, "macros", "Macros", "macros", map[string]any{
		"Macros": items, "Query": q, "Next": next, "Paged": before > 0, "Deleted": r.URL.Query().Get("deleted") == "1"})
}

// userNames names users by id, for "Assign to …".
func (u *UI) userNames(r *http.Request) (map[int64]string, error) {
	users, err := u.Auth.ListUsers(r.Context(), query.Page{Limit: 100})
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(users))
	for _, x := range users {
		out[x.ID] = x.Name
		if x.Name == "" {
			out[x.ID] = x.Email
		}
	}
	return out, nil
}

// actionSummary says what an action does in a few words.
func actionSummary(a macro.Action, users map[int64]string) string {
	switch a.Type {
	case macro.ActionSetStatus:
		return "Set status: " + a.Status
	case macro.ActionAddTags:
		return "Add tags: " + strings.Join(a.Tags, ", ")
	case macro.ActionSetAssignee:
		if a.AssigneeUserID == nil {
			return "Unassign"
		}
		if name, ok := users[*a.AssigneeUserID]; ok {
			return "Assign to " + name
		}
		return "Assign to user " + strconv.FormatInt(*a.AssigneeUserID, 10)
	case macro.ActionReply:
		return "Reply"
	case macro.ActionHTTPHook:
		return "HTTP hook: " + a.Title
	}
	return a.Type
}
