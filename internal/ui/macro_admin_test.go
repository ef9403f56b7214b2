package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/macro"
	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/store"
)

// mcReceiver is an HTTP hook's receiver that keeps what it got.
type mcReceiver struct {
	*httptest.Server
	mu   sync.Mutex
	got  []mcRequest
	code int
}

// mcRequest is one request a receiver got.
type mcRequest struct {
	Query  url.Values
	Header http.Header
	Body   string
}

func mcNewReceiver(t *testing.T, code int) *mcReceiver {
	t.Helper()
	rc := &mcReceiver{code: code}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.got = append(rc.got, mcRequest{Query: r.URL.Query(), Header: r.Header.Clone(), Body: string(body)})
		code := rc.code
		rc.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_, _ = io.WriteString(w, `{"refund_id": "rf_1"}`)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *mcReceiver) requests() []mcRequest {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]mcRequest(nil), rc.got...)
}

// mcHookMacro stores a macro that closes the ticket, replies from the data
// integration itID fetched and calls the receiver with a secret header and
// an editable parameter.
func (e *itEnv) mcHookMacro(name string, itID int64, receiver string) macro.Macro {
	e.t.Helper()
	path := fmt.Sprintf("ticket.customer.integrations[%d].orders[0]", itID)
	m, err := e.srv.Macros.Create(context.Background(), macro.Input{Name: name, Actions: []macro.Action{
		{Type: macro.ActionSetStatus, Status: "closed"},
		{Type: macro.ActionReply, BodyText: "Order {{" + path + ".id}} is {{" + path + ".status}}."},
		{Type: macro.ActionHTTPHook, Title: "Refund", Method: "POST", URL: receiver + "/refunds",
			Params:  []macro.Field{{Key: "reason", Value: "{{ticket.subject}}", Editable: true}},
			Headers: []macro.Field{{Key: "X-Api-Key", Value: "k3y-s3cret", Secret: true}},
			Body:    `{"order": {{` + path + `.id}}, "agent": "{{current_user.email}}"}`},
	}})
	if err != nil {
		e.t.Fatal(err)
	}
	return m
}

// mcShopData stores what an integration fetched for the ticket's customer.
func (e *itEnv) mcShopData(tk event.Ticket) integration.Integration {
	e.t.Helper()
	it := e.integration("Shop", func(h *integration.HTTP) { h.Triggers = integration.Triggers{event.TicketAssignmentUpdated} })
	err := e.srv.Store.PutCustomerIntegration(context.Background(), store.CustomerIntegration{CustomerID: tk.Customer.ID,
		IntegrationID: it.ID, FetchedAt: time.Now(),
		Data: json.RawMessage(`{"plan": "gold", "orders": [{"id": 1001, "status": "shipped"}], "order notes": "fragile", "_secret": "x"}`)})
	if err != nil {
		e.t.Fatal(err)
	}
	return it
}

// mcUser finds a user by email.
func (e *itEnv) mcUser(email string) auth.User {
	e.t.Helper()
	users, err := e.srv.Auth.ListUsers(context.Background(), storePage())
	if err != nil {
		e.t.Fatal(err)
	}
	for _, u := range users {
		if u.Email == email {
			return u
		}
	}
	e.t.Fatalf("no user %s", email)
	return auth.User{}
}

// mcForm is a valid posted macro form: a reply and an HTTP hook.
func mcForm(receiver string) url.Values {
	return url.Values{
		"name":                            {"Refund order"},
		"actions[0].type":                 {"reply"},
		"actions[0].origin":               {"-1"},
		"actions[0].body_text":            {"Hi {{ticket.customer.name}}, we refunded you."},
		"actions[1].type":                 {"http_hook"},
		"actions[1].origin":               {"-1"},
		"actions[1].title":                {"Refund"},
		"actions[1].method":               {"POST"},
		"actions[1].url":                  {receiver + "/refunds"},
		"actions[1].params[0].key":        {"reason"},
		"actions[1].params[0].value":      {"{{ticket.subject}}"},
		"actions[1].params[0].editable":   {"on"},
		"actions[1].params[1].key":        {""}, // the spare row, left blank
		"actions[1].params[1].value":      {""},
		"actions[1].headers[0].key":       {"X-Api-Key"},
		"actions[1].headers[0].value":     {"k3y-s3cret"},
		"actions[1].headers[0].secret":    {"on"},
		"actions[1].request_content_type": {"application/json"},
		"actions[1].body":                 {`{"ticket": {{ticket.id}}}`},
		"actions[2].type":                 {"add_tags"},
		"actions[2].origin":               {"-1"},
		"actions[2].tags":                 {"refund, vip"},
	}
}

