package tmpl

import (
	"testing"
	"time"
)

// The three times every token is formatted at: a single-digit day in the
// morning (Tuesday 1 December 2026), a two-digit day in the evening with
// milliseconds, and a New Year's day whose ISO week is still the last week
// of the year before.
var momentTimes = [3]time.Time{
	time.Date(2026, time.December, 1, 9, 5, 3, 0, time.UTC),
	time.Date(2026, time.March, 15, 21, 45, 59, 123456789, time.UTC),
	time.Date(2027, time.January, 1, 0, 0, 0, 0, time.UTC),
}

// momentCase is one format and what the hosted helpdesk's renderer prints
// for it at each of momentTimes. Every want was produced by that renderer's
// own steps (its LDMLToMomentFormat, then moment.js 2.30.1's format in UTC),
// not written by hand.
type momentCase struct {
	layout string
	want   [3]string
}

// momentTokenCases holds every token of moment.js's format documentation.
var momentTokenCases = []momentCase{
	{layout: "M", want: [3]string{"12", "3", "1"}},
	{layout: "Mo", want: [3]string{"12th", "3rd", "1st"}},
	{layout: "MM", want: [3]string{"12", "03", "01"}},
	{layout: "MMM", want: [3]string{"Dec", "Mar", "Jan"}},
	{layout: "MMMM", want: [3]string{"December", "March", "January"}},
	{layout: "Q", want: [3]string{"4", "1", "1"}},
	{layout: "Qo", want: [3]string{"4th", "1st", "1st"}},
	{layout: "D", want: [3]string{"1", "15", "1"}},
	{layout: "Do", want: [3]string{"1st", "15th", "1st"}},
	{layout: "DD", want: [3]string{"01", "15", "01"}},
	{layout: "DDD", want: [3]string{"335", "74", "1"}},
	{layout: "DDDo", want: [3]string{"335th", "74th", "1st"}},
	{layout: "DDDD", want: [3]string{"335", "074", "001"}},
	{layout: "d", want: [3]string{"1", "15", "1"}},
	{layout: "do", want: [3]string{"2nd", "0th", "5th"}},
	{layout: "dd", want: [3]string{"01", "15", "01"}},
	{layout: "ddd", want: [3]string{"Tue", "Sun", "Fri"}},
	{layout: "dddd", want: [3]string{"Tuesday", "Sunday", "Friday"}},
	{layout: "e", want: [3]string{"2", "0", "5"}},
	{layout: "E", want: [3]string{"2", "7", "5"}},
	{layout: "w", want: [3]string{"49", "12", "1"}},
	{layout: "wo", want: [3]string{"49th", "12th", "1st"}},
	{layout: "ww", want: [3]string{"49", "12", "01"}},
	{layout: "W", want: [3]string{"49", "11", "53"}},
	{layout: "Wo", want: [3]string{"49th", "11th", "53rd"}},
	{layout: "WW", want: [3]string{"49", "11", "53"}},
	{layout: "YY", want: [3]string{"26", "26", "27"}},
	{layout: "YYYY", want: [3]string{"2026", "2026", "2027"}},
	{layout: "YYYYYY", want: [3]string{"+002026", "+002026", "+002027"}},
	{layout: "Y", want: [3]string{"2026", "2026", "2027"}},
	{layout: "y", want: [3]string{"2026", "2026", "2027"}},
	{layout: "yo", want: [3]string{"2026th", "2026th", "2027th"}},
	{layout: "gg", want: [3]string{"26", "26", "27"}},
	{layout: "gggg", want: [3]string{"2026", "2026", "2027"}},
	{layout: "GG", want: [3]string{"26", "26", "26"}},
	{layout: "GGGG", want: [3]string{"2026", "2026", "2026"}},
	{layout: "N", want: [3]string{"AD", "AD", "AD"}},
	{layout: "NN", want: [3]string{"AD", "AD", "AD"}},
	{layout: "NNN", want: [3]string{"AD", "AD", "AD"}},
	{layout: "NNNN", want: [3]string{"Anno Domini", "Anno Domini", "Anno Domini"}},
	{layout: "NNNNN", want: [3]string{"AD", "AD", "AD"}},
	{layout: "A", want: [3]string{"AM", "PM", "AM"}},
	{layout: "a", want: [3]string{"am", "pm", "am"}},
	{layout: "H", want: [3]string{"9", "21", "0"}},
	{layout: "HH", want: [3]string{"09", "21", "00"}},
	{layout: "h", want: [3]string{"9", "9", "12"}},
	{layout: "hh", want: [3]string{"09", "09", "12"}},
	{layout: "k", want: [3]string{"9", "21", "24"}},
	{layout: "kk", want: [3]string{"09", "21", "24"}},
	{layout: "m", want: [3]string{"5", "45", "0"}},
	{layout: "mm", want: [3]string{"05", "45", "00"}},
	{layout: "s", want: [3]string{"3", "59", "0"}},
	{layout: "ss", want: [3]string{"03", "59", "00"}},
	{layout: "S", want: [3]string{"0", "1", "0"}},
	{layout: "SS", want: [3]string{"00", "12", "00"}},
	{layout: "SSS", want: [3]string{"000", "123", "000"}},
	{layout: "SSSS", want: [3]string{"0000", "1230", "0000"}},
	{layout: "SSSSSSSSS", want: [3]string{"000000000", "123000000", "000000000"}},
	{layout: "z", want: [3]string{"", "", ""}},
	{layout: "zz", want: [3]string{"", "", ""}},
	{layout: "Z", want: [3]string{"+00:00", "+00:00", "+00:00"}},
	{layout: "ZZ", want: [3]string{"+0000", "+0000", "+0000"}},
	{layout: "X", want: [3]string{"1796115903", "1773611159", "1798761600"}},
	{layout: "x", want: [3]string{"1796115903000", "1773611159123", "1798761600000"}},
	{layout: "LT", want: [3]string{"9:05 AM", "9:45 PM", "12:00 AM"}},
	{layout: "LTS", want: [3]string{"9:05:03 AM", "9:45:59 PM", "12:00:00 AM"}},
	{layout: "L", want: [3]string{"12/01/2026", "03/15/2026", "01/01/2027"}},
	{layout: "l", want: [3]string{"12/1/2026", "3/15/2026", "1/1/2027"}},
	{layout: "LL", want: [3]string{"December 1, 2026", "March 15, 2026", "January 1, 2027"}},
	{layout: "ll", want: [3]string{"Dec 1, 2026", "Mar 15, 2026", "Jan 1, 2027"}},
	{layout: "LLL", want: [3]string{"December 1, 2026 9:05 AM", "March 15, 2026 9:45 PM", "January 1, 2027 12:00 AM"}},
	{layout: "lll", want: [3]string{"Dec 1, 2026 9:05 AM", "Mar 15, 2026 9:45 PM", "Jan 1, 2027 12:00 AM"}},
	{layout: "LLLL", want: [3]string{"Tuesday, December 1, 2026 9:05 AM", "Sunday, March 15, 2026 9:45 PM", "Friday, January 1, 2027 12:00 AM"}},
	{layout: "llll", want: [3]string{"Tue, Dec 1, 2026 9:05 AM", "Sun, Mar 15, 2026 9:45 PM", "Fri, Jan 1, 2027 12:00 AM"}},
}

