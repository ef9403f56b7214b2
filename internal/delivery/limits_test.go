package delivery_test

import (
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/delivery"
)

// TestTemplatePastALimitIsBuildFailed: a body that is fine for an empty
// ticket (so it was saved) but goes past a template limit with a real one is
// logged as build-failed with the limit's message, and nothing is sent.
func TestTemplatePastALimitIsBuildFailed(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		rc := newReceiver(t, status(200, ""))
		body := `{"a": "{% if ticket.id %}{{ 'x' * (ticket.id * 300000000) }}{% endif %}"}`
		it := e.createIntegration("huge", map[string]any{"url": rc.URL + "/x", "method": "POST", "body": body,
			"triggers": []string{"ticket-created"}})
		e.createTicket("huge@example.com", "Hu")
		r := e.waitLog(it.ID, 1)[0]
		e.waitJobs()
		if r.Outcome != delivery.OutcomeBuildFailed || r.ErrorClass != delivery.ClassTemplate ||
			!strings.Contains(r.Error, "body: ") || !strings.Contains(r.Error, "would make a string longer than 256 KiB") {
			t.Fatalf("row = %+v, want build-failed naming the body and the limit", r)
		}
		if len(rc.Hits()) != 0 {
			t.Fatalf("%d requests sent for a request that could not be built", len(rc.Hits()))
		}
	})
}
