package tmpl

import (
	"testing"
	"time"
)

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
		"refund": map[string]any{"processed_at": "2018-03-22T16:20:00.000-04:00"},
		"single": "2026-12-01T09:05:03Z",
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
		// The formats of the hosted product's macro docs and variable
		// pickers, as they are written there.
		{name: "docs: refund date like Mar 22nd 18", src: `{{refund.processed_at|datetime_format("MMM Do YY")}}`, want: "Mar 22nd 18"},
		{name: "docs: refund date like 03/22/2018", src: `{{refund.processed_at|datetime_format("L")}}`, want: "03/22/2018"},
		{name: "LDML day of month", src: `{{single|datetime_format("MMMM d yyyy")}}`, want: "December 1 2026"},
		{name: "picker: LDML compact date", src: `{{single|datetime_format("MM/dd/YYYY")}}`, want: "12/01/2026"},
		{name: "picker: older compact date", src: `{{single|datetime_format("MM/d/YYYY")}}`, want: "12/1/2026"},
		{name: "weekday stays the weekday", src: `{{single|datetime_format("dddd d")}}`, want: "Tuesday 1"},
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
