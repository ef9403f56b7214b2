package ui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/helpdesk"
	"github.com/ticketwire/ticketwire/internal/query"
)

// TestBrowserAgentWorksATicket signs in, opens a ticket from the list, replies,
// assigns, tags and closes it, at a desktop and a narrow width, and checks
// that each change went through the helpdesk (its events were raised).
func TestBrowserAgentWorksATicket(t *testing.T) {
	t.Parallel()
	for _, width := range []int{1280, 800} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			e := brStart(t)
			tk, err := e.srv.Helpdesk.CreateTicket(context.Background(), helpdesk.Actor{}, helpdesk.NewTicket{
				Customer: &helpdesk.CustomerRef{Email: "jo@example.com", Name: "Jo Customer"}, Subject: "Where is order 1001?",
				Messages: []helpdesk.MessageInput{{BodyText: "It has been two weeks."}}})
			if err != nil {
				t.Fatal(err)
			}
			ctx := e.brBrowser(width, 900)
			e.brSignIn(ctx, "admin@example.com", e.adminPwd)
			if got := e.brText(ctx, `table.tickets tbody`); !strings.Contains(got, "Where is order 1001?") || !strings.Contains(got, "Jo Customer") {
				t.Fatalf("ticket list shows %q", got)
			}
			e.brDo(ctx, "open the ticket",
				chromedp.Click(`a.row-link`),
				chromedp.WaitVisible(`textarea[name=body_text]`),
				chromedp.SendKeys(`textarea[name=body_text]`, "It ships today."),
				chromedp.Click(`form.reply button[type=submit]`),
				chromedp.WaitVisible(`li.message.agent`),
			)
			if got := e.brText(ctx, `li.message.agent .body`); got != "It ships today." {
				t.Fatalf("reply shows %q", got)
			}
			e.brDo(ctx, "tag and close",
				chromedp.SetValue(`input[name=tags]`, "vip, shipping"),
				chromedp.Click(`form:has(input[name=tags]) button[type=submit]`, chromedp.NodeVisible),
				chromedp.WaitVisible(`input[name=tags][value="shipping, vip"]`),
				chromedp.Click(`form:has(input[name=status][value=closed]) button[type=submit]`, chromedp.NodeVisible),
				chromedp.WaitVisible(`.page-head .pill.closed`),
			)
			e.brShot(ctx, fmt.Sprintf("ticket-%d", width))
			kinds := eventKinds(t, e, tk.ID)
			want := "ticket-created ticket-message-created ticket-updated ticket-updated ticket-status-updated"
			if strings.Join(kinds, " ") != want {
				t.Fatalf("events = %v, want %s", kinds, want)
			}
		})
	}
}

// eventKinds lists a ticket's events, oldest first.
func eventKinds(t *testing.T, e *brEnv, ticketID int64) []string {
	t.Helper()
	list, err := e.srv.Helpdesk.ListEvents(context.Background(), query.EventFilter{TicketID: ticketID, Page: query.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(list) - 1; i >= 0; i-- {
		out = append(out, string(list[i].Kind))
	}
	return out
}

var _ = event.TicketCreated
