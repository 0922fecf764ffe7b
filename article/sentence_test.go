package article

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"one", "Một câu.", []string{"Một câu."}},
		{"three kinds of end", "Có không? Có! Vậy thì tốt.", []string{"Có không?", "Có!", "Vậy thì tốt."}},
		{"city abbreviation", "TP. Hồ Chí Minh có 9 triệu dân. Ông A nói vậy.", []string{"TP. Hồ Chí Minh có 9 triệu dân.", "Ông A nói vậy."}},
		{"degrees", "PGS.TS. Nguyễn Văn B cho biết: Năm nay tăng 1.000 tỷ đồng. Tiếp theo là gì?", []string{"PGS.TS. Nguyễn Văn B cho biết: Năm nay tăng 1.000 tỷ đồng.", "Tiếp theo là gì?"}},
		{"ellipsis", "Giá 1.5 triệu... Thật không?", []string{"Giá 1.5 triệu...", "Thật không?"}},
		{"closing quote stays", "Ông nói: “Được rồi.” Sau đó về.", []string{"Ông nói: “Được rồi.”", "Sau đó về."}},
		{"lowercase after stop", "Xem mục 3. tiếp theo là mục 4.", []string{"Xem mục 3. tiếp theo là mục 4."}},
		{"initial", "Ông Nguyễn V. Hùng phát biểu. Hết.", []string{"Ông Nguyễn V. Hùng phát biểu.", "Hết."}},
		{"etc", "Rau, củ, quả v.v. Đều tăng giá.", []string{"Rau, củ, quả v.v. Đều tăng giá."}},
		{"no final stop", "Không có dấu chấm cuối", []string{"Không có dấu chấm cuối"}},
		{"sentence starts with a digit", "Hôm qua trời mưa. 3 người bị thương.", []string{"Hôm qua trời mưa.", "3 người bị thương."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Sentences(tt.in))
		})
	}
}

// proseSentences is what prose's English Punkt segmenter makes of a paragraph.
func proseSentences(t testing.TB, para string) []string {
	doc, err := prose.NewDocument(para, prose.WithTagging(false), prose.WithExtraction(false), prose.WithTokenization(false))
	require.NoError(t, err)
	var out []string
	for _, s := range doc.Sentences() {
		out = append(out, s.Text)
	}
	return out
}

// TestSentencesAgreeWithProse checks our segmenter against prose's on the
// seed article, where plain sentences leave no room for doubt, and records
// the case that made us write our own: prose splits "TP." from "Hồ Chí Minh".
func TestSentencesAgreeWithProse(t *testing.T) {
	a, err := Parse(bytes.NewReader(readSeed(t)))
	require.NoError(t, err)
	paras := strings.Split(a.Text(), "\n")
	total := 0
	for i, p := range paras {
		ours := Sentences(p)
		assert.Equal(t, proseSentences(t, p), ours, "paragraph %d", i)
		total += len(ours)
	}
	assert.Equal(t, 32, total, "sentences in the seed article's lead and body")

	city := "TP. Hồ Chí Minh có 9 triệu dân."
	assert.Equal(t, []string{city}, Sentences(city))
	assert.Equal(t, []string{"TP.", "Hồ Chí Minh có 9 triệu dân."}, proseSentences(t, city), "prose's English model does not know Vietnamese abbreviations")
}

func TestExcerpt(t *testing.T) {
	text := "Câu thứ nhất ngắn. Câu thứ hai dài hơn một chút.\nĐoạn hai bắt đầu."
	tests := []struct {
		max  int
		want string
	}{
		{0, ""},
		{-5, ""},
		{18, "Câu thứ nhất ngắn."},
		{30, "Câu thứ nhất ngắn."},
		{49, "Câu thứ nhất ngắn. Câu thứ hai dài hơn một chút."},
		{66, "Câu thứ nhất ngắn. Câu thứ hai dài hơn một chút. Đoạn hai bắt đầu."},
		{1000, "Câu thứ nhất ngắn. Câu thứ hai dài hơn một chút. Đoạn hai bắt đầu."},
		{10, "Câu thứ…"},
		{1, "…"},
	}
	for _, tt := range tests {
		got := Excerpt(text, tt.max)
		assert.Equal(t, tt.want, got, "Excerpt(%d)", tt.max)
		assert.LessOrEqual(t, utf8.RuneCountInString(got), max(tt.max, 0), "Excerpt(%d) fits", tt.max)
	}
}

func TestArticleExcerptAndReading(t *testing.T) {
	a, err := Parse(bytes.NewReader(readSeed(t)))
	require.NoError(t, err)
	short := a.Excerpt(300)
	assert.Equal(t, "Nhận diện rõ những tồn tại trong thực hiện Nghị quyết Đảng bộ quận lần thứ III, với tinh thần quyết tâm đổi mới, sáng tạo, đồng bộ, có trọng tâm, trọng điểm, bám sát tình hình thực tiễn và yêu cầu nhiệm vụ, Nghị quyết Đại hội Đại biểu Đảng bộ Quận Long Biên, lần thứ IV, nhiệm kỳ 2020-2025 đã chỉ ra…", short,
		"the lead's first sentence is longer than 300 runes, so it is cut between words")
	assert.LessOrEqual(t, utf8.RuneCountInString(short), 300)
	long := a.Excerpt(600)
	assert.True(t, strings.HasPrefix(long, "Nhận diện rõ những tồn tại"), "the excerpt starts with the lead")
	assert.True(t, strings.HasSuffix(long, "sát thực tiễn."), "the excerpt ends with a whole sentence: %q", long)
	assert.LessOrEqual(t, utf8.RuneCountInString(long), 600)

	words := a.WordCount()
	assert.Greater(t, words, 1500, "the seed article has about 1,600 syllables")
	assert.Less(t, words, 1800)
	assert.Equal(t, ReadingTime(words), a.ReadingTime())
	assert.Equal(t, 8*time.Minute, a.ReadingTime())

	assert.Equal(t, time.Duration(0), ReadingTime(0))
	assert.Equal(t, time.Minute, ReadingTime(1))
	assert.Equal(t, time.Minute, ReadingTime(WordsPerMinute))
	assert.Equal(t, 2*time.Minute, ReadingTime(WordsPerMinute+1))
}

func BenchmarkSentences(b *testing.B) {
	a, err := Parse(bytes.NewReader(readSeed(b)))
	require.NoError(b, err)
	paras := strings.Split(a.Text(), "\n")
	b.Run("binhluan", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range paras {
				_ = Sentences(p)
			}
		}
	})
	b.Run("prose", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range paras {
				_ = proseSentences(b, p)
			}
		}
	})
}

func BenchmarkExcerpt(b *testing.B) {
	a, err := Parse(bytes.NewReader(readSeed(b)))
	require.NoError(b, err)
	text := a.Text()
	b.ReportAllocs()
	for b.Loop() {
		_ = Excerpt(text, 300)
	}
}
