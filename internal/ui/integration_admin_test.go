package ui_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/integration"
)

func TestIntegrationSettingsAreForAdminsOnly(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		it := e.integration("Shop", nil)
		e.ticket("Order late")
		row := e.waitLog(it.ID, 1)[0]
		base := fmt.Sprintf("/settings/integrations/%d", it.ID)
		agent := e.signIn(itAgentEmail)
		for _, path := range []string{"/settings/integrations", "/settings/integrations/new", base + "/edit", base + "/delete",
			base + "/events", base + "/events?outcome=failed", fmt.Sprintf("%s/events/%d", base, row.ID)} {
			page := agent.get(path, http.StatusForbidden)
			itContains(t, page, "Only admins can open this page.")
		}
		for _, path := range []string{"/settings/integrations/new", base + "/edit", base + "/enable", base + "/disable", base + "/delete",
			fmt.Sprintf("%s/events/%d/replay", base, row.ID)} {
			agent.post(path, url.Values{"name": {"Hijacked"}}, http.StatusForbidden)
		}
		if got, _ := e.srv.Integrations.Get(context.Background(), it.ID); got.Name != "Shop" || !got.Enabled {
			t.Fatalf("an agent changed the integration: %+v", got)
		}
		// The rail shows agents no link to the settings.
		itLacks(t, agent.get("/tickets", http.StatusOK), `href="/settings/integrations"`)

		// Without a session, pages send the browser to sign in.
		status, _, loc := (&itBrowser{e: e, c: noRedirects()}).do(http.MethodGet, "/settings/integrations", nil)
		if status != http.StatusFound || !strings.HasPrefix(loc, "/login?next=") {
			t.Fatalf("signed-out GET = %d to %q", status, loc)
		}
	})
}

func TestIntegrationFormRefusesBadInputBesideTheField(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		admin := e.signIn(itAdminEmail)
		page := admin.get("/settings/integrations/new", http.StatusOK)
		itContains(t, page, `id="integration-form"`, `name="url"`, `name="method"`, `name="headers[0].key"`, `name="form[0].key"`,
			`name="oauth2"`, `name="oauth2_token_url"`, `name="signing_secret"`, `value="ticket-assignment-updated"`, `data-exclusive`,
			itEsc(`{"ticket_id": "{{ticket.id}}"}`))

		form := validForm(e)
		form.Set("url", "not a url")
		page, _ = admin.post("/settings/integrations/new", form, http.StatusUnprocessableEntity)
		itContains(t, page, `data-error-for="url"`, "must be an absolute http:// or https:// URL",
			`id="f-url" name="url" value="not a url"`, `aria-invalid="true"`, `href="#f-url"`,
			`value="Shop orders"`, `value="X-Api-Key"`, `value="s3cret"`, `value="ticket-created" id="f-trigger-ticket-created" checked`)
		if n := itCount(page, `class="field-error`); n != 1 {
			t.Fatalf("%d field errors, want the one beside the URL", n)
		}

		form = validForm(e)
		form.Set("headers[1].key", "Bad Header")
		form.Set("headers[1].value", "x")
		page, _ = admin.post("/settings/integrations/new", form, http.StatusUnprocessableEntity)
		itContains(t, page, `data-error-for="headers[1].key"`, `id="f-headers-1-key" name="headers[1].key" value="Bad Header"`,
			`aria-describedby="f-headers-1-key-error"`, "must be a valid header name")

		form = validForm(e)
		form["triggers"] = []string{"ticket-created", "ticket-status-updated"}
		page, _ = admin.post("/settings/integrations/new", form, http.StatusUnprocessableEntity)
		itContains(t, page, `data-error-for="triggers"`, "must be the only trigger")

		form = validForm(e)
		form.Set("oauth2", "on")
		form.Set("oauth2_token_url", "https://auth.example.com/token")
		page, _ = admin.post("/settings/integrations/new", form, http.StatusUnprocessableEntity)
		itContains(t, page, `data-error-for="oauth2_client_id"`, "is required when OAuth2 is on")

		// Every error of one submit at once, each beside its input and all
		// in the summary.
		form = validForm(e)
		form.Set("name", " ")
		form.Set("url", "not a url")
		form.Set("oauth2", "on")
		form.Set("oauth2_token_url", "")
		form["triggers"] = []string{"ticket-created", "ticket-status-updated"}
		page, _ = admin.post("/settings/integrations/new", form, http.StatusUnprocessableEntity)
		for _, in := range []string{"name", "url", "oauth2_token_url", "oauth2_client_id", "oauth2_client_secret", "triggers"} {
			itContains(t, page, `data-error-for="`+in+`"`, `data-summary-for="`+in+`"`)
		}
		if n := itCount(page, `class="field-error`); n != 6 {
			t.Fatalf("%d field errors, want 6", n)
		}
		itContains(t, page, "6 fields need a change")

		list, _ := e.srv.Integrations.List(context.Background(), storePage())
		if len(list) != 0 {
			t.Fatalf("refused forms stored %d integrations", len(list))
		}
	})
}

