package tmpl

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// momentToken cuts the next token off rest as moment.js's formattingTokens
// expression does: [bracketed text], or an optional backslash followed by the
// first of its alternatives that matches (in its order, which is not always
// the longest: "MMMMM" is "MMMM" then "M"), or else one character. A token
// with a backslash, or one without a format function, prints as text.
func momentToken(rest string) string {
	if n := bracketLen(rest); n > 0 {
		return rest[:n]
	}
	if rest[0] == '\\' && len(rest) > 1 && !lineBreak(rest[1:]) {
		return rest[:1+tokenLen(rest[1:])]
	}
	return rest[:tokenLen(rest)]
}

// lineBreak says whether rest starts with a character JavaScript's "." does
// not match, after which moment's backslash escapes nothing.
func lineBreak(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	return r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029'
}

// tokenLen is the length of the token rest starts with: moment's
// alternatives [Hh]mm(ss)?|Mo|MM?M?M?|Do|DDDo|DD?D?D?|ddd?d?|do?|w[o|w]?|
// W[o|W]?|Qo?|N{1,5}|YYYYYY|YYYYY|YYYY|YY|y{2,4}|yo?|gg(ggg?)?|GG(GGG?)?|
// e|E|a|A|hh?|HH?|kk?|mm?|ss?|S{1,9}|x|X|zz?|ZZ?|. in that order.
func tokenLen(rest string) int {
	c := rest[0]
	switch c {
	case 'H', 'h':
		if strings.HasPrefix(rest[1:], "mm") {
			if strings.HasPrefix(rest[3:], "ss") {
				return 5
			}
			return 3
		}
		return runLen(rest, c, 2)
	case 'M', 'Q':
		if strings.HasPrefix(rest[1:], "o") {
			return 2
		}
		if c == 'Q' {
			return 1
		}
		return runLen(rest, 'M', 4)
	case 'D':
		switch {
		case strings.HasPrefix(rest, "Do"):
			return 2
		case strings.HasPrefix(rest, "DDDo"):
			return 4
		}
		return runLen(rest, 'D', 4)
	case 'd':
		if n := runLen(rest, 'd', 4); n >= 2 {
			return n
		}
		return prefixLen(rest, "do", 1)
	case 'w', 'W':
		if len(rest) > 1 && (rest[1] == 'o' || rest[1] == '|' || rest[1] == c) {
			return 2
		}
		return 1
	case 'N':
		return runLen(rest, 'N', 5)
	case 'Y':
		return yearLen(rest)
	case 'y':
		if n := runLen(rest, 'y', 4); n >= 2 {
			return n
		}
		return prefixLen(rest, "yo", 1)
	case 'g', 'G':
		return weekYearLen(rest, c)
	case 'k', 'm', 's', 'z', 'Z':
		return runLen(rest, c, 2)
	case 'S':
		return runLen(rest, 'S', 9)
	}
	_, n := utf8.DecodeRuneInString(rest)
	return n
}

func prefixLen(rest, prefix string, otherwise int) int {
	if strings.HasPrefix(rest, prefix) {
		return len(prefix)
	}
	return otherwise
}

// yearLen reads YYYYYY|YYYYY|YYYY|YY, or a lone "Y" (moment's ".").
func yearLen(rest string) int {
	switch n := runLen(rest, 'Y', 6); {
	case n >= 4:
		return n
	case n >= 2:
		return 2
	}
	return 1
}

// weekYearLen reads gg(ggg?)? or GG(GGG?)?: 5, 4 or 2 letters, else one.
func weekYearLen(rest string, c byte) int {
	switch n := runLen(rest, c, 5); {
	case n >= 4:
		return n
	case n >= 2:
		return 2
	}
	return 1
}

