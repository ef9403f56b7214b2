package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ticketwire/ticketwire/internal/macro"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// hostedMacro is a macro as the hosted helpdesk's API returns it.
type hostedMacro struct {
	Name    string         `json:"name"`
	Actions []hostedAction `json:"actions"`
}

// hostedAction is one of its actions: a name such as setResponseText and
// the arguments of that name.
type hostedAction struct {
	Name      string          `json:"name"`
	Title     string          `json:"title"`
	Arguments json.RawMessage `json:"arguments"`
}

func (r *run) importMacro(ctx context.Context, it Item) error {
	label := "macro " + it.ID + quoted(it.Name)
	id, ok, err := r.existing(ctx, kindMacro, it.ID, func(id int64) error {
		_, err := r.store.GetMacro(ctx, id)
		return err
	})
	if err != nil || ok {
		if ok {
			r.sum.Macros.Existing++
			r.say("%s: already imported as macro %d", label, id)
		}
		return err
	}
	raw, changed, unknown := rewriteRefs(it.Raw, r.ids)
	r.warnUnknown(label, unknown)
	var hm hostedMacro
	if err := json.Unmarshal(raw, &hm); err != nil {
		return r.refuse(&r.sum.Macros, label, validate.Errorf("actions", "%v", err))
	}
	in := macro.Input{Name: hm.Name}
	var notes []string
	for i, a := range hm.Actions {
		act, note, err := r.action(ctx, a)
		if err != nil {
			return err
		}
		if note != "" {
			notes = append(notes, fmt.Sprintf("action %d (%s) left out: %s", i, a.Name, note))
			continue
		}
		in.Actions = append(in.Actions, act)
	}
	for _, n := range notes {
		r.say("%s: %s", label, n)
	}
	if len(in.Actions) == 0 {
		r.sum.Macros.Skipped++
		r.say("%s: skipped: none of its actions can be imported", label)
		return nil
	}
	return r.createMacro(ctx, it, label, in, changed)
}

func (r *run) createMacro(ctx context.Context, it Item, label string, in macro.Input, changed int) error {
	if r.dry {
		if err := macro.Validate(in); err != nil {
			return r.refuse(&r.sum.Macros, label, err)
		}
		r.sum.Macros.Created++
		r.sum.Rewritten += changed
		r.say("%s: would be created with %d actions", label, len(in.Actions))
		return nil
	}
	got, err := r.macros.CreateThen(ctx, in, record(ctx, kindMacro, it.ID))
	if err != nil {
		return r.refuse(&r.sum.Macros, label, err)
	}
	r.sum.Macros.Created++
	r.sum.Rewritten += changed
	r.say("%s: created as macro %d with %d actions", label, got.ID, len(in.Actions))
	return nil
}

// action maps one action. A note says why an action cannot be imported; an
// error is a failing database.
func (r *run) action(ctx context.Context, a hostedAction) (macro.Action, string, error) {
	switch a.Name {
	case "setResponseText":
		return replyAction(a.Arguments)
	case "addTags":
		return tagsAction(a.Arguments)
	case "setStatus":
		return statusAction(a.Arguments)
	case "setAssignee":
		return r.assigneeAction(ctx, a.Arguments)
	case "http":
		return hookAction(a)
	}
	return macro.Action{}, "ticketwire has no such action (it imports setResponseText, addTags, setStatus, setAssignee and http)", nil
}

func replyAction(args json.RawMessage) (macro.Action, string, error) {
	var a struct {
		BodyText string `json:"body_text"`
		BodyHTML string `json:"body_html"`
	}
	if err := json.Unmarshal(args, &a); err != nil {
		return macro.Action{}, "its arguments are not {body_text, body_html}", nil
	}
	text := a.BodyText
	if strings.TrimSpace(text) == "" {
		text = textOfHTML(a.BodyHTML)
	}
	if strings.TrimSpace(text) == "" {
		return macro.Action{}, "it has no body_text", nil
	}
	return macro.Action{Type: macro.ActionReply, BodyText: text}, "", nil
}

func tagsAction(args json.RawMessage) (macro.Action, string, error) {
	var a struct {
		Tags json.RawMessage `json:"tags"`
	}
	_ = json.Unmarshal(args, &a)
	var list []string
	var joined string
	switch {
	case json.Unmarshal(a.Tags, &joined) == nil:
		list = strings.Split(joined, ",")
	case json.Unmarshal(a.Tags, &list) == nil:
	default:
		return macro.Action{}, `its tags are neither "a, b" nor a list of names`, nil
	}
	var tags []string
	for _, t := range list {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	if len(tags) == 0 {
		return macro.Action{}, "it adds no tags", nil
	}
	return macro.Action{Type: macro.ActionAddTags, Tags: tags}, "", nil
}

func statusAction(args json.RawMessage) (macro.Action, string, error) {
	var a struct {
		Status string `json:"status"`
	}
	_ = json.Unmarshal(args, &a)
	if a.Status != "open" && a.Status != "closed" {
		return macro.Action{}, fmt.Sprintf("status %q; ticketwire sets open or closed", a.Status), nil
	}
	return macro.Action{Type: macro.ActionSetStatus, Status: a.Status}, "", nil
}

// assigneeAction maps the assignee to the ticketwire user with the same
// email; user ids of the two helpdesks have nothing in common.
func (r *run) assigneeAction(ctx context.Context, args json.RawMessage) (macro.Action, string, error) {
	var a struct {
		AssigneeUser *struct {
			Email string `json:"email"`
		} `json:"assignee_user"`
	}
	if err := json.Unmarshal(args, &a); err != nil {
		return macro.Action{}, "its arguments are not {assignee_user}", nil
	}
	if a.AssigneeUser == nil {
		return macro.Action{Type: macro.ActionSetAssignee}, "", nil // unassigns
	}
	email := strings.ToLower(strings.TrimSpace(a.AssigneeUser.Email))
	if email == "" {
		return macro.Action{}, "its assignee has no email to find the ticketwire user by", nil
	}
	u, err := r.store.GetUserByEmail(ctx, email)
	if isNotFound(err) {
		return macro.Action{}, fmt.Sprintf("no ticketwire user has the email %s; create the user and run the import again", email), nil
	}
	if err != nil {
		return macro.Action{}, "", err
	}
	return macro.Action{Type: macro.ActionSetAssignee, AssigneeUserID: &u.ID}, "", nil
}
