package ui_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ticketwire/ticketwire/internal/auth"
	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/server"
	"github.com/ticketwire/ticketwire/internal/server/servertest"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// Browser tests drive Debian's Chromium through chromedp, doing what a person
// does. They skip, saying why, where no Chromium is installed; CI installs it.

// brChromium finds the browser: TICKETWIRE_TEST_CHROMIUM, else the usual names.
func brChromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TICKETWIRE_TEST_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("TICKETWIRE_REQUIRE_CHROMIUM") != "" {
		t.Fatal("no Chromium found, and TICKETWIRE_REQUIRE_CHROMIUM says browser tests must run")
	}
	t.Skip("no Chromium found (install Debian's chromium or set TICKETWIRE_TEST_CHROMIUM): browser tests skipped")
	return ""
}

// brEnv is a running ticketwire with a receiver that answers integration
// requests with customer data, and a browser.
type brEnv struct {
	t        *testing.T
	srv      *server.Server
	url      string
	hook     *httptest.Server
	adminPwd string
	shots    string
}

const brAdminPassword = "correct horse battery"

func brStart(t *testing.T) *brEnv {
	t.Helper()
	// SQLite: the browser is what is under test.
	s := servertest.Start(t, storetest.Backends()[0], servertest.Options{Tune: func(c *config.Config) {
		c.AdminEmail, c.AdminPassword = "admin@example.com", brAdminPassword
		servertest.AllowLoopback(c)
		c.RetrySchedule = []time.Duration{100 * time.Millisecond}
		// Browsers share the machine with the test: a render's time budget
		// is not what these tests are about.
		c.TemplateTimeout = 5 * time.Second
	}})
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"plan": "gold", "vip": true, "email": "jo@example.com",
			"orders": [{"id": 1001, "status": "shipped", "total": 42.5}, {"id": 1002, "status": "pending", "total": 10}],
			"_internal": "never shown"}`)
	}))
	t.Cleanup(hook.Close)
	shots := filepath.Join(t.TempDir(), "screenshots")
	_ = os.MkdirAll(shots, 0o755)
	return &brEnv{t: t, srv: s.Server, url: s.URL, hook: hook, adminPwd: brAdminPassword, shots: shots}
}

// brBrowser starts a headless Chromium window of the given width.
func (e *brEnv) brBrowser(width, height int) context.Context {
	e.t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(brChromium(e.t)), chromedp.NoSandbox,
		chromedp.WindowSize(width, height), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(e.t.TempDir()))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	e.t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	// Start the browser on this context, so that the shorter step contexts
	// derived from it reuse the tab instead of owning (and closing) it.
	if err := chromedp.Do(ctx); err != nil {
		e.t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// brDo runs browser steps, failing the test with a screenshot on error.
func (e *brEnv) brDo(ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	e.t.Helper()
	stepCtx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(stepCtx, steps...); err != nil {
		e.brShot(ctx, "failed-"+what)
		e.t.Fatalf("%s: %v (screenshot in %s)", what, err, e.shots)
	}
}

// brShot saves a full-page PNG screenshot under the test's temp dir.
func (e *brEnv) brShot(ctx context.Context, name string) string {
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		e.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	p := filepath.Join(e.shots, name+".png")
	_ = os.WriteFile(p, png, 0o644)
	if dir := os.Getenv("TICKETWIRE_SCREENSHOTS"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
	e.t.Logf("screenshot %s: %s", name, p)
	return p
}

// brSignIn fills in the sign-in form as a person would.
func (e *brEnv) brSignIn(ctx context.Context, email, password string) {
	e.t.Helper()
	e.brDo(ctx, "sign in as "+email,
		chromedp.Navigate(e.url+"/login"),
		chromedp.WaitVisible(`input[name=email]`),
		chromedp.SendKeys(`input[name=email]`, email),
		chromedp.SendKeys(`input[name=password]`, password),
		chromedp.Submit(`input[name=password]`),
		chromedp.WaitVisible(`table.tickets`),
	)
}

// brText reads an element's text.
func (e *brEnv) brText(ctx context.Context, sel string) string {
	e.t.Helper()
	stepCtx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	s, err := chromedp.Run(stepCtx, chromedp.Text(sel))
	if err != nil {
		e.brShot(ctx, "failed-text")
		e.t.Fatalf("read %s: %v", sel, err)
	}
	return s
}

// brEval evaluates JavaScript in the page and decodes its result.
func brEval[T any](e *brEnv, ctx context.Context, js string) T {
	e.t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		e.brShot(ctx, "failed-eval")
		e.t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// brStatus answers the HTTP status of a GET made by the page itself (with
// its cookies), for checks such as "an agent gets 403 on settings".
func (e *brEnv) brStatus(ctx context.Context, path string) int {
	return brEval[int](e, ctx, fmt.Sprintf(`fetch(%q, {credentials: "same-origin"}).then(r => r.status)`, path))
}

// brAgent creates an agent who can sign in.
func (e *brEnv) brAgent(email string) {
	e.t.Helper()
	if _, err := e.srv.Auth.CreateUser(context.Background(), auth.NewUser{Email: email, Name: "Alex Agent", Role: "agent",
		Password: brAdminPassword}); err != nil {
		e.t.Fatal(err)
	}
}
