package validate

import "testing"

func TestEmail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"plain", "ann@example.com", "ann@example.com", true},
		{"normalised", "  Ann@Example.COM ", "ann@example.com", true},
		{"plus and ampersand", "a+b&c@x.io", "a+b&c@x.io", true},
		{"localhost", "admin@localhost", "admin@localhost", true},
		{"empty", "", "", false},
		{"no at", "annexample.com", "", false},
		{"display name", "Ann <ann@example.com>", "", false},
		{"no dot in domain", "ann@example", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Email("email", tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Fatalf("Email(%q) = %q, %v; want %q ok=%v", tt.in, got, err, tt.want, tt.ok)
			}
			if err != nil {
				if v, ok := As(err); !ok || v.Field != "email" {
					t.Fatalf("error %v does not name the field", err)
				}
			}
		})
	}
}