// momentFormats are the token functions of moment.js (English locale) by
// token. Tokens of the tokenizer that have none (a lone "g", "w|") print as
// text.
var momentFormats = map[string]func(t time.Time) string{
	// Month, quarter.
	"M":    func(t time.Time) string { return strconv.Itoa(int(t.Month())) },
	"MM":   func(t time.Time) string { return zeroFill(int(t.Month()), 2) },
	"MMM":  func(t time.Time) string { return t.Month().String()[:3] },
	"MMMM": func(t time.Time) string { return t.Month().String() },
	"Mo":   func(t time.Time) string { return ordinal(int(t.Month())) },
	"Q":    func(t time.Time) string { return strconv.Itoa(quarter(t)) },
	"Qo":   func(t time.Time) string { return ordinal(quarter(t)) },
	// Day of month, day of year.
	"D":    func(t time.Time) string { return strconv.Itoa(t.Day()) },
	"DD":   func(t time.Time) string { return zeroFill(t.Day(), 2) },
	"Do":   func(t time.Time) string { return ordinal(t.Day()) },
	"DDD":  func(t time.Time) string { return strconv.Itoa(t.YearDay()) },
	"DDDD": func(t time.Time) string { return zeroFill(t.YearDay(), 3) },
	"DDDo": func(t time.Time) string { return ordinal(t.YearDay()) },
	// Day of week: d and e count from Sunday (0), E from Monday (1).
	"d":    func(t time.Time) string { return strconv.Itoa(int(t.Weekday())) },
	"do":   func(t time.Time) string { return ordinal(int(t.Weekday())) },
	"dd":   func(t time.Time) string { return t.Weekday().String()[:2] },
	"ddd":  func(t time.Time) string { return t.Weekday().String()[:3] },
	"dddd": func(t time.Time) string { return t.Weekday().String() },
	"e":    func(t time.Time) string { return strconv.Itoa(int(t.Weekday())) },
	"E":    func(t time.Time) string { return strconv.Itoa(isoWeekday(t)) },
	// Weeks and week years: w and g by the English locale (weeks start on
	// Sunday, the week of 1 January is week 1), W and G by ISO 8601.
	"w":     func(t time.Time) string { return strconv.Itoa(localeWeek(t).week) },
	"ww":    func(t time.Time) string { return zeroFill(localeWeek(t).week, 2) },
	"wo":    func(t time.Time) string { return ordinal(localeWeek(t).week) },
	"W":     func(t time.Time) string { _, w := t.ISOWeek(); return strconv.Itoa(w) },
	"WW":    func(t time.Time) string { _, w := t.ISOWeek(); return zeroFill(w, 2) },
	"Wo":    func(t time.Time) string { _, w := t.ISOWeek(); return ordinal(w) },
	"gg":    func(t time.Time) string { return zeroFill(localeWeek(t).year%100, 2) },
	"gggg":  func(t time.Time) string { return zeroFill(localeWeek(t).year, 4) },
	"ggggg": func(t time.Time) string { return zeroFill(localeWeek(t).year, 5) },
	"GG":    func(t time.Time) string { y, _ := t.ISOWeek(); return zeroFill(y%100, 2) },
	"GGGG":  func(t time.Time) string { y, _ := t.ISOWeek(); return zeroFill(y, 4) },
	"GGGGG": func(t time.Time) string { y, _ := t.ISOWeek(); return zeroFill(y, 5) },
	// Years; y is the year of the era, zero-filled but never cut (yy is
	// "2026", as in moment).
	"Y":      yearY,
	"YY":     func(t time.Time) string { return zeroFill(t.Year()%100, 2) },
	"YYYY":   func(t time.Time) string { return zeroFill(t.Year(), 4) },
	"YYYYY":  func(t time.Time) string { return zeroFill(t.Year(), 5) },
	"YYYYYY": func(t time.Time) string { return signedZeroFill(t.Year(), 6) },
	"y":      func(t time.Time) string { return strconv.Itoa(eraYear(t)) },
	"yy":     func(t time.Time) string { return zeroFill(eraYear(t), 2) },
	"yyy":    func(t time.Time) string { return zeroFill(eraYear(t), 3) },
	"yyyy":   func(t time.Time) string { return zeroFill(eraYear(t), 4) },
	"yo":     func(t time.Time) string { return ordinal(eraYear(t)) },
	"N":      eraAbbr,
	"NN":     eraAbbr,
	"NNN":    eraAbbr,
	"NNNN":   eraName,
	"NNNNN":  eraAbbr,
	// Hours, minutes, seconds; k counts 1 to 24.
	"a":   func(t time.Time) string { return t.Format("pm") },
	"A":   func(t time.Time) string { return t.Format("PM") },
	"H":   func(t time.Time) string { return strconv.Itoa(t.Hour()) },
	"HH":  func(t time.Time) string { return zeroFill(t.Hour(), 2) },
	"h":   func(t time.Time) string { return strconv.Itoa(hour12(t)) },
	"hh":  func(t time.Time) string { return zeroFill(hour12(t), 2) },
	"k":   func(t time.Time) string { return strconv.Itoa(hour24(t)) },
	"kk":  func(t time.Time) string { return zeroFill(hour24(t), 2) },
	"hmm": func(t time.Time) string { return strconv.Itoa(hour12(t)) + zeroFill(t.Minute(), 2) },
	"hmmss": func(t time.Time) string {
		return strconv.Itoa(hour12(t)) + zeroFill(t.Minute(), 2) + zeroFill(t.Second(), 2)
	},
	"Hmm": func(t time.Time) string { return strconv.Itoa(t.Hour()) + zeroFill(t.Minute(), 2) },
	"Hmmss": func(t time.Time) string {
		return strconv.Itoa(t.Hour()) + zeroFill(t.Minute(), 2) + zeroFill(t.Second(), 2)
	},
	"m":  func(t time.Time) string { return strconv.Itoa(t.Minute()) },
	"mm": func(t time.Time) string { return zeroFill(t.Minute(), 2) },
	"s":  func(t time.Time) string { return strconv.Itoa(t.Second()) },
	"ss": func(t time.Time) string { return zeroFill(t.Second(), 2) },
	// Offset, zone, Unix time.
	"Z":  func(t time.Time) string { return t.Format("-07:00") },
	"ZZ": func(t time.Time) string { return t.Format("-0700") },
	"z":  zoneAbbr,
	"zz": zoneAbbr,
	"X":  func(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) },
	"x":  func(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) },
}

func init() {
	// S to SSSSSSSSS: fractions of a second. moment keeps milliseconds
	// only, so digits past the third are zeros, as there.
	for n := 1; n <= 9; n++ {
		momentFormats[strings.Repeat("S", n)] = func(t time.Time) string {
			ms := t.Nanosecond() / 1e6
			switch {
			case n < 3:
				return zeroFill(ms/pow10(3-n), n)
			default:
				return zeroFill(ms, 3) + strings.Repeat("0", n-3)
			}
		}
	}
}
