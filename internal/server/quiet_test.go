package server_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/server/servertest"
	"github.com/ticketwire/ticketwire/internal/store/storetest"
)

// TestIdleServerLogsNothingAtInfo: River's routine reports (a producer's
// job counts every 5 s once jobs ran, its maintenance runs, the client
// starting) reach the server's logger below INFO, so at the default level
// an idle server prints nothing after its start-up lines. The test waits
// until River has made such a report (at DEBUG, which the test logger
// keeps) rather than for a fixed time: a periodic job every 100 ms gives
// the producer counts to report.
func TestIdleServerLogsNothingAtInfo(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			logs := &lines{}
			servertest.Start(t, b, servertest.Options{Log: logs, SnoozeInterval: 100 * time.Millisecond,
				Tune: func(c *config.Config) { c.LogFormat = "json" }})
			deadline := time.Now().Add(60 * time.Second)
			for !strings.Contains(logs.String(), "Producer job counts") {
				if time.Now().After(deadline) {
					t.Fatalf("River reported no job counts within 60 s:\n%s", logs.String())
				}
				time.Sleep(100 * time.Millisecond)
			}
			for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
				var l struct{ Level, Msg string }
				if err := json.Unmarshal([]byte(line), &l); err != nil {
					t.Fatalf("log line is not JSON: %q", line)
				}
				if l.Level != "DEBUG" {
					t.Errorf("an idle server logged at %s: %s", l.Level, line)
				}
			}
		})
	}
}

// lines collects a server's log output.
type lines struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
