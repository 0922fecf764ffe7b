package article

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/binhluan/binhluan/internal/vntext"
)

// vietnam is UTC+7 with no daylight saving, built in code so that it works
// on machines without tzdata.
var vietnam = time.FixedZone("ICT", 7*60*60)

// Vietnam returns the Vietnam time zone (Indochina Time, UTC+7, no daylight
// saving). It needs no tzdata.
func Vietnam() *time.Location { return vietnam }

// StampLayout is the time.Format layout of the stamp printed after a title,
// "12:48 29/11/2020": 24-hour clock, then day/month/year.
const StampLayout = "15:04 02/01/2006"

// ErrTime is wrapped by every error from [ParseStamp] and [ParseLong].
var ErrTime = errors.New("article: not a Vietnamese date and time")

// maxTimeLen bounds what the time parsers look at; a real stamp is far
// shorter.
const maxTimeLen = 100

var weekdayNames = [...]string{
	time.Sunday:    "Chủ Nhật",
	time.Monday:    "Thứ Hai",
	time.Tuesday:   "Thứ Ba",
	time.Wednesday: "Thứ Tư",
	time.Thursday:  "Thứ Năm",
	time.Friday:    "Thứ Sáu",
	time.Saturday:  "Thứ Bảy",
}

// weekdayKeys maps the folded spellings people write ("Chủ nhật", "CN",
// "Thứ 2", "T2", "thu hai") to weekdays.
var weekdayKeys = func() map[string]time.Weekday {
	m := map[string]time.Weekday{"cn": time.Sunday}
	for d, name := range weekdayNames {
		m[vntext.FoldKey(name)] = time.Weekday(d)
		if d != int(time.Sunday) {
			n := strconv.Itoa(d + 1)
			m["thu "+n] = time.Weekday(d)
			m["t"+n] = time.Weekday(d)
		}
	}
	return m
}()

// WeekdayName returns the Vietnamese name of a weekday: "Chủ Nhật" for
// Sunday, "Thứ Hai" for Monday, through "Thứ Bảy" for Saturday.
func WeekdayName(d time.Weekday) string {
	if d < time.Sunday || d > time.Saturday {
		return ""
	}
	return weekdayNames[d]
}

// FormatStamp formats t in Vietnam time as the page stamp "12:48 29/11/2020".
func FormatStamp(t time.Time) string {
	return t.In(vietnam).Format(StampLayout)
}

// FormatLong formats t in Vietnam time with its weekday, as article pages
// head their date line: "Chủ Nhật, 29/11/2020 12:48".
func FormatLong(t time.Time) string {
	t = t.In(vietnam)
	return WeekdayName(t.Weekday()) + ", " + t.Format("02/01/2006 15:04")
}

// ParseStamp reads a time as Vietnamese pages print it, in Vietnam time:
// "12:48 29/11/2020", also in parentheses, with "12h48" for the clock, one
// digit for hour, day or month, "-" between the date's parts, or the date
// first ("29/11/2020 12:48").
func ParseStamp(s string) (time.Time, error) {
	if len(s) > maxTimeLen {
		return time.Time{}, fmt.Errorf("%w: %d bytes is too long for a time", ErrTime, len(s))
	}
	n := vntext.Normalize(s)
	n = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(n, "("), ")"))
	fields := strings.Fields(n)
	if len(fields) != 2 {
		return time.Time{}, fmt.Errorf("%w: %q should be a clock time and a date, like 12:48 29/11/2020", ErrTime, s)
	}
	clock, date := fields[0], fields[1]
	if !strings.ContainsAny(clock, ":hH") {
		clock, date = date, clock
	}
	hour, minute, ok := parseClock(clock)
	if !ok {
		return time.Time{}, fmt.Errorf("%w: %q has no valid 24-hour clock time like 12:48", ErrTime, s)
	}
	day, month, year, ok := parseDate(date)
	if !ok {
		return time.Time{}, fmt.Errorf("%w: %q has no valid date like 29/11/2020", ErrTime, s)
	}
	return time.Date(year, time.Month(month), day, hour, minute, 0, 0, vietnam), nil
}

// ParseLong reads the long form that [FormatLong] writes, "Chủ Nhật,
// 29/11/2020 12:48", and the variants news sites print: any capitalisation
// or accents of the weekday ("Chủ nhật", "Thu hai"), short weekdays ("CN",
// "Thứ 2", "T2"), a comma after the date, a "(GMT+7)" suffix, or no weekday
// at all. A weekday that does not match the date is an error.
func ParseLong(s string) (time.Time, error) {
	if len(s) > maxTimeLen {
		return time.Time{}, fmt.Errorf("%w: %d bytes is too long for a time", ErrTime, len(s))
	}
	rest := vntext.Normalize(s)
	for _, suffix := range []string{"(GMT+7)", "GMT+7", "(UTC+7)", "UTC+7", "(GMT+07:00)", "+07:00"} {
		rest = strings.TrimSpace(strings.TrimSuffix(rest, suffix))
	}
	weekday := time.Weekday(-1)
	if head, tail, found := strings.Cut(rest, ","); found {
		if d, ok := weekdayKeys[vntext.FoldKey(head)]; ok {
			weekday, rest = d, tail
		}
	}
	t, err := ParseStamp(strings.ReplaceAll(rest, ",", " "))
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %q should read like Chủ Nhật, 29/11/2020 12:48", ErrTime, s)
	}
	if weekday >= 0 && t.Weekday() != weekday {
		return time.Time{}, fmt.Errorf("%w: %s is a %s, not a %s", ErrTime, t.Format("02/01/2006"), WeekdayName(t.Weekday()), WeekdayName(weekday))
	}
	return t, nil
}

// parseClock reads "12:48" or "12h48" (one or two hour digits, two minute
// digits) on a 24-hour clock.
func parseClock(s string) (hour, minute int, ok bool) {
	i := strings.IndexAny(s, ":hH")
	if i < 0 {
		return 0, 0, false
	}
	hour, ok1 := digits(s[:i], 1, 2)
	minute, ok2 := digits(s[i+1:], 2, 2)
	if !ok1 || !ok2 || hour > 23 || minute > 59 {
		return 0, 0, false
	}
	return hour, minute, true
}

// parseDate reads "29/11/2020" or "29-11-2020" (day and month of one or two
// digits, a four-digit year) and rejects days the month does not have.
func parseDate(s string) (day, month, year int, ok bool) {
	sep := "/"
	if !strings.Contains(s, sep) {
		sep = "-"
	}
	parts := strings.Split(s, sep)
	if len(parts) != 3 {
		return 0, 0, 0, false
	}
	day, ok1 := digits(parts[0], 1, 2)
	month, ok2 := digits(parts[1], 1, 2)
	year, ok3 := digits(parts[2], 4, 4)
	if !ok1 || !ok2 || !ok3 || month < 1 || month > 12 || day < 1 || year < 1000 {
		return 0, 0, 0, false
	}
	if time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC).Day() != day {
		return 0, 0, 0, false
	}
	return day, month, year, true
}

// digits parses an unsigned decimal of between lo and hi ASCII digits.
func digits(s string, lo, hi int) (int, bool) {
	if len(s) < lo || len(s) > hi {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
