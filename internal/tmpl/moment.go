package tmpl

import (
	"strings"
	"time"
)

// formatMoment formats t with the format string of |datetime_format as the
// hosted helpdesk we follow reads it. Its renderer first turns the LDML day
// of month tokens into moment.js ones (a "d" or "dd" standing alone, with
// no letter, digit or "_" on either side, becomes "D" or "DD": its rules
// engine writes LDML, its UI moment.js) and then formats with moment.js in
// the English locale. So "MMMM d yyyy" is "December 1 2026" and "dddd" is
// still the weekday.
//
// moment.js rules kept here: the localized formats (L, LL, LLL, LLLL, LT,
// LTS and l, ll, lll, llll) are expanded first; the format is then cut into
// tokens the way moment's tokenizer cuts it (its alternatives in its order,
// see momentToken); text in [brackets] is copied without the brackets, a
// backslash copies the token after it as text, a character that is no
// token is copied as it is, and a line break outside brackets is dropped. An empty format is moment's default
// "YYYY-MM-DDTHH:mm:ssZ". Unlike moment in a browser, the time keeps the
// offset it carries (UTC for the API's *_datetime fields).
func formatMoment(t time.Time, layout string) string {
	layout = ldmlDays(layout)
	if layout == "" {
		layout = "YYYY-MM-DDTHH:mm:ssZ"
	}
	layout = expandLocalized(layout)
	var b strings.Builder
	for rest := layout; rest != ""; {
		tok := momentToken(rest)
		rest = rest[len(tok):]
		if lineBreak(tok) {
			continue // moment's tokenizer never matches one: it is dropped
		}
		if f, ok := momentFormats[tok]; ok {
			b.WriteString(f(t))
			continue
		}
		b.WriteString(momentLiteral(tok))
	}
	return b.String()
}

// momentLiteral is what a token without a format function prints, as moment's
// removeFormattingTokens has it: bracketed text without its brackets, any
// other text without its backslashes.
func momentLiteral(tok string) string {
	if len(tok) >= 2 && tok[0] == '[' {
		tok = strings.TrimPrefix(tok, "[")
		return strings.TrimSuffix(tok, "]")
	}
	return strings.ReplaceAll(tok, `\`, "")
}

// ldmlDays is the hosted product's LDMLToMomentFormat: each "d", then each
// "dd", that stands alone between word boundaries (as JavaScript's \b sees
// them: letters, digits and "_" are word characters) becomes "D" or "DD".
// It applies to the whole format, bracketed text included, as there.
func ldmlDays(layout string) string {
	return replaceWord(replaceWord(layout, "d", "D"), "dd", "DD")
}

func replaceWord(s, word, with string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], word) && (i == 0 || !isWordByte(s[i-1])) &&
			(i+len(word) == len(s) || !isWordByte(s[i+len(word)])) {
			b.WriteString(with)
			i += len(word)
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// localizedFormats are moment's English long date formats. The lower-case
// ones are moment's short forms of them (MMMM → MMM, MM → M, DD → D,
// dddd → ddd).
var localizedFormats = map[string]string{
	"LTS":  "h:mm:ss A",
	"LT":   "h:mm A",
	"L":    "MM/DD/YYYY",
	"LL":   "MMMM D, YYYY",
	"LLL":  "MMMM D, YYYY h:mm A",
	"LLLL": "dddd, MMMM D, YYYY h:mm A",
	"l":    "M/D/YYYY",
	"ll":   "MMM D, YYYY",
	"lll":  "MMM D, YYYY h:mm A",
	"llll": "ddd, MMM D, YYYY h:mm A",
}

// expandLocalized replaces the localized format tokens as moment's
// expandFormat does: LTS, LT, L to LLLL and l to llll, longest first, not
// inside [brackets] and not after a backslash. The formats they stand for
// hold no localized token, so one pass is enough.
func expandLocalized(layout string) string {
	var b strings.Builder
	for i := 0; i < len(layout); {
		if n := bracketLen(layout[i:]); n > 0 {
			b.WriteString(layout[i : i+n])
			i += n
			continue
		}
		if layout[i] == '\\' {
			if tok := localizedToken(layout[i+1:]); tok != "" {
				b.WriteString(layout[i : i+1+len(tok)]) // kept, printed as text
				i += 1 + len(tok)
				continue
			}
		}
		if tok := localizedToken(layout[i:]); tok != "" {
			b.WriteString(localizedFormats[tok])
			i += len(tok)
			continue
		}
		b.WriteByte(layout[i])
		i++
	}
	return b.String()
}

// localizedToken is the localized format token rest starts with, or "".
func localizedToken(rest string) string {
	switch {
	case strings.HasPrefix(rest, "LTS"):
		return "LTS"
	case strings.HasPrefix(rest, "LT"):
		return "LT"
	case strings.HasPrefix(rest, "L"):
		return rest[:runLen(rest, 'L', 4)]
	case strings.HasPrefix(rest, "l"):
		return rest[:runLen(rest, 'l', 4)]
	}
	return ""
}

// runLen counts the bytes c that rest starts with, at most max.
func runLen(rest string, c byte, max int) int {
	n := 0
	for n < len(rest) && n < max && rest[n] == c {
		n++
	}
	return n
}

// bracketLen is the length of the [text] rest starts with, or 0. As
// moment's \[[^\[]*\] is greedy, it ends at the last "]" before the next
// "[": "[a]b]" is one bracket holding "a]b".
func bracketLen(rest string) int {
	if rest == "" || rest[0] != '[' {
		return 0
	}
	end := 0
	for i := 1; i < len(rest) && rest[i] != '['; i++ {
		if rest[i] == ']' {
			end = i + 1
		}
	}
	return end
}