func TestIntegrationFormCreatesAndEditKeepsSecrets(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		ctx := context.Background()
		admin := e.signIn(itAdminEmail)

		// A preset chosen without scripts fills the body and saves nothing.
		form := validForm(e)
		form.Set("preset", "context")
		page, _ := admin.post("/settings/integrations/new", form, http.StatusOK)
		itContains(t, page, `>{{context}}</textarea>`)

		_, loc := admin.post("/settings/integrations/new", validForm(e), http.StatusSeeOther)
		m := regexp.MustCompile(`^/settings/integrations/(\d+)/edit\?saved=1$`).FindStringSubmatch(loc)
		if m == nil {
			t.Fatalf("create redirected to %q", loc)
		}
		var id int64
		fmt.Sscan(m[1], &id)
		clear, err := e.srv.Integrations.Load(ctx, e.srv.Store.Q, id)
		if err != nil {
			t.Fatal(err)
		}
		h := clear.HTTP
		if clear.Name != "Shop orders" || h.Method != "POST" || h.Body != `{"ticket_id": "{{ticket.id}}"}` || len(h.Headers) != 2 ||
			h.Headers[0] != (integration.KV{Key: "X-Api-Key", Value: "s3cret", Secret: true}) || h.Headers[1].Secret ||
			h.SigningSecret != "whsec_test" || len(h.Triggers) != 2 || h.OAuth2 != nil || len(h.Form) != 0 {
			t.Fatalf("stored %+v", clear)
		}

		page = admin.get(loc, http.StatusOK)
		itContains(t, page, "Integration saved.", `value="********"`, `type="password"`, `id="preview-test"`,
			`data-integration-id="`+m[1]+`"`, `id="preview-ticket"`)
		itLacks(t, page, "s3cret", "whsec_test")

		// Saving the page as shown keeps the stored secrets.
		form = validForm(e)
		form.Set("name", "Shop orders v2")
		form.Set("headers[0].value", "********")
		form.Set("signing_secret", "********")
		admin.post(loc[:strings.Index(loc, "?")], form, http.StatusSeeOther)
		clear, _ = e.srv.Integrations.Load(ctx, e.srv.Store.Q, id)
		if clear.Name != "Shop orders v2" || clear.HTTP.Headers[0].Value != "s3cret" || clear.HTTP.SigningSecret != "whsec_test" {
			t.Fatalf("edit lost a secret: %+v", clear.HTTP)
		}

		// A form body with OAuth2; removing a row (left blank) drops it.
		form = validForm(e)
		form.Set("request_content_type", "application/x-www-form-urlencoded")
		form.Set("form[0].key", "email")
		form.Set("form[0].value", "{{ticket.customer.email}}")
		form.Set("headers[1].key", "")
		form.Set("headers[1].value", "")
		form.Set("headers[0].value", "********")
		form.Set("signing_secret", "")
		form.Set("oauth2", "on")
		form.Set("oauth2_token_url", "https://auth.example.com/token")
		form.Set("oauth2_client_id", "client")
		form.Set("oauth2_client_secret", "oauth-secret")
		form.Set("oauth2_token_location", "query")
		form.Set("oauth2_scopes", "orders:read  customers:read")
		admin.post(fmt.Sprintf("/settings/integrations/%d/edit", id), form, http.StatusSeeOther)
		clear, _ = e.srv.Integrations.Load(ctx, e.srv.Store.Q, id)
		h = clear.HTTP
		if h.RequestContentType != integration.ContentForm || h.Body != "" || len(h.Form) != 1 || h.Form[0].Key != "email" ||
			len(h.Headers) != 1 || h.Headers[0].Value != "s3cret" || h.SigningSecret != "" || h.OAuth2 == nil ||
			h.OAuth2.ClientSecret != "oauth-secret" || h.OAuth2.TokenLocation != "query" || h.OAuth2.TokenKey != "access_token" ||
			strings.Join(h.OAuth2.Scopes, ",") != "orders:read,customers:read" {
			t.Fatalf("stored %+v %+v", h, h.OAuth2)
		}
		page = admin.get(fmt.Sprintf("/settings/integrations/%d/edit", id), http.StatusOK)
		itContains(t, page, `name="oauth2" value="on" role="switch" aria-controls="oauth2-fields" checked`, `value="orders:read customers:read"`,
			`id="f-ct-form" checked`, `name="form[0].key" value="email"`)
		itLacks(t, page, "oauth-secret", "s3cret")

		// GET sends no body: what was typed for one stays in the form but is not stored.
		form.Set("method", "GET")
		form.Set("oauth2_client_secret", "********")
		admin.post(fmt.Sprintf("/settings/integrations/%d/edit", id), form, http.StatusSeeOther)
		clear, _ = e.srv.Integrations.Load(ctx, e.srv.Store.Q, id)
		if clear.HTTP.Method != "GET" || len(clear.HTTP.Form) != 0 || clear.HTTP.OAuth2.ClientSecret != "oauth-secret" {
			t.Fatalf("stored %+v", clear.HTTP)
		}

		list := admin.get("/settings/integrations", http.StatusOK)
		itContains(t, list, "Shop orders</a>", `<span class="int-method">GET</span>`, "Ticket created", "Ticket message created",
			`data-test="status">Enabled`, `href="/settings/integrations/new"`)
	})
}

