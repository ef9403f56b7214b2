package ui_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"testing"
)

// TestIntegrationFormSavesDeliveryLimits: the form saves and shows
// max_concurrency, the rate limit and retry on 5xx, and a bad value is
// refused beside its input.
func TestIntegrationFormSavesDeliveryLimits(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		admin := e.signIn(itAdminEmail)
		form := validForm(e)
		form.Set("rate_limit_rps", "abc")
		page, _ := admin.post("/settings/integrations/new", form, http.StatusUnprocessableEntity)
		itContains(t, page, `data-error-for="rate_limit_rps"`)

		form.Set("max_concurrency", "3")
		form.Set("rate_limit_rps", "2.5")
		form.Set("rate_limit_burst", "")
		form.Set("retry_5xx", "on")
		_, loc := admin.post("/settings/integrations/new", form, http.StatusSeeOther)
		m := regexp.MustCompile(`^/settings/integrations/(\d+)/edit`).FindStringSubmatch(loc)
		if m == nil {
			t.Fatalf("create redirected to %q", loc)
		}
		var id int64
		fmt.Sscan(m[1], &id)
		it, err := e.srv.Integrations.Load(context.Background(), e.srv.Store.Q, id)
		if err != nil {
			t.Fatal(err)
		}
		h := it.HTTP
		if h.MaxConcurrency != 3 || h.RateLimit == nil || h.RateLimit.RequestsPerSecond != 2.5 || h.RateLimit.Burst != 3 || !h.RetriesOn5xx() {
			t.Fatalf("stored limits %+v %+v", h, h.RateLimit)
		}
		page = admin.get(loc, http.StatusOK)
		itContains(t, page, `name="max_concurrency" type="number" min="0" step="1" inputmode="decimal" value="3"`,
			`value="2.5"`, `name="rate_limit_burst" type="number" min="0" step="1" inputmode="decimal" value="3"`, `name="retry_5xx" value="on" checked`)
	})
}
