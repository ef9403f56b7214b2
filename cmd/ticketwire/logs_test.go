package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestServeLogSettings runs the binary with each log setting: JSON lines
// at info (the start-up and stop lines, nothing from the job queue), and
// nothing at all at warn for a start and a clean stop.
func TestServeLogSettings(t *testing.T) {
	t.Parallel()
	for _, level := range []string{"info", "warn"} {
		t.Run(level, func(t *testing.T) {
			t.Parallel()
			env := []string{"TICKETWIRE_DATA_DIR=" + t.TempDir(), "TICKETWIRE_DATABASE_URL=",
				"TICKETWIRE_LOG_LEVEL=" + level, "TICKETWIRE_LOG_FORMAT=json"}
			p := startServe(t, env)
			p.stop(t)
			logged := strings.TrimSpace(p.stderr.String())
			if level == "warn" {
				if logged != "" {
					t.Fatalf("at warn, a start and stop logged:\n%s", logged)
				}
				return
			}
			var msgs []string
			for _, line := range strings.Split(logged, "\n") {
				var l struct{ Level, Msg string }
				if err := json.Unmarshal([]byte(line), &l); err != nil || l.Level != "INFO" {
					t.Fatalf("line %q is not a JSON INFO line (%v)", line, err)
				}
				msgs = append(msgs, l.Msg)
			}
			if !strings.HasPrefix(msgs[0], "ticketwire serving") || msgs[len(msgs)-1] != "ticketwire stopped" {
				t.Fatalf("logged %q, want the serving line first and the stopped line last", msgs)
			}
			if strings.Contains(logged, "River") || strings.Contains(logged, "producer") {
				t.Fatalf("the job queue logged at info:\n%s", logged)
			}
		})
	}
}
