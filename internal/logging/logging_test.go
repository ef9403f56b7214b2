package logging

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
)

func TestParseLevel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want slog.Level
		ok   bool
	}{
		{"debug", "debug", slog.LevelDebug, true},
		{"info", "info", slog.LevelInfo, true},
		{"warn", "WARN", slog.LevelWarn, true},
		{"error", " error ", slog.LevelError, true},
		{"warning is not a level", "warning", 0, false},
		{"empty", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLevel(tt.in)
			if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
				t.Fatalf("ParseLevel(%q) = %v, %v", tt.in, got, err)
			}
			if err != nil && !strings.Contains(err.Error(), "debug, info, warn or error") {
				t.Errorf("error %q does not say what is allowed", err)
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"text": FormatText, "JSON": FormatJSON} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("logfmt"); err == nil || !strings.Contains(err.Error(), "text or json") {
		t.Errorf("ParseFormat(logfmt) = %v, want an error naming text and json", err)
	}
}

// TestNewWritesTheFormatFromTheLevel checks the handler the settings make:
// lines below the level are dropped, the rest come in the format.
func TestNewWritesTheFormatFromTheLevel(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	l := New(&b, slog.LevelWarn, FormatJSON)
	l.Info("hidden")
	l.Warn("shown", "integration_id", 7)
	var line map[string]any
	if err := json.Unmarshal(b.Bytes(), &line); err != nil {
		t.Fatalf("not one JSON line: %q: %v", b.String(), err)
	}
	if line["msg"] != "shown" || line["level"] != "WARN" || line["integration_id"] != float64(7) {
		t.Fatalf("line = %v", line)
	}

	b.Reset()
	New(&b, slog.LevelDebug, FormatText).Debug("detail", "k", "v")
	if got := b.String(); !strings.Contains(got, `level=DEBUG msg=detail k=v`) {
		t.Fatalf("text line = %q", got)
	}
}

// TestQuieterDemotesInfoOnly: River's INFO reports fall below the default
// level, its warnings and errors do not, and debug shows everything.
func TestQuieterDemotesInfoOnly(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	q := Quieter(New(&b, slog.LevelInfo, FormatText)).With("component", "river")
	q.Info("producer: Producer job counts")
	if b.Len() != 0 {
		t.Fatalf("INFO passed at the info level: %q", b.String())
	}
	q.Warn("elector: lost leadership")
	q.Error("job failed")
	if got := b.String(); !strings.Contains(got, "level=WARN") || !strings.Contains(got, "level=ERROR") || !strings.Contains(got, "component=river") {
		t.Fatalf("warnings and errors = %q", got)
	}

	b.Reset()
	Quieter(New(&b, slog.LevelDebug, FormatText)).Info("producer: Producer job counts")
	if got := b.String(); !strings.Contains(got, "level=DEBUG") {
		t.Fatalf("at debug, a River INFO = %q, want it as DEBUG", got)
	}
}
