package tmpl

import (
	"testing"
	"time"
)

func TestFormatMoment(t *testing.T) {
	t.Parallel()
	at := time.Date(2024, time.March, 2, 9, 7, 5, 123456789, time.FixedZone("", 2*3600+30*60))
	tests := []struct {
		name   string
		layout string
		want   string
	}{
		{name: "helpdesk example", layout: "MMM Do YY", want: "Mar 2nd 24"},
		{name: "years", layout: "YYYY YY", want: "2024 24"},
		{name: "months", layout: "MMMM MMM MM M Mo", want: "March Mar 03 3 3rd"},
		{name: "days", layout: "Do DD D DDD DDDD", want: "2nd 02 2 62 062"},
		{name: "weekdays", layout: "dddd ddd dd d", want: "Saturday Sat Sa 6"},
		{name: "hours", layout: "HH H hh h A a", want: "09 9 09 9 AM am"},
		{name: "minutes and seconds", layout: "mm m ss s SSS", want: "07 7 05 5 123"},
		{name: "offsets", layout: "Z ZZ", want: "+02:30 +0230"},
		{name: "quarter and unix", layout: "Q X", want: "1 1709361425"},
		{name: "literal text in brackets", layout: "[Today is] dddd [at] HH:mm", want: "Today is Saturday at 09:07"},
		{name: "ISO-like", layout: "YYYY-MM-DDTHH:mm:ssZ", want: "2024-03-02T09:07:05+02:30"},
		{name: "unclosed bracket is literal", layout: "[YYYY", want: "[2024"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := formatMoment(at, tt.layout); got != tt.want {
				t.Errorf("formatMoment(%q) = %q, want %q", tt.layout, got, tt.want)
			}
		})
	}
}

func TestOrdinalAndTwelveHour(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  string
		want string
	}{
		{name: "1st", got: ordinal(1), want: "1st"},
		{name: "11th", got: ordinal(11), want: "11th"},
		{name: "12th", got: ordinal(12), want: "12th"},
		{name: "13th", got: ordinal(13), want: "13th"},
		{name: "22nd", got: ordinal(22), want: "22nd"},
		{name: "31st", got: ordinal(31), want: "31st"},
		{name: "midnight", got: formatMoment(time.Date(2024, 1, 1, 0, 5, 0, 0, time.UTC), "h:mm A"), want: "12:05 AM"},
		{name: "afternoon", got: formatMoment(time.Date(2024, 1, 1, 15, 5, 0, 0, time.UTC), "hh:mm a"), want: "03:05 pm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestDatetimeFormatFilter(t *testing.T) {
	t.Parallel()
	ctx := map[string]any{
		"iso":    "2024-03-05T14:07:09Z",
		"offset": "2024-03-05T14:07:09+02:00",
		"time":   time.Date(2024, 12, 25, 18, 0, 0, 0, time.UTC),
		"bad":    "next tuesday",
		"number": int64(42),
	}
	tests := []struct {
		name string
		src  string
		want string
	}{
		{name: "RFC 3339 string", src: `{{iso|datetime_format("MMM Do YY")}}`, want: "Mar 5th 24"},
		{name: "keeps the offset", src: `{{offset|datetime_format("HH:mm Z")}}`, want: "14:07 +02:00"},
		{name: "time.Time", src: `{{time|datetime_format("dddd, MMMM D YYYY h A")}}`, want: "Wednesday, December 25 2024 6 PM"},
		{name: "bad input is empty", src: `[{{bad|datetime_format("YYYY")}}]`, want: "[]"},
		{name: "number is empty", src: `[{{number|datetime_format("YYYY")}}]`, want: "[]"},
		{name: "missing is empty", src: `[{{nope|datetime_format("YYYY")}}]`, want: "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := render(t, tt.src, ctx, PlaceText).Text; got != tt.want {
				t.Errorf("Render(%q) = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}
