package ui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ticketwire/ticketwire/internal/auth"
)

// TestBrowserUserNamesAndBio has an admin set an agent's first and last
// names and bio on the users page; a bio past its limit is refused there.
func TestBrowserUserNamesAndBio(t *testing.T) {
	t.Parallel()
	e := brStart(t)
	al, err := e.srv.Auth.CreateUser(context.Background(), auth.NewUser{Email: "al@example.com", Name: "Al", Role: auth.RoleAgent})
	if err != nil {
		t.Fatal(err)
	}
	ctx := e.brBrowser(1280, 900)
	e.brSignIn(ctx, "admin@example.com", e.adminPwd)
	row := fmt.Sprintf(`#user-%d`, al.ID)
	e.brDo(ctx, "edit Al",
		chromedp.Click(`a[href="/settings/users"]`),
		chromedp.WaitVisible(row+` input[name=firstname]`),
		chromedp.SetValue(row+` input[name=firstname]`, "Alan"),
		chromedp.SetValue(row+` input[name=lastname]`, "Turing"),
		chromedp.SetValue(row+` textarea[name=bio]`, "Refunds and returns"),
		chromedp.Click(row+` button[type=submit]`),
		chromedp.WaitVisible(row+` [data-test=saved]`),
	)
	if got := e.brText(ctx, row+` [data-test=user-name]`); got != "Alan Turing" {
		t.Fatalf("name shown = %q, want Alan Turing", got)
	}
	u, err := e.srv.Auth.GetUser(context.Background(), al.ID)
	if err != nil || u.Firstname != "Alan" || u.Lastname != "Turing" || u.Bio != "Refunds and returns" || u.Name != "Alan Turing" {
		t.Fatalf("stored user = %+v (%v)", u, err)
	}
	brEval[bool](e, ctx, fmt.Sprintf(`(() => { const b = document.querySelector('%s textarea[name=bio]');
		b.removeAttribute('maxlength'); b.value = 'x'.repeat(2001); return true })()`, row))
	e.brDo(ctx, "too long a bio", chromedp.Click(row+` button[type=submit]`), chromedp.WaitVisible(row+` .error`))
	if got := e.brText(ctx, row+` .error`); !strings.Contains(got, "bio") || !strings.Contains(got, "2000") {
		t.Fatalf("error shown = %q", got)
	}
	if u, _ := e.srv.Auth.GetUser(context.Background(), al.ID); u.Bio != "Refunds and returns" {
		t.Fatalf("a refused save changed the bio to %q", u.Bio)
	}
	e.brShot(ctx, "users")
}
