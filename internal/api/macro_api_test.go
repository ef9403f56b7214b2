package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/server/servertest"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// eachReachable runs fn against a fresh server on every backend whose
// network guard lets requests reach httptest receivers on 127.0.0.1, as
// an admin's TICKETWIRE_ALLOWED_NETWORKS would.
func eachReachable(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, startReachable(t, b))
		})
	}
}

func startReachable(t *testing.T, b storetest.Backend) *env {
	t.Helper()
	c := &clock{t: time.Now().UTC()}
	s := servertest.Start(t, b, servertest.Options{Now: c.Now, Tune: func(cfg *config.Config) {
		servertest.AllowLoopback(cfg)
		cfg.RequestTimeout = 2 * time.Second
	}})
	return &env{t: t, url: s.URL, admin: s.FirstAdmin.Token, srv: s.Server, clock: c}
}

// receiver is an HTTP endpoint that records what it is sent.
type receiver struct {
	url    string
	mu     sync.Mutex
	status int
	got    []received
}

type received struct {
	method, path, query, body string
	header                    http.Header
}

func newReceiver(t *testing.T, status int) *receiver {
	rc := &receiver{status: status}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.got = append(rc.got, received{method: r.Method, path: r.URL.Path, query: r.URL.RawQuery, body: string(body), header: r.Header.Clone()})
		status := rc.status
		rc.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"ok": %v}`, status < 300)
	}))
	t.Cleanup(hs.Close)
	rc.url = hs.URL
	return rc
}

func (rc *receiver) requests() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.got)
}

func (rc *receiver) setStatus(s int) {
	rc.mu.Lock()
	rc.status = s
	rc.mu.Unlock()
}

// newAgent creates an agent and returns its API token and id.
func newAgent(e *env, email string) (string, int64) {
	e.t.Helper()
	u, err := e.srv.Auth.CreateUser(e.t.Context(), auth.NewUser{Email: email, Name: "Al Agent", Role: auth.RoleAgent})
	if err != nil {
		e.t.Fatal(err)
	}
	token, err := e.srv.Auth.CreateToken(e.t.Context(), email, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return token, u.ID
}

type hookCall struct {
	ID          int64  `json:"id"`
	MacroID     *int64 `json:"macro_id"`
	UserID      *int64 `json:"user_id"`
	TicketID    int64  `json:"ticket_id"`
	MessageID   *int64 `json:"message_id"`
	ActionIndex int    `json:"action_index"`
	Title       string `json:"title"`
	Status      string `json:"status"`
	Error       string `json:"error"`
	DurationMS  int64  `json:"duration_ms"`
	Request     struct {
		Method  string            `json:"method"`
		URL     string            `json:"url"`
		Headers map[string]string `json:"headers"`
		Body    string            `json:"body"`
	} `json:"request"`
	Response *struct {
		Status int    `json:"status"`
		Body   string `json:"body"`
	} `json:"response"`
}

type applied struct {
	Ticket   ticket `json:"ticket"`
	Messages []struct {
		ID        int64  `json:"id"`
		BodyText  string `json:"body_text"`
		FromAgent bool   `json:"from_agent"`
	} `json:"messages"`
	Hooks []hookCall `json:"hooks"`
}

type macroBody struct {
	ID      int64            `json:"id"`
	Name    string           `json:"name"`
	Actions []map[string]any `json:"actions"`
}

// shopMacro is a macro that closes, tags, replies with the customer's last
// order fetched by integration shop, and posts a refund to rc.
func shopMacro(shop int64, rc *receiver) map[string]any {
	order := fmt.Sprintf("ticket.customer.integrations[%d].orders[0]", shop)
	return map[string]any{"name": "Refund last order", "actions": []map[string]any{
		{"type": "set_status", "status": "closed"},
		{"type": "add_tags", "tags": []string{"refund"}},
		{"type": "reply", "body_text": "Hi {{ticket.customer.name}}, order {{" + order + ".id}} (" +
			`{{` + order + `.created_at|datetime_format("MMM Do YY")}}) is {{` + order + `.status}}. ` +
			`Phone: {{ticket.customer.phone|fallback("none")}}. Note: [{{` + order + `.note}}] -- {{current_user.name}}`},
		{"type": "http_hook", "title": "Refund", "method": "POST", "url": rc.url + "/refunds?source=ticketwire",
			"params": []map[string]any{
				{"key": "reason", "value": "{{ticket.subject}}", "editable": true},
				{"key": "shop_key", "value": "param-secret-42", "secret": true}},
			"headers": []map[string]any{
				{"key": "X-Api-Key", "value": "header-secret-42", "secret": true},
				{"key": "X-Agent", "value": "{{current_user.email}}", "editable": true}},
			"body": `{"order": {{` + order + `.id}}, "email": "{{ticket.customer.email}}", "name": "{{ticket.customer.name}}"}`},
	}}
}

// shopTicket creates a ticket whose customer has data fetched by a new
// integration, and returns the ticket and the integration's id.
func shopTicket(e *env) (ticket, int64) {
	e.t.Helper()
	shop := widgetIntegration(e, "Shop")
	var tk ticket
	in := newTicket("jo@example.com", "Broken kettle & more")
	in["tags"] = []string{"vip"}
	e.want(201, e.admin, "POST", "/api/tickets", in, &tk)
	data := `{"orders": [{"id": 7, "status": "shipped", "created_at": "2024-03-05T10:00:00Z"}], "__integration_type__": "http"}`
	if err := e.srv.Store.PutCustomerIntegration(e.t.Context(), store.CustomerIntegration{CustomerID: tk.Customer.ID,
		IntegrationID: shop, Data: json.RawMessage(data), FetchedAt: time.Now()}); err != nil {
		e.t.Fatal(err)
	}
	return tk, shop
}

func eventKinds(e *env, ticketID int64) []string {
	e.t.Helper()
	var events list[struct {
		Kind string `json:"kind"`
	}]
	e.want(200, e.admin, "GET", fmt.Sprintf("/api/events?ticket_id=%d", ticketID), nil, &events)
	var kinds []string
	for _, ev := range events.Data {
		kinds = append(kinds, ev.Kind)
	}
	return kinds
}

func TestMacroPreviewAndApplyWithBackOfficeVariablesAndHook(t *testing.T) {
	t.Parallel()
	eachReachable(t, func(t *testing.T, e *env) {
		rc := newReceiver(t, 200)
		tk, shop := shopTicket(e)
		agent, agentID := newAgent(e, "al@example.com")
		listener := newReceiver(t, 200)
		e.want(201, e.admin, "POST", "/api/integrations", map[string]any{"name": "Chat", "http": map[string]any{
			"url": listener.url + "/events", "method": "POST", "body": "{{context}}", "triggers": []string{"ticket-message-created"}}}, nil)
		var m macroBody
		e.want(201, e.admin, "POST", "/api/macros", shopMacro(shop, rc), &m)
		wantReply := "Hi Jo, order 7 (Mar 5th 24) is shipped. Phone: none. Note: [] -- Al Agent"

		var p struct {
			Reply *struct {
				BodyText string `json:"body_text"`
			} `json:"reply"`
			Hooks []struct {
				ActionIndex int `json:"action_index"`
				Request     struct {
					URL     string            `json:"url"`
					Headers map[string]string `json:"headers"`
					Body    string            `json:"body"`
				} `json:"request"`
				Editable map[string]map[string]string `json:"editable"`
			} `json:"hooks"`
			Actions []map[string]any `json:"actions"`
			Empty   []string         `json:"empty_variables"`
		}
		raw := e.want(200, agent, "POST", fmt.Sprintf("/api/macros/%d/preview", m.ID), map[string]any{"ticket_id": tk.ID}, &p)
		if p.Reply == nil || p.Reply.BodyText != wantReply {
			t.Fatalf("previewed reply = %s\nwant %q", raw, wantReply)
		}
		if len(p.Hooks) != 1 || p.Hooks[0].ActionIndex != 3 || p.Hooks[0].Request.Headers["X-Api-Key"] != "[redacted]" ||
			p.Hooks[0].Editable["params"]["reason"] != "Broken kettle & more" || p.Hooks[0].Editable["headers"]["X-Agent"] != "al@example.com" ||
			!strings.Contains(p.Hooks[0].Request.URL, "shop_key=%5Bredacted%5D") || len(p.Actions) != 4 {
			t.Fatalf("previewed hook = %s", raw)
		}
		if strings.Contains(raw, "secret-42") {
			t.Fatalf("preview shows a secret: %s", raw)
		}
		if note := fmt.Sprintf("ticket.customer.integrations[%d].orders[0].note", shop); !slices.Contains(p.Empty, note) {
			t.Fatalf("empty_variables = %v, want %s among them", p.Empty, note)
		}
		if n := len(rc.requests()); n != 0 {
			t.Fatalf("preview sent %d requests", n)
		}
		if kinds := eventKinds(e, tk.ID); len(kinds) != 1 {
			t.Fatalf("preview raised events: %v", kinds)
		}

		var out applied
		raw = e.want(200, agent, "POST", fmt.Sprintf("/api/tickets/%d/apply-macro", tk.ID), map[string]any{"macro_id": m.ID,
			"edits": map[string]any{"3": map[string]any{"params": map[string]string{"reason": "agent says: late & broken"}}}}, &out)
		got := rc.requests()
		if len(got) != 1 {
			t.Fatalf("receiver got %d requests, want 1", len(got))
		}
		r := got[0]
		if r.method != "POST" || r.path != "/refunds" || r.header.Get("X-Api-Key") != "header-secret-42" || r.header.Get("X-Agent") != "al@example.com" ||
			r.header.Get("Content-Type") != "application/json" || !strings.HasPrefix(r.header.Get("User-Agent"), "ticketwire/") {
			t.Fatalf("received %+v", r)
		}
		if want := "source=ticketwire&reason=agent+says%3A+late+%26+broken&shop_key=param-secret-42"; r.query != want {
			t.Fatalf("received query %q, want %q", r.query, want)
		}
		var body map[string]any
		if err := json.Unmarshal([]byte(r.body), &body); err != nil || body["order"] != float64(7) || body["email"] != "jo@example.com" || body["name"] != "Jo" {
			t.Fatalf("received body %s (%v)", r.body, err)
		}
		if out.Ticket.Status != "closed" || tagNames(out.Ticket) != "refund vip" || len(out.Messages) != 1 ||
			out.Messages[0].BodyText != wantReply || !out.Messages[0].FromAgent {
			t.Fatalf("applied = %s", raw)
		}
		if len(out.Hooks) != 1 || out.Hooks[0].Status != "success" || out.Hooks[0].Response == nil || out.Hooks[0].Response.Status != 200 ||
			out.Hooks[0].MessageID == nil || *out.Hooks[0].MessageID != out.Messages[0].ID || out.Hooks[0].Title != "Refund" ||
			out.Hooks[0].UserID == nil || *out.Hooks[0].UserID != agentID {
			t.Fatalf("applied hooks = %s", raw)
		}
		var full ticket
		e.want(200, agent, "GET", fmt.Sprintf("/api/tickets/%d", tk.ID), nil, &full)
		if len(full.Messages) != 2 || full.Messages[1].BodyText != wantReply || full.Messages[1].Sender.Email != "al@example.com" {
			t.Fatalf("ticket after apply = %+v", full)
		}
		checkHookLog(e, agent, tk.ID, out.Messages[0].ID, m.ID)
		want := []string{"ticket-status-updated", "ticket-updated", "ticket-message-created", "ticket-created"}
		if kinds := eventKinds(e, tk.ID); !slices.Equal(kinds, want) {
			t.Fatalf("events after apply = %v, want %v", kinds, want)
		}
		// The reply's event reaches integrations as any message's does.
		deadline := time.Now().Add(10 * time.Second)
		for len(listener.requests()) == 0 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if got := listener.requests(); len(got) != 1 || !strings.Contains(got[0].body, "Mar 5th 24") {
			t.Fatalf("integration on ticket-message-created received %+v", got)
		}
	})
}

// checkHookLog checks the hook call is kept with the reply and in the hooks
// log, without its secrets.
func checkHookLog(e *env, agent string, ticketID, messageID, macroID int64) {
	e.t.Helper()
	var kept list[hookCall]
	raw := e.want(200, agent, "GET", fmt.Sprintf("/api/tickets/%d/messages/%d/hooks", ticketID, messageID), nil, &kept)
	if len(kept.Data) != 1 || kept.Data[0].Status != "success" || kept.Data[0].Response.Body != `{"ok": true}` ||
		kept.Data[0].Request.Headers["X-Api-Key"] != "[redacted]" || !strings.Contains(kept.Data[0].Request.URL, "reason=agent") {
		e.t.Fatalf("hooks of the reply = %s", raw)
	}
	e.wantError(404, "not_found", "", agent, "GET", fmt.Sprintf("/api/tickets/%d/messages/%d/hooks", ticketID+1, messageID), nil)
	e.wantError(403, "forbidden", "", agent, "GET", "/api/hooks", nil)
	var all list[hookCall]
	logRaw := e.want(200, e.admin, "GET", fmt.Sprintf("/api/hooks?ticket_id=%d&macro_id=%d", ticketID, macroID), nil, &all)
	if len(all.Data) != 1 || all.Data[0].ID != kept.Data[0].ID || *all.Data[0].MacroID != macroID {
		e.t.Fatalf("hooks log = %s", logRaw)
	}
	e.want(200, e.admin, "GET", fmt.Sprintf("/api/hooks?macro_id=%d", macroID+1), nil, &all)
	if len(all.Data) != 0 {
		e.t.Fatalf("hooks log of another macro = %+v", all.Data)
	}
	if strings.Contains(raw+logRaw, "secret-42") {
		e.t.Fatalf("the hooks log holds a secret: %s", logRaw)
	}
}

func tagNames(t ticket) string {
	var names []string
	for _, tag := range t.Tags {
		names = append(names, tag.Name)
	}
	return strings.Join(names, " ")
}

func TestMacroEditsOfNonEditableFieldsAreRefused(t *testing.T) {
	t.Parallel()
	eachReachable(t, func(t *testing.T, e *env) {
		rc := newReceiver(t, 200)
		tk, shop := shopTicket(e)
		agent, _ := newAgent(e, "al@example.com")
		var m macroBody
		e.want(201, e.admin, "POST", "/api/macros", shopMacro(shop, rc), &m)
		path := fmt.Sprintf("/api/tickets/%d/apply-macro", tk.ID)
		for _, c := range []struct {
			edits map[string]any
			field string
		}{
			{map[string]any{"3": map[string]any{"headers": map[string]string{"X-Api-Key": "mine"}}}, "edits.3.headers.X-Api-Key"},
			{map[string]any{"3": map[string]any{"params": map[string]string{"shop_key": "mine"}}}, "edits.3.params.shop_key"},
			{map[string]any{"3": map[string]any{"form": map[string]string{"reason": "x"}}}, "edits.3.form.reason"},
			{map[string]any{"2": map[string]any{"params": map[string]string{"reason": "x"}}}, "edits.2"},
			{map[string]any{"9": map[string]any{}}, "edits.9"},
		} {
			e.wantError(422, "validation_failed", c.field, agent, "POST", path, map[string]any{"macro_id": m.ID, "edits": c.edits})
		}
		e.wantError(422, "validation_failed", "macro_id", agent, "POST", path, map[string]any{"macro_id": m.ID + 1})
		e.wantError(422, "validation_failed", "on_hook_failure", agent, "POST", path, map[string]any{"macro_id": m.ID, "on_hook_failure": "maybe"})
		e.wantError(422, "validation_failed", "skip_hooks[0]", agent, "POST", path, map[string]any{"macro_id": m.ID, "skip_hooks": []int{1}})
		e.wantError(404, "not_found", "", agent, "POST", fmt.Sprintf("/api/tickets/%d/apply-macro", tk.ID+1), map[string]any{"macro_id": m.ID})
		if n := len(rc.requests()); n != 0 {
			t.Fatalf("refused applies sent %d requests", n)
		}
		var now ticket
		e.want(200, agent, "GET", fmt.Sprintf("/api/tickets/%d", tk.ID), nil, &now)
		if now.Status != "open" || len(now.Messages) != 1 {
			t.Fatalf("refused applies changed the ticket: %+v", now)
		}
	})
}

func TestMacroFailingHookChangesNothingUnlessForced(t *testing.T) {
	t.Parallel()
	eachReachable(t, func(t *testing.T, e *env) {
		rc := newReceiver(t, 500)
		tk, shop := shopTicket(e)
		agent, _ := newAgent(e, "al@example.com")
		var m macroBody
		e.want(201, e.admin, "POST", "/api/macros", shopMacro(shop, rc), &m)
		path := fmt.Sprintf("/api/tickets/%d/apply-macro", tk.ID)
		before := eventKinds(e, tk.ID)

		raw := e.want(424, agent, "POST", path, map[string]any{"macro_id": m.ID}, nil)
		var failed struct {
			Error  struct{ Code, Message, Field string } `json:"error"`
			Hooks  []hookCall                            `json:"hooks"`
			Ticket ticket                                `json:"ticket"`
		}
		if err := json.Unmarshal([]byte(raw), &failed); err != nil {
			t.Fatal(err)
		}
		if failed.Error.Code != "hook_failed" || failed.Error.Field != "actions[3]" || !strings.Contains(failed.Error.Message, "Refund") ||
			!strings.Contains(failed.Error.Message, "500") || len(failed.Hooks) != 1 || failed.Hooks[0].Status != "failed" ||
			failed.Hooks[0].Response.Status != 500 || failed.Hooks[0].MessageID != nil || failed.Ticket.ID != tk.ID || failed.Ticket.Status != "open" {
			t.Fatalf("424 answer = %s", raw)
		}
		var now ticket
		e.want(200, agent, "GET", fmt.Sprintf("/api/tickets/%d", tk.ID), nil, &now)
		if now.Status != "open" || tagNames(now) != "vip" || len(now.Messages) != 1 {
			t.Fatalf("a failed hook changed the ticket: %+v", now)
		}
		if kinds := eventKinds(e, tk.ID); !slices.Equal(kinds, before) {
			t.Fatalf("a failed hook raised events: %v", kinds)
		}
		var logged list[hookCall]
		e.want(200, e.admin, "GET", fmt.Sprintf("/api/hooks?ticket_id=%d", tk.ID), nil, &logged)
		if len(logged.Data) != 1 || logged.Data[0].Status != "failed" || logged.Data[0].MessageID != nil {
			t.Fatalf("hooks log after the failure = %+v", logged.Data)
		}

		var out applied
		raw = e.want(200, agent, "POST", path, map[string]any{"macro_id": m.ID, "on_hook_failure": "force"}, &out)
		if out.Ticket.Status != "closed" || tagNames(out.Ticket) != "refund vip" || len(out.Messages) != 1 ||
			len(out.Hooks) != 1 || out.Hooks[0].Status != "failed" || out.Hooks[0].MessageID == nil {
			t.Fatalf("forced apply = %s", raw)
		}
		if n := len(rc.requests()); n != 2 {
			t.Fatalf("receiver got %d requests, want one per apply", n)
		}
		if kinds := eventKinds(e, tk.ID); len(kinds) != len(before)+3 {
			t.Fatalf("events after the forced apply = %v", kinds)
		}
	})
}

func TestMacroRetrySkipsHooksThatSucceeded(t *testing.T) {
	t.Parallel()
	eachReachable(t, func(t *testing.T, e *env) {
		ok, flaky := newReceiver(t, 200), newReceiver(t, 503)
		tk, _ := shopTicket(e)
		var m macroBody
		e.want(201, e.admin, "POST", "/api/macros", map[string]any{"name": "Notify", "actions": []map[string]any{
			{"type": "http_hook", "title": "Shop", "url": ok.url + "/a"},
			{"type": "http_hook", "title": "Chat", "url": flaky.url + "/b", "method": "POST", "request_content_type": "application/x-www-form-urlencoded",
				"form": []map[string]any{{"key": "text", "value": "Ticket {{ticket.id}}"}, {"key": "token", "value": "form-secret-42", "secret": true}}},
			{"type": "add_tags", "tags": []string{"notified"}},
		}}, &m)
		path := fmt.Sprintf("/api/tickets/%d/apply-macro", tk.ID)
		raw := e.want(424, e.admin, "POST", path, map[string]any{"macro_id": m.ID}, nil)
		if !strings.Contains(raw, `"field":"actions[1]"`) || strings.Contains(raw, "form-secret-42") {
			t.Fatalf("424 answer = %s", raw)
		}
		if got := flaky.requests(); len(got) != 1 || got[0].body != fmt.Sprintf("text=Ticket+%d&token=form-secret-42", tk.ID) {
			t.Fatalf("form hook received %+v", got)
		}
		flaky.setStatus(200)
		var out applied
		e.want(200, e.admin, "POST", path, map[string]any{"macro_id": m.ID, "skip_hooks": []int{0}}, &out)
		if len(ok.requests()) != 1 || len(flaky.requests()) != 2 || len(out.Hooks) != 1 || out.Hooks[0].ActionIndex != 1 ||
			tagNames(out.Ticket) != "notified vip" || len(out.Messages) != 0 {
			t.Fatalf("retry = %+v; first hook got %d requests", out, len(ok.requests()))
		}
	})
}

func TestMacroWritesAreForAdmins(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		agent, _ := newAgent(e, "al@example.com")
		in := map[string]any{"name": "Close", "actions": []map[string]any{{"type": "set_status", "status": "closed"}}}
		e.wantError(403, "forbidden", "", agent, "POST", "/api/macros", in)
		var m macroBody
		raw := e.want(201, e.admin, "POST", "/api/macros", in, &m)
		if m.ID == 0 || m.Name != "Close" || len(m.Actions) != 1 || len(m.Actions[0]) != 2 {
			t.Fatalf("created macro = %s (actions show only the fields of their type)", raw)
		}
		p := fmt.Sprintf("/api/macros/%d", m.ID)
		e.wantError(403, "forbidden", "", agent, "PUT", p, in)
		e.wantError(403, "forbidden", "", agent, "DELETE", p, nil)
		e.want(200, agent, "GET", p, nil, nil)
		var all list[macroBody]
		e.want(200, agent, "GET", "/api/macros", nil, &all)
		if len(all.Data) != 1 {
			t.Fatalf("macros = %+v", all.Data)
		}
		e.want(201, e.admin, "POST", "/api/macros", map[string]any{"name": "Tag 100%_done",
			"actions": []map[string]any{{"type": "add_tags", "tags": []string{"done"}}}}, nil)
		e.want(200, agent, "GET", "/api/macros?q=100%25_", nil, &all)
		if len(all.Data) != 1 || all.Data[0].Name != "Tag 100%_done" {
			t.Fatalf("macros named like 100%%_ = %+v", all.Data)
		}
		e.want(200, agent, "GET", "/api/macros?limit=1", nil, &all)
		if len(all.Data) != 1 || all.Meta.NextCursor == nil {
			t.Fatalf("first page = %+v", all)
		}
		e.want(200, agent, "GET", "/api/macros?limit=1&cursor="+*all.Meta.NextCursor, nil, &all)
		if len(all.Data) != 1 || all.Data[0].ID != m.ID {
			t.Fatalf("second page = %+v", all)
		}
		var tk ticket
		e.want(201, e.admin, "POST", "/api/tickets", newTicket("jo@example.com", "Help"), &tk)
		e.want(200, agent, "POST", p+"/preview", map[string]any{"ticket_id": tk.ID}, nil)
		var out applied
		e.want(200, agent, "POST", fmt.Sprintf("/api/tickets/%d/apply-macro", tk.ID), map[string]any{"macro_id": m.ID}, &out)
		if out.Ticket.Status != "closed" || len(out.Hooks) != 0 || len(out.Messages) != 0 {
			t.Fatalf("agent's apply = %+v", out)
		}
		e.wantError(422, "validation_failed", "ticket_id", agent, "POST", p+"/preview", map[string]any{"ticket_id": tk.ID + 1})
		e.want(204, e.admin, "DELETE", p, nil, nil)
		e.wantError(404, "not_found", "", agent, "GET", p, nil)
		e.wantError(404, "not_found", "", agent, "POST", p+"/preview", map[string]any{"ticket_id": tk.ID})
	})
}

func TestMacroSecretsAreWriteOnly(t *testing.T) {
	t.Parallel()
	eachReachable(t, func(t *testing.T, e *env) {
		rc := newReceiver(t, 200)
		tk, shop := shopTicket(e)
		var m macroBody
		e.want(201, e.admin, "POST", "/api/macros", shopMacro(shop, rc), &m)
		p := fmt.Sprintf("/api/macros/%d", m.ID)
		var got macroBody
		raw := e.want(200, e.admin, "GET", p, nil, &got)
		if strings.Contains(raw, "secret-42") || strings.Count(raw, `"********"`) != 2 {
			t.Fatalf("GET shows secrets: %s", raw)
		}
		row, err := e.srv.Store.GetMacro(t.Context(), m.ID)
		if err != nil || strings.Contains(string(row.Actions), "secret-42") {
			t.Fatalf("stored actions hold a secret in clear: %s (%v)", row.Actions, err)
		}
		got.Name = "Refund (renamed)"
		e.want(200, e.admin, "PUT", p, got, nil)
		e.want(200, e.admin, "POST", fmt.Sprintf("/api/tickets/%d/apply-macro", tk.ID), map[string]any{"macro_id": m.ID}, nil)
		r := rc.requests()
		if len(r) != 1 || r[0].header.Get("X-Api-Key") != "header-secret-42" || !strings.Contains(r[0].query, "shop_key=param-secret-42") {
			t.Fatalf("after a PUT with masked secrets the hook sent %+v", r)
		}
		hook := got.Actions[3]
		hook["headers"] = []map[string]any{{"key": "X-Other", "value": "********", "secret": true}}
		e.wantError(422, "validation_failed", "actions[3].headers[0].value", e.admin, "PUT", p, got)
		e.wantError(422, "validation_failed", "actions[0].headers[0].value", e.admin, "POST", "/api/macros", map[string]any{"name": "x",
			"actions": []map[string]any{{"type": "http_hook", "title": "t", "url": "https://x.example.com",
				"headers": []map[string]any{{"key": "X-Key", "value": "********", "secret": true}}}}})
	})
}

func TestMacroValidationAnswers422(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		hook := func(extra map[string]any) map[string]any {
			a := map[string]any{"type": "http_hook", "title": "Hook", "url": "https://shop.example.com/x"}
			for k, v := range extra {
				a[k] = v
			}
			return a
		}
		for _, c := range []struct {
			name    string
			actions []map[string]any
			field   string
		}{
			{"no actions", nil, "actions"},
			{"unknown type", []map[string]any{{"type": "explode"}}, "actions[0].type"},
			{"bad status", []map[string]any{{"type": "set_status", "status": "done"}}, "actions[0].status"},
			{"field of another type", []map[string]any{{"type": "set_status", "status": "open", "tags": []string{"a"}}}, "actions[0].tags"},
			{"no tags", []map[string]any{{"type": "add_tags", "tags": []string{}}}, "actions[0].tags"},
			{"empty tag", []map[string]any{{"type": "add_tags", "tags": []string{"a", " "}}}, "actions[0].tags[1]"},
			{"unknown assignee", []map[string]any{{"type": "set_assignee", "assignee_user_id": 999}}, "actions[0].assignee_user_id"},
			{"reply syntax", []map[string]any{{"type": "reply", "body_text": "Hi {{ticket.customer.name"}}, "actions[0].body_text"},
			{"two replies", []map[string]any{{"type": "reply", "body_text": "a"}, {"type": "reply", "body_text": "b"}}, "actions[1].type"},
			{"hook without title", []map[string]any{{"type": "http_hook", "url": "https://x.example.com"}}, "actions[0].title"},
			{"hook url", []map[string]any{{"type": "set_status", "status": "open"}, hook(map[string]any{"url": "ftp://x"})}, "actions[1].url"},
			{"hook method", []map[string]any{hook(map[string]any{"method": "TRACE"})}, "actions[0].method"},
			{"hook GET body", []map[string]any{hook(map[string]any{"body": `{"a": 1}`})}, "actions[0].body"},
			{"hook body JSON", []map[string]any{hook(map[string]any{"method": "POST", "body": `{"a": 1,}`})}, "actions[0].body"},
			{"hook header", []map[string]any{hook(map[string]any{"headers": []map[string]any{{"key": "Webhook-Id", "value": "x"}}})}, "actions[0].headers[0].key"},
			{"hook param template", []map[string]any{hook(map[string]any{"params": []map[string]any{{"key": "q", "value": "{{ x"}}})}, "actions[0].params[0].value"},
			{"hook param key", []map[string]any{hook(map[string]any{"params": []map[string]any{{"key": "", "value": "x"}}})}, "actions[0].params[0].key"},
			{"editable twice", []map[string]any{hook(map[string]any{"params": []map[string]any{{"key": "q", "value": "a", "editable": true},
				{"key": "q", "value": "b", "editable": true}}})}, "actions[0].params[1].key"},
		} {
			e.wantError(422, "validation_failed", c.field, e.admin, "POST", "/api/macros", map[string]any{"name": c.name, "actions": c.actions})
		}
		e.wantError(422, "validation_failed", "name", e.admin, "POST", "/api/macros", map[string]any{"actions": []map[string]any{{"type": "set_status", "status": "open"}}})
	})
}
