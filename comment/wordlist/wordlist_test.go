package wordlist_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/binhluan/binhluan/comment/wordlist"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// defaultList compiles the default list, failing the test if it cannot.
func defaultList(t testing.TB) *wordlist.List {
	t.Helper()
	entries := wordlist.Default()
	require.NotEmpty(t, entries, "the embedded default list must parse")
	l, err := wordlist.New(entries)
	require.NoError(t, err)
	return l
}

func TestDefaultCatches(t *testing.T) {
	l := defaultList(t)
	tests := []struct {
		name, text, phrase string
		action             wordlist.Action
	}{
		{"accented", "Đồ cặc!", "cặc", wordlist.Hold},
		{"upper case", "CẶC", "cặc", wordlist.Hold},
		{"letters apart with dots", "c.ặ.c", "cặc", wordlist.Hold},
		{"letters apart, unaccented", "c a c", "cặc", wordlist.Hold},
		{"digit for a letter", "c4c", "cặc", wordlist.Hold},
		{"repeated letters, unaccented", "caccc", "cặc", wordlist.Hold},
		{"teencode", "kặc", "kặc", wordlist.Hold},
		{"đm with a dot", "đ.m", "đm", wordlist.Hold},
		{"dm with a space", "d m nó", "đm", wordlist.Hold},
		{"repeats", "đmmm", "đmm", wordlist.Refuse},
		{"dm", "dm thằng kia", "đm", wordlist.Hold},
		{"phrase", "địt mẹ mày", "địt mẹ mày", wordlist.Refuse},
		{"phrase unaccented", "dit me may", "địt mẹ mày", wordlist.Refuse},
		{"phrase leet, upper", "Đ1T MẸ", "địt mẹ", wordlist.Refuse},
		{"phrase run together", "ditme", "địt mẹ", wordlist.Refuse},
		{"phrase across punctuation", "đụ... má", "đụ má", wordlist.Refuse},
		{"đĩ", "con đĩ", "con đĩ", wordlist.Hold},
		{"đĩ without the stroke", "dĩ", "đĩ", wordlist.Hold},
		{"đĩ leet", "đ1", "đĩ", wordlist.Hold},
		{"lồn disguised", "l0n", "lồn", wordlist.Hold},
		{"loz", "như loz", "loz", wordlist.Hold},
		{"vcl", "hay vcl", "vcl", wordlist.Hold},
		{"vkl upper", "VKL", "vkl", wordlist.Hold},
		{"clgt", "clgt vậy", "clgt", wordlist.Hold},
		{"cc", "cc gì", "cc", wordlist.Mask},
		{"vl", "đẹp vl", "vl", wordlist.Mask},
		{"vãi", "vãi thật", "vãi", wordlist.Mask},
		{"đéo", "đéo biết", "đéo", wordlist.Mask},
		{"đéo unaccented with repeats", "deooo", "đéo", wordlist.Mask},
		{"ngu", "mày ngu thế", "ngu", wordlist.Suspect},
		{"thằng ngu", "thằng ngu", "thằng ngu", wordlist.Suspect},
		{"new-style tone placement", "ÓC CHÓ", "óc chó", wordlist.Suspect},
		{"decomposed input", "c\u0061\u0323\u0306c", "cặc", wordlist.Hold},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := l.Match(tt.text)
			require.Len(t, ms, 1, "want one match of %q in %q, got %+v", tt.phrase, tt.text, ms)
			assert.Equal(t, tt.phrase, ms[0].Entry.Phrase)
			assert.Equal(t, tt.action, ms[0].Entry.Action)
		})
	}
}

