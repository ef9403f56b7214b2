package tmpl

import (
	"strconv"
	"strings"
	"time"
)

// zeroFill is moment's zeroFill: at least width digits, never cut, with a
// "-" before negative numbers.
func zeroFill(n, width int) string {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	s := strconv.Itoa(n)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return sign + s
}

// signedZeroFill is zeroFill with a "+" before positive numbers (YYYYYY).
func signedZeroFill(n, width int) string {
	if n >= 0 {
		return "+" + zeroFill(n, width)
	}
	return zeroFill(n, width)
}

func pow10(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}

// yearY is moment's "Y": four digits up to 9999, then a sign.
func yearY(t time.Time) string {
	if y := t.Year(); y > 9999 {
		return "+" + strconv.Itoa(y)
	}
	return zeroFill(t.Year(), 4)
}

func quarter(t time.Time) int { return (int(t.Month())-1)/3 + 1 }

// isoWeekday is 1 for Monday … 7 for Sunday.
func isoWeekday(t time.Time) int {
	if d := int(t.Weekday()); d != 0 {
		return d
	}
	return 7
}

func hour12(t time.Time) int {
	if h := t.Hour() % 12; h != 0 {
		return h
	}
	return 12
}

// hour24 is moment's "k": 1 to 24, midnight being 24.
func hour24(t time.Time) int {
	if h := t.Hour(); h != 0 {
		return h
	}
	return 24
}

// eraYear is the year counted in its era: 2026 AD is 2026, 1 BC (year 0) is 1.
func eraYear(t time.Time) int {
	if y := t.Year(); y <= 0 {
		return 1 - y
	}
	return t.Year()
}

func eraAbbr(t time.Time) string {
	if t.Year() <= 0 {
		return "BC"
	}
	return "AD"
}

func eraName(t time.Time) string {
	if t.Year() <= 0 {
		return "Before Christ"
	}
	return "Anno Domini"
}

// zoneAbbr is moment's "z" outside UTC mode, which is how the hosted
// product formats: always empty (the zone names need moment-timezone).
func zoneAbbr(time.Time) string { return "" }

// weekYear is a week number and the year that week belongs to.
type weekYear struct{ week, year int }

// Locale weeks of moment's English locale: weeks start on Sunday (dow 0) and
// the week holding 1 January is week 1 (doy 6).
const (
	localeDow = 0
	localeDoy = 6
)

func localeWeek(t time.Time) weekYear { return weekOfYear(t, localeDow, localeDoy) }

// weekOfYear is moment's weekOfYear for weeks starting on weekday dow,
// where the week holding 1 January + (7+dow-doy-1) days is week 1. With
// dow 1 and doy 4 it is the ISO week.
func weekOfYear(t time.Time, dow, doy int) weekYear {
	year := t.Year()
	days := t.YearDay() - firstWeekOffset(year, dow, doy) - 1
	week := days/7 + 1
	if days < 0 && days%7 != 0 {
		week-- // moment floors; Go's division rounds towards zero
	}
	switch {
	case week < 1:
		return weekYear{week + weeksInYear(year-1, dow, doy), year - 1}
	case week > weeksInYear(year, dow, doy):
		return weekYear{week - weeksInYear(year, dow, doy), year + 1}
	}
	return weekYear{week, year}
}

// firstWeekOffset is moment's: the day of the year (counted from 0 for
// 1 January, negative in December) before which week 1 starts, minus one.
func firstWeekOffset(year, dow, doy int) int {
	fwd := 7 + dow - doy // a day of January that is always in week 1
	fwdlw := (7 + int(time.Date(year, time.January, fwd, 0, 0, 0, 0, time.UTC).Weekday()) - dow) % 7
	return -fwdlw + fwd - 1
}

func weeksInYear(year, dow, doy int) int {
	days := time.Date(year, time.December, 31, 0, 0, 0, 0, time.UTC).YearDay()
	return (days - firstWeekOffset(year, dow, doy) + firstWeekOffset(year+1, dow, doy)) / 7
}

// ordinal writes 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st, as moment's
// English locale does.
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
