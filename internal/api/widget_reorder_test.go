package api_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/ticketwire/ticketwire/internal/auth"
)

func TestWidgetReorder(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		shop := widgetIntegration(e, "Shop")
		var ids []int64
		for _, title := range []string{"A", "B", "C"} {
			var w widgetBody
			e.want(201, e.admin, "POST", "/api/widgets", widgetInput(shop, fmt.Sprintf(`{"type":"wrapper","title":%q}`, title)), &w)
			ids = append(ids, w.ID)
		}
		want := []int64{ids[2], ids[0], ids[1]}
		var got list[widgetBody]
		e.want(200, e.admin, "POST", "/api/widgets/reorder", map[string]any{"ids": want}, &got)
		if gotIDs := widgetIDs(got.Data); !slices.Equal(gotIDs, want) || got.Data[0].Order != 0 || got.Data[2].Order != 2 {
			t.Fatalf("reorder answered %+v, want ids %v with orders 0..2", got.Data, want)
		}
		var all list[widgetBody]
		e.want(200, e.admin, "GET", "/api/widgets", nil, &all)
		if gotIDs := widgetIDs(all.Data); !slices.Equal(gotIDs, want) {
			t.Fatalf("widgets after reorder = %v, want %v", gotIDs, want)
		}

		for _, c := range []struct {
			name string
			body any
		}{
			{"no ids", map[string]any{}},
			{"empty ids", map[string]any{"ids": []int64{}}},
			{"repeated id", map[string]any{"ids": []int64{ids[0], ids[0]}}},
			{"unknown id", map[string]any{"ids": []int64{ids[1], ids[2] + 100}}},
			{"not numbers", map[string]any{"ids": []string{"a"}}},
		} {
			t.Run(c.name, func(t *testing.T) {
				e := *e
				e.t = t
				e.wantError(422, "validation_failed", "ids", e.admin, "POST", "/api/widgets/reorder", c.body)
			})
		}
		e.want(200, e.admin, "GET", "/api/widgets", nil, &all)
		if gotIDs := widgetIDs(all.Data); !slices.Equal(gotIDs, want) {
			t.Fatalf("a refused reorder changed the order: %v, want %v", gotIDs, want)
		}

		if _, err := e.srv.Auth.CreateUser(t.Context(), auth.NewUser{Email: "agent@example.com", Name: "Al", Role: auth.RoleAgent}); err != nil {
			t.Fatal(err)
		}
		agent, err := e.srv.Auth.CreateToken(t.Context(), "agent@example.com", "test")
		if err != nil {
			t.Fatal(err)
		}
		e.wantError(403, "forbidden", "", agent, "POST", "/api/widgets/reorder", map[string]any{"ids": ids})
		e.wantError(401, "unauthenticated", "", "", "POST", "/api/widgets/reorder", map[string]any{"ids": ids})
	})
}

func widgetIDs(ws []widgetBody) []int64 {
	out := make([]int64, len(ws))
	for i, w := range ws {
		out[i] = w.ID
	}
	return out
}
