package tmpl

import (
	"encoding/json"
	"testing"
)

// hostedTicket is a ticket context shaped as the hosted helpdesk gives its
// templates (its TicketHttpIntegration object and its built-in Shopify
// data), so the templates of its docs below run against what they expect.
const hostedTicket = `{
  "id": 123, "external_id": "RETURN#4213", "status": "open", "channel": "email", "via": "email",
  "spam": false, "from_agent": false, "subject": "Where is my refund?", "language": "en",
  "meta": {"source": "returns", "rma": 4213},
  "created_datetime": "2018-03-20T10:00:00.000000", "opened_datetime": "2018-03-20T10:05:00",
  "updated_datetime": "2018-03-22T16:20:00Z", "last_message_datetime": "2018-03-22T16:20:00+00:00",
  "customer": {"id": 7, "email": "ann@example.com", "name": "Ann \"Annie\" Lee", "firstname": "Ann",
    "integrations": {"shopify": {
      "customer": {"email": "ann@example.com", "default_address": {"address1": "1 Main St", "address2": "", "zip": "94107", "city": "San Francisco", "province": "California"}},
      "orders": [{"id": 4759226956, "name": "#1002", "refunds": [{"processed_at": "2018-03-22T16:20:00-04:00"}]}]}}},
  "sender": {"email": "ann@example.com"}, "receiver": {"email": "support@shop.example.com"},
  "assignee_user": {"id": 4, "email": "agent@shop.example.com", "name": "Al Agent"},
  "messages": [
    {"body_text": "Hi, where is my refund?", "stripped_text": "Hi, where is my refund?", "body_html": "<p>Hi</p>"},
    {"body_text": "Checking now.", "body_html": "<p>Checking now.</p>"},
    {"body_text": "Thanks!", "body_html": "<p>Thanks!</p>"}]
}`

// TestHostedDocsTemplates renders templates copied from the hosted
// helpdesk's macro variables page, its help center's variables list, its
// developer docs' integration example and a partner's setup guide.
func TestHostedDocsTemplates(t *testing.T) {
	t.Parallel()
	ctx := BuildContext(ContextInput{Ticket: decode(t, hostedTicket), Account: map[string]any{"domain": "sfbycicles"},
		CurrentUser: map[string]any{"id": 4, "firstname": "Al", "lastname": "Agent", "name": "Al Agent", "email": "agent@shop.example.com", "bio": "Support lead"}})
	tests := []struct {
		src   string
		place Place
		want  string
	}{
		{src: "{{ticket.channel}} {{ticket.subject}}", want: "email Where is my refund?"},
		{src: "{{ticket.messages[0].body_text}}", want: "Hi, where is my refund?"},
		{src: "{{ticket.messages[0].stripped_text}}", want: "Hi, where is my refund?"},
		{src: "{{ticket.messages[-1].body_text}} {{ticket.messages[-2].body_html}} {{ticket.messages[1].body_html}}", want: "Thanks! <p>Checking now.</p> <p>Checking now.</p>"},
		{src: "{{ticket.receiver.email}} {{ticket.sender.email}} {{ticket.id}} {{ticket.customer.id}} {{ticket.customer.email}}", want: "support@shop.example.com ann@example.com 123 7 ann@example.com"},
		{src: "https://{{ticket.account.domain}}.gorgias.com/app/ticket/{{ticket.id}}/", want: "https://sfbycicles.gorgias.com/app/ticket/123/"},
		{src: "{{ticket.assignee_user.email}} {{ticket.assignee_user.id}} {{ticket.assignee_user.name}}", want: "agent@shop.example.com 4 Al Agent"},
		{src: "{{ticket.last_message_datetime}} | {{ticket.created_datetime}} | {{ticket.opened_datetime}}", want: "2018-03-22T16:20:00+00:00 | 2018-03-20T10:00:00.000000 | 2018-03-20T10:05:00"},
		{src: "{{ticket.first_message.body_text}}", want: "Hi, where is my refund?"},
		{src: "{{ticket.customer.firstname}}", want: "Ann"},
		{src: "{{current_user.id}} {{current_user.firstname}} {{current_user.lastname}} {{current_user.name}} {{current_user.email}} {{current_user.bio}}", want: "4 Al Agent Al Agent agent@shop.example.com Support lead"},
		{src: `{{ticket.customer.integrations.shopify.orders[0].refunds[0].processed_at|datetime_format("MMM Do YY")}}`, want: "Mar 22nd 18"},
		{src: `{{ticket.customer.integrations.shopify.orders[0].refunds[0].processed_at|datetime_format("L")}}`, want: "03/22/2018"},
		{src: `{{ticket.created_datetime|datetime_format("MMMM d yyyy")}}`, want: "March 20 2018"},
		{src: "{{ticket.customer.integrations.shopify.customer.default_address.address1}}, {{ticket.customer.integrations.shopify.customer.default_address.address2}}, " +
			"{{ticket.customer.integrations.shopify.customer.default_address.zip}}, {{ticket.customer.integrations.shopify.customer.default_address.city}}, " +
			"{{ticket.customer.integrations.shopify.customer.default_address.province}}", want: "1 Main St, , 94107, San Francisco, California"},
		{src: "{{ticket.customer.integrations.shopify.orders[0].name}} {{ticket.customer.integrations.shopify.orders[0].id}}", want: "#1002 4759226956"},
		{src: "https://company.com/api/customers?email={{ticket.customer.email}}", place: PlaceURL, want: "https://company.com/api/customers?email=ann%40example.com"},
		{src: `{"hello": "world", "ticket_id": "{{ticket.id}}"}`, place: PlaceJSON, want: `{"hello": "world", "ticket_id": "123"}`},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			if got := render(t, tt.src, ctx, tt.place).Text; got != tt.want {
				t.Errorf("Render(%q, %s) = %q, want %q", tt.src, tt.place, got, tt.want)
			}
		})
	}
}

// TestPartnerGuideBody renders a partner's survey-request body as its setup
// guide gives it: every value quoted, ticket.meta (an object) among them.
func TestPartnerGuideBody(t *testing.T) {
	t.Parallel()
	ctx := BuildContext(ContextInput{Ticket: decode(t, hostedTicket)})
	src := `{
"channel": "{{ticket.channel}}",
"meta": "{{ticket.meta}}",
"ext_interaction_id": "{{ticket.id}}",
"customer_custom_id": "{{ticket.customer.id}}",
"employee_email": "{{ticket.assignee_user.email}}",
"customer_name": "{{ticket.customer.name}}"
}`
	var got map[string]string
	if err := json.Unmarshal([]byte(render(t, src, ctx, PlaceJSON).Text), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"channel": "email", "meta": `{"rma":4213,"source":"returns"}`, "ext_interaction_id": "123",
		"customer_custom_id": "7", "employee_email": "agent@shop.example.com", "customer_name": `Ann "Annie" Lee`}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}