func TestIntegrationEnableDisableDelete(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		ctx := context.Background()
		it := e.integration("Billing", nil)
		base := fmt.Sprintf("/settings/integrations/%d", it.ID)
		admin := e.signIn(itAdminEmail)

		_, loc := admin.post(base+"/disable", url.Values{"next": {"/settings/integrations"}}, http.StatusSeeOther)
		if loc != "/settings/integrations" {
			t.Fatalf("disable went to %q", loc)
		}
		if got, _ := e.srv.Integrations.Get(ctx, it.ID); got.Enabled {
			t.Fatal("still enabled")
		}
		page := admin.get("/settings/integrations", http.StatusOK)
		itContains(t, page, `data-test="status">Disabled`, `data-test="reason">disabled by an admin`, base+`/enable"`)

		_, loc = admin.post(base+"/enable", url.Values{"next": {base + "/events"}}, http.StatusSeeOther)
		if loc != base+"/events" {
			t.Fatalf("enable went to %q", loc)
		}
		if got, _ := e.srv.Integrations.Get(ctx, it.ID); !got.Enabled {
			t.Fatal("still disabled")
		}
		// A redirect never leaves the settings pages.
		if _, loc = admin.post(base+"/disable", url.Values{"next": {"https://evil.example.com/"}}, http.StatusSeeOther); loc != "/settings/integrations" {
			t.Fatalf("disable went to %q", loc)
		}

		page = admin.get(base+"/delete", http.StatusOK)
		itContains(t, page, "Delete Billing?", `action="`+base+`/delete"`, `data-test="delete-confirm"`)
		_, loc = admin.post(base+"/delete", nil, http.StatusSeeOther)
		if loc != "/settings/integrations?deleted=1" || !e.gone(it.ID) {
			t.Fatalf("delete went to %q; gone: %v", loc, e.gone(it.ID))
		}
		page = admin.get(loc, http.StatusOK)
		itContains(t, page, "Integration deleted", "No HTTP integrations yet.")
		admin.get(base+"/edit", http.StatusNotFound)
		admin.get(base+"/events", http.StatusNotFound)
	})
}

func TestIntegrationStateChangesNeedTheCSRFToken(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		it := e.integration("Shop", nil)
		base := fmt.Sprintf("/settings/integrations/%d", it.ID)
		admin := e.signIn(itAdminEmail)
		for _, path := range []string{"/settings/integrations/new", base + "/edit", base + "/disable", base + "/delete"} {
			for _, token := range []string{"", "forged"} {
				form := validForm(e)
				if token != "" {
					form.Set("csrf_token", token)
				}
				status, page, _ := admin.do(http.MethodPost, path, form)
				if status != http.StatusForbidden {
					t.Fatalf("POST %s with token %q = %d: %s", path, token, status, itExcerpt(page))
				}
			}
		}
		got, _ := e.srv.Integrations.Get(context.Background(), it.ID)
		list, _ := e.srv.Integrations.List(context.Background(), storePage())
		if !got.Enabled || got.Name != "Shop" || len(list) != 1 {
			t.Fatalf("a forged form changed something: %+v, %d integrations", got, len(list))
		}
	})
}

// validForm is the form of a good integration, as a browser posts it.
func validForm(e *itEnv) url.Values {
	return url.Values{
		"name": {"Shop orders"}, "url": {e.hook.URL + "/orders?email={{ticket.customer.email}}"}, "method": {"POST"},
		"request_content_type": {"application/json"}, "body": {`{"ticket_id": "{{ticket.id}}"}`},
		"headers[0].key": {"X-Api-Key"}, "headers[0].value": {"s3cret"}, "headers[0].secret": {"on"},
		"headers[1].key": {"X-Source"}, "headers[1].value": {"ticketwire"},
		"headers[2].key": {""}, "headers[2].value": {""}, // the blank row every form carries
		"form[0].key": {""}, "form[0].value": {""},
		"oauth2_token_location": {"header"}, "signing_secret": {"whsec_test"},
		"triggers": {"ticket-created", "ticket-message-created"},
	}
}
