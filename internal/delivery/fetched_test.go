package delivery_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/delivery"
)

type customerJSON struct {
	ID               int64                      `json:"id"`
	Integrations     map[string]json.RawMessage `json:"integrations"`
	IntegrationsMeta map[string]struct {
		FetchedDatetime time.Time `json:"fetched_datetime"`
	} `json:"integrations_meta"`
}

func TestFetchedDataIsStoredOnTheCustomer(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		const first = `{"plan": "gold", "orders": [{"id": 7, "total": 19.5}], "_internal": 1}`
		crm := newReceiver(t, status(200, first))
		use := newReceiver(t, status(200, ""))
		fetch := e.createIntegration("crm", map[string]any{"url": crm.URL + "/crm?email={{ticket.customer.email}}",
			"triggers": []string{"ticket-created", "ticket-updated"}})
		key := strconv.FormatInt(fetch.ID, 10)
		e.createIntegration("uses crm", map[string]any{"url": use.URL + "/use", "method": "POST", "triggers": []string{"ticket-message-created"},
			"body": fmt.Sprintf(`{"plan": "{{ticket.customer.integrations[%d].plan}}", "order": {{ticket.customer.integrations[%[1]d].orders[0].id}}}`, fetch.ID)})
		tk := e.createTicket("crm@example.com", "Cr")
		e.waitLog(fetch.ID, 1)

		customer := func() customerJSON {
			t.Helper()
			var c customerJSON
			e.want(200, "GET", fmt.Sprintf("/api/customers/%d", tk.Customer.ID), nil, &c)
			return c
		}
		stored := func(c customerJSON) map[string]any {
			t.Helper()
			var m map[string]any
			decodeJSON(t, c.Integrations[key], &m)
			return m
		}
		c := customer()
		var want map[string]any
		decodeJSON(t, []byte(first), &want)
		want["__integration_type__"] = "http"
		if got := stored(c); !reflect.DeepEqual(got, want) {
			t.Fatalf("integrations[%s] = %s, want %v", key, c.Integrations[key], want)
		}
		raw := string(c.Integrations[key])
		if i, j, k := strings.Index(raw, `"plan"`), strings.Index(raw, `"orders"`), strings.Index(raw, `"_internal"`); !(i < j && j < k) {
			t.Errorf("keys are not kept in the order they came: %s", raw)
		}
		fetched := c.IntegrationsMeta[key].FetchedDatetime
		if time.Since(fetched).Abs() > time.Minute {
			t.Errorf("fetched_datetime = %v", fetched)
		}

		// A later event's templates read it.
		e.want(201, "POST", fmt.Sprintf("/api/tickets/%d/messages", tk.ID), map[string]any{"body_text": "hi", "from_agent": true}, nil)
		if got := use.waitHits(t, 1)[0].Body; string(got) != `{"plan": "gold", "order": 7}` {
			t.Fatalf("a template reading the fetched data sent %s", got)
		}

		// Each success replaces the previous value; an array is wrapped.
		step := 1
		update := func(reply string, code int) logRow {
			t.Helper()
			crm.setReply(status(code, reply))
			step++
			e.want(200, "PUT", fmt.Sprintf("/api/tickets/%d", tk.ID), map[string]any{"subject": fmt.Sprintf("step %d", step)}, nil)
			return e.waitLog(fetch.ID, step)[0]
		}
		update(`[{"id": 1}, {"id": 2}]`, 200)
		c = customer()
		if got := stored(c); len(got) != 2 || !reflect.DeepEqual(got["data"], []any{map[string]any{"id": float64(1)}, map[string]any{"id": float64(2)}}) ||
			got["__integration_type__"] != "http" {
			t.Fatalf("after an array: %s", c.Integrations[key])
		}
		if !c.IntegrationsMeta[key].FetchedDatetime.After(fetched) {
			t.Errorf("fetched_datetime did not move: %v then %v", fetched, c.IntegrationsMeta[key].FetchedDatetime)
		}
		arrayValue := string(c.Integrations[key])

		// Not JSON, too large, or not a success: logged, never stored.
		huge := `{"blob": "` + strings.Repeat("z", 1<<20) + `"}`
		for _, r := range []struct {
			name, body string
			code       int
			outcome    string
		}{
			{"text", "plain text, not JSON", 200, delivery.OutcomeSuccess},
			{"too large", huge, 200, delivery.OutcomeSuccess},
			{"error status", `{"plan": "lost"}`, 500, delivery.OutcomeFailed},
			{"scalar", `42`, 200, delivery.OutcomeSuccess},
		} {
			row := update(r.body, r.code)
			if row.Outcome != r.outcome || row.Response == nil || row.Response.Status != r.code {
				t.Errorf("%s: row = %+v", r.name, row)
			}
			if r.name == "text" && row.Response.Body != r.body {
				t.Errorf("text response logged as %q", row.Response.Body)
			}
			if r.name == "too large" && (!row.Response.BodyTruncated || len(row.Response.Body) != 64<<10) {
				t.Errorf("a huge response is logged with %d bytes, truncated=%v", len(row.Response.Body), row.Response.BodyTruncated)
			}
			if got := string(customer().Integrations[key]); got != arrayValue {
				t.Errorf("%s: the stored data changed to %.200s", r.name, got)
			}
		}
	})
}