func TestMacroSettingsAreForAdminsOnly(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		m := e.mcHookMacro("Refund", 1, "https://shop.example.com")
		base := fmt.Sprintf("/settings/macros/%d", m.ID)
		agent := e.signIn(itAgentEmail)
		for _, path := range []string{"/settings/macros", "/settings/macros?q=ref", "/settings/macros/new", base + "/edit", base + "/delete"} {
			itContains(t, agent.get(path, http.StatusForbidden), "Only admins can open this page.")
		}
		for _, path := range []string{"/settings/macros/new", base + "/edit", base + "/delete"} {
			agent.post(path, url.Values{"name": {"Hijacked"}, "actions[0].type": {"set_status"}, "actions[0].status": {"open"}}, http.StatusForbidden)
		}
		if got, err := e.srv.Macros.Get(context.Background(), m.ID); err != nil || got.Name != "Refund" || len(got.Actions) != 3 {
			t.Fatalf("an agent changed the macro: %+v, %v", got, err)
		}
		itLacks(t, agent.get("/tickets", http.StatusOK), `href="/settings/macros"`)
		itContains(t, e.signIn(itAdminEmail).get("/tickets", http.StatusOK), `href="/settings/macros"`)
	})
}

func TestMacroFormRefusesBadInputThenCreates(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		ctx := context.Background()
		admin := e.signIn(itAdminEmail)
		page := admin.get("/settings/macros/new", http.StatusOK)
		itContains(t, page, `id="macro-form"`, `name="actions[0].type" value="reply"`, `name="actions[0].body_text"`,
			`id="tpl-mc-action-http_hook"`, `name="actions[__a__].params[0].editable"`, `id="tpl-mc-row-headers"`,
			`<option value="set_assignee">Assign</option>`, `ticket.customer.email`, `current_user.email`, `id="mc-vars-data"`)

		// A refused save shows the error beside its field, with the input kept.
		form := mcForm("not a url")
		page, _ = admin.post("/settings/macros/new", form, http.StatusUnprocessableEntity)
		itContains(t, page, `data-error-for="actions[1].url"`, "must be an absolute http:// or https:// URL",
			`name="actions[1].url" value="not a url/refunds"`, `aria-invalid="true" aria-describedby="m-actions-1-url-error"`,
			`href="#m-actions-1-url"`, "Action 2 (HTTP hook) · URL", `value="Refund order"`,
			itEsc("Hi {{ticket.customer.name}}, we refunded you."), `value="k3y-s3cret"`, `value="refund, vip"`)
		if n := itCount(page, `class="field-error"`); n != 1 {
			t.Fatalf("%d field errors, want the one beside the URL", n)
		}
		form = mcForm(e.hook.URL)
		form.Set("actions[2].tags", " , ")
		page, _ = admin.post("/settings/macros/new", form, http.StatusUnprocessableEntity)
		itContains(t, page, `data-error-for="actions[2].tags"`, "needs at least one tag")
		form = mcForm(e.hook.URL)
		form.Set("actions[1].headers[0].key", "Bad Header")
		page, _ = admin.post("/settings/macros/new", form, http.StatusUnprocessableEntity)
		itContains(t, page, `data-error-for="actions[1].headers[0].key"`, `href="#m-actions-1-headers-0-key"`, "Header 1 name")
		if list, _ := e.srv.Macros.List(ctx, query.MacroFilter{}); len(list) != 0 {
			t.Fatalf("refused forms stored %d macros", len(list))
		}

		// The builder's buttons work without scripts: they change the form
		// and save nothing.
		form = mcForm(e.hook.URL)
		form.Set("op", "add")
		form.Set("add_type", "set_assignee")
		page, _ = admin.post("/settings/macros/new", form, http.StatusOK)
		itContains(t, page, `name="actions[3].type" value="set_assignee"`, `<option value="">Nobody (unassign)</option>`)
		form.Set("op", "up:2")
		page, _ = admin.post("/settings/macros/new", form, http.StatusOK)
		itContains(t, page, `name="actions[1].type" value="add_tags"`, `name="actions[2].type" value="http_hook"`)
		form.Set("op", "remove:0")
		page, _ = admin.post("/settings/macros/new", form, http.StatusOK)
		itContains(t, page, `name="actions[0].type" value="http_hook"`, `name="actions[1].type" value="add_tags"`)
		itLacks(t, page, `name="actions[2].type"`)

		_, loc := admin.post("/settings/macros/new", mcForm(e.hook.URL), http.StatusSeeOther)
		m := regexp.MustCompile(`^/settings/macros/(\d+)/edit\?saved=1$`).FindStringSubmatch(loc)
		if m == nil {
			t.Fatalf("create redirected to %q", loc)
		}
		var id int64
		fmt.Sscan(m[1], &id)
		got, err := e.srv.Macros.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(got.Actions)
		want := `[{"type":"reply","body_text":"Hi {{ticket.customer.name}}, we refunded you."},` +
			`{"type":"http_hook","title":"Refund","method":"POST","url":"` + e.hook.URL + `/refunds",` +
			`"params":[{"key":"reason","value":"{{ticket.subject}}","secret":false,"editable":true}],` +
			`"headers":[{"key":"X-Api-Key","value":"********","secret":true,"editable":false}],` +
			`"request_content_type":"application/json","body":"{\"ticket\": {{ticket.id}}}","form":[]},` +
			`{"type":"add_tags","tags":["refund","vip"]}]`
		if got.Name != "Refund order" || string(raw) != want {
			t.Fatalf("stored %s %s,\nwant %s", got.Name, raw, want)
		}
		page = admin.get(loc, http.StatusOK)
		itContains(t, page, "Macro saved.", `value="********"`, `type="password"`, `data-masked`)
		itLacks(t, page, "k3y-s3cret", `id="warning-summary"`)

		// A variable that exists nowhere saves, with a warning that links
		// to its field.
		form = mcForm(e.hook.URL)
		form.Set("actions[0].body_text", "Hi {{ticket.customer.nmae}}, {{current_user.name}} here.")
		_, loc = admin.post("/settings/macros/new", form, http.StatusSeeOther)
		page = admin.get(loc, http.StatusOK)
		itContains(t, page, "Macro saved.", `id="warning-summary"`, "Saved, but check this variable", `href="#m-actions-0-body_text"`,
			"Action 1 (Reply) · Reply text", itEsc("{{ticket.customer.nmae}}"), "did you mean name?")
	})
}

