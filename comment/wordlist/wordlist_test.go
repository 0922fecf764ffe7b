package wordlist_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/binhluan/binhluan/comment/wordlist"
	"github.com/binhluan/binhluan/internal/wordfold"
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
		{"đĩ spelled apart without the stroke", "d.ĩ", "đĩ", wordlist.Hold},
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
		{"letters apart, upper case", "Đ.Ị.T", "địt", wordlist.Hold},
		{"digit in a phrase, unaccented", "d1t me no", "địt mẹ", wordlist.Refuse},
		{"phrase run together, three words", "ditmemay", "địt mẹ mày", wordlist.Refuse},
		{"strict word spelled apart", "l.ồ.n", "lồn", wordlist.Hold},
		{"strict word repeated", "lồnnn", "lồn", wordlist.Hold},
		{"strict word unaccented, repeated", "buoiii", "buồi", wordlist.Hold},
		{"short form spelled apart", "đ c m", "đcm", wordlist.Refuse},
		{"short form upper case", "ĐKM", "đkm", wordlist.Refuse},
		{"1 read as l", "vc1", "vcl", wordlist.Hold},
		{"short form with dots", "v.c.l", "vcl", wordlist.Hold},
		{"digit for a vowel in a phrase", "th4ng ngu", "thằng ngu", wordlist.Suspect},
		{"digit for e", "đ3o", "đéo", wordlist.Mask},
		{"strict mask word repeated", "vãiii", "vãi", wordlist.Mask},
		{"huyền tone", "Đù má", "đù má", wordlist.Refuse},
		{"unaccented phrase", "thang cho", "thằng chó", wordlist.Suspect},
		{"strict word in a sentence", "Cục cứt", "cứt", wordlist.Mask},
		{"mother", "đụ mẹ", "đụ mẹ", wordlist.Refuse},
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
// whose spelling is close to an entry's: the word list must find nothing in
// them, accented or not.
var innocent = []string{
	"Vay la du ma, can gi them nua",      // vậy là đủ mà, typed without accents
	"Du ma toi khong dong y voi bai nay", // dù mà …
	"Thế là đủ mà, đừng đòi thêm nữa.",
	"Các bạn ơi, đi học đi.",
	"Tôi đi làm về muộn.",
	"cac ban oi di hoc di",
	"Cách làm này hay, các bác thử xem.",
	"cach lam nay hay day",
	"Bộ máy nhà nước cần tinh gọn.",
	"bo may nha nuoc can tinh gon",
	"Một lon bia giá bao nhiêu?",
	"Cái lon nước ngọt.",
	"Con chim trong lồng hót líu lo.",
	"Mua cái lồng đèn cho con dịp Trung thu.",
	"Đi làm ăn xa, lớn lên mới hiểu.",
	"Đeo khẩu trang khi ra đường.",
	"deo khau trang khi ra duong",
	"Đèo Hải Vân sương mù dày đặc.",
	"Đau vai gáy lâu năm.",
	"dau vai gay",
	"Tấm vải này may áo dài đẹp.",
	"Ngư dân ra khơi.",
	"Ngũ Hành Sơn, Đà Nẵng.",
	"Đi ngủ sớm cho khoẻ.",
	"Buổi sáng ăn bưởi.",
	"buoi sang an buoi",
	"Buổi họp kéo dài ba tiếng.",
	"Điểm thi năm nay cao.",
	"diem thi nam nay cao",
	"Cút bắt với con.",
	"Cút đi cho khuất mắt, tao không muốn nhìn thấy mày.",
	"Đồ ngủ trẻ em.",
	"Con đi học về.",
	"con di hoc ve",
	"Dĩ nhiên là tôi ủng hộ.",
	"Sở dĩ giá tăng là do xăng dầu.",
	"Chuyện đã là dĩ vãng, bất đắc dĩ mới phải nói.",
	"Kẻ gian dụ dỗ trẻ em bằng kẹo.",
	"Đủ rồi, đừng nói nữa.",
	"Trẻ con đu dây, đu quay ở công viên.",
	"Đu đủ chín vàng cả cây.",
	"Dù mưa vẫn đi du lịch.",
	"Đụng xe trên cầu, may không ai bị thương.",
	"Đường còn dài lắm.",
	"duong con dai lam",
	"Bấm lỗ dái tai cho bé.",
	"Ngồi lâu đau đít quá.",
	"Chó cắn áo rách.",
	"Treo đầu dê bán thịt chó.",
	"Chó chê mèo lắm lông.",
	"Nuôi chó giữ nhà, nuôi mèo bắt chuột.",
	"Tiền cắc bạc ngày xưa.",
	"Cái cặp sách của con bị rách.",
	"Thành phố Hồ Chí Minh (TP.HCM) đông vui.",
	"Điều 5, khoản 1, Nghị định 147/2024/NĐ-CP.",
	"Hoà bình, hòa hợp.",
	"Cầu Long Biên, Hà Nội.",
	"Ông ấy làm công an.",
	"Ngành dệt may xuất khẩu.",
	"Đá bóng vui lắm.",
	"Học sinh đi thi.",
	"Đĩa cơm sườn ba mươi nghìn.",
	"Thằng bé nhà tôi ngoan lắm.",
	"Đồ ăn ở đây ngon, giá phải chăng.",
	"Lợi ích của cách mạng công nghiệp.",
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

// TestStrict checks strict entries: their spellings without accents, or
// without the stroke of đ, are everyday words and match only disguised.
func TestStrict(t *testing.T) {
	l, err := wordlist.New([]wordlist.Entry{
		{Phrase: "cặc", Action: wordlist.Hold, Strict: true},
		{Phrase: "đĩ", Action: wordlist.Hold, Strict: true},
	})
	require.NoError(t, err)
	for text, want := range map[string]bool{
		"cặc": true, "CẶC": true, "c4c": true, "c a c": true, "cacc": true,
		"cac": false, "các": false, "cắc": false, "cặcx": false, "xcặc": false,
		"đĩ": true, "ĐĨ": true, "d.ĩ": true, "d1": true, "dĩĩ": true,
		"dĩ": false, "dĩ nhiên": false, "di": false, "đi": false, "đì": false,
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

// TestMatchFolded checks that matching the words of a Folder finds what
// Match finds in the text, appended after what out held.
func TestMatchFolded(t *testing.T) {
	l, err := wordlist.New(wordlist.Default())
	require.NoError(t, err)
	kept := wordlist.Match{Start: -1}
	var f wordfold.Folder
	for _, text := range append(innocent, "Thằng cha này nói ngu thế, đ.m đọc mà bực cả mình.", "ditmemay vc1 l.ồ.n", "đ c m, mày đúng là đồ ngu") {
		want := append([]wordlist.Match{kept}, l.Match(text)...)
		got := l.MatchFolded(&f, f.Fold(text), []wordlist.Match{kept})
		assert.Equal(t, want, got, "matches of %q", text)
	}
	var nilList *wordlist.List
	assert.Empty(t, nilList.MatchFolded(&f, f.Fold("đm"), nil))
}
