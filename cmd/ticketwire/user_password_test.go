package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// signIn signs in through the sign-in form and returns the browser's client,
// or nil when the password is refused.
func signIn(t *testing.T, base, email, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfField.FindStringSubmatch(string(page))
	if m == nil {
		t.Fatalf("no CSRF field on the sign-in page")
	}
	res, err = c.PostForm(base+"/login", url.Values{"email": {email}, "password": {password}, "csrf_token": {m[1]}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return nil
	}
	return c
}

// signedIn reports whether the client's session still works.
func signedIn(t *testing.T, c *http.Client, base string) bool {
	t.Helper()
	res, err := c.Get(base + "/api/tickets")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode == http.StatusOK
}

// `ticketwire user password` beside a running server: a generated password
// is printed once, a given one is not, and the user's sessions end.
func TestUserPasswordCommand(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			env, _ := serveEnv(t, b.Options(t))
			p := startServe(t, env)
			p.firstAdmin(t)
			if _, err := runCLI(t, env, "user", "create", "--email", "al@example.com", "--role", "agent", "--password", "first password"); err != nil {
				t.Fatal(err)
			}
			browser := signIn(t, p.url, "al@example.com", "first password")
			if browser == nil || !signedIn(t, browser, p.url) {
				t.Fatal("could not sign in before the reset")
			}

			out, err := runCLI(t, env, "user", "password", "--email", "AL@example.com")
			generated := strings.TrimSpace(out)
			if err != nil || len(generated) < 20 || strings.ContainsAny(generated, " \n") {
				t.Fatalf("user password printed %q, %v", out, err)
			}
			if signedIn(t, browser, p.url) {
				t.Fatal("the user's session survived the reset")
			}
			if signIn(t, p.url, "al@example.com", "first password") != nil {
				t.Fatal("the old password still works")
			}
			if signIn(t, p.url, "al@example.com", generated) == nil {
				t.Fatal("the generated password does not work")
			}

			out, err = runCLI(t, env, "user", "password", "--email", "al@example.com", "--password", "chosen by the admin")
			if err != nil || out != "" {
				t.Fatalf("user password with --password printed %q, %v", out, err)
			}
			if signIn(t, p.url, "al@example.com", "chosen by the admin") == nil {
				t.Fatal("the chosen password does not work")
			}

			for _, tt := range []struct {
				args []string
				want string
			}{
				{[]string{"--email", "nobody@example.com"}, `no user has email "nobody@example.com"`},
				{[]string{"--email", "al@example.com", "--password", "short"}, "password: must be at least 8 characters"},
				{nil, "--email is required"},
			} {
				msg, err := runCLI(t, env, append([]string{"user", "password"}, tt.args...)...)
				if err == nil || !strings.Contains(msg, tt.want) {
					t.Errorf("user password %v = %q, %v; want an error saying %q", tt.args, msg, err, tt.want)
				}
			}
		})
	}
}
