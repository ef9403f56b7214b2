package ui_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ticketwire/ticketwire/internal/helpdesk"
)

// TestBrowserPriority sets a ticket's priority in the ticket view and finds
// it in the inbox, changed through the helpdesk (ticket-updated raised).
func TestBrowserPriority(t *testing.T) {
	t.Parallel()
	e := brStart(t)
	tk, err := e.srv.Helpdesk.CreateTicket(context.Background(), helpdesk.Actor{}, helpdesk.NewTicket{
		Customer: &helpdesk.CustomerRef{Email: "jo@example.com", Name: "Jo Customer"}, Subject: "Order 1001 arrived broken",
		Messages: []helpdesk.MessageInput{{BodyText: "The kettle is cracked."}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := e.brBrowser(1280, 900)
	e.brSignIn(ctx, "admin@example.com", e.adminPwd)
	if got := e.brText(ctx, `table.tickets tbody tr`); !strings.Contains(got, "normal") {
		t.Fatalf("inbox row before = %q, want the default priority normal", got)
	}
	e.brDo(ctx, "open the ticket", chromedp.Click(`a.row-link`), chromedp.WaitVisible(`select[name=priority]`))
	// Choosing in the select saves at once, as an agent picking from it does.
	brEval[bool](e, ctx, `(() => { const s = document.querySelector('select[name=priority]');
		s.value = 'urgent'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	e.brDo(ctx, "see it saved", chromedp.WaitVisible(`.page-head .pill.priority-urgent`))
	if got, err := e.srv.Helpdesk.GetTicket(context.Background(), tk.ID); err != nil || got.Priority != "urgent" {
		t.Fatalf("stored priority = %q (%v), want urgent", got.Priority, err)
	}
	e.brDo(ctx, "back to the inbox",
		chromedp.Click(`a[href="/tickets"]`),
		chromedp.WaitVisible(`table.tickets tbody .pill.priority-urgent`),
	)
	if got := e.brText(ctx, `table.tickets tbody tr`); !strings.Contains(got, "urgent") || !strings.Contains(got, "Order 1001 arrived broken") {
		t.Fatalf("inbox row after = %q, want urgent", got)
	}
	e.brShot(ctx, "inbox-priority")
	if kinds := strings.Join(eventKinds(t, e, tk.ID), " "); kinds != "ticket-created ticket-updated" {
		t.Fatalf("events = %s, want ticket-created ticket-updated", kinds)
	}
}
