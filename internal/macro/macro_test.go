package macro

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/secret"
	"github.com/ticketwire/ticketwire/internal/tmpl"
	"github.com/ticketwire/ticketwire/internal/validate"
)

func decodeInput(t *testing.T, src string) Input {
	t.Helper()
	var in Input
	dec := json.NewDecoder(strings.NewReader(src))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		t.Fatalf("decode %s: %v", src, err)
	}
	return in
}

func TestCheck(t *testing.T) {
	t.Parallel()
	hook := `{"type": "http_hook", "title": "Hook", "url": "https://shop.example.com/r"`
	for _, c := range []struct {
		name, actions, field, msg string
	}{
		{name: "every type", actions: `{"type": "set_status", "status": "open"}, {"type": "add_tags", "tags": ["a"]},
			{"type": "set_assignee", "assignee_user_id": null}, {"type": "reply", "body_text": "Hi {{ticket.customer.name}}"}, ` + hook + `}`},
		{name: "no actions", actions: ``, field: "actions", msg: "at least one"},
		{name: "no type", actions: `{"status": "open"}`, field: "actions[0].type"},
		{name: "status", actions: `{"type": "set_status", "status": "pending"}`, field: "actions[0].status", msg: "open, closed"},
		{name: "other type's field", actions: `{"type": "reply", "body_text": "x", "url": "https://x.io"}`, field: "actions[0].url", msg: "reply action"},
		{name: "empty tags", actions: `{"type": "add_tags", "tags": []}`, field: "actions[0].tags"},
		{name: "long tag", actions: `{"type": "add_tags", "tags": ["` + strings.Repeat("x", 101) + `"]}`, field: "actions[0].tags[0]"},
		{name: "empty reply", actions: `{"type": "reply", "body_text": " "}`, field: "actions[0].body_text"},
		{name: "reply syntax", actions: `{"type": "reply", "body_text": "{% if %}"}`, field: "actions[0].body_text", msg: "line 1"},
		{name: "second reply", actions: `{"type": "reply", "body_text": "a"}, {"type": "set_status", "status": "open"}, {"type": "reply", "body_text": "b"}`,
			field: "actions[2].type", msg: "one reply"},
		{name: "hook title", actions: `{"type": "http_hook", "url": "https://x.io"}`, field: "actions[0].title"},
		{name: "hook url", actions: `{"type": "set_status", "status": "open"}, {"type": "http_hook", "title": "t", "url": "x.io/a"}`, field: "actions[1].url"},
		{name: "hook content type", actions: hook + `, "method": "POST", "request_content_type": "text/plain"}`, field: "actions[0].request_content_type"},
		{name: "hook form on JSON", actions: hook + `, "method": "POST", "form": [{"key": "a", "value": "b"}]}`, field: "actions[0].form", msg: "actions[0].body"},
		{name: "hook header name", actions: hook + `, "headers": [{"key": "X Y", "value": "b"}]}`, field: "actions[0].headers[0].key"},
		{name: "hook param value", actions: hook + `, "params": [{"key": "q", "value": "{{ticket.id"}]}`, field: "actions[0].params[0].value"},
		{name: "editable header twice", actions: hook + `, "headers": [{"key": "X-A", "value": "1", "editable": true}, {"key": "x-a", "value": "2", "editable": true}]}`,
			field: "actions[0].headers[1].key"},
		{name: "same key, one editable", actions: hook + `, "params": [{"key": "q", "value": "1", "editable": true}, {"key": "q", "value": "2"}]}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			in := decodeInput(t, `{"name": "M", "actions": [`+c.actions+`]}`)
			err := check(&in)
			if c.field == "" {
				if err != nil {
					t.Fatalf("check: %v", err)
				}
				return
			}
			v, ok := validate.As(err)
			if !ok || v.Field != c.field || !strings.Contains(v.Message, c.msg) {
				t.Fatalf("check = %v, want field %s with %q", err, c.field, c.msg)
			}
		})
	}
}

func TestCheckNormalisesHooks(t *testing.T) {
	t.Parallel()
	in := decodeInput(t, `{"name": " Refund ", "actions": [{"type": "add_tags", "tags": [" a", "a", "b"]},
		{"type": "http_hook", "title": " Refund ", "method": "post", "url": "https://x.io",
		"headers": [{"key": " authorization ", "value": "Bearer k"}], "params": [{"key": " q ", "value": "1", "editable": true}]}]}`)
	if err := check(&in); err != nil {
		t.Fatal(err)
	}
	h := in.Actions[1]
	if in.Name != "Refund" || strings.Join(in.Actions[0].Tags, ",") != "a,b" || h.Title != "Refund" || h.Method != "POST" ||
		h.RequestContentType != "application/json" || h.Headers[0].Key != "authorization" || !h.Headers[0].Secret ||
		h.Params[0].Key != "q" || !h.Params[0].Editable {
		t.Fatalf("normalised = %+v", in)
	}
}

func TestActionJSONShowsTheFieldsOfItsType(t *testing.T) {
	t.Parallel()
	id := int64(3)
	for _, c := range []struct {
		a    Action
		want string
	}{
		{Action{Type: ActionSetStatus, Status: "closed", Title: "ignored"}, `{"type":"set_status","status":"closed"}`},
		{Action{Type: ActionAddTags, Tags: []string{"a"}}, `{"type":"add_tags","tags":["a"]}`},
		{Action{Type: ActionSetAssignee}, `{"type":"set_assignee","assignee_user_id":null}`},
		{Action{Type: ActionSetAssignee, AssigneeUserID: &id}, `{"type":"set_assignee","assignee_user_id":3}`},
		{Action{Type: ActionReply, BodyText: "a & b"}, `{"type":"reply","body_text":"a & b"}`},
		{Action{Type: ActionHTTPHook, Title: "T", Method: "GET", URL: "https://x.io?a=1&b=2"},
			`{"type":"http_hook","title":"T","method":"GET","url":"https://x.io?a=1&b=2","params":[],"headers":[],"request_content_type":"","body":"","form":[]}`},
	} {
		got, err := marshal(c.a) // as the API writes it: no HTML escaping
		if err != nil || string(got) != c.want {
			t.Errorf("json of %+v = %s, %v\nwant %s", c.a, got, err, c.want)
		}
	}
}

func hookAction() Action {
	return Action{Type: ActionHTTPHook, Title: "Refund", Method: "POST", URL: "https://shop.example.com/r",
		Params:  []Field{{Key: "reason", Value: "{{ticket.subject}}", Editable: true}, {Key: "key", Value: "p-secret", Secret: true}},
		Headers: []Field{{Key: "X-Sig", Value: "h-secret", Secret: true, Editable: true}, {Key: "X-Agent", Value: "{{current_user.email}}", Editable: true}},
		Form:    nil}
}

func TestSecretsMaskedSealedAndKept(t *testing.T) {
	t.Parallel()
	key := make([]byte, secret.KeySize)
	box, err := secret.NewBox(key)
	if err != nil {
		t.Fatal(err)
	}
	stored := []Action{{Type: ActionSetStatus, Status: "open"}, hookAction()}
	sealed, err := seal(box, stored)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(sealed)
	if strings.Contains(string(raw), "-secret") || stored[1].Headers[0].Value != "h-secret" {
		t.Fatalf("sealed = %s; the input must stay as it was", raw)
	}
	opened, err := open(box, sealed)
	if err != nil || opened[1].Params[1].Value != "p-secret" || opened[1].Headers[0].Value != "h-secret" {
		t.Fatalf("opened = %+v, %v", opened, err)
	}
	shown := masked(opened)
	if shown[1].Params[1].Value != secret.Mask || shown[1].Headers[0].Value != secret.Mask || shown[1].Params[0].Value != "{{ticket.subject}}" {
		t.Fatalf("masked = %+v", shown)
	}

	back := masked(opened)
	back[1].Headers[0].Key = "x-sig" // header names match in any case
	if err := keepSecrets(back, opened); err != nil {
		t.Fatal(err)
	}
	if back[1].Headers[0].Value != "h-secret" || back[1].Params[1].Value != "p-secret" {
		t.Fatalf("kept = %+v", back[1])
	}
	moved := masked(opened)
	moved[0], moved[1] = moved[1], moved[0] // a moved hook keeps its secrets (same title and URL)
	if err := keepSecrets(moved, opened); err != nil || moved[0].Headers[0].Value != "h-secret" {
		t.Fatalf("moved hook: %v, %+v", err, moved[0])
	}
	retargeted := masked(opened)
	retargeted[1].URL = "https://elsewhere.example.com/hook" // a secret never follows a new URL
	if v, ok := validate.As(keepSecrets(retargeted, opened)); !ok || !strings.HasPrefix(v.Field, "actions[1].") {
		t.Fatalf("mask after the URL changed: err = %v", v)
	}
}

func TestCheckEdits(t *testing.T) {
	t.Parallel()
	actions := []Action{{Type: ActionReply, BodyText: "Hi"}, hookAction()}
	for _, c := range []struct {
		name  string
		edits map[string]Edit
		field string
	}{
		{"editable param", map[string]Edit{"1": {Params: map[string]string{"reason": "late"}}}, ""},
		{"editable header in any case", map[string]Edit{"1": {Headers: map[string]string{"x-agent": "me"}}}, ""},
		{"not editable", map[string]Edit{"1": {Params: map[string]string{"key": "mine"}}}, "edits.1.params.key"},
		{"unknown key", map[string]Edit{"1": {Headers: map[string]string{"X-Other": "x"}}}, "edits.1.headers.X-Other"},
		{"form of a JSON hook", map[string]Edit{"1": {Form: map[string]string{"reason": "x"}}}, "edits.1.form.reason"},
		{"not a hook", map[string]Edit{"0": {}}, "edits.0"},
		{"no such action", map[string]Edit{"2": {}}, "edits.2"},
		{"not an index", map[string]Edit{"01": {}}, "edits.01"},
	} {
		_, err := checkEdits(actions, c.edits)
		v, _ := validate.As(err)
		if (c.field == "" && err != nil) || (c.field != "" && (v == nil || v.Field != c.field)) {
			t.Errorf("%s: checkEdits = %v, want field %q", c.name, err, c.field)
		}
	}
}

func TestEditsAreSentAsTextEscapedForTheirPlace(t *testing.T) {
	t.Parallel()
	vars := map[string]any{"ticket": map[string]any{"subject": "Late"}, "current_user": map[string]any{"email": "al@example.com"}}
	h, v := hookAction().hook(Edit{Params: map[string]string{"reason": "{{ticket.subject}} & more"},
		Headers: map[string]string{"x-agent": "me\r\nX-Evil: 1", "X-Sig": secret.Mask}}, vars)
	if h.Params[1].Value != "p-secret" || h.HTTP.Headers[0].Value != "h-secret" {
		t.Fatalf("unedited and masked fields changed: %+v", h)
	}
	render := func(src string, place tmpl.Place) string {
		tp, err := tmpl.Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		r, err := tp.Render(v, place)
		if err != nil {
			t.Fatal(err)
		}
		return r.Text
	}
	if got := render(h.Params[0].Value, tmpl.PlaceForm); got != "{{ticket.subject}} & more" {
		t.Fatalf("edited param renders %q; an agent's value is not a template", got)
	}
	if got := render(h.HTTP.Headers[1].Value, tmpl.PlaceHeader); strings.ContainsAny(got, "\r\n") {
		t.Fatalf("edited header renders %q", got)
	}
	if _, ok := vars[editsVar]; ok {
		t.Fatal("hook changed the caller's variables")
	}
}

func TestEditableShowsCurrentValues(t *testing.T) {
	t.Parallel()
	vars := map[string]any{"ticket": map[string]any{"subject": "Late"}, "current_user": map[string]any{"email": "al@example.com"}}
	e := hookAction().editable(vars)
	if e.Params["reason"] != "Late" || e.Headers["X-Sig"] != secret.Mask || e.Headers["X-Agent"] != "al@example.com" || len(e.Params) != 1 || e.Form == nil {
		t.Fatalf("editable = %+v", e)
	}
}

func TestVariables(t *testing.T) {
	t.Parallel()
	tk := event.Ticket{ID: 9, Subject: "Late", Customer: event.Customer{ID: 4, Email: "jo@example.com",
		Integrations: map[string]json.RawMessage{"12": json.RawMessage(`{"orders": [{"id": 7, "total": 30.0}]}`)}}}
	vars, err := variables(tk, auth.User{ID: 2, Email: "al@example.com", Name: "Al", Role: "agent"}, tmpl.Account(""))
	if err != nil {
		t.Fatal(err)
	}
	r, err := renderText("body_text", `{{ticket.customer_id}} {{ticket.customer.integrations[12].orders[0].total}} {{current_user.name}} {{current_user.role}} [{{ticket.customer.phone}}]`, vars, tmpl.PlaceText)
	if err != nil || r.Text != "4 30 Al agent []" || len(r.Empty) != 1 {
		t.Fatalf("rendered %q (empty %v), %v", r.Text, r.Empty, err)
	}
}

// TestVariablesOfTheHostedDocs renders every current-user and account
// variable the hosted helpdesk's macro docs list, written as they are there.
func TestVariablesOfTheHostedDocs(t *testing.T) {
	t.Parallel()
	tk := event.Ticket{ID: 9, Customer: event.Customer{ID: 4, Email: "jo@example.com"}}
	tests := []struct {
		name, user, src, want string
	}{
		{name: "names", user: "Ann Marie Agent", src: "{{current_user.firstname}}|{{current_user.lastname}}|{{current_user.name}}", want: "Ann|Marie Agent|Ann Marie Agent"},
		{name: "one name", user: "Al", src: "{{current_user.firstname}}|{{current_user.lastname|fallback(\"-\")}}", want: "Al|-"},
		{name: "id email bio", user: "Al", src: "{{current_user.id}} {{current_user.email}} [{{current_user.bio}}]", want: "2 al@example.com []"},
		{name: "signature", user: "Ann Agent", src: "Best,\n{{current_user.firstname}} from {{account.domain}}", want: "Best,\nAnn from support.example.com"},
		{name: "ticket url", user: "Al", src: "https://{{ticket.account.domain}}/app/ticket/{{ticket.id}}", want: "https://support.example.com/app/ticket/9"},
		{name: "survey link is empty", user: "Al", src: "[{{satisfaction_survey_url}}]", want: "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			vars, err := variables(tk, auth.User{ID: 2, Email: "al@example.com", Name: tt.user, Role: "agent"}, tmpl.Account("https://support.example.com"))
			if err != nil {
				t.Fatal(err)
			}
			r, err := renderText("body_text", tt.src, vars, tmpl.PlaceText)
			if err != nil || r.Text != tt.want {
				t.Fatalf("rendered %q, %v; want %q", r.Text, err, tt.want)
			}
		})
	}
}
