package tmpl

import (
	"reflect"
	"testing"
)

func TestAccount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, publicURL, domain, url string
	}{
		{name: "unset", publicURL: "", domain: "", url: ""},
		{name: "host", publicURL: "https://support.example.com", domain: "support.example.com", url: "https://support.example.com"},
		{name: "port and path", publicURL: "https://support.example.com:8443/desk/", domain: "support.example.com", url: "https://support.example.com:8443/desk"},
		{name: "IPv6", publicURL: "http://[2001:db8::1]:8080", domain: "2001:db8::1", url: "http://[2001:db8::1]:8080"},
		{name: "not a URL", publicURL: "support.example.com", domain: "", url: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			want := map[string]any{"domain": tt.domain, "url": tt.url}
			if got := Account(tt.publicURL); !reflect.DeepEqual(got, want) {
				t.Fatalf("Account(%q) = %v, want %v", tt.publicURL, got, want)
			}
		})
	}
}

// TestEventAndAccountContext renders the event and account variables as the
// hosted helpdesk's users write them; the ticket link is the one of its
// macro docs with our domain in place of its subdomain.
func TestEventAndAccountContext(t *testing.T) {
	t.Parallel()
	ctx := BuildContext(ContextInput{
		Ticket:  decode(t, ticketJSON),
		Event:   map[string]any{"id": int64(88), "type": "ticket-created", "user_id": nil, "created_datetime": "2026-12-01T09:05:03Z", "object_type": "Ticket", "object_id": int64(42)},
		Account: Account("https://support.example.com"),
	})
	tests := []struct {
		name, src, want string
	}{
		{name: "event", src: "{{event.id}} {{event.type}} [{{event.user_id}}] {{event.object_type}} {{event.object_id}}", want: "88 ticket-created [] Ticket 42"},
		{name: "event time formatted", src: `{{event.created_datetime|datetime_format("MMMM d yyyy, HH:mm")}}`, want: "December 1 2026, 09:05"},
		{name: "account", src: "{{account.domain}} {{account.url}}", want: "support.example.com https://support.example.com"},
		{name: "ticket url from the docs", src: "https://{{ticket.account.domain}}/app/ticket/{{ticket.id}}/", want: "https://support.example.com/app/ticket/42/"},
		{name: "whole context holds both", src: "{{context.event.type}} {{context.account.domain}}", want: "ticket-created support.example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := render(t, tt.src, ctx, PlaceText).Text; got != tt.want {
				t.Errorf("Render(%q) = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestTicketAccountKeepsATicketField(t *testing.T) {
	t.Parallel()
	ctx := BuildContext(ContextInput{Ticket: map[string]any{"id": 1.0, "account": "acme"}, Account: Account("https://support.example.com")})
	if got := ctx["ticket"].(map[string]any)["account"]; got != "acme" {
		t.Fatalf("ticket.account = %v, want the ticket's own field kept", got)
	}
}
