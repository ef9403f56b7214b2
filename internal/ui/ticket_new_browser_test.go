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

// TestBrowserAgentCreatesATicket opens "New ticket" from the inbox, submits
// an empty form (every missing field is marked at once), then types a known
// customer's email (the look-up names them and hides the name field) and
// creates the ticket with a channel, tags, an assignee and a team.
func TestBrowserAgentCreatesATicket(t *testing.T) {
	t.Parallel()
	e := brStart(t)
	ctx := context.Background()
	if _, err := e.srv.Helpdesk.CreateTicket(ctx, helpdesk.Actor{}, helpdesk.NewTicket{
		Customer: &helpdesk.CustomerRef{Email: "jo@example.com", Name: "Jo Customer"}, Subject: "Older",
		Messages: []helpdesk.MessageInput{{BodyText: "Hi"}}}); err != nil {
		t.Fatal(err)
	}
	team, err := e.srv.Helpdesk.CreateTeam(ctx, "Billing")
	if err != nil {
		t.Fatal(err)
	}
	b := e.brBrowser(390, 900)
	e.brSignIn(b, "admin@example.com", e.adminPwd)
	e.brDo(b, "submit an empty form",
		chromedp.Click(`a[data-test=new-ticket]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`form#new-ticket`),
		chromedp.Click(`form#new-ticket button[type=submit]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`[data-error-for=body_text]`),
	)
	if got := e.brText(b, `[data-error-for=email]`); got != "Email is required" {
		t.Fatalf("email error = %q", got)
	}
	if got := e.brText(b, `[data-error-for=body_text]`); !strings.HasPrefix(got, "Message is required") {
		t.Fatalf("message error = %q", got)
	}
	e.brDo(b, "type a known customer's email",
		chromedp.SendKeys(`#nt-email`, "Jo@Example.com"),
		chromedp.WaitVisible(`[data-test=customer-status].nt-known`),
		chromedp.WaitNotVisible(`#nt-name`),
		chromedp.WaitNotPresent(`#nt-email-error`),
	)
	if got := e.brText(b, `[data-test=customer-status]`); got != "Existing customer: Jo Customer" {
		t.Fatalf("look-up says %q", got)
	}
	e.brShot(b, "new-ticket-390")
	e.brDo(b, "fill in and create",
		chromedp.SendKeys(`#nt-subject`, "Refund for order 1002"),
		chromedp.SetValue(`#nt-channel`, "phone"),
		chromedp.SendKeys(`#nt-body`, "Called: wants a refund."),
		chromedp.SendKeys(`#nt-tags`, "refund, vip"),
		chromedp.SetValue(`#nt-team`, strconv.FormatInt(team.ID, 10)),
		chromedp.Click(`form#new-ticket button[type=submit]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`li.message.customer`),
	)
	list, err := e.srv.Helpdesk.ListTickets(ctx, query.TicketFilter{Page: query.Page{Limit: 10}})
	if err != nil {
		t.Fatal(err)
	}
	got := list[0]
	if got.Subject != "Refund for order 1002" || got.Channel != "phone" || got.Customer.Email != "jo@example.com" ||
		len(got.Tags) != 2 || got.AssigneeTeam == nil || got.AssigneeTeam.ID != team.ID {
		t.Fatalf("created ticket = %+v", got)
	}
	if kinds := eventKinds(t, e, got.ID); strings.Join(kinds, " ") != "ticket-created" {
		t.Fatalf("events = %v, want one ticket-created", kinds)
	}
	if got := e.brText(b, `li.message.customer .body`); got != "Called: wants a refund." {
		t.Fatalf("first message shows %q", got)
	}
}

// TestBrowserNewTicketForANewCustomer creates a ticket for an email nobody
// has: the look-up says so, the name is kept, and an invalid tag is marked at
// its field with everything typed still there.
func TestBrowserNewTicketForANewCustomer(t *testing.T) {
	t.Parallel()
	e := brStart(t)
	b := e.brBrowser(1280, 900)
	e.brSignIn(b, "admin@example.com", e.adminPwd)
	e.brDo(b, "open the form and type a new email",
		chromedp.Navigate(e.url+"/tickets/new"),
		chromedp.WaitVisible(`#nt-email`),
		chromedp.SendKeys(`#nt-email`, "ann@example.com"),
		chromedp.WaitVisible(`[data-test=customer-status]:not(.nt-known)`),
		chromedp.Poll[chromedp.Void](`document.querySelector("[data-test=customer-status]").textContent.startsWith("No customer")`),
		chromedp.SendKeys(`#nt-name`, "Ann Lee"),
		chromedp.SendKeys(`#nt-body`, "Hello"),
		chromedp.SendKeys(`#nt-tags`, strings.Repeat("x", 101)),
		chromedp.Click(`form#new-ticket button[type=submit]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`[data-error-for=tags]`),
	)
	if got := e.brText(b, `[data-error-for=tags]`); got != "Tags must be at most 100 characters" {
		t.Fatalf("tags error = %q", got)
	}
	if v := brEval[string](e, b, `document.getElementById("nt-name").value + "|" + document.getElementById("nt-body").value`); v != "Ann Lee|Hello" {
		t.Fatalf("form kept %q", v)
	}
	e.brDo(b, "fix the tag and create",
		chromedp.SetValue(`#nt-tags`, "new"),
		chromedp.Click(`form#new-ticket button[type=submit]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`li.message.customer`),
	)
	if got := e.brText(b, `.customer-head strong`); got != "Ann Lee" {
		t.Fatalf("sidebar customer = %q", got)
	}
}
