package delivery_test

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/store"
)

// deepArray is [[[…]]] nested n levels.
func deepArray(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }

// An answer past the limits is not stored, the previous data stays, the log
// row says why, and the customer and new tickets stay usable.
func TestAnswersPastTheLimitsAreNotStored(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		crm := newReceiver(t, status(200, `{"plan": "gold"}`))
		it := e.createIntegration("crm", map[string]any{"url": crm.URL + "/crm", "triggers": []string{"ticket-created", "ticket-updated"}})
		key := strconv.FormatInt(it.ID, 10)
		tk := e.createTicket("deep@example.com", "De")
		e.waitLog(it.ID, 1)
		customer := func() customerJSON {
			t.Helper()
			var c customerJSON
			e.want(200, "GET", fmt.Sprintf("/api/customers/%d", tk.Customer.ID), nil, &c)
			return c
		}
		want := string(customer().Integrations[key])
		if !strings.Contains(want, `"gold"`) {
			t.Fatalf("the first answer was not stored: %s", want)
		}
		manyKeys := "{" + strings.Repeat(`"k": 1, `, 10000) + `"last": 2}`
		rows := 1
		for _, a := range []struct{ name, body, reason string }{
			{"10 000-deep array", deepArray(10000), "answer nested deeper than 64 levels; not stored"},
			{"65 levels", deepArray(65), "answer nested deeper than 64 levels; not stored"},
			{"10 001 keys", manyKeys, "answer has more than 10000 keys; not stored"},
			{"number out of range", `{"n": 1e400}`, "answer holds a number out of range (1e400); not stored"},
		} {
			crm.setReply(status(200, a.body))
			rows++
			e.want(200, "PUT", fmt.Sprintf("/api/tickets/%d", tk.ID), map[string]any{"subject": a.name}, nil)
			row := e.waitLog(it.ID, rows)[0]
			if row.Outcome != delivery.OutcomeSuccess || row.Error != a.reason {
				t.Errorf("%s: row outcome %s error %q, want success and %q", a.name, row.Outcome, row.Error, a.reason)
			}
			if got := string(customer().Integrations[key]); got != want {
				t.Errorf("%s: stored data changed to %.100s", a.name, got)
			}
			// A new ticket for the customer (its snapshot holds the data).
			e.createTicket("deep@example.com", "De")
			rows++
			e.waitLog(it.ID, rows)
		}
		if got := e.integration(it.ID).ConsecutiveFailures; got != 0 {
			t.Errorf("consecutive failures = %d; an answer past the limits is still a success", got)
		}
	})
}

// Data stored before the limits existed that cannot be encoded (the
// {"data": …} wrapper around a 10 000-deep array is one level deeper than
// encoding/json accepts) is left out of customers, tickets and template
// contexts with a note, instead of failing them.
func TestStoredDataThatCannotBeEncodedIsLeftOut(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		ctx := t.Context()
		old := e.createIntegration("old", map[string]any{"url": "https://example.com/never", "triggers": []string{"ticket-message-failed"}})
		tk := e.createTicket("old@example.com", "Ol")
		bad := `{"data":` + deepArray(10000) + `,"__integration_type__":"http"}`
		err := e.srv.Store.PutCustomerIntegration(ctx, store.CustomerIntegration{CustomerID: tk.Customer.ID, IntegrationID: old.ID,
			Data: json.RawMessage(bad), FetchedAt: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		key := strconv.FormatInt(old.ID, 10)
		var c struct {
			Email            string                     `json:"email"`
			Integrations     map[string]json.RawMessage `json:"integrations"`
			IntegrationsMeta map[string]struct {
				Note string `json:"note"`
			} `json:"integrations_meta"`
		}
		e.want(200, "GET", fmt.Sprintf("/api/customers/%d", tk.Customer.ID), nil, &c)
		if c.Email != "old@example.com" || c.Integrations[key] != nil ||
			c.IntegrationsMeta[key].Note != "stored data nested deeper than 64 levels; left out" {
			t.Fatalf("customer = %+v", c)
		}
		e.want(200, "GET", fmt.Sprintf("/api/tickets/%d", tk.ID), nil, &ticketJSON{})

		// Events of the customer still deliver, with the whole context.
		hook := newReceiver(t, status(200, ""))
		push := e.createIntegration("push", map[string]any{"url": hook.URL + "/push", "method": "POST", "body": "{{context}}",
			"triggers": []string{"ticket-created"}})
		e.createTicket("old@example.com", "Ol")
		row := e.waitLog(push.ID, 1)[0]
		var sent struct {
			Ticket struct {
				Customer struct {
					Email        string         `json:"email"`
					Integrations map[string]any `json:"integrations"`
				} `json:"customer"`
			} `json:"ticket"`
		}
		decodeJSON(t, hook.waitHits(t, 1)[0].Body, &sent)
		if row.Outcome != delivery.OutcomeSuccess || sent.Ticket.Customer.Email != "old@example.com" || sent.Ticket.Customer.Integrations[key] != nil {
			t.Fatalf("row %s %s, sent %+v", row.Outcome, row.Error, sent)
		}
	})
}
