package delivery

import (
	"net/http"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		header string
		wait   time.Duration
		ok     bool
	}{
		{name: "missing", header: ""},
		{name: "seconds", header: "30", wait: 30 * time.Second, ok: true},
		{name: "zero waits the least", header: "0", wait: minRetryAfter, ok: true},
		{name: "capped at an hour", header: "86400", wait: maxRetryAfter, ok: true},
		{name: "huge number capped", header: "99999999999999999", wait: maxRetryAfter, ok: true},
		{name: "negative is unreadable", header: "-5"},
		{name: "HTTP date", header: now.Add(90 * time.Second).Format(http.TimeFormat), wait: 90 * time.Second, ok: true},
		{name: "date in the past", header: now.Add(-time.Hour).Format(http.TimeFormat), wait: minRetryAfter, ok: true},
		{name: "date far ahead capped", header: now.Add(48 * time.Hour).Format(http.TimeFormat), wait: maxRetryAfter, ok: true},
		{name: "garbage", header: "soon"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wait, ok := parseRetryAfter(tt.header, now)
			if wait != tt.wait || ok != tt.ok {
				t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.header, wait, ok, tt.wait, tt.ok)
			}
		})
	}
}
