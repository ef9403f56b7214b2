package api_test

import (
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/ticketwire/ticketwire/internal/api"
	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/server/servertest"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// spec is the API's OpenAPI document, loaded and checked once, with a
// router that finds an operation as the API's own ServeMux finds a route.
var spec = sync.OnceValues(func() (*openAPISpec, error) {
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	s := &openAPISpec{doc: doc, mux: http.NewServeMux(), routes: map[string]*routers.Route{}}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			pattern := method + " " + path
			s.mux.HandleFunc(pattern, func(http.ResponseWriter, *http.Request) {})
			s.routes[pattern] = &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: op}
		}
	}
	return s, nil
})

type openAPISpec struct {
	doc    *openapi3.T
	mux    *http.ServeMux
	routes map[string]*routers.Route // by ServeMux pattern
}

func loadSpec(t testing.TB) *openAPISpec {
	t.Helper()
	s, err := spec()
	if err != nil {
		t.Fatalf("internal/api/openapi.json: %v", err)
	}
	return s
}

// checkExchange fails the test when a call of the API is not what the
// OpenAPI document says: an answer of an undocumented status, or whose body
// breaks the status's schema, or a request that succeeded though its query
// or body breaks the operation's schemas. Calls of no documented operation
// (the catch-all 404) are left to the tests that make them.
func checkExchange(t testing.TB, req *http.Request, reqBody []byte, res *http.Response, body []byte) {
	t.Helper()
	s := loadSpec(t)
	probe, _ := http.NewRequest(req.Method, req.URL.String(), nil)
	_, pattern := s.mux.Handler(probe)
	route := s.routes[pattern]
	if route == nil {
		return
	}
	params := map[string]string{}
	for _, seg := range strings.Split(route.Path, "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok {
			name = strings.TrimSuffix(name, "}")
			params[name] = pathValue(route.Path, req.URL.Path, name)
		}
	}
	opts := &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route, Options: opts},
		Status:                 res.StatusCode,
		Header:                 res.Header,
		Options:                opts,
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s answered %d %s\nwhich breaks internal/api/openapi.json (%s %s): %v", req.Method, req.URL.Path, res.StatusCode,
			clip(body), route.Method, route.Path, err)
	}
	if res.StatusCode >= 300 {
		return
	}
	sent, _ := http.NewRequest(req.Method, req.URL.String(), bytes.NewReader(reqBody))
	sent.Header = req.Header.Clone()
	if len(reqBody) == 0 {
		sent.Header.Del("Content-Type")
	}
	rin := &openapi3filter.RequestValidationInput{Request: sent, PathParams: params, Route: route, Options: opts}
	if err := openapi3filter.ValidateRequest(context.Background(), rin); err != nil {
		t.Errorf("%s %s %s was taken (%d), but it breaks internal/api/openapi.json (%s %s): %v", req.Method, req.URL.RequestURI(), clip(reqBody),
			res.StatusCode, route.Method, route.Path, err)
	}
}

// pathValue is the segment of path that stands where {name} is in pattern.
func pathValue(pattern, path, name string) string {
	ps, vs := strings.Split(pattern, "/"), strings.Split(path, "/")
	for i, p := range ps {
		if p == "{"+name+"}" && i < len(vs) {
			return vs[i]
		}
	}
	return ""
}

func clip(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "…"
	}
	return string(b)
}

// registeredRoutes reads the patterns routes.go registers, such as
// "GET /api/tickets/{id}", leaving out the catch-all "/api/".
func registeredRoutes(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "routes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || (sel.Sel.Name != "HandleFunc" && sel.Sel.Name != "Handle") {
			return true
		}
		lit, ok := call.Args[0].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			t.Errorf("routes.go: a route's pattern must be a string literal, so the OpenAPI test can read it: %s", sel.Sel.Name)
			return true
		}
		pattern, _ := strconv.Unquote(lit.Value)
		if pattern != "/api/" {
			out = append(out, pattern)
		}
		return true
	})
	return out
}

