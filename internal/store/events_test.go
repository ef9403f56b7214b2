package store_test

import (
	"context"
	"sort"
	"testing"

	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// TestGetEventsReadsManyAtOnce: the events asked for come back once each,
// whatever the number of ids (padded to a power of two inside), and ids
// with no event are left out.
func TestGetEventsReadsManyAtOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c, err := s.CreateCustomer(ctx, store.Customer{Email: "c@example.com"})
		if err != nil {
			t.Fatal(err)
		}
		tk, err := s.CreateTicket(ctx, store.Ticket{CustomerID: c.ID, Subject: "S", Status: "open", CreatedAt: store.Now(), UpdatedAt: store.Now()})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for range 5 {
			ev, err := s.InsertEvent(ctx, store.Event{Kind: "ticket-updated", TicketID: tk.ID, Ticket: []byte(`{"id":1}`), CreatedAt: store.Now()})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, ev.ID)
		}
		for _, tc := range []struct {
			name string
			ask  []int64
			want []int64
		}{
			{"none", nil, nil},
			{"one", ids[:1], ids[:1]},
			{"three, padded to four", ids[:3], ids[:3]},
			{"five and a missing id", append(append([]int64{}, ids...), ids[4]+100), ids},
		} {
			got, err := s.GetEvents(ctx, tc.ask)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			var gotIDs []int64
			for _, ev := range got {
				gotIDs = append(gotIDs, ev.ID)
				if ev.TicketID != tk.ID || string(ev.Ticket) != `{"id":1}` {
					t.Errorf("%s: event %d = %+v", tc.name, ev.ID, ev)
				}
			}
			sort.Slice(gotIDs, func(i, j int) bool { return gotIDs[i] < gotIDs[j] })
			if len(gotIDs) != len(tc.want) {
				t.Fatalf("%s: got ids %v, want %v", tc.name, gotIDs, tc.want)
			}
			for i := range gotIDs {
				if gotIDs[i] != tc.want[i] {
					t.Fatalf("%s: got ids %v, want %v", tc.name, gotIDs, tc.want)
				}
			}
		}
	})
}
