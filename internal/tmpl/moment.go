package tmpl

import (
	"strconv"
	"strings"
	"time"
)

// momentTokens are the moment.js format tokens we support, longest first so
// that "MMMM" is read before "MMM", "MM" and "M". Anything else is copied as
// it is, and text in [brackets] is copied without its brackets, as in
// moment.js. Names are English, as moment's default locale.
var momentTokens = []struct {
	token  string
	format func(t time.Time) string
}{
	{"YYYY", func(t time.Time) string { return pad(t.Year(), 4) }},
	{"MMMM", func(t time.Time) string { return t.Month().String() }},
	{"dddd", func(t time.Time) string { return t.Weekday().String() }},
	{"DDDD", func(t time.Time) string { return pad(t.YearDay(), 3) }},
	{"MMM", func(t time.Time) string { return t.Month().String()[:3] }},
	{"ddd", func(t time.Time) string { return t.Weekday().String()[:3] }},
	{"DDD", func(t time.Time) string { return strconv.Itoa(t.YearDay()) }},
	{"SSS", func(t time.Time) string { return pad(t.Nanosecond()/1e6, 3) }},
	{"YY", func(t time.Time) string { return pad(t.Year()%100, 2) }},
	{"Mo", func(t time.Time) string { return ordinal(int(t.Month())) }},
	{"MM", func(t time.Time) string { return pad(int(t.Month()), 2) }},
	{"Do", func(t time.Time) string { return ordinal(t.Day()) }},
	{"DD", func(t time.Time) string { return pad(t.Day(), 2) }},
	{"dd", func(t time.Time) string { return t.Weekday().String()[:2] }},
	{"HH", func(t time.Time) string { return pad(t.Hour(), 2) }},
	{"hh", func(t time.Time) string { return pad(hour12(t), 2) }},
	{"mm", func(t time.Time) string { return pad(t.Minute(), 2) }},
	{"ss", func(t time.Time) string { return pad(t.Second(), 2) }},
	{"SS", func(t time.Time) string { return pad(t.Nanosecond()/1e7, 2) }},
	{"ZZ", func(t time.Time) string { return t.Format("-0700") }},
	{"Q", func(t time.Time) string { return strconv.Itoa((int(t.Month())-1)/3 + 1) }},
	{"M", func(t time.Time) string { return strconv.Itoa(int(t.Month())) }},
	{"D", func(t time.Time) string { return strconv.Itoa(t.Day()) }},
	{"d", func(t time.Time) string { return strconv.Itoa(int(t.Weekday())) }},
	{"H", func(t time.Time) string { return strconv.Itoa(t.Hour()) }},
	{"h", func(t time.Time) string { return strconv.Itoa(hour12(t)) }},
	{"m", func(t time.Time) string { return strconv.Itoa(t.Minute()) }},
	{"s", func(t time.Time) string { return strconv.Itoa(t.Second()) }},
	{"S", func(t time.Time) string { return strconv.Itoa(t.Nanosecond() / 1e8) }},
	{"A", func(t time.Time) string { return t.Format("PM") }},
	{"a", func(t time.Time) string { return t.Format("pm") }},
	{"Z", func(t time.Time) string { return t.Format("-07:00") }},
	{"X", func(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }},
	{"x", func(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }},
}

// formatMoment formats t with a moment.js format string.
func formatMoment(t time.Time, layout string) string {
	var b strings.Builder
	for i := 0; i < len(layout); {
		if layout[i] == '[' {
			if end := strings.IndexByte(layout[i:], ']'); end > 0 {
				b.WriteString(layout[i+1 : i+end])
				i += end + 1
				continue
			}
		}
		n := writeToken(&b, t, layout[i:])
		if n == 0 {
			b.WriteByte(layout[i])
			n = 1
		}
		i += n
	}
	return b.String()
}

// writeToken writes the token that starts rest, if any, and says how many
// bytes it took.
func writeToken(b *strings.Builder, t time.Time, rest string) int {
	for _, tok := range momentTokens {
		if strings.HasPrefix(rest, tok.token) {
			b.WriteString(tok.format(t))
			return len(tok.token)
		}
	}
	return 0
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return s
}

func hour12(t time.Time) int {
	if h := t.Hour() % 12; h != 0 {
		return h
	}
	return 12
}

// ordinal writes 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st.
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}
