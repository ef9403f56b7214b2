package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

func TestMacroRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		actions := `[{"type":"set_status","status":"closed"},{"type":"reply","body_text":"Hi {{ticket.customer.name}}"}]`
		m, err := s.CreateMacro(ctx, store.Macro{Name: "Close", Actions: []byte(actions)})
		if err != nil {
			t.Fatal(err)
		}
		if m.ID == 0 || m.Name != "Close" || string(m.Actions) != actions || m.CreatedAt.IsZero() || !m.CreatedAt.Equal(m.UpdatedAt) {
			t.Fatalf("created = %+v; actions must be kept byte for byte", m)
		}
		got, err := s.GetMacro(ctx, m.ID)
		if err != nil || got.Name != "Close" || string(got.Actions) != actions || !got.CreatedAt.Equal(m.CreatedAt) {
			t.Fatalf("GetMacro = %+v, %v", got, err)
		}
		got.Name, got.Actions = "Close now", []byte(`[{"type":"set_status","status":"open"}]`)
		upd, err := s.UpdateMacro(ctx, got)
		if err != nil || upd.Name != "Close now" || string(upd.Actions) != `[{"type":"set_status","status":"open"}]` || upd.UpdatedAt.Before(m.UpdatedAt) {
			t.Fatalf("UpdateMacro = %+v, %v", upd, err)
		}
		if _, err := s.UpdateMacro(ctx, store.Macro{ID: 999, Name: "x"}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("update of a missing macro: err = %v, want ErrNotFound", err)
		}
		if err := s.DeleteMacro(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetMacro(ctx, m.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("deleted macro: err = %v, want ErrNotFound", err)
		}
		if err := s.DeleteMacro(ctx, m.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("second delete: err = %v, want ErrNotFound", err)
		}
	})
}

func TestListMacros(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var ids []int64
		for _, name := range []string{"Refund order", "Close as spam", "REFUND shipping", "50% off_code"} {
			m, err := s.CreateMacro(ctx, store.Macro{Name: name, Actions: []byte(`[]`)})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, m.ID)
		}
		for _, c := range []struct {
			filter store.MacroFilter
			want   []int64
		}{
			{store.MacroFilter{}, []int64{ids[3], ids[2], ids[1], ids[0]}},
			{store.MacroFilter{Name: "refund"}, []int64{ids[2], ids[0]}},
			{store.MacroFilter{Name: "%"}, []int64{ids[3]}},
			{store.MacroFilter{Name: "f_c"}, []int64{ids[3]}},
			{store.MacroFilter{Name: "50_"}, nil}, // "_" is no wildcard
			{store.MacroFilter{Page: store.Page{Limit: 2}}, []int64{ids[3], ids[2]}},
			{store.MacroFilter{Page: store.Page{Limit: 2, BeforeID: ids[2]}}, []int64{ids[1], ids[0]}},
		} {
			got, err := s.ListMacros(ctx, c.filter)
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs []int64
			for _, m := range got {
				gotIDs = append(gotIDs, m.ID)
			}
			if !equalIDs(gotIDs, c.want) {
				t.Fatalf("ListMacros(%+v) = %v, want %v", c.filter, gotIDs, c.want)
			}
		}
	})
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// hookFixture creates a user, a ticket with one message, and a macro.
func hookFixture(t *testing.T, s *store.Store) (user, ticket, message, macro int64) {
	t.Helper()
	ctx := context.Background()
	u, err := s.CreateUser(ctx, store.User{Email: "al@example.com", Name: "Al", Role: "agent"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.CreateCustomer(ctx, store.Customer{Email: "jo@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	now := store.Now()
	tk, err := s.CreateTicket(ctx, store.Ticket{CustomerID: c.ID, Status: "open", Channel: "api", CreatedAt: now, UpdatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	msg, err := s.CreateMessage(ctx, store.Message{TicketID: tk.ID, FromAgent: true, SenderUserID: &u.ID, Channel: "api", BodyText: "Done", CreatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.CreateMacro(ctx, store.Macro{Name: "Refund", Actions: []byte(`[]`)})
	if err != nil {
		t.Fatal(err)
	}
	return u.ID, tk.ID, msg.ID, m.ID
}

func TestHookLog(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		user, ticket, message, macro := hookFixture(t, s)
		at := time.Date(2026, 3, 1, 9, 0, 0, 123456789, time.UTC)
		failed, err := s.InsertHookLog(ctx, store.HookLog{MacroID: &macro, UserID: &user, TicketID: ticket, ActionIndex: 2, Title: "Refund",
			Outcome: "failed", Request: []byte(`{"method":"POST","url":"https://shop.example.com/r"}`), ErrorClass: "connection",
			Error: "refused", DurationMS: 12, CreatedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		if failed.ID == 0 || failed.MessageID != nil || failed.Response != nil || *failed.MacroID != macro || failed.ActionIndex != 2 ||
			failed.Error != "refused" || failed.DurationMS != 12 || !failed.CreatedAt.Equal(store.T(at)) {
			t.Fatalf("inserted = %+v", failed)
		}
		kept, err := s.InsertHookLog(ctx, store.HookLog{MacroID: &macro, UserID: &user, TicketID: ticket, MessageID: &message, ActionIndex: 2,
			Title: "Refund", Outcome: "success", Request: []byte(`{}`), Response: []byte(`{"status":200,"body":"ok"}`), CreatedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		if string(kept.Response) != `{"status":200,"body":"ok"}` || *kept.MessageID != message {
			t.Fatalf("inserted = %+v", kept)
		}

		all, err := s.ListHookLog(ctx, store.HookLogFilter{})
		if err != nil || len(all) != 2 || all[0].ID != kept.ID || all[1].ID != failed.ID {
			t.Fatalf("ListHookLog = %+v, %v; want newest first", all, err)
		}
		for _, f := range []store.HookLogFilter{{TicketID: ticket + 1}, {MacroID: macro + 1}, {TicketID: ticket, MacroID: macro + 1}} {
			if got, err := s.ListHookLog(ctx, f); err != nil || len(got) != 0 {
				t.Fatalf("ListHookLog(%+v) = %+v, %v; want none", f, got, err)
			}
		}
		page, err := s.ListHookLog(ctx, store.HookLogFilter{TicketID: ticket, MacroID: macro, Page: store.Page{Limit: 1, BeforeID: kept.ID}})
		if err != nil || len(page) != 1 || page[0].ID != failed.ID {
			t.Fatalf("second page = %+v, %v", page, err)
		}
		withMessage, err := s.MessageHookLog(ctx, ticket, message)
		if err != nil || len(withMessage) != 1 || withMessage[0].ID != kept.ID {
			t.Fatalf("MessageHookLog = %+v, %v", withMessage, err)
		}

		// The log outlives its macro.
		if err := s.DeleteMacro(ctx, macro); err != nil {
			t.Fatal(err)
		}
		all, err = s.ListHookLog(ctx, store.HookLogFilter{TicketID: ticket})
		if err != nil || len(all) != 2 || all[0].MacroID != nil || all[0].Title != "Refund" {
			t.Fatalf("hook log after deleting its macro = %+v, %v", all, err)
		}
	})
}
