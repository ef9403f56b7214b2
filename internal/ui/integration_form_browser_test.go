package ui_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/query"
)

// TestIntegrationFormBrowserErrorsWarningsAndExclusiveTriggers fills in the
// integration form as an admin would: one submit with several bad fields
// shows every error at once, each at its field; a misspelt variable saves
// with a warning at the field; an exclusive trigger greys out the others and
// gives back the earlier ticks when unticked.
func TestIntegrationFormBrowserErrorsWarningsAndExclusiveTriggers(t *testing.T) {
	e := brStart(t)
	ctx := e.brBrowser(1280, 1000)
	e.brSignIn(ctx, "admin@example.com", e.adminPwd)

	e.brDo(ctx, "tick two triggers, then an exclusive one",
		chromedp.Navigate(e.url+"/settings/integrations/new"),
		chromedp.WaitVisible(`#f-name`),
		chromedp.Click(`#f-trigger-ticket-created`),
		chromedp.Click(`#f-trigger-ticket-message-created`),
		chromedp.Click(`#f-trigger-ticket-status-updated`),
	)
	type box struct {
		Value             string
		Checked, Disabled bool
	}
	boxes := func() map[string]box {
		list := brEval[[]box](e, ctx, `Array.from(document.querySelectorAll("input[name=triggers]")).map(b => ({Value: b.value, Checked: b.checked, Disabled: b.disabled}))`)
		out := map[string]box{}
		for _, b := range list {
			out[b.Value] = b
		}
		return out
	}
	for v, b := range boxes() {
		exclusive := v == "ticket-status-updated"
		if b.Checked != exclusive || b.Disabled == exclusive {
			t.Fatalf("after ticking ticket-status-updated, %s = %+v; want only it ticked and the others greyed out", v, b)
		}
	}
	if c := brEval[string](e, ctx, `getComputedStyle(document.querySelector("#f-trigger-ticket-created").closest("label")).color`); c == brEval[string](e, ctx, `getComputedStyle(document.querySelector("#f-trigger-ticket-status-updated").closest("label")).color`) {
		t.Errorf("a disabled trigger looks like an enabled one (colour %s)", c)
	}
	e.brDo(ctx, "untick the exclusive trigger", chromedp.Click(`#f-trigger-ticket-status-updated`))
	for v, b := range boxes() {
		want := v == "ticket-created" || v == "ticket-message-created"
		if b.Checked != want || b.Disabled {
			t.Fatalf("after unticking, %s = %+v; want the earlier ticks back and every box enabled", v, b)
		}
	}

	// Several bad fields at once: an empty name, a relative URL, OAuth2 on
	// with nothing filled in and a bad header name.
	e.brDo(ctx, "submit a form with several bad fields",
		chromedp.SetValue(`#f-url`, "shop.example.com/customers"),
		chromedp.Click(`#f-oauth2`),
		chromedp.WaitVisible(`#f-oauth2-token-url`),
		chromedp.SetValue(`#f-headers-0-key`, "Bad Header"),
		chromedp.SetValue(`#f-headers-0-value`, "x"),
		chromedp.Click(`#save-integration`),
		chromedp.WaitVisible(`#error-summary`),
	)
	want := map[string]string{
		"name": "is required", "url": "absolute", "oauth2_token_url": "is required", "oauth2_client_id": "is required when OAuth2 is on",
		"oauth2_client_secret": "is required when OAuth2 is on", "headers[0].key": "must be a valid header name",
	}
	shown := brEval[map[string]string](e, ctx, `Object.fromEntries(Array.from(document.querySelectorAll("[data-error-for]")).filter(s => s.offsetParent !== null).map(s => [s.dataset.errorFor, s.textContent]))`)
	for in, msg := range want {
		if !strings.Contains(shown[in], msg) {
			t.Errorf("error shown at %s = %q; want %q (all shown: %v)", in, shown[in], msg, shown)
		}
	}
	if len(shown) != len(want) {
		t.Errorf("errors shown at %v; want exactly %d", shown, len(want))
	}
	if n := brEval[int](e, ctx, `document.querySelectorAll("#error-summary li a").length`); n != len(want) {
		t.Errorf("the summary links %d fields, want %d", n, len(want))
	}
	if s := e.brText(ctx, `#error-summary`); !strings.Contains(s, "6 fields need a change") {
		t.Errorf("summary = %q", s)
	}
	if f := brEval[string](e, ctx, `document.activeElement.id`); f != "f-name" {
		t.Errorf("focus is on %q, want the first field in error", f)
	}
	e.brShot(ctx, "integration-form-errors")

	// Fixed, but with a misspelt variable: saved, with a warning there.
	e.brDo(ctx, "fix the fields, misspell a variable and save",
		chromedp.SetValue(`#f-name`, "Shop"),
		chromedp.SetValue(`#f-url`, e.hook.URL+"/customers?email={{ticket.customer.emial}}&plan={{ticket.customer.integrations[1].plan}}"),
		chromedp.Click(`#f-oauth2`),
		chromedp.SetValue(`#f-headers-0-key`, "X-Api-Key"),
		chromedp.Click(`#save-integration`),
		chromedp.WaitVisible(`[data-test=flash]`),
		chromedp.WaitVisible(`#f-url-warning`),
	)
	list, err := e.srv.Store.ListIntegrations(context.Background(), query.Page{Limit: 10})
	if err != nil || len(list) != 1 || list[0].Name != "Shop" {
		t.Fatalf("integrations = %+v, %v", list, err)
	}
	if w := e.brText(ctx, `#f-url-warning`); !strings.Contains(w, "{{ticket.customer.emial}}") || !strings.Contains(w, "did you mean email?") ||
		strings.Contains(w, "integrations[1]") {
		t.Errorf("URL warning = %q; want the typo named and the fetched data left alone", w)
	}
	if s := e.brText(ctx, `#warning-summary`); !strings.Contains(s, "Saved, but check this variable") {
		t.Errorf("warning summary = %q", s)
	}
	if n := brEval[int](e, ctx, `document.querySelectorAll(".field-error").length`); n != 0 {
		t.Errorf("%d errors shown after a successful save", n)
	}
	e.brShot(ctx, "integration-form-warning")

	// The preview says so too.
	tk, err := e.srv.Helpdesk.CreateTicket(context.Background(), helpdesk.Actor{}, helpdesk.NewTicket{
		Customer: &helpdesk.CustomerRef{Email: "jo@example.com", Name: "Jo Customer"}, Subject: "Where is my order?",
		Messages: []helpdesk.MessageInput{{BodyText: "Hi!"}}})
	if err != nil {
		t.Fatal(err)
	}
	e.brDo(ctx, "preview the saved request",
		chromedp.SetValue(`#preview-ticket`, strconv.FormatInt(tk.ID, 10)),
		chromedp.Click(`#preview-btn`),
		chromedp.WaitVisible(`[data-test=preview-warnings]`),
	)
	if w := e.brText(ctx, `[data-test=preview-warnings]`); !strings.Contains(w, "{{ticket.customer.emial}}") {
		t.Errorf("preview warnings = %q", w)
	}

	// Fixed, the warning goes. (The old page's flash is removed first, so
	// that waiting for it waits for the new page.)
	brEval[bool](e, ctx, `document.querySelector("[data-test=flash]").remove(), true`)
	e.brDo(ctx, "fix the variable and save",
		chromedp.SetValue(`#f-url`, e.hook.URL+"/customers?email={{ticket.customer.email}}"),
		chromedp.Click(`#save-integration`),
		chromedp.WaitVisible(`[data-test=flash]`),
	)
	if n := brEval[int](e, ctx, `document.querySelectorAll(".field-warning, #warning-summary").length`); n != 0 {
		t.Errorf("%d warnings shown once the variable is fixed", n)
	}
}