// TestOpenAPICoversRoutes: the document has an operation for every route
// routes.go registers, and none for a route it does not.
func TestOpenAPICoversRoutes(t *testing.T) {
	t.Parallel()
	s := loadSpec(t)
	registered := registeredRoutes(t)
	if len(registered) < 50 {
		t.Fatalf("read %d routes from routes.go; the parser missed them", len(registered))
	}
	for _, p := range registered {
		method, path, ok := strings.Cut(p, " ")
		if !ok || method == "" || !strings.HasPrefix(path, "/api/") {
			t.Errorf("routes.go: pattern %q has no method or is outside /api/", p)
			continue
		}
		if s.routes[p] == nil {
			t.Errorf("route %q has no operation in internal/api/openapi.json (paths[%q].%s)", p, path, strings.ToLower(method))
		}
	}
	for p := range s.routes {
		if !slices.Contains(registered, p) {
			t.Errorf("internal/api/openapi.json lists %q, which routes.go does not register", p)
		}
	}
}

// TestOpenAPIDocument: the document is valid OpenAPI 3.1, every operation
// has an id and answers its errors in the API's error shape, and the copy
// in docs/ is the document itself.
func TestOpenAPIDocument(t *testing.T) {
	t.Parallel()
	s := loadSpec(t)
	if s.doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi = %q, want 3.1.0", s.doc.OpenAPI)
	}
	for pattern, r := range s.routes {
		if r.Operation.OperationID == "" {
			t.Errorf("%s has no operationId", pattern)
		}
		if r.Path == "/api/openapi.json" {
			continue
		}
		for _, status := range []int{401, 422, 500, 503} {
			res := r.Operation.Responses.Status(status)
			if res == nil || res.Value.Content.Get("application/json") == nil {
				t.Errorf("%s documents no %d error answer", pattern, status)
			}
		}
	}
	docs, err := os.ReadFile("../../docs/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(docs, api.OpenAPI) {
		t.Fatal("docs/openapi.json differs from internal/api/openapi.json, the document served; copy it: cp internal/api/openapi.json docs/openapi.json")
	}
}

// TestOpenAPIResponses walks the main endpoints on a real server, every
// call checked against the document by env.call: the document is served
// without a token, and what the API answers (successes and the 400, 401,
// 404, 409 and 422 errors) is what it says.
func TestOpenAPIResponses(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			c := &clock{t: time.Now().UTC()}
			s := servertest.Start(t, b, servertest.Options{Now: c.Now, Tune: func(cfg *config.Config) {
				servertest.AllowLoopback(cfg)
				cfg.RequestTimeout = 2 * time.Second
				cfg.RetrySchedule = nil
				cfg.DisableAfter = 1
			}})
			e := &env{t: t, url: s.URL, admin: s.FirstAdmin.Token, srv: s.Server, clock: c}
			walkAPI(t, e)
		})
	}
}

