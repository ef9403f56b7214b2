package helpdesk

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// TicketPatch is a partial update of a ticket; absent fields are left alone.
type TicketPatch struct {
	Status         *string        `json:"status"`
	Subject        *string        `json:"subject"`
	AssigneeUserID Opt[int64]     `json:"assignee_user_id"`
	AssigneeTeamID Opt[int64]     `json:"assignee_team_id"`
	Tags           *[]string      `json:"tags"`
	SnoozeDatetime Opt[time.Time] `json:"snooze_datetime"`
	HostedPatch
}

// HostedPatch changes the fields of the hosted helpdesk's ticket: meta is
// replaced whole (null empties it); language and external_id take null.
type HostedPatch struct {
	Priority   *string         `json:"priority"`
	Meta       json.RawMessage `json:"meta"`
	Language   Opt[string]     `json:"language"`
	Spam       *bool           `json:"spam"`
	ExternalID Opt[string]     `json:"external_id"`
}

// apply checks p and copies it onto t.
func (p HostedPatch) apply(t *store.Ticket) error {
	if p.Priority != nil {
		if err := validate.OneOf("priority", *p.Priority, Priorities...); err != nil {
			return err
		}
		t.Priority = *p.Priority
	}
	if p.Meta != nil {
		meta, err := checkMeta("meta", p.Meta)
		if err != nil {
			return err
		}
		t.Meta = meta
	}
	var err error
	if t.Language, err = optLanguage("language", p.Language, t.Language); err != nil {
		return err
	}
	if t.ExternalID, err = optText("external_id", p.ExternalID, t.ExternalID, 255); err != nil {
		return err
	}
	if p.Spam != nil {
		t.Spam = *p.Spam
	}
	return nil
}

// UpdateTicket applies a patch and raises the events of DESIGN.md: one
// ticket-updated when any field changed, plus ticket-status-updated and
// ticket-assignment-updated when those changed. A patch that changes nothing
// raises nothing.
func (s *Service) UpdateTicket(ctx context.Context, actor Actor, id int64, p TicketPatch) (event.Ticket, error) {
	var snap event.Ticket
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		before, err := tx.GetTicketForUpdate(ctx, id)
		if err != nil {
			return err
		}
		after := before
		after.Tags = slices.Clone(before.Tags)
		if err := s.applyPatch(ctx, tx, &after, p); err != nil {
			return err
		}
		snap, err = s.commitChange(ctx, tx, actor, before, after, nil)
		return err
	})
	return snap, err
}

// applyPatch validates p and applies it to t.
func (s *Service) applyPatch(ctx context.Context, tx *store.Tx, t *store.Ticket, p TicketPatch) error {
	now := s.clock()
	if p.Subject != nil {
		v := strings.TrimSpace(*p.Subject)
		if err := validate.MaxLen("subject", v, 998); err != nil {
			return err
		}
		t.Subject = v
	}
	if p.Tags != nil {
		tags, err := cleanTags("tags", *p.Tags)
		if err != nil {
			return err
		}
		slices.Sort(tags)
		t.Tags = tags
	}
	if err := applyAssignees(ctx, tx, t, p); err != nil {
		return err
	}
	if err := p.HostedPatch.apply(t); err != nil {
		return err
	}
	if p.Status != nil {
		if err := validate.OneOf("status", *p.Status, "open", "closed"); err != nil {
			return err
		}
		if *p.Status == "open" && p.SnoozeDatetime.Value != nil {
			return validate.Errorf("status", `a snoozed ticket stays closed until its snooze time; do not send status "open" with a snooze_datetime`)
		}
		setStatus(t, *p.Status, now)
	}
	if p.SnoozeDatetime.Set {
		return applySnooze(t, p.SnoozeDatetime.Value, now)
	}
	return nil
}

func applyAssignees(ctx context.Context, tx *store.Tx, t *store.Ticket, p TicketPatch) error {
	var user, team *int64
	if p.AssigneeUserID.Set {
		user = p.AssigneeUserID.Value
	}
	if p.AssigneeTeamID.Set {
		team = p.AssigneeTeamID.Value
	}
	if err := checkAssignees(ctx, tx, user, team); err != nil {
		return err
	}
	if p.AssigneeUserID.Set {
		t.AssigneeUserID = user
	}
	if p.AssigneeTeamID.Set {
		t.AssigneeTeamID = team
	}
	return nil
}

