package article

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVietnamZoneNeedsNoTzdata(t *testing.T) {
	for _, year := range []int{1975, 2000, 2020, 2038, 2100} {
		for _, month := range []time.Month{time.January, time.July} {
			_, offset := time.Date(year, month, 1, 0, 0, 0, 0, Vietnam()).Zone()
			assert.Equal(t, 7*3600, offset, "UTC+7 all year round, no daylight saving (%d-%02d)", year, month)
		}
	}
}

func TestFormat(t *testing.T) {
	utc := time.Date(2020, 11, 29, 5, 48, 0, 0, time.UTC) // 12:48 in Hà Nội
	assert.Equal(t, "12:48 29/11/2020", FormatStamp(utc))
	assert.Equal(t, "Chủ Nhật, 29/11/2020 12:48", FormatLong(utc))

	late := time.Date(2020, 11, 29, 17, 5, 0, 0, time.UTC) // already 30/11 in Vietnam
	assert.Equal(t, "00:05 30/11/2020", FormatStamp(late))
	assert.Equal(t, "Thứ Hai, 30/11/2020 00:05", FormatLong(late))

	want := []string{"Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}
	for d, name := range want {
		assert.Equal(t, name, WeekdayName(time.Weekday(d)))
	}
	assert.Empty(t, WeekdayName(time.Weekday(7)))
}

func TestParseStamp(t *testing.T) {
	want := time.Date(2020, 11, 29, 12, 48, 0, 0, Vietnam())
	ok := []string{
		"12:48 29/11/2020",
		"(12:48 29/11/2020)",
		" ( 12:48\u00a029/11/2020 ) ",
		"12h48 29/11/2020",
		"12H48 29-11-2020",
		"29/11/2020 12:48",
	}
	for _, s := range ok {
		t.Run(s, func(t *testing.T) {
			got, err := ParseStamp(s)
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
	got, err := ParseStamp("9:05 1/2/2021")
	require.NoError(t, err)
	assert.Equal(t, time.Date(2021, 2, 1, 9, 5, 0, 0, Vietnam()), got, "one-digit hour, day and month")

	bad := []string{
		"", "12:48", "29/11/2020", "12:48 29/11/20", "24:00 29/11/2020", "12:60 29/11/2020",
		"12:48 30/02/2020", "12:48 29/13/2020", "12:48 00/11/2020", "12:4 29/11/2020",
		"12:48 29/11/2020 extra", "１２:48 29/11/2020", "12:48 29.11.2020", strings.Repeat("1", 200),
	}
	for _, s := range bad {
		t.Run("bad "+s, func(t *testing.T) {
			_, err := ParseStamp(s)
			assert.ErrorIs(t, err, ErrTime)
		})
	}
}

func TestParseLong(t *testing.T) {
	want := time.Date(2020, 11, 29, 12, 48, 0, 0, Vietnam())
	for _, s := range []string{
		"Chủ Nhật, 29/11/2020 12:48",
		"Chủ nhật, 29/11/2020, 12:48 (GMT+7)",
		"chu nhat, 29/11/2020 12:48",
		"CN, 29/11/2020 12:48",
		"29/11/2020 12:48",
		"Chủ Nhật, 29/11/2020 12:48 GMT+7",
	} {
		t.Run(s, func(t *testing.T) {
			got, err := ParseLong(s)
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
	got, err := ParseLong("Thứ 2, 30/11/2020 08:00")
	require.NoError(t, err)
	assert.Equal(t, time.Date(2020, 11, 30, 8, 0, 0, 0, Vietnam()), got)

	_, err = ParseLong("Thứ Hai, 29/11/2020 12:48")
	require.ErrorIs(t, err, ErrTime)
	assert.Contains(t, err.Error(), "is a Chủ Nhật, not a Thứ Hai", "a wrong weekday is named")

	for _, s := range []string{"", "Chủ Nhật", "Chủ Nhật, ", "Thứ Tám, 29/11/2020 12:48", "Chủ Nhật; 29/11/2020 12:48"} {
		_, err := ParseLong(s)
		assert.ErrorIs(t, err, ErrTime, "%q", s)
	}
}

func TestFormatParseRoundTrip(t *testing.T) {
	start := time.Date(2019, 12, 30, 23, 0, 0, 0, time.UTC)
	for i := range 400 {
		at := start.Add(time.Duration(i) * 37 * time.Hour).Truncate(time.Minute)
		got, err := ParseStamp(FormatStamp(at))
		require.NoError(t, err)
		assert.True(t, got.Equal(at), "stamp round trip of %v", at)
		got, err = ParseLong(FormatLong(at))
		require.NoError(t, err)
		assert.True(t, got.Equal(at), "long round trip of %v", at)
	}
}

func BenchmarkFormatStamp(b *testing.B) {
	at := time.Date(2020, 11, 29, 5, 48, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		_ = FormatStamp(at)
	}
}

func BenchmarkParseStamp(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseStamp("(12:48 29/11/2020)"); err != nil {
			b.Fatal(err)
		}
	}
}
