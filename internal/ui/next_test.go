package ui

import "testing"

func TestSafeNext(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		next string
		want string
	}{
		{"empty", "", "/"},
		{"ticket", "/tickets/42", "/tickets/42"},
		{"query and fragment", "/tickets?status=open&q=a%20b#top", "/tickets?status=open&q=a%20b#top"},
		{"encoded slash inside", "/settings/integrations/1/events?q=a%2Fb", "/settings/integrations/1/events?q=a%2Fb"},
		{"unicode", "/tickets?q=café", "/tickets?q=café"},
		{"tab after slash", "/\t/evil.example", "/"},
		{"encoded tab never decoded by browsers but refused", "/%09/evil.example", "/"},
		{"CR", "/\r/evil.example", "/"},
		{"LF", "/\n/evil.example", "/"},
		{"encoded LF", "/tickets%0a", "/"},
		{"NUL", "/tickets\x00", "/"},
		{"DEL", "/tickets\x7f", "/"},
		{"backslash", "/\\evil.example", "/"},
		{"backslash later", "/tickets\\..\\", "/"},
		{"encoded backslash", "/%5Cevil.example", "/"},
		{"protocol relative", "//evil.example", "/"},
		{"encoded protocol relative", "/%2Fevil.example", "/"},
		{"scheme", "https://evil.example/", "/"},
		{"javascript", "javascript:alert(1)", "/"},
		{"relative", "tickets", "/"},
		{"bad escape", "/tickets%zz", "/"},
		{"too long", "/" + string(make([]byte, maxNextLen)), "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := safeNext(tt.next); got != tt.want {
				t.Fatalf("safeNext(%q) = %q, want %q", tt.next, got, tt.want)
			}
		})
	}
}
