package event

import "testing"

func TestNames(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, in, first, last, wantName, wantFirst, wantLast string }{
		{"from the name", "Ann Marie Lee", "", "", "Ann Marie Lee", "Ann", "Marie Lee"},
		{"one word", "Al", "", "", "Al", "Al", ""},
		{"from first and last", "", "Steve", "Frazelli", "Steve Frazelli", "Steve", "Frazelli"},
		{"first only", "", "Steve", "", "Steve", "Steve", ""},
		{"all given are kept", "The Boss", "Steve", "Frazelli", "The Boss", "Steve", "Frazelli"},
		{"trimmed", "  Jo   Smith ", "", "", "Jo   Smith", "Jo", "Smith"},
		{"nothing", "", "", "", "", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			n, f, l := Names(c.in, c.first, c.last)
			if n != c.wantName || f != c.wantFirst || l != c.wantLast {
				t.Fatalf("Names(%q, %q, %q) = %q, %q, %q; want %q, %q, %q", c.in, c.first, c.last, n, f, l, c.wantName, c.wantFirst, c.wantLast)
			}
		})
	}
}