// ldmlTokenCases holds every pattern letter of the LDML date format
// (Unicode TR 35), as the hosted product reads them: "d" and "dd" are the
// day of the month, the other letters are moment.js tokens or text, so for
// example "EEEE" is four ISO weekdays and "yy" the whole year. See
// docs/COMPATIBILITY.md "Date tokens".
var ldmlTokenCases = []momentCase{
	{layout: "G", want: [3]string{"G", "G", "G"}},
	{layout: "GG", want: [3]string{"26", "26", "26"}},
	{layout: "GGG", want: [3]string{"26G", "26G", "26G"}},
	{layout: "GGGG", want: [3]string{"2026", "2026", "2026"}},
	{layout: "GGGGG", want: [3]string{"02026", "02026", "02026"}},
	{layout: "y", want: [3]string{"2026", "2026", "2027"}},
	{layout: "yy", want: [3]string{"2026", "2026", "2027"}},
	{layout: "yyy", want: [3]string{"2026", "2026", "2027"}},
	{layout: "yyyy", want: [3]string{"2026", "2026", "2027"}},
	{layout: "Y", want: [3]string{"2026", "2026", "2027"}},
	{layout: "YY", want: [3]string{"26", "26", "27"}},
	{layout: "YYYY", want: [3]string{"2026", "2026", "2027"}},
	{layout: "u", want: [3]string{"u", "u", "u"}},
	{layout: "U", want: [3]string{"U", "U", "U"}},
	{layout: "r", want: [3]string{"r", "r", "r"}},
	{layout: "Q", want: [3]string{"4", "1", "1"}},
	{layout: "QQ", want: [3]string{"44", "11", "11"}},
	{layout: "QQQ", want: [3]string{"444", "111", "111"}},
	{layout: "QQQQ", want: [3]string{"4444", "1111", "1111"}},
	{layout: "q", want: [3]string{"q", "q", "q"}},
	{layout: "qq", want: [3]string{"qq", "qq", "qq"}},
	{layout: "M", want: [3]string{"12", "3", "1"}},
	{layout: "MM", want: [3]string{"12", "03", "01"}},
	{layout: "MMM", want: [3]string{"Dec", "Mar", "Jan"}},
	{layout: "MMMM", want: [3]string{"December", "March", "January"}},
	{layout: "MMMMM", want: [3]string{"December12", "March3", "January1"}},
	{layout: "L", want: [3]string{"12/01/2026", "03/15/2026", "01/01/2027"}},
	{layout: "LL", want: [3]string{"December 1, 2026", "March 15, 2026", "January 1, 2027"}},
	{layout: "w", want: [3]string{"49", "12", "1"}},
	{layout: "ww", want: [3]string{"49", "12", "01"}},
	{layout: "W", want: [3]string{"49", "11", "53"}},
	{layout: "d", want: [3]string{"1", "15", "1"}},
	{layout: "dd", want: [3]string{"01", "15", "01"}},
	{layout: "D", want: [3]string{"1", "15", "1"}},
	{layout: "DDD", want: [3]string{"335", "74", "1"}},
	{layout: "F", want: [3]string{"F", "F", "F"}},
	{layout: "g", want: [3]string{"g", "g", "g"}},
	{layout: "E", want: [3]string{"2", "7", "5"}},
	{layout: "EE", want: [3]string{"22", "77", "55"}},
	{layout: "EEE", want: [3]string{"222", "777", "555"}},
	{layout: "EEEE", want: [3]string{"2222", "7777", "5555"}},
	{layout: "EEEEE", want: [3]string{"22222", "77777", "55555"}},
	{layout: "EEEEEE", want: [3]string{"222222", "777777", "555555"}},
	{layout: "e", want: [3]string{"2", "0", "5"}},
	{layout: "ee", want: [3]string{"22", "00", "55"}},
	{layout: "eee", want: [3]string{"222", "000", "555"}},
	{layout: "eeee", want: [3]string{"2222", "0000", "5555"}},
	{layout: "c", want: [3]string{"c", "c", "c"}},
	{layout: "cc", want: [3]string{"cc", "cc", "cc"}},
	{layout: "ccc", want: [3]string{"ccc", "ccc", "ccc"}},
	{layout: "cccc", want: [3]string{"cccc", "cccc", "cccc"}},
	{layout: "a", want: [3]string{"am", "pm", "am"}},
	{layout: "b", want: [3]string{"b", "b", "b"}},
	{layout: "B", want: [3]string{"B", "B", "B"}},
	{layout: "h", want: [3]string{"9", "9", "12"}},
	{layout: "hh", want: [3]string{"09", "09", "12"}},
	{layout: "H", want: [3]string{"9", "21", "0"}},
	{layout: "HH", want: [3]string{"09", "21", "00"}},
	{layout: "K", want: [3]string{"K", "K", "K"}},
	{layout: "KK", want: [3]string{"KK", "KK", "KK"}},
	{layout: "k", want: [3]string{"9", "21", "24"}},
	{layout: "kk", want: [3]string{"09", "21", "24"}},
	{layout: "j", want: [3]string{"j", "j", "j"}},
	{layout: "m", want: [3]string{"5", "45", "0"}},
	{layout: "mm", want: [3]string{"05", "45", "00"}},
	{layout: "s", want: [3]string{"3", "59", "0"}},
	{layout: "ss", want: [3]string{"03", "59", "00"}},
	{layout: "S", want: [3]string{"0", "1", "0"}},
	{layout: "SS", want: [3]string{"00", "12", "00"}},
	{layout: "SSS", want: [3]string{"000", "123", "000"}},
	{layout: "A", want: [3]string{"AM", "PM", "AM"}},
	{layout: "z", want: [3]string{"", "", ""}},
	{layout: "zzzz", want: [3]string{"", "", ""}},
	{layout: "Z", want: [3]string{"+00:00", "+00:00", "+00:00"}},
	{layout: "ZZZZ", want: [3]string{"+0000+0000", "+0000+0000", "+0000+0000"}},
	{layout: "ZZZZZ", want: [3]string{"+0000+0000+00:00", "+0000+0000+00:00", "+0000+0000+00:00"}},
	{layout: "O", want: [3]string{"O", "O", "O"}},
	{layout: "OOOO", want: [3]string{"OOOO", "OOOO", "OOOO"}},
	{layout: "v", want: [3]string{"v", "v", "v"}},
	{layout: "V", want: [3]string{"V", "V", "V"}},
	{layout: "X", want: [3]string{"1796115903", "1773611159", "1798761600"}},
	{layout: "XXX", want: [3]string{"179611590317961159031796115903", "177361115917736111591773611159", "179876160017987616001798761600"}},
	{layout: "x", want: [3]string{"1796115903000", "1773611159123", "1798761600000"}},
	{layout: "xxx", want: [3]string{"179611590300017961159030001796115903000", "177361115912317736111591231773611159123", "179876160000017987616000001798761600000"}},
}

