package delivery_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/store"
)

func TestEventsLogListsFiltersAndPages(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		big := strings.Repeat("x", 200<<10)
		rc := newReceiver(t, func(n int, w http.ResponseWriter, _ *http.Request) {
			switch {
			case n == 5:
				_, _ = w.Write([]byte(big))
			case n%2 == 0:
				w.WriteHeader(http.StatusInternalServerError)
			}
		})
		it := e.createIntegration("logged", map[string]any{"url": rc.URL + "/x", "method": "POST",
			"body": `{"text": "{{ticket.messages[0].body_text}}"}`, "triggers": []string{"ticket-created"}})
		longMessage := strings.Repeat("m", 100<<10)
		for i := 1; i <= 5; i++ {
			text := fmt.Sprintf("ticket %d", i)
			if i == 5 {
				text = longMessage
			}
			e.createTicket(fmt.Sprintf("log%d@example.com", i), "Lo", text)
			e.waitLog(it.ID, i)
		}
		rows, _ := e.eventsLog(it.ID)
		outcomes := []string{}
		for i, r := range rows {
			outcomes = append(outcomes, r.Outcome)
			if i > 0 && (r.ID >= rows[i-1].ID || r.Created > rows[i-1].Created) {
				t.Errorf("rows are not newest first: %d (%s) after %d (%s)", r.ID, r.Created, rows[i-1].ID, rows[i-1].Created)
			}
		}
		if want := []string{"success", "failed", "success", "failed", "success"}; !slices.Equal(outcomes, want) {
			t.Fatalf("outcomes = %v, want %v", outcomes, want)
		}

		t.Run("capped bodies", func(t *testing.T) {
			r := rows[0]
			if !r.Request.BodyTruncated || len(r.Request.Body) != 64<<10 || !r.Response.BodyTruncated ||
				len(r.Response.Body) != 64<<10 || r.Response.BodySize != len(big) {
				t.Errorf("request body %d bytes truncated=%v; response body %d bytes truncated=%v size %d",
					len(r.Request.Body), r.Request.BodyTruncated, len(r.Response.Body), r.Response.BodyTruncated, r.Response.BodySize)
			}
			if got := rc.Hits()[4].Body; len(got) != len(longMessage)+len(`{"text": ""}`) {
				t.Errorf("the receiver got %d bytes: the cap is for the log only", len(got))
			}
			if rows[1].Request.BodyTruncated || rows[1].Request.Body != `{"text": "ticket 4"}` {
				t.Errorf("a small body = %q truncated=%v", rows[1].Request.Body, rows[1].Request.BodyTruncated)
			}
		})
		t.Run("filter", func(t *testing.T) {
			var failed listJSON[logRow]
			e.want(200, "GET", fmt.Sprintf("/api/integrations/%d/events?outcome=failed", it.ID), nil, &failed)
			if len(failed.Data) != 2 || failed.Data[0].ID != rows[1].ID || failed.Data[1].ID != rows[3].ID {
				t.Errorf("failed rows = %+v", failed.Data)
			}
			e.wantError(422, "validation_failed", "outcome", "GET", fmt.Sprintf("/api/integrations/%d/events?outcome=lost", it.ID), nil)
		})
		t.Run("pages", func(t *testing.T) {
			var ids []int64
			path := fmt.Sprintf("/api/integrations/%d/events?limit=2", it.ID)
			for pages := 0; ; pages++ {
				if pages > 5 {
					t.Fatal("pagination does not end")
				}
				var page listJSON[logRow]
				e.want(200, "GET", path, nil, &page)
				for _, r := range page.Data {
					ids = append(ids, r.ID)
				}
				if page.Meta.NextCursor == nil {
					break
				}
				path = fmt.Sprintf("/api/integrations/%d/events?limit=2&cursor=%s", it.ID, *page.Meta.NextCursor)
			}
			var want []int64
			for _, r := range rows {
				want = append(want, r.ID)
			}
			if !slices.Equal(ids, want) {
				t.Errorf("paged ids = %v, want %v", ids, want)
			}
		})
		t.Run("detail", func(t *testing.T) {
			for _, r := range rows {
				var one logRow
				e.want(200, "GET", fmt.Sprintf("/api/integrations/%d/events/%d", it.ID, r.ID), nil, &one)
				if !reflect.DeepEqual(one, r) {
					t.Errorf("detail %+v\nlist   %+v", one, r)
				}
				if one.IntegrationID != it.ID || one.EventKind != "ticket-created" || one.TicketID == nil || one.EventID == nil ||
					one.Request.Method != "POST" || one.Request.Headers["Webhook-Id"] != one.DeliveryID || one.Response == nil {
					t.Errorf("row lacks what DESIGN.md lists: %+v", one)
				}
			}
			other := e.createIntegration("other", map[string]any{"url": rc.URL + "/y", "triggers": []string{"ticket-message-failed"}})
			e.wantError(404, "not_found", "", "GET", fmt.Sprintf("/api/integrations/%d/events/%d", other.ID, rows[0].ID), nil)
			e.wantError(404, "not_found", "", "GET", "/api/integrations/99999/events", nil)
		})
	})
}