// setStatus moves a ticket to status; reopening also ends a snooze, because
// an agent who reopens a snoozed ticket means "now".
func setStatus(t *store.Ticket, status string, now time.Time) {
	if t.Status == status {
		return
	}
	t.Status = status
	if status == "open" {
		t.OpenedAt, t.ClosedAt, t.SnoozeAt = &now, nil, nil
	} else {
		t.ClosedAt = &now
	}
}

// applySnooze snoozes a ticket until a future time (closing it until then, as
// the helpdesk we follow does) or, with nil, cancels the snooze.
func applySnooze(t *store.Ticket, until *time.Time, now time.Time) error {
	if until == nil {
		t.SnoozeAt = nil
		return nil
	}
	u := store.T(*until)
	if !u.After(now) {
		return validate.Errorf("snooze_datetime", "must be in the future (now is %s)", now.Format(time.RFC3339))
	}
	setStatus(t, "closed", now)
	t.SnoozeAt = &u
	return nil
}

// commitChange writes after if it differs from before (a new message's time
// included) and raises the events that the difference calls for, after those
// that extra builds from the new snapshot (such as ticket-message-created,
// which carries the message as the snapshot shows it).
func (s *Service) commitChange(ctx context.Context, tx *store.Tx, actor Actor, before, after store.Ticket, extra func(event.Ticket) []raised) (event.Ticket, error) {
	fields := changed(before, after)
	if fields || !eqTime(before.LastMessageAt, after.LastMessageAt) {
		after.UpdatedAt = s.clock()
		if err := tx.UpdateTicket(ctx, after); err != nil {
			return event.Ticket{}, err
		}
	}
	snap, err := snapshot(ctx, tx, after.ID)
	if err != nil {
		return event.Ticket{}, err
	}
	var list []raised
	if extra != nil {
		list = extra(snap)
	}
	if fields {
		list = append(list, raised{kind: event.TicketUpdated})
	}
	if before.Status != after.Status {
		list = append(list, raised{kind: event.TicketStatusUpdated, changes: map[string]event.Change{
			"status": {Previous: before.Status, Current: after.Status}}})
	}
	if ch, ok := assigneeChanges(ctx, tx, before, after); ok {
		list = append(list, raised{kind: event.TicketAssignmentUpdated, changes: ch})
	}
	_, err = s.raise(ctx, tx, actor, snap, list)
	return snap, err
}

// messageCreated is the extra event of a change that added message id.
func messageCreated(id int64, out **event.Message) func(event.Ticket) []raised {
	return func(snap event.Ticket) []raised {
		*out = messageOf(snap, id)
		return []raised{{kind: event.TicketMessageCreated, message: *out}}
	}
}

func changed(a, b store.Ticket) bool {
	return a.Subject != b.Subject || a.Status != b.Status || !eqID(a.AssigneeUserID, b.AssigneeUserID) ||
		!eqID(a.AssigneeTeamID, b.AssigneeTeamID) || !eqTime(a.SnoozeAt, b.SnoozeAt) || !slices.Equal(a.Tags, b.Tags) ||
		a.Priority != b.Priority || !bytes.Equal(a.Meta, b.Meta) || !eqText(a.Language, b.Language) ||
		a.Spam != b.Spam || !eqText(a.ExternalID, b.ExternalID)
}

func eqText(a, b *string) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func eqID(a, b *int64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func eqTime(a, b *time.Time) bool { return (a == nil) == (b == nil) && (a == nil || a.Equal(*b)) }

// assigneeChanges describes an assignment change as changes.assignee (the
// user, {id, email, name} or null) and changes.assignee_team.
func assigneeChanges(ctx context.Context, tx *store.Tx, before, after store.Ticket) (map[string]event.Change, bool) {
	userChanged := !eqID(before.AssigneeUserID, after.AssigneeUserID)
	teamChanged := !eqID(before.AssigneeTeamID, after.AssigneeTeamID)
	if !userChanged && !teamChanged {
		return nil, false
	}
	us := &users{q: tx.Q, seen: map[int64]*event.User{}}
	prevUser, _ := us.get(ctx, before.AssigneeUserID)
	curUser, _ := us.get(ctx, after.AssigneeUserID)
	out := map[string]event.Change{"assignee": {Previous: prevUser, Current: curUser}}
	out["assignee_team"] = event.Change{Previous: teamRef(ctx, tx, before.AssigneeTeamID), Current: teamRef(ctx, tx, after.AssigneeTeamID)}
	return out, true
}

func teamRef(ctx context.Context, tx *store.Tx, id *int64) *event.Team {
	if id == nil {
		return nil
	}
	t, err := tx.GetTeam(ctx, *id)
	if err != nil {
		return nil
	}
	return &event.Team{ID: t.ID, Name: t.Name}
}