func TestMacroFormEditKeepsSecrets(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		ctx := context.Background()
		rc := mcNewReceiver(t, http.StatusOK)
		tk := e.ticket("Broken kettle")
		it := e.mcShopData(tk)
		m := e.mcHookMacro("Refund", it.ID, rc.URL)
		admin := e.signIn(itAdminEmail)
		path := fmt.Sprintf("/settings/macros/%d/edit", m.ID)
		page := admin.get(path, http.StatusOK)
		itContains(t, page, `name="actions[2].headers[0].value" value="********" type="password"`, `name="actions[2].origin" value="2"`,
			`name="actions[2].params[0].editable" value="on" checked`)
		itLacks(t, page, "k3y-s3cret")

		// Posting back what the page shows keeps the secret.
		form := mcFormOf(t, page)
		form.Set("name", "Refund the order")
		if _, loc := admin.post(path, form, http.StatusSeeOther); loc != path+"?saved=1" {
			t.Fatalf("save redirected to %q", loc)
		}
		if got, _ := e.srv.Macros.Get(ctx, m.ID); got.Name != "Refund the order" {
			t.Fatalf("name = %q", got.Name)
		}

		// A hook moved to another place keeps its secret: the macro service
		// finds the stored hook by its URL and title.
		moved := mcFormOf(t, page)
		moved.Set("op", "up:2")
		page, _ = admin.post(path, moved, http.StatusOK)
		itContains(t, page, `name="actions[1].type" value="http_hook"`, `name="actions[1].origin" value="2"`)
		moved = mcFormOf(t, page)
		if _, loc := admin.post(path, moved, http.StatusSeeOther); loc != path+"?saved=1" {
			t.Fatalf("saving the moved hook redirected to %q", loc)
		}

		// Sent to another URL, a masked secret stands for nothing: the
		// service refuses it, naming the input.
		page = admin.get(path, http.StatusOK)
		elsewhere := mcFormOf(t, page)
		elsewhere.Set("actions[1].url", "https://elsewhere.example.com/refund")
		page, _ = admin.post(path, elsewhere, http.StatusUnprocessableEntity)
		itContains(t, page, `data-error-for="actions[1].headers[0].value"`, "keeps a stored secret")

		if _, err := e.srv.Macros.Apply(ctx, e.mcUser(itAgentEmail), tk.ID, macro.ApplyInput{MacroID: m.ID}); err != nil {
			t.Fatal(err)
		}
		got := rc.requests()
		if len(got) != 1 || got[0].Header.Get("X-Api-Key") != "k3y-s3cret" || got[0].Query.Get("reason") != "Broken kettle" ||
			got[0].Body != `{"order": 1001, "agent": "agent@example.com"}` {
			t.Fatalf("receiver got %+v", got)
		}
	})
}

