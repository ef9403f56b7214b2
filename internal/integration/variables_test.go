package integration

import (
	"strings"
	"testing"
)

func TestUnknownVariables(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src   string
		scope Scope
		want  string // part of the one warning; "" for none
	}{
		{"{{ticket.customer.email}}", ScopeIntegration, ""},
		{"{{ticket.customer.emial}}", ScopeIntegration, "did you mean email?"},
		{"{{ticket.customer.integrations[12].orders[0].anything}}", ScopeIntegration, ""},
		{"{{ticket.customer.integrations.12.plan}}", ScopeIntegration, ""},
		{"{{ticket.meta.whatever.deep}}", ScopeIntegration, ""},
		{"{{ticket.customer.data.plan}}", ScopeIntegration, ""},
		{"{{ticket.messages[-1].body_text}} {{ticket.messages.0.sender.email}}", ScopeIntegration, ""},
		{"{{ticket.messages[-1]['body_html']}}", ScopeIntegration, ""},
		{"{{ticket.messages[-1].bodytext}}", ScopeIntegration, "ticket.messages[-1] has no \"bodytext\""},
		{"{{ticket.messages.body_text}}", ScopeIntegration, "is a list"},
		{"{{ticket.subject.first}}", ScopeIntegration, "single value"},
		{"{{ticket.first_message.body_text}} {{ticket.last_message.sender.name}} {{ticket.customer_id}}", ScopeIntegration, ""},
		{"{{ticket.account.domain}} {{account.url}} {{event.type}} {{changes.status.previous}} {{changes.assignee.current.email}}", ScopeIntegration, ""},
		{"{{message.source.from.address}} {{message.body_text}}", ScopeIntegration, ""},
		{"{{ticket.customer.integrations_meta['3'].fetched_datetime}}", ScopeIntegration, ""},
		{"{{tickt.id}}", ScopeIntegration, "did you mean ticket?"},
		{"{{current_user.name}}", ScopeIntegration, "the variables are account, changes, event, message, ticket"},
		{"{{current_user.name}} {{satisfaction_survey_url}}", ScopeMacro, ""},
		{"{{message.body_text}}", ScopeMacro, "not a known variable"},
		{"{% for m in ticket.messages %}{{m.body_text}}{{loop.index}}{% endfor %}", ScopeIntegration, ""},
		{"{% set x = ticket.id %}{{x}} {{ range(3)|join }} {{ticket.messages[x].body_text}}", ScopeIntegration, ""},
		{"{{context}} {{context.ticket.id}}", ScopeIntegration, ""},
		{"{{context.tickets}}", ScopeIntegration, "not a known variable"},
		{"{{ticket.subject|upper}} {{ticket.subject.upper()}} {{ticket.tags|map(attribute='name')|join(',')}}", ScopeIntegration, ""},
		{"{{ticket.id", ScopeIntegration, ""}, // a syntax error is the save's concern
		{"no variables", ScopeIntegration, ""},
	}
	for _, tt := range tests {
		got := UnknownVariables("http.url", tt.src, tt.scope)
		if tt.want == "" {
			if len(got) != 0 {
				t.Errorf("UnknownVariables(%q) = %v; want none", tt.src, got)
			}
			continue
		}
		if len(got) != 1 || got[0].Field != "http.url" || !strings.Contains(got[0].Message, tt.want) {
			t.Errorf("UnknownVariables(%q) = %v; want one on http.url saying %q", tt.src, got, tt.want)
		}
	}
}