// momentFormatCases are whole formats as templates use them, with brackets,
// backslashes, word boundaries and moment's tokenizer order.
var momentFormatCases = []momentCase{
	{layout: "MMMM d yyyy", want: [3]string{"December 1 2026", "March 15 2026", "January 1 2027"}},
	{layout: "MMM Do YY", want: [3]string{"Dec 1st 26", "Mar 15th 26", "Jan 1st 27"}},
	{layout: "L", want: [3]string{"12/01/2026", "03/15/2026", "01/01/2027"}},
	{layout: "MM/d/YYYY", want: [3]string{"12/1/2026", "03/15/2026", "01/1/2027"}},
	{layout: "dd.MM.yyyy", want: [3]string{"01.12.2026", "15.03.2026", "01.01.2027"}},
	{layout: "d/M/yy", want: [3]string{"1/12/2026", "15/3/2026", "1/1/2027"}},
	{layout: "EEEE, d MMMM y", want: [3]string{"2222, 1 December 2026", "7777, 15 March 2026", "5555, 1 January 2027"}},
	{layout: "dd MMM yyyy HH:mm", want: [3]string{"01 Dec 2026 09:05", "15 Mar 2026 21:45", "01 Jan 2027 00:00"}},
	{layout: "[Today is] dddd", want: [3]string{"Today is Tuesday", "Today is Sunday", "Today is Friday"}},
	{layout: "[d] d", want: [3]string{"D 1", "D 15", "D 1"}},
	{layout: "\\YYYY", want: [3]string{"YYYY", "YYYY", "YYYY"}},
	{layout: "\\L L", want: [3]string{"L 12/01/2026", "L 03/15/2026", "L 01/01/2027"}},
	{layout: "\\\\L", want: [3]string{"L", "L", "L"}},
	{layout: "YYYY-MM-DDTHH:mm:ssZ", want: [3]string{"2026-12-01T09:05:03+00:00", "2026-03-15T21:45:59+00:00", "2027-01-01T00:00:00+00:00"}},
	{layout: "", want: [3]string{"2026-12-01T09:05:03+00:00", "2026-03-15T21:45:59+00:00", "2027-01-01T00:00:00+00:00"}},
	{layout: "Hmm Hmmss hmm hmmss", want: [3]string{"905 90503 905 90503", "2145 214559 945 94559", "000 00000 1200 120000"}},
	{layout: "YYYYY YYY MMMMM DDDDD", want: [3]string{"02026 262026 December12 3351", "02026 262026 March3 07415", "02027 272027 January1 0011"}},
	{layout: "gggg GGGG ggggg GGGGG", want: [3]string{"2026 2026 02026 02026", "2026 2026 02026 02026", "2027 2026 02027 02026"}},
	{layout: "w| W|", want: [3]string{"w| W|", "w| W|", "w| W|"}},
	{layout: "[unclosed", want: [3]string{"[unc12/1/2026o322", "[unc3/15/2026o5900", "[unc1/1/2027o055"}},
	{layout: "a[b]c", want: [3]string{"ambc", "pmbc", "ambc"}},
	{layout: "dddd d", want: [3]string{"Tuesday 1", "Sunday 15", "Friday 1"}},
	{layout: "2d d2 _d d_", want: [3]string{"22 22 _2 2_", "20 02 _0 0_", "25 52 _5 5_"}},
	{layout: "Do [of] MMMM, YYYY [at] h:mm A", want: [3]string{"1st of December, 2026 at 9:05 AM", "15th of March, 2026 at 9:45 PM", "1st of January, 2027 at 12:00 AM"}},
	{layout: "ddd, MMM D, YYYY", want: [3]string{"Tue, Dec 1, 2026", "Sun, Mar 15, 2026", "Fri, Jan 1, 2027"}},
	{layout: "X x", want: [3]string{"1796115903 1796115903000", "1773611159 1773611159123", "1798761600 1798761600000"}},
	{layout: "é d", want: [3]string{"é 1", "é 15", "é 1"}},
}

func TestFormatMoment(t *testing.T) {
	t.Parallel()
	for group, cases := range map[string][]momentCase{"moment": momentTokenCases, "ldml": ldmlTokenCases, "format": momentFormatCases} {
		for _, tt := range cases {
			t.Run(group+" "+tt.layout, func(t *testing.T) {
				t.Parallel()
				for i, at := range momentTimes {
					if got := formatMoment(at, tt.layout); got != tt.want[i] {
						t.Errorf("formatMoment(%s, %q) = %q, want %q", at.Format(time.RFC3339Nano), tt.layout, got, tt.want[i])
					}
				}
			})
		}
	}
}