func TestMacroVariablePickerListsFetchedData(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		it := e.mcShopData(e.ticket("Where is my order?"))
		page := e.signIn(itAdminEmail).get("/settings/macros/new", http.StatusOK)
		p := fmt.Sprintf("ticket.customer.integrations[%d]", it.ID)
		itContains(t, page, "<summary>Shop</summary>", p+".orders[0].status", p+".orders[0].id", p+".plan",
			itEsc(p+"['order notes']"), itEsc(`e.g. "shipped"`), "sample values from jo@example.com")
		itLacks(t, page, "_secret", "__integration_type__")
	})
}

func TestTicketShowsActionsPerformed(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		ctx := context.Background()
		rc := mcNewReceiver(t, http.StatusOK)
		tk := e.ticket("Broken kettle")
		m := e.mcHookMacro("Refund", e.mcShopData(tk).ID, rc.URL)
		agent := e.signIn(itAgentEmail)
		page := agent.get(fmt.Sprintf("/tickets/%d", tk.ID), http.StatusOK)
		itContains(t, page, `id="macro-apply"`, `data-ticket-id="`+fmt.Sprint(tk.ID)+`"`, `src="/static/macros.js"`)
		itLacks(t, page, "Actions performed")

		out, err := e.srv.Macros.Apply(ctx, e.mcUser(itAgentEmail), tk.ID, macro.ApplyInput{MacroID: m.ID,
			Edits: map[string]macro.Edit{"2": {Params: map[string]string{"reason": "late"}}}})
		if err != nil {
			t.Fatal(err)
		}
		page = agent.get(fmt.Sprintf("/tickets/%d", tk.ID), http.StatusOK)
		itContains(t, page, "Order 1001 is shipped.", "Actions performed", `<span class="mc-hook-title">Refund</span>`,
			`data-test="hook-status">Success</span>`, `data-test="hook-http">200</span>`, "reason=late",
			itEsc(`"refund_id": "rf_1"`), "[redacted]")
		itLacks(t, page, "k3y-s3cret")
		if i, j := strings.Index(page, "Order 1001 is shipped."), strings.Index(page, "Actions performed"); i < 0 || j < i {
			t.Fatalf("the hook calls are not under the reply %d", out.Messages[0].ID)
		}
	})
}

