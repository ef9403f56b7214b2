package helpdesk

import (
	"html"
	"regexp"
	"strings"
	"unicode/utf8"
)

// excerptLen is how many characters of its newest message a ticket's
// excerpt shows: about two lines of an inbox row.
const excerptLen = 200

// summaryLen is how much of a message's body a ticket summary reads (the
// store cuts there too, so a new ticket's view equals the one read back).
const summaryLen = 2000

// excerpt is the start of a text with its whitespace collapsed.
func excerpt(text string) string {
	s := strings.Join(strings.Fields(text), " ")
	return cut(s, excerptLen)
}

// cut keeps the first n characters of s.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// bodyText is a message's text, or its HTML as text when it has none.
func bodyText(text, htmlBody string) string {
	if text != "" {
		return text
	}
	return htmlText(htmlBody)
}

var (
	htmlBreak = regexp.MustCompile(`(?i)<\s*(br|/p|/div|/li|/tr|/h[1-6])\b[^>]*>`)
	htmlDrop  = regexp.MustCompile(`(?is)<\s*(script|style)\b.*?<\s*/\s*(script|style)\s*>`)
	htmlTag   = regexp.MustCompile(`(?s)<[^>]*>`)
)

// htmlText turns an HTML body into plain text: line breaks where blocks end,
// tags, scripts and styles dropped, entities decoded. It is for excerpts and
// stripped text, never for display as HTML.
func htmlText(s string) string {
	s = htmlDrop.ReplaceAllString(s, "")
	s = htmlBreak.ReplaceAllString(s, "\n")
	s = htmlTag.ReplaceAllString(s, "")
	return strings.TrimSpace(html.UnescapeString(s))
}

// wroteLine starts the quote of an earlier message that mail clients add
// to a reply ("On Tue, 1 Dec 2026, Ann <ann@example.com> wrote:").
var wroteLine = regexp.MustCompile(`^(On|Le|Am|El) .*(wrote|a écrit|schrieb|escribió) ?:$`)

// strippedText is a message's new text: its body without the quoted earlier
// messages (lines that start with ">", and the "On … wrote:" line above
// them) and without the signature after a "-- " line (RFC 3676), as the
// hosted helpdesk's stripped_text.
func strippedText(body string) string {
	lines := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if l == "-- " || t == "--" || wroteLine.MatchString(t) {
			break
		}
		if strings.HasPrefix(t, ">") {
			continue
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
