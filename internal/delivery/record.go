package delivery

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/store"
)

// record writes one attempt in its own transaction: its events-log row, the
// integration's failure count (disabling it at the threshold and telling the
// admins), and the JSON it fetched. Deliveries go through recordBatched,
// which does the same for many attempts at once.
func (e *Engine) record(ctx context.Context, r record, at attempt) (store.DeliveryLog, error) {
	row, err := logRow(r, at, e.now())
	if err != nil {
		return store.DeliveryLog{}, err
	}
	p := &pending{r: r, at: at, row: row}
	var disabled []disabledNow
	err = e.store.InTx(ctx, func(tx *store.Tx) error {
		if row, err = tx.InsertDeliveryLog(ctx, row); err != nil {
			return err
		}
		if disabled, err = e.countResults(ctx, tx, []*pending{p}); err != nil {
			return err
		}
		return e.storeFetched(ctx, tx, []*pending{p})
	})
	if err != nil {
		return store.DeliveryLog{}, err
	}
	e.announce(disabled)
	return row, nil
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