func walkAPI(t *testing.T, e *env) {
	res, err := http.Get(e.url + "/api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	served, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/json" || !bytes.Equal(served, api.OpenAPI) {
		t.Fatalf("GET /api/openapi.json without a token = %d %s, want 200 and the document", res.StatusCode, res.Header.Get("Content-Type"))
	}
	e.want(200, "", "GET", "/api/openapi.json", nil, nil)

	// Errors.
	e.wantError(401, "unauthenticated", "", "", "GET", "/api/tickets", nil)
	e.wantError(401, "unauthenticated", "", "not-a-token", "GET", "/api/customers/1", nil)
	e.wantError(404, "not_found", "", e.admin, "GET", "/api/tickets/999999", nil)
	e.wantError(400, "malformed_json", "", e.admin, "POST", "/api/customers", "{")
	e.wantError(422, "validation_failed", "limit", e.admin, "GET", "/api/tickets?limit=1000", nil)
	e.wantError(422, "validation_failed", "colour", e.admin, "POST", "/api/customers", map[string]any{"email": "a@example.com", "colour": "red"})

	// Customers.
	var cust struct {
		ID int64 `json:"id"`
	}
	e.want(201, e.admin, "POST", "/api/customers", map[string]any{"email": "ann@example.com", "name": "Ann Lee", "language": "fr",
		"timezone": "Europe/Paris", "external_id": "c-1", "data": map[string]any{"vip": true},
		"channels": []map[string]any{{"type": "phone", "address": "+33100000000", "preferred": false}}}, &cust)
	e.wantError(409, "conflict", "", e.admin, "POST", "/api/customers", map[string]any{"email": "ann@example.com"})
	e.want(200, e.admin, "GET", fmt.Sprintf("/api/customers/%d", cust.ID), nil, nil)
	e.want(200, e.admin, "PUT", fmt.Sprintf("/api/customers/%d", cust.ID), map[string]any{"note": "likes tea", "language": nil}, nil)
	e.want(200, e.admin, "GET", "/api/customers?email=ann@example.com&limit=1", nil, nil)

	// Users and teams.
	var agent struct {
		ID int64 `json:"id"`
	}
	e.want(201, e.admin, "POST", "/api/users", map[string]any{"email": "al@example.com", "name": "Al Bo", "role": "agent", "password": "a long password"}, &agent)
	var team struct {
		ID int64 `json:"id"`
	}
	e.want(201, e.admin, "POST", "/api/teams", map[string]any{"name": "Support"}, &team)
	e.want(200, e.admin, "GET", "/api/teams", nil, nil)
	e.want(200, e.admin, "GET", "/api/users?limit=1", nil, nil)
	e.want(200, e.admin, "GET", fmt.Sprintf("/api/users/%d", agent.ID), nil, nil)
	e.want(200, e.admin, "PUT", fmt.Sprintf("/api/users/%d", agent.ID), map[string]any{"bio": "Nights"}, nil)

	// An integration whose endpoint fails: the ticket below makes it fail
	// once, which disables it (DisableAfter is 1) and notifies the admins.
	rc := newReceiver(t, 500)
	var it struct {
		ID int64 `json:"id"`
	}
	e.want(201, e.admin, "POST", "/api/integrations", map[string]any{"name": "Shop", "http": map[string]any{
		"url": rc.url + "/orders?email={{ticket.customer.email}}", "method": "POST", "body": `{"id": "{{ticket.id}}"}`,
		"headers":  []map[string]any{{"key": "X-Api-Key", "value": "k", "secret": true}},
		"triggers": []string{"ticket-created"}, "rate_limit": map[string]any{"requests_per_second": 5}}}, &it)
	ip := fmt.Sprintf("/api/integrations/%d", it.ID)

	// Tickets and messages.
	var tk ticket
	e.want(201, e.admin, "POST", "/api/tickets", map[string]any{"customer_id": cust.ID, "subject": "Broken kettle", "priority": "high",
		"tags": []string{"kettle"}, "assignee_user_id": agent.ID, "assignee_team_id": team.ID, "meta": map[string]any{"order": 7},
		"messages": []map[string]any{{"body_text": "It leaks", "via": "email", "channel": "email"}}}, &tk)
	tp := fmt.Sprintf("/api/tickets/%d", tk.ID)
	var msg struct {
		ID int64 `json:"id"`
	}
	e.want(201, e.admin, "POST", tp+"/messages", map[string]any{"body_text": "Sorry to hear that", "from_agent": true}, &msg)
	e.want(200, e.admin, "PUT", fmt.Sprintf("%s/messages/%d", tp, msg.ID), map[string]any{"failed_datetime": time.Now().UTC()}, nil)
	e.want(200, e.admin, "PUT", tp, map[string]any{"status": "closed", "assignee_user_id": nil, "spam": false}, nil)
	e.want(200, e.admin, "GET", tp, nil, nil)
	e.want(200, e.admin, "GET", fmt.Sprintf("/api/tickets?status=closed&customer_id=%d", cust.ID), nil, nil)
	e.want(200, e.admin, "GET", fmt.Sprintf("/api/events?ticket_id=%d", tk.ID), nil, nil)
	e.want(200, e.admin, "GET", "/api/events?kind=ticket-status-updated", nil, nil)

	// The integration's log, its disabling and the notification.
	var rows list[struct {
		ID int64 `json:"id"`
	}]
	for deadline := time.Now().Add(10 * time.Second); len(rows.Data) == 0 && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		e.want(200, e.admin, "GET", ip+"/events?outcome=failed", nil, &rows)
	}
	if len(rows.Data) == 0 {
		t.Fatal("the integration's failed request was never logged")
	}
	e.want(200, e.admin, "GET", fmt.Sprintf("%s/events/%d", ip, rows.Data[0].ID), nil, nil)
	var notes list[struct {
		ID int64 `json:"id"`
	}]
	for deadline := time.Now().Add(10 * time.Second); len(notes.Data) == 0 && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		e.want(200, e.admin, "GET", "/api/notifications", nil, &notes)
	}
	if len(notes.Data) == 0 {
		t.Fatal("disabling the integration made no notification")
	}
	e.wantError(409, "conflict", "", e.admin, "POST", fmt.Sprintf("%s/events/%d/replay", ip, rows.Data[0].ID), nil)
	e.want(200, e.admin, "POST", ip+"/enable", nil, nil)
	rc.setStatus(200)
	e.want(202, e.admin, "POST", fmt.Sprintf("%s/events/%d/replay", ip, rows.Data[0].ID), nil, nil)
	e.want(200, e.admin, "POST", ip+"/preview", map[string]any{"ticket_id": tk.ID}, nil)
	e.want(200, e.admin, "POST", ip+"/test", map[string]any{"ticket_id": tk.ID}, nil)
	e.wantError(422, "validation_failed", "ticket_id", e.admin, "POST", ip+"/test", map[string]any{"ticket_id": 999999})
	e.want(200, e.admin, "GET", ip, nil, nil)
	e.want(200, e.admin, "GET", "/api/integrations", nil, nil)
	e.want(200, e.admin, "PUT", ip, map[string]any{"name": "Shop", "http": map[string]any{"url": rc.url + "/orders", "triggers": []string{"ticket-created"}}}, nil)
	e.want(202, e.admin, "POST", tp+"/refresh-integrations", nil, nil)

	// Widgets, built from the data the GET integration fetched.
	var wd struct {
		ID int64 `json:"id"`
	}
	e.want(200, e.admin, "POST", "/api/widgets/template", map[string]any{"integration_id": it.ID, "customer_id": cust.ID}, nil)
	e.want(201, e.admin, "POST", "/api/widgets", map[string]any{"integration_id": it.ID, "template": map[string]any{"type": "wrapper", "title": "Shop",
		"widgets": []map[string]any{{"type": "card", "title": "Order", "meta": map[string]any{"custom": map[string]any{
			"buttons": []map[string]any{{"label": "Ping", "action": map[string]any{"method": "POST", "url": rc.url + "/ping"}}}}},
			"widgets": []map[string]any{{"type": "text", "path": "ok", "title": "OK"}}}}}}, &wd)
	e.want(200, e.admin, "PUT", fmt.Sprintf("/api/widgets/%d", wd.ID), map[string]any{"integration_id": it.ID, "order": 0,
		"template": map[string]any{"type": "wrapper", "widgets": []map[string]any{{"type": "card", "title": "Order", "meta": map[string]any{"custom": map[string]any{
			"buttons": []map[string]any{{"label": "Ping", "action": map[string]any{"method": "POST", "url": rc.url + "/ping"}}}}}}}}}, nil)
	e.want(200, e.admin, "GET", fmt.Sprintf("/api/widgets?integration_id=%d", it.ID), nil, nil)
	e.want(200, e.admin, "POST", "/api/widgets/reorder", map[string]any{"ids": []int64{wd.ID}}, nil)
	e.want(200, e.admin, "POST", tp+"/widget-actions", map[string]any{"widget_id": wd.ID, "path": "", "button": 0}, nil)

	// Macros, their preview, applying one and the hooks log.
	var m struct {
		ID int64 `json:"id"`
	}
	e.want(201, e.admin, "POST", "/api/macros", map[string]any{"name": "Refund", "actions": []map[string]any{
		{"type": "set_status", "status": "closed"}, {"type": "add_tags", "tags": []string{"refund"}},
		{"type": "set_assignee", "assignee_user_id": agent.ID}, {"type": "reply", "body_text": "Refunded, {{ticket.customer.firstname}}"},
		{"type": "http_hook", "title": "Refund", "method": "POST", "url": rc.url + "/refund", "body": `{"ticket": {{ticket.id}}}`,
			"headers": []map[string]any{{"key": "X-Api-Key", "value": "k", "secret": true, "editable": false}},
			"params":  []map[string]any{{"key": "reason", "value": "late", "secret": false, "editable": true}}}}}, &m)
	mp := fmt.Sprintf("/api/macros/%d", m.ID)
	e.want(200, e.admin, "GET", mp, nil, nil)
	e.want(200, e.admin, "GET", "/api/macros?q=ref", nil, nil)
	e.want(200, e.admin, "POST", mp+"/preview", map[string]any{"ticket_id": tk.ID}, nil)
	rc.setStatus(500)
	e.want(424, e.admin, "POST", tp+"/apply-macro", map[string]any{"macro_id": m.ID}, nil)
	rc.setStatus(200)
	var applied struct {
		Messages []struct {
			ID int64 `json:"id"`
		} `json:"messages"`
	}
	e.want(200, e.admin, "POST", tp+"/apply-macro", map[string]any{"macro_id": m.ID, "edits": map[string]any{"4": map[string]any{"params": map[string]any{"reason": "broken"}}}}, &applied)
	if len(applied.Messages) != 1 {
		t.Fatalf("applying the macro sent %d replies, want 1", len(applied.Messages))
	}
	e.want(200, e.admin, "GET", fmt.Sprintf("%s/messages/%d/hooks", tp, applied.Messages[0].ID), nil, nil)
	e.want(200, e.admin, "GET", fmt.Sprintf("/api/hooks?ticket_id=%d&macro_id=%d", tk.ID, m.ID), nil, nil)
	e.want(200, e.admin, "PUT", mp, map[string]any{"name": "Refund now", "actions": []map[string]any{{"type": "set_status", "status": "closed"}}}, nil)

	// Deletes and passwords.
	e.want(204, e.admin, "PUT", fmt.Sprintf("/api/users/%d/password", agent.ID), map[string]any{"password": "another long password"}, nil)
	e.want(204, e.admin, "DELETE", mp, nil, nil)
	e.want(204, e.admin, "DELETE", fmt.Sprintf("/api/widgets/%d", wd.ID), nil, nil)
	e.want(204, e.admin, "DELETE", ip, nil, nil)
	e.wantError(404, "not_found", "", e.admin, "GET", ip, nil)
}