// innocent sentences, most of them real news-comment language, with a word
// whose spelling is close to an entry's.
var innocent = []string{
	"Các bạn ơi, đi học đi.",
	"Tôi đi làm về muộn.",
	"cac ban oi di hoc di",
	"Bộ máy nhà nước cần tinh gọn.",
	"bo may nha nuoc can tinh gon",
	"Một lon bia giá bao nhiêu?",
	"Đeo khẩu trang khi ra đường.",
	"deo khau trang khi ra duong",
	"Đau vai gáy lâu năm.",
	"dau vai gay",
	"Ngư dân ra khơi.",
	"Ngũ Hành Sơn, Đà Nẵng.",
	"Đi ngủ sớm cho khoẻ.",
	"Buổi sáng ăn bưởi.",
	"buoi sang an buoi",
	"Điểm thi năm nay cao.",
	"diem thi nam nay cao",
	"Cút bắt với con.",
	"Cái lon nước ngọt.",
	"Đồ ngủ trẻ em.",
	"Con đi học về.",
	"con di hoc ve",
	"Tiền cắc bạc ngày xưa.",
	"Dù mưa vẫn đi du lịch.",
	"Thành phố Hồ Chí Minh (TP.HCM) đông vui.",
	"Điều 5, khoản 1, Nghị định 147/2024/NĐ-CP.",
	"Hoà bình, hòa hợp.",
	"Cầu Long Biên, Hà Nội.",
	"Ông ấy làm công an.",
	"Ngành dệt may xuất khẩu.",
	"Đá bóng vui lắm.",
	"Học sinh đi thi.",
}

func TestDefaultInnocent(t *testing.T) {
	l := defaultList(t)
	for _, s := range innocent {
		t.Run(s, func(t *testing.T) {
			assert.Empty(t, l.Match(s), "an innocent sentence must not match")
			assert.Equal(t, s, l.Mask(s), "an innocent sentence is shown as it is")
		})
	}
}

func TestAccentsBothWays(t *testing.T) {
	l, err := wordlist.New([]wordlist.Entry{
		{Phrase: "cặc", Action: wordlist.Hold},
		{Phrase: "đĩ", Action: wordlist.Hold},
		{Phrase: "các", Action: wordlist.Suspect},
		{Phrase: "đi", Action: wordlist.Mask},
	})
	require.NoError(t, err)
	tests := []struct {
		text, want string
	}{
		{"cặc", "cặc"},
		{"các", "các"},
		{"cac", "cặc"}, // a bare word matches both; the first entry wins the tie on strength
		{"đĩ", "đĩ"},
		{"đi", "đi"},
		{"dĩ", "đĩ"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			ms := l.Match(tt.text)
			require.Len(t, ms, 1)
			assert.Equal(t, tt.want, ms[0].Entry.Phrase)
		})
	}
}

func TestStrict(t *testing.T) {
	l, err := wordlist.New([]wordlist.Entry{{Phrase: "cặc", Action: wordlist.Hold, Strict: true}})
	require.NoError(t, err)
	for text, want := range map[string]bool{
		"cặc": true, "CẶC": true, "c4c": true, "c a c": true, "cacc": true,
		"cac": false, "các": false, "cắc": false, "cặcx": false, "xcặc": false,
	} {
		assert.Equal(t, want, len(l.Match(text)) == 1, "match of %q", text)
	}
}

func TestMask(t *testing.T) {
	l := defaultList(t)
	tests := []struct{ in, want string }{
		{"Đẹp vl luôn", "Đẹp ** luôn"},
		{"đ.m thằng này", "*.* thằng này"},
		{"Hay vãi, đéo tin được!", "Hay ***, *** tin được!"},
		{"thằng ngu", "thằng ngu"}, // suspect words are not masked
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, l.Mask(tt.in))
		})
	}
}

