package helpdesk

import (
	"strings"
	"testing"
)

func TestStrippedText(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, in, want string }{
		{"plain", "Where is my order?", "Where is my order?"},
		{"signature", "Thanks!\n-- \nJo, sent from my phone", "Thanks!"},
		{"quoted reply", "Yes please.\n\nOn Tue, 1 Dec 2026, Ann <ann@example.com> wrote:\n> Shall we refund?\n> Ann", "Yes please."},
		{"inline quote", "> Shall we refund?\nYes.\n> And ship?\nNo.", "Yes.\nNo."},
		{"french", "Merci\n\nLe mar. 1 déc. 2026, Ann a écrit :\n> Bonjour", "Merci"},
		{"crlf", "Hi\r\n-- \r\nJo", "Hi"},
		{"only a quote", "> old text", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := strippedText(c.in); got != c.want {
				t.Fatalf("strippedText(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestExcerptAndHTMLText(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, text, html, want string }{
		{"text collapsed", "Hello,\n\n  my   order\tis late.", "", "Hello, my order is late."},
		{"html when no text", "", "<p>Refund <b>approved</b> &amp; sent</p><p>Bye</p>", "Refund approved & sent Bye"},
		{"script dropped", "", "<style>p{}</style><p>Hi</p><script>alert(1)</script>", "Hi"},
		{"text wins", "plain", "<p>rich</p>", "plain"},
		{"cut at 200", strings.Repeat("é", 250), "", strings.Repeat("é", 200)},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := excerpt(bodyText(c.text, c.html)); got != c.want {
				t.Fatalf("excerpt = %q, want %q", got, c.want)
			}
		})
	}
}