func TestMacroListSearchesAndDeletes(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		ctx := context.Background()
		refund := e.mcHookMacro("Refund last order", 1, "https://shop.example.com")
		if _, err := e.srv.Macros.Create(ctx, macro.Input{Name: "Close as spam", Actions: []macro.Action{
			{Type: macro.ActionSetStatus, Status: "closed"}, {Type: macro.ActionSetAssignee}}}); err != nil {
			t.Fatal(err)
		}
		admin := e.signIn(itAdminEmail)
		page := admin.get("/settings/macros", http.StatusOK)
		itContains(t, page, "Refund last order", "Close as spam", "Set status: closed", "HTTP hook: Refund", "Unassign", "Reply")
		page = admin.get("/settings/macros?q=REFUND", http.StatusOK)
		itContains(t, page, "Refund last order", `value="REFUND"`)
		itLacks(t, page, "Close as spam")
		itContains(t, admin.get("/settings/macros?q=nothing", http.StatusOK), "No macro")

		path := fmt.Sprintf("/settings/macros/%d/delete", refund.ID)
		itContains(t, admin.get(path, http.StatusOK), "Delete Refund last order?", `action="`+path+`"`)
		if _, loc := admin.post(path, nil, http.StatusSeeOther); loc != "/settings/macros?deleted=1" {
			t.Fatalf("delete redirected to %q", loc)
		}
		page = admin.get("/settings/macros?deleted=1", http.StatusOK)
		itContains(t, page, "Macro deleted.")
		itLacks(t, page, "Refund last order")
		admin.get(fmt.Sprintf("/settings/macros/%d/edit", refund.ID), http.StatusNotFound)
	})
}

// mcInput finds the inputs, selects and textareas of a page's macro form.
var (
	mcInputTag = regexp.MustCompile(`<input [^>]*>`)
	mcAttr     = regexp.MustCompile(`(\w[\w-]*)(?:="([^"]*)")?`)
	mcTextarea = regexp.MustCompile(`(?s)<textarea [^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`)
	mcSelect   = regexp.MustCompile(`(?s)<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>`)
	mcSelected = regexp.MustCompile(`<option value="([^"]*)"[^>]*selected`)
	mcFormOnly = regexp.MustCompile(`(?s)<form method="post" action="[^"]*" id="macro-form".*?</form>`)
)

// mcFormOf is what a browser without scripts posts from a macro form page:
// every field's current value, checked boxes only.
func mcFormOf(t *testing.T, page string) url.Values {
	t.Helper()
	form := mcFormOnly.FindString(page)
	if form == "" {
		t.Fatalf("no macro form:\n%s", itExcerpt(page))
	}
	v := url.Values{}
	for _, tag := range mcInputTag.FindAllString(form, -1) {
		attrs := map[string]string{}
		for _, a := range mcAttr.FindAllStringSubmatch(tag[len("<input "):], -1) {
			attrs[a[1]] = html.UnescapeString(a[2])
		}
		if attrs["name"] == "" || ((attrs["type"] == "checkbox" || attrs["type"] == "radio") && !strings.Contains(tag, " checked")) {
			continue
		}
		v.Add(attrs["name"], attrs["value"])
	}
	for _, m := range mcTextarea.FindAllStringSubmatch(form, -1) {
		v.Set(m[1], html.UnescapeString(strings.TrimPrefix(m[2], "\n")))
	}
	for _, m := range mcSelect.FindAllStringSubmatch(form, -1) {
		if s := mcSelected.FindStringSubmatch(m[2]); s != nil {
			v.Set(m[1], html.UnescapeString(s[1]))
		} else if s := regexp.MustCompile(`<option value="([^"]*)"`).FindStringSubmatch(m[2]); s != nil {
			v.Set(m[1], html.UnescapeString(s[1]))
		}
	}
	v.Del("csrf_token")
	return v
}
