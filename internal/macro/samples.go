package macro

import (
	"context"
	"encoding/json"
	"time"

	"github.com/ticketwire/ticketwire/internal/query"
)

// Sample is the data an integration fetched for one customer, which the
// macro editor's variable picker lists the fields of.
type Sample struct {
	Data      json.RawMessage
	FetchedAt time.Time
	Email     string // the customer's
}

// SampleCustomers is how many of the newest customers Samples searches;
// the newest customers are the ones whose data is current.
const SampleCustomers = 50

// Samples finds, for each integration, the data it fetched most recently
// among the newest customers, stopping once want integrations have a
// sample. The store has no query across customers, hence the walk.
func (s *Service) Samples(ctx context.Context, want int) (map[int64]Sample, error) {
	out := map[int64]Sample{}
	if want == 0 {
		return out, nil
	}
	customers, err := s.store.ListCustomers(ctx, query.Page{Limit: SampleCustomers})
	if err != nil {
		return nil, err
	}
	for _, c := range customers {
		rows, err := s.store.CustomerIntegrations(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			if cur, ok := out[row.IntegrationID]; !ok || row.FetchedAt.After(cur.FetchedAt) {
				out[row.IntegrationID] = Sample{Data: row.Data, FetchedAt: row.FetchedAt, Email: c.Email}
			}
		}
		if len(out) >= want {
			break
		}
	}
	return out, nil
}