func TestNewReplacesAndDrops(t *testing.T) {
	own, err := wordlist.Parse(strings.NewReader("suspect đụ má\ndrop vl\nmask  Đồ Hâm # mild\n"))
	require.NoError(t, err)
	l, err := wordlist.New(append(wordlist.Default(), own...))
	require.NoError(t, err)
	assert.Equal(t, wordlist.Suspect, l.Worst("đụ má"), "a later entry replaces the default's")
	assert.Equal(t, wordlist.Action(0), l.Worst("đẹp vl"), "drop removes the default entry")
	assert.Equal(t, "** *** quá", l.Mask("đồ hâm quá"))
	for _, e := range l.Entries() {
		assert.NotEqual(t, "vl", e.Phrase)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, list string
		line       int
		err        error
	}{
		{"unknown action", "hold ngu\nban ngu\n", 2, wordlist.ErrUnknownAction},
		{"empty phrase", "# list\nrefuse\n", 2, wordlist.ErrEmpty},
		{"empty phrase with spaces", "refuse   # nothing\n", 1, wordlist.ErrEmpty},
		{"no letter", "hold ...\n", 1, wordlist.ErrNoWord},
		{"10 KB entry", "hold " + strings.Repeat("ngu ", 2560) + "\n", 1, wordlist.ErrTooLong},
		{"too many words", "hold một hai ba bốn năm sáu bảy tám chín\n", 1, wordlist.ErrTooLong},
		{"invalid UTF-8", "hold ngu\n\nmask \xff\xfe\n", 3, wordlist.ErrInvalidUTF8},
		{"line longer than the reader takes", "hold " + strings.Repeat("x", 70<<10), 1, wordlist.ErrTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, err := wordlist.Parse(strings.NewReader(tt.list))
			require.Error(t, err)
			assert.Nil(t, entries, "nothing is returned half-way")
			assert.ErrorIs(t, err, tt.err)
			var le *wordlist.LineError
			require.True(t, errors.As(err, &le), "the error names its line")
			assert.Equal(t, tt.line, le.Line)
			assert.Contains(t, err.Error(), "line ")
		})
	}
}

func TestNewErrors(t *testing.T) {
	for _, e := range []wordlist.Entry{
		{Phrase: "", Action: wordlist.Hold, Line: 4},
		{Phrase: "ngu", Action: 0, Line: 4},
		{Phrase: "ngu", Action: 99, Line: 4},
		{Phrase: "\xc3", Action: wordlist.Hold, Line: 4},
		{Phrase: strings.Repeat("a", 10<<10), Action: wordlist.Hold, Line: 4},
	} {
		l, err := wordlist.New([]wordlist.Entry{e})
		assert.Nil(t, l)
		var le *wordlist.LineError
		require.ErrorAs(t, err, &le)
		assert.Equal(t, 4, le.Line)
	}
}

func TestParseFormat(t *testing.T) {
	entries, err := wordlist.Parse(strings.NewReader("# c\n\n  refuse!\tcặc  \nHOLD\tvcl # x\n"))
	require.NoError(t, err)
	assert.Equal(t, []wordlist.Entry{
		{Phrase: "cặc", Action: wordlist.Refuse, Strict: true, Line: 3},
		{Phrase: "vcl", Action: wordlist.Hold, Line: 4},
	}, entries)
}

func TestActionString(t *testing.T) {
	assert.Equal(t, "refuse", wordlist.Refuse.String())
	assert.Equal(t, "Action(9)", wordlist.Action(9).String())
	assert.True(t, wordlist.Hold.Banned())
	assert.False(t, wordlist.Suspect.Banned())
}

func TestNilAndEmptyList(t *testing.T) {
	var l *wordlist.List
	assert.Empty(t, l.Match("đm"))
	assert.Equal(t, "đm", l.Mask("đm"))
	e, err := wordlist.New(nil)
	require.NoError(t, err)
	assert.Empty(t, e.Match("đm"))
}

// TestConcurrentUse checks the concurrency contract: one compiled List, many
// goroutines, the same answers (run with -race).
func TestConcurrentUse(t *testing.T) {
	l := defaultList(t)
	text := strings.Repeat("Các bạn đẹp vl, đ.m thằng ngu, đi học đi. ", 20)
	want := l.Mask(text)
	wantN := len(l.Match(text))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if got := l.Mask(text); got != want {
					t.Errorf("Mask differs under concurrency")
					return
				}
				if n := len(l.Match(text)); n != wantN {
					t.Errorf("Match found %d, want %d", n, wantN)
					return
				}
			}
		})
	}
	wg.Wait()
}
