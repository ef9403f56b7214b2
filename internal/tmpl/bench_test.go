package tmpl

import "testing"

// benchBody is a typical JSON body of an integration that pushes a ticket.
const benchBody = `{
  "ticket_id": {{ticket.id}},
  "email": "{{ticket.customer.email}}",
  "name": {{ticket.customer.name|tojson}},
  "subject": "{{ticket.subject}}",
  "phone": "{{ticket.customer.phone|fallback("n/a")}}",
  "first": "{{ticket.customer.firstname|default("there", true)}}",
  "tags": "{{ticket.tags|map(attribute="name")|join(",")}}",
  "last_message": "{{ticket.messages[-1].body_text}}",
  "plan": "{{ticket.customer.integrations[12].plan}}",
  "vip": {{ticket.customer.data.vip}},
  "created": "{{ticket.created_datetime|datetime_format("YYYY-MM-DD HH:mm")}}"
}`

// BenchmarkRenderJSONBody measures one rendering of benchBody; the budget is
// well under 100 µs per body.
func BenchmarkRenderJSONBody(b *testing.B) {
	tpl := mustParse(b, benchBody)
	ctx := testContext(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tpl.Render(ctx, PlaceJSON); err != nil {
			b.Fatal(err)
		}
	}
}
