package ui_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
)

// TestFormsRefuseNULAndInvalidUTF8: every field of the integration form, a
// reply and the sign-in form, each spoiled with a NUL and with a byte that is
// not UTF-8, is a 422 page naming the field, on both databases; nothing is
// saved.
func TestFormsRefuseNULAndInvalidUTF8(t *testing.T) {
	itEach(t, func(t *testing.T, e *itEnv) {
		admin := e.signIn(itAdminEmail)
		for field := range validForm(e) {
			for _, bad := range []string{"\x00", "\xff"} {
				form := validForm(e)
				form.Set(field, form.Get(field)+bad)
				page, _ := admin.post("/settings/integrations/new", form, http.StatusUnprocessableEntity)
				itContains(t, page, itEsc(field+": must"))
			}
		}
		itLacks(t, admin.get("/settings/integrations", http.StatusOK), "Shop orders")

		tk := e.ticket("Kettle")
		path := "/tickets/" + strconv.FormatInt(tk.ID, 10)
		page, _ := admin.post(path+"/reply", url.Values{"body_text": {"On its way\x00"}}, http.StatusUnprocessableEntity)
		itContains(t, page, "body_text: must not contain the NUL character")
		itLacks(t, admin.get(path, http.StatusOK), "On its way")

		status, page, _ := admin.do(http.MethodPost, "/login", url.Values{"email": {"admin@example.com\x00"}, "password": {"x"}})
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("sign-in with a NUL in the email = %d: %s", status, itExcerpt(page))
		}
		itContains(t, page, "email: must not contain the NUL character")
	})
}