func TestRetentionRemovesOldRows(t *testing.T) {
	t.Parallel()
	each(t, func(c *config.Config) { c.LogRetention = time.Hour }, func(t *testing.T, e *env) {
		rc := newReceiver(t, status(200, ""))
		it := e.createIntegration("kept", map[string]any{"url": rc.URL + "/x", "triggers": []string{"ticket-created"}})
		for i := 1; i <= 3; i++ {
			e.createTicket(fmt.Sprintf("ret%d@example.com", i), "Re")
		}
		rows := e.waitLog(it.ID, 3)
		e.waitStartupTrim()
		old := store.T(time.Now().Add(-2 * time.Hour))
		for _, r := range rows[1:] {
			if _, err := e.srv.Store.DB.Exec(`UPDATE delivery_log SET created_datetime = $1 WHERE id = $2`, old, r.ID); err != nil {
				t.Fatal(err)
			}
		}
		n, err := e.srv.Delivery.TrimLog(t.Context())
		if err != nil || n != 2 {
			t.Fatalf("TrimLog = %d, %v; want 2 rows older than the retention removed", n, err)
		}
		left, _ := e.eventsLog(it.ID)
		if len(left) != 1 || left[0].ID != rows[0].ID {
			t.Fatalf("rows left = %+v, want only %d", left, rows[0].ID)
		}
		if n, err := e.srv.Delivery.TrimLog(t.Context()); err != nil || n != 0 {
			t.Fatalf("second TrimLog = %d, %v", n, err)
		}

		// The periodic job does the same through the queue.
		if _, err := e.srv.Store.DB.Exec(`UPDATE delivery_log SET created_datetime = $1 WHERE id = $2`, old, rows[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.srv.River.Insert(t.Context(), delivery.RetentionArgs{}, nil); err != nil {
			t.Fatal(err)
		}
		eventually(t, "the retention job to trim the log", func() bool {
			left, _ := e.eventsLog(it.ID)
			return len(left) == 0
		})
	})
}

// waitStartupTrim waits for the retention job that runs once at start to
// end, so that a test's own trim is the one that finds its old rows.
func (e *env) waitStartupTrim() {
	e.t.Helper()
	eventually(e.t, "the start-up retention job to end", func() bool {
		var n int
		err := e.srv.Store.DB.QueryRow(`SELECT count(*) FROM river_job WHERE kind = $1 AND state = 'completed'`,
			delivery.RetentionArgs{}.Kind()).Scan(&n)
		return err == nil && n > 0
	})
}

// TestRetentionTrimsInBatches: a backlog larger than one batch goes over
// several, every row older than the cutoff whatever its id, and nothing
// newer, on both databases.
func TestRetentionTrimsInBatches(t *testing.T) {
	t.Parallel()
	each(t, func(c *config.Config) { c.LogRetention = time.Hour }, func(t *testing.T, e *env) {
		it := e.createIntegration("backlog", map[string]any{"url": "http://127.0.0.1:9/x", "triggers": []string{"ticket-message-failed"}})
		e.waitStartupTrim()
		now := time.Now()
		const old = 2500 // two and a half batches
		var rows []store.DeliveryLog
		for i := 0; i < old+20; i++ {
			at := now.Add(-2*time.Hour - time.Duration(i)*time.Second) // older as ids grow: ids and times disagree
			if i%(old/10) == 0 || i >= old {
				at = now.Add(-time.Duration(i) * time.Second) // newer than the cutoff, among the old ones and after them
			}
			rows = append(rows, store.DeliveryLog{IntegrationID: it.ID, DeliveryID: fmt.Sprintf("msg_trim%d", i), EventKind: "ticket-created",
				Attempt: 1, Outcome: delivery.OutcomeSuccess, Request: []byte(`{"method":"POST"}`), CreatedAt: at})
		}
		var keep []string
		for _, r := range rows {
			if !r.CreatedAt.Before(now.Add(-time.Hour)) {
				keep = append(keep, r.DeliveryID)
			}
		}
		for i := 0; i < len(rows); i += 100 {
			if err := e.srv.Store.InsertDeliveryLogs(t.Context(), rows[i:min(len(rows), i+100)]); err != nil {
				t.Fatal(err)
			}
		}
		n, err := e.srv.Delivery.TrimLog(t.Context())
		if want := int64(len(rows) - len(keep)); err != nil || n != want {
			t.Fatalf("TrimLog = %d, %v; want the %d rows older than the retention removed", n, err, want)
		}
		var left []string
		dbRows, err := e.srv.Store.DB.Query(`SELECT delivery_id FROM delivery_log WHERE integration_id = $1 ORDER BY id`, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer dbRows.Close()
		for dbRows.Next() {
			var id string
			if err := dbRows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			left = append(left, id)
		}
		if err := dbRows.Err(); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(left, keep) {
			t.Fatalf("rows left = %v,\nwant the newer ones %v", left, keep)
		}
	})
}

func TestPreviewSendsNothingAndTestSendsNow(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		rc := newReceiver(t, status(200, `{"ok": true}`))
		it := e.createIntegration("manual", map[string]any{"url": rc.URL + "/p?email={{ticket.customer.email}}", "method": "POST",
			"body":     `{"phone": "{{ticket.customer.phone}}", "plan": "{{ticket.customer.integrations[999].plan}}", "id": {{ticket.id}}}`,
			"headers":  []map[string]any{{"key": "X-Api-Key", "value": "preview-secret-1", "secret": true}},
			"triggers": []string{"ticket-message-failed"}})
		tk := e.createTicket(trickyEmail, "Pr")
		path := fmt.Sprintf("/api/integrations/%d", it.ID)

		var p struct {
			Request reqLog   `json:"request"`
			Empty   []string `json:"empty_variables"`
		}
		raw := e.want(200, "POST", path+"/preview", map[string]any{"ticket_id": tk.ID}, &p)
		if p.Request.Method != "POST" || p.Request.URL != rc.URL+"/p?email=a%2Bb%26c%40x.io" ||
			p.Request.Body != fmt.Sprintf(`{"phone": "", "plan": "", "id": %d}`, tk.ID) || p.Request.Headers["X-Api-Key"] != delivery.Redacted {
			t.Errorf("preview = %s", raw)
		}
		for _, v := range []string{"ticket.customer.phone", "ticket.customer.integrations[999].plan"} {
			if !slices.Contains(p.Empty, v) {
				t.Errorf("empty_variables = %q, want %q listed", p.Empty, v)
			}
		}
		if strings.Contains(raw, "preview-secret-1") {
			t.Errorf("preview shows the secret: %s", raw)
		}
		e.wantError(422, "validation_failed", "ticket_id", "POST", path+"/preview", map[string]any{})
		e.wantError(422, "validation_failed", "ticket_id", "POST", path+"/preview", map[string]any{"ticket_id": 99999})
		e.wantError(404, "not_found", "", "POST", "/api/integrations/99999/preview", map[string]any{"ticket_id": tk.ID})
		if rows, _ := e.eventsLog(it.ID); len(rows) != 0 || len(rc.Hits()) != 0 {
			t.Fatalf("preview sent %d requests and logged %d rows", len(rc.Hits()), len(rows))
		}

		var res struct {
			logRow
			Empty []string `json:"empty_variables"`
		}
		raw = e.want(200, "POST", path+"/test", map[string]any{"ticket_id": tk.ID}, &res)
		hits := rc.Hits()
		if len(hits) != 1 || hits[0].Header.Get("X-Api-Key") != "preview-secret-1" || hits[0].Query["email"][0] != trickyEmail {
			t.Fatalf("test sent %+v", hits)
		}
		if res.Outcome != delivery.OutcomeSuccess || res.EventKind != "test" || res.Response == nil || res.Response.Status != 200 ||
			res.Response.Body != `{"ok": true}` || res.Request.Body != string(hits[0].Body) || res.Request.Headers["X-Api-Key"] != delivery.Redacted ||
			!slices.Contains(res.Empty, "ticket.customer.phone") || strings.Contains(raw, "preview-secret-1") {
			t.Fatalf("test result = %s", raw)
		}
		rows := e.waitLog(it.ID, 1)
		if rows[0].ID != res.ID {
			t.Fatalf("logged row %d, test returned %d", rows[0].ID, res.ID)
		}
		e.wantError(422, "validation_failed", "event_id", "POST", fmt.Sprintf("%s/events/%d/replay", path, res.ID), nil)

		// A failing test is shown and logged, but an admin trying things
		// out does not count towards disabling the integration.
		rc.setReply(status(502, "bad gateway"))
		e.want(200, "POST", path+"/test", map[string]any{"ticket_id": tk.ID}, &res)
		if res.Outcome != delivery.OutcomeFailed || res.Response.Status != 502 || e.integration(it.ID).ConsecutiveFailures != 0 {
			t.Fatalf("failing test = %+v", res)
		}
	})
}

func TestReplayUsesCurrentConfig(t *testing.T) {
	t.Parallel()
	each(t, nil, func(t *testing.T, e *env) {
		rc := newReceiver(t, status(200, ""))
		it := e.createIntegration("replayed", map[string]any{"url": rc.URL + "/v1?t={{ticket.id}}", "triggers": []string{"ticket-created"}})
		tk := e.createTicket("replay@example.com", "Rp")
		first := e.waitLog(it.ID, 1)[0]
		var cur map[string]any
		e.want(200, "GET", fmt.Sprintf("/api/integrations/%d", it.ID), nil, &cur)
		cur["http"].(map[string]any)["url"] = rc.URL + "/v2?t={{ticket.id}}"
		e.want(200, "PUT", fmt.Sprintf("/api/integrations/%d", it.ID), cur, nil)
		e.want(202, "POST", fmt.Sprintf("/api/integrations/%d/events/%d/replay", it.ID, first.ID), nil, nil)
		hits := rc.waitHits(t, 2)
		if hits[1].Path != "/v2" || hits[1].Query["t"][0] != fmt.Sprint(tk.ID) || hits[1].Header.Get("Webhook-Id") != hits[0].Header.Get("Webhook-Id") {
			t.Fatalf("replay sent %s?%v with Webhook-Id %q (first %q)", hits[1].Path, hits[1].Query, hits[1].Header.Get("Webhook-Id"), hits[0].Header.Get("Webhook-Id"))
		}
		rows := e.waitLog(it.ID, 2)
		if rows[0].Outcome != delivery.OutcomeSuccess || rows[0].EventID == nil || *rows[0].EventID != *first.EventID {
			t.Fatalf("replayed row = %+v", rows[0])
		}
		// The replay's row names the row it replayed; others have null.
		if rows[0].ReplayOf == nil || *rows[0].ReplayOf != first.ID || rows[1].ReplayOf != nil {
			t.Fatalf("replay_of: replay %v, original %v; want %d and null", rows[0].ReplayOf, rows[1].ReplayOf, first.ID)
		}
		events := fmt.Sprintf("/api/integrations/%d/events/", it.ID)
		if raw := e.want(200, "GET", events+fmt.Sprint(rows[0].ID), nil, nil); !strings.Contains(raw, fmt.Sprintf(`"replay_of":%d`, first.ID)) {
			t.Fatalf("GET of the replay's row = %s", raw)
		}
		if raw := e.want(200, "GET", events+fmt.Sprint(first.ID), nil, nil); !strings.Contains(raw, `"replay_of":null`) {
			t.Fatalf("GET of the original row = %s", raw)
		}
		// A replay of a replay names the row it replayed.
		e.want(202, "POST", fmt.Sprintf("/api/integrations/%d/events/%d/replay", it.ID, rows[0].ID), nil, nil)
		rows = e.waitLog(it.ID, 3)
		if rows[0].ReplayOf == nil || *rows[0].ReplayOf != rows[1].ID {
			t.Fatalf("replay of the replay: replay_of %v, want %d", rows[0].ReplayOf, rows[1].ID)
		}
		e.wantError(404, "not_found", "", "POST", fmt.Sprintf("/api/integrations/%d/events/99999/replay", it.ID), nil)
	})
}

// decodeJSON is json.Unmarshal for tests.
func decodeJSON(t *testing.T, raw []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
}