// failures records what checkExchange reports instead of failing the test.
type failures struct {
	testing.TB
	errs []string
}

func (f *failures) Errorf(format string, args ...any) {
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}

// TestOpenAPICatchesDrift: the check of env.call fails answers that leave
// out a required field, change a field's type, use an undocumented status
// or leave the error shape, and requests that break a schema.
func TestOpenAPICatchesDrift(t *testing.T) {
	t.Parallel()
	req, _ := http.NewRequest("GET", "http://ticketwire.test/api/teams", nil)
	answer := func(status int) *http.Response {
		return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}}}
	}
	for _, c := range []struct {
		name   string
		status int
		body   string
		ok     bool
	}{
		{"as documented", 200, `{"data": [{"id": 1, "name": "Support"}], "meta": {"next_cursor": null}}`, true},
		{"an extra field", 200, `{"data": [{"id": 1, "name": "Support", "colour": "red"}], "meta": {"next_cursor": null}}`, true},
		{"a required field left out", 200, `{"data": [{"id": 1}], "meta": {"next_cursor": null}}`, false},
		{"a field of another type", 200, `{"data": [{"id": "1", "name": "Support"}], "meta": {"next_cursor": null}}`, false},
		{"no paging meta", 200, `{"data": []}`, false},
		{"an undocumented status", 418, `{"error": {"code": "internal", "message": "teapot"}}`, false},
		{"an error as documented", 401, `{"error": {"code": "unauthenticated", "message": "a valid API token is required"}}`, true},
		{"an error of another shape", 401, `{"message": "a valid API token is required"}`, false},
		{"an unknown error code", 422, `{"error": {"code": "bad", "message": "no", "field": "x"}}`, false},
	} {
		f := &failures{TB: t}
		checkExchange(f, req, nil, answer(c.status), []byte(c.body))
		if (len(f.errs) == 0) != c.ok {
			t.Errorf("%s: check reported %q, want ok=%v", c.name, f.errs, c.ok)
		}
	}
	post, _ := http.NewRequest("POST", "http://ticketwire.test/api/teams", nil)
	post.Header.Set("Content-Type", "application/json")
	f := &failures{TB: t}
	checkExchange(f, post, []byte(`{"name": "Support", "colour": "red"}`), answer(201), []byte(`{"id": 1, "name": "Support"}`))
	if len(f.errs) != 1 || !strings.Contains(f.errs[0], "colour") {
		t.Errorf("a request with an unknown field that was taken: check reported %q, want one error naming it", f.errs)
	}
}
