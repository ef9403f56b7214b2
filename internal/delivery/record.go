package delivery

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/store"
)

// record writes an attempt in one transaction: its events-log row, the
// integration's failure count (disabling it at the threshold and telling the
// admins), the JSON it fetched, and whatever finish adds (completing the job).
func (e *Engine) record(ctx context.Context, r record, at attempt, finish func(tx *store.Tx) error) (store.DeliveryLog, error) {
	row, err := logRow(r, at, e.now())
	if err != nil {
		return store.DeliveryLog{}, err
	}
	var disabledAt int
	err = e.store.InTx(ctx, func(tx *store.Tx) error {
		disabledAt = 0
		if row, err = tx.InsertDeliveryLog(ctx, row); err != nil {
			return err
		}
		if r.countResult {
			n, err := e.countResult(ctx, tx, r.integration.ID, at.success())
			if err != nil {
				return err
			}
			disabledAt = n
		}
		if data := fetchedData(at, e.cfg.FetchCap); data != nil && r.customerID != 0 {
			if err := tx.PutCustomerIntegration(ctx, store.CustomerIntegration{CustomerID: r.customerID,
				IntegrationID: r.integration.ID, Data: data, FetchedAt: e.now()}); err != nil {
				return err
			}
		}
		if finish != nil {
			return finish(tx)
		}
		return nil
	})
	if err != nil {
		return store.DeliveryLog{}, err
	}
	if disabledAt > 0 {
		e.Forget(r.integration.ID)
		e.log.Warn("delivery: integration disabled after consecutive failures; fix the cause and enable it again",
			"integration_id", r.integration.ID, "integration", r.integration.Name, "failures", disabledAt, "last_error", at.err)
	}
	return row, nil
}

// countResult resets the failure count on success or adds one, disabling
// the integration when the count reaches the threshold. It returns the count
// when this call disabled the integration, else 0.
func (e *Engine) countResult(ctx context.Context, tx *store.Tx, id int64, success bool) (int, error) {
	n, enabled, err := tx.RecordIntegrationResult(ctx, id, success)
	if err != nil || success || !enabled || n < e.cfg.DisableAfter {
		return 0, err
	}
	reason := fmt.Sprintf("disabled after %d failed requests in a row", n)
	if _, err := tx.SetIntegrationEnabled(ctx, id, false, reason, e.now()); err != nil {
		return 0, err
	}
	_, err = tx.CreateNotification(ctx, store.Notification{Kind: "integration-disabled", IntegrationID: &id,
		Message: reason + "; events that arrive while it is disabled are logged as skipped and can be replayed", CreatedAt: e.now()})
	return n, err
}

func logRow(r record, at attempt, now time.Time) (store.DeliveryLog, error) {
	req, err := json.Marshal(at.request)
	if err != nil {
		return store.DeliveryLog{}, err
	}
	var res []byte
	if at.response != nil {
		if res, err = json.Marshal(at.response); err != nil {
			return store.DeliveryLog{}, err
		}
	}
	row := store.DeliveryLog{IntegrationID: r.integration.ID, DeliveryID: r.deliveryID, EventID: r.eventID, EventKind: r.eventKind,
		TicketID: r.ticketID, Attempt: r.attempt, Outcome: at.outcome, Request: req, Response: res, ErrorClass: at.class,
		Error: at.err, DurationMS: at.duration.Milliseconds(), CreatedAt: now}
	return row, nil
}

// fetchedData is the JSON to store on the customer after a 2xx answer, in the
// shape of the helpdesk we follow: the object as it came plus
// "__integration_type__": "http", or an array wrapped as {"data": [...]}.
// Anything else (not JSON, too large, a scalar) is kept only in the log.
func fetchedData(at attempt, capBytes int) json.RawMessage {
	if !at.success() || len(at.body) == 0 || len(at.body) > capBytes || !json.Valid(at.body) {
		return nil
	}
	body := strings.TrimSpace(string(at.body))
	switch body[0] {
	case '{':
		inner := strings.TrimSpace(body[1 : len(body)-1])
		if inner == "" {
			return json.RawMessage(`{"__integration_type__":"http"}`)
		}
		var probe map[string]json.RawMessage
		if json.Unmarshal(at.body, &probe) == nil {
			if _, ok := probe["__integration_type__"]; ok {
				return json.RawMessage(body)
			}
		}
		// Appending keeps the keys in the order they came.
		return json.RawMessage(body[:len(body)-1] + `,"__integration_type__":"http"}`)
	case '[':
		return json.RawMessage(`{"data":` + body + `,"__integration_type__":"http"}`)
	}
	return nil
}
