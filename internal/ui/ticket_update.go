package ui

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// ticketUpdate applies one control of the ticket view (status, priority,
// assignee, team, tags or snooze) through helpdesk.UpdateTicket, so it raises the same
// events as the API.
func (u *UI) ticketUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.errorPage(w, r, http.StatusNotFound, "No such ticket.")
		return
	}
	p, err := patchFromForm(r)
	if err == nil {
		_, err = u.Helpdesk.UpdateTicket(r.Context(), helpdesk.Actor{UserID: current(r).User.ID}, id, p)
	}
	if v, ok := validate.As(err); ok {
		u.showTicket(w, r, http.StatusUnprocessableEntity, v.Error())
		return
	}
	if errors.Is(err, query.ErrNotFound) {
		u.errorPage(w, r, http.StatusNotFound, "No such ticket.")
		return
	}
	if err != nil {
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/tickets/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// patchFromForm reads the one field a control submits.
func patchFromForm(r *http.Request) (helpdesk.TicketPatch, error) {
	var p helpdesk.TicketPatch
	switch field := r.PostFormValue("field"); field {
	case "status":
		s := r.PostFormValue("status")
		p.Status = &s
	case "subject":
		s := r.PostFormValue("subject")
		p.Subject = &s
	case "priority":
		s := r.PostFormValue("priority")
		p.Priority = &s
	case "assignee_user_id", "assignee_team_id":
		opt, err := optionalID(field, r.PostFormValue(field))
		if err != nil {
			return p, err
		}
		if field == "assignee_user_id" {
			p.AssigneeUserID = opt
		} else {
			p.AssigneeTeamID = opt
		}
	case "tags":
		tags := []string{}
		for _, t := range strings.Split(r.PostFormValue("tags"), ",") {
			if t = strings.TrimSpace(t); t != "" {
				tags = append(tags, t)
			}
		}
		p.Tags = &tags
	case "snooze":
		v := r.PostFormValue("snooze_datetime")
		if v == "" {
			p.SnoozeDatetime = helpdesk.Null[time.Time]()
			break
		}
		t, err := time.Parse("2006-01-02T15:04", v)
		if err != nil {
			return p, validate.Errorf("snooze_datetime", "must be a date and time")
		}
		p.SnoozeDatetime = helpdesk.Some(t.UTC())
	default:
		return p, validate.Errorf("field", "unknown control %q", field)
	}
	return p, nil
}

func optionalID(field, v string) (helpdesk.Opt[int64], error) {
	if v == "" {
		return helpdesk.Null[int64](), nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return helpdesk.Opt[int64]{}, validate.Errorf(field, "must be an id")
	}
	return helpdesk.Some(n), nil
}
