package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// bin is the ticketwire binary built once for these tests.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ticketwire-bin")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "ticketwire")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build ticketwire: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// process is a running `ticketwire serve`.
type process struct {
	cmd    *exec.Cmd
	url    string
	stdout *bufio.Reader
	stderr *syncBuffer // the server's log
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func startServe(t *testing.T, env []string, args ...string) *process {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(bin, append([]string{"serve", "--addr", addr}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	out, _ := cmd.StdoutPipe()
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, url: "http://" + addr, stdout: bufio.NewReader(out), stderr: stderr}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(p.url + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("ticketwire serve did not answer /healthz: %v\n%s", err, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// firstAdmin reads the credentials serve printed.
func (p *process) firstAdmin(t *testing.T) (email, password, token string) {
	t.Helper()
	for i := 0; i < 4; i++ {
		line, err := p.stdout.ReadString('\n')
		if err != nil {
			t.Fatalf("reading serve's output: %v", err)
		}
		k, v, _ := strings.Cut(strings.TrimSpace(line), ":")
		switch k {
		case "email":
			email = strings.TrimSpace(v)
		case "password":
			password = strings.TrimSpace(v)
		case "API token":
			token = strings.TrimSpace(v)
		}
	}
	if email == "" || len(password) < 12 || !strings.HasPrefix(token, "tw_") {
		t.Fatalf("first admin not printed: %q %q %q", email, password, token)
	}
	return email, password, token
}

func (p *process) stop(t *testing.T) {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve exited with %v after SIGTERM", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after SIGTERM")
	}
}

func api(t *testing.T, base, token, method, path string, body any, out any) int {
	t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, base+path, bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %s: %v", method, path, b, err)
		}
	}
	return res.StatusCode
}

func runCLI(t *testing.T, env []string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return stderr.String(), err
	}
	return string(out), nil
}

// serveEnv is the environment of a `ticketwire serve` on o's database (the
// data dir a temporary one when o has none) with no first-admin settings,
// plus extra; it also returns the data dir.
func serveEnv(t *testing.T, o store.Options, extra ...string) (env []string, dataDir string) {
	t.Helper()
	dataDir = o.DataDir
	if dataDir == "" {
		dataDir = t.TempDir()
	}
	env = append([]string{"TICKETWIRE_DATA_DIR=" + dataDir, "TICKETWIRE_DATABASE_URL=" + o.DatabaseURL,
		"TICKETWIRE_ADMIN_EMAIL=", "TICKETWIRE_ADMIN_PASSWORD="}, extra...)
	return env, dataDir
}

// TestBinaryEndToEnd drives the real binary on each database: first start
// prints an admin, the API works, the CLI adds users and tokens beside a
// running server, and a restart keeps everything without a second admin.
func TestBinaryEndToEnd(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			env, _ := serveEnv(t, b.Options(t))
			p := startServe(t, env)
			_, _, token := p.firstAdmin(t)

			var tk struct {
				ID     int64  `json:"id"`
				Status string `json:"status"`
			}
			body := map[string]any{"customer": map[string]any{"email": "jo@example.com"}, "subject": "Hi",
				"messages": []map[string]any{{"body_text": "Hello"}}}
			if s := api(t, p.url, token, "POST", "/api/tickets", body, &tk); s != 201 {
				t.Fatalf("create ticket = %d", s)
			}
			if s := api(t, p.url, token, "PUT", fmt.Sprintf("/api/tickets/%d", tk.ID), map[string]any{"status": "closed"}, &tk); s != 200 || tk.Status != "closed" {
				t.Fatalf("close ticket = %d %+v", s, tk)
			}

			id, err := runCLI(t, env, "user", "create", "--email", "al@example.com", "--name", "Al", "--role", "agent")
			if err != nil || strings.TrimSpace(id) == "" {
				t.Fatalf("user create: %v %s", err, id)
			}
			agentToken, err := runCLI(t, env, "token", "create", "--email", "al@example.com")
			agentToken = strings.TrimSpace(agentToken)
			if err != nil || !strings.HasPrefix(agentToken, "tw_") || strings.Contains(agentToken, "\n") {
				t.Fatalf("token create printed %q, %v", agentToken, err)
			}
			if s := api(t, p.url, agentToken, "GET", fmt.Sprintf("/api/tickets/%d", tk.ID), nil, nil); s != 200 {
				t.Fatalf("agent reads ticket = %d", s)
			}
			if s := api(t, p.url, agentToken, "POST", "/api/users", map[string]any{"email": "x@example.com", "role": "admin"}, nil); s != 403 {
				t.Fatalf("agent creates user = %d, want 403", s)
			}
			p.stop(t)

			p = startServe(t, env)
			if s := api(t, p.url, token, "GET", fmt.Sprintf("/api/tickets/%d", tk.ID), nil, &tk); s != 200 || tk.Status != "closed" {
				t.Fatalf("after restart: %d %+v", s, tk)
			}
			p.stop(t)
			if rest, _ := io.ReadAll(p.stdout); strings.Contains(string(rest), "created the first admin") {
				t.Fatal("a restart created a second first admin")
			}

			out, err := runCLI(t, env, "migrate")
			if err != nil || !strings.Contains(out, "schema version") {
				t.Fatalf("migrate: %v %s", err, out)
			}
		})
	}
}

func TestInvalidConfigIsRefusedWithOneLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"retry schedule", []string{"TICKETWIRE_RETRY_SCHEDULE=10s,soon"}, nil, "TICKETWIRE_RETRY_SCHEDULE"},
		{"disable after", []string{"TICKETWIRE_DISABLE_AFTER=0"}, nil, "TICKETWIRE_DISABLE_AFTER"},
		{"timeout", []string{"TICKETWIRE_REQUEST_TIMEOUT=-1s"}, nil, "TICKETWIRE_REQUEST_TIMEOUT"},
		{"networks", []string{"TICKETWIRE_ALLOWED_NETWORKS=10.0.0.0/8,nope"}, nil, "TICKETWIRE_ALLOWED_NETWORKS"},
		{"database url", nil, []string{"--database-url", "mysql://x"}, "--database-url"},
		{"addr flag", nil, []string{"--addr", "nowhere"}, "--addr"},
		{"unknown flag", nil, []string{"--colour", "red"}, "colour"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := append([]string{"TICKETWIRE_DATA_DIR=" + t.TempDir()}, tt.env...)
			out, err := runCLI(t, env, append([]string{"serve"}, tt.args...)...)
			if err == nil {
				t.Fatal("serve started with an invalid setting")
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 1 || !strings.Contains(lines[0], tt.want) {
				t.Fatalf("stderr = %q, want one line naming %s", out, tt.want)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	out, err := runCLI(t, nil, "version")
	if err != nil || !strings.HasPrefix(out, "ticketwire ") {
		t.Fatalf("version = %q, %v", out, err)
	}
}

// syncBuffer collects a process's stderr for failure messages.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
