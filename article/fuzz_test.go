package article

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/binhluan/binhluan/internal/vntext"
)

// FuzzParse checks that Parse never panics and never drops text silently:
// every word of every line before the page's furniture ends up in some
// field of the article, or Parse returns an error.
func FuzzParse(f *testing.F) {
	f.Add(string(readSeed(f)))
	f.Add("Chuỗi:\n\nTựa (12:48 29/11/2020)\n\nHNP - Dẫn.\n\nẢnh\n\nThân.\n\nTác Giả\n\nCác bài mới đăng")
	f.Add("T\n(1:05 1/1/2000)\nA\nB")
	f.Add("\xff(12:48 29/11/2020)")
	f.Fuzz(func(t *testing.T, page string) {
		a, err := Parse(strings.NewReader(page))
		if err != nil {
			if a != nil {
				t.Fatalf("an error comes with no article")
			}
			return
		}
		if !utf8.ValidString(page) {
			t.Fatalf("invalid UTF-8 was accepted")
		}
		if err := a.Validate(); err != nil {
			t.Fatalf("Parse made an invalid article: %v", err)
		}
		kept := map[string]bool{}
		for _, s := range []string{a.Series, a.Title, FormatStamp(a.PublishedAt), a.Source, a.Lead, a.Author} {
			for _, w := range strings.Fields(s) {
				kept[w] = true
			}
		}
		for _, b := range a.Body {
			for _, w := range strings.Fields(b.Text + " " + b.Caption) {
				kept[w] = true
			}
		}
		for _, line := range contentLines(page) {
			line = stampAtEnd.ReplaceAllString(line, "") // written back as PublishedAt
			for _, w := range strings.Fields(line) {
				if kept[w] || kept[strings.TrimSuffix(w, ":")] {
					continue
				}
				// A series' colon and a source tag's brackets and dash are
				// markup, not text: "(TTXVN)", "HNP-", "Chuỗi:".
				if bare := strings.Trim(w, "()-–—:"); bare == "" || kept[bare] {
					continue
				}
				t.Fatalf("word %q of line %q was dropped", w, line)
			}
		}
	})
}

func FuzzParseStamp(f *testing.F) {
	for _, s := range []string{"12:48 29/11/2020", "(9h05 1-2-2021)", "29/11/2020 12:48", "24:00 1/1/2020", "1:1 1/1/1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		at, err := ParseStamp(s)
		if err != nil {
			return
		}
		back, err := ParseStamp(FormatStamp(at))
		if err != nil || !back.Equal(at) {
			t.Fatalf("%q parsed to %v, which does not round-trip: %v %v", s, at, back, err)
		}
	})
}

func FuzzParseLong(f *testing.F) {
	for _, s := range []string{"Chủ Nhật, 29/11/2020 12:48", "T2, 30/11/2020, 08:00 (GMT+7)", "cn,1/1/2000 0:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		at, err := ParseLong(s)
		if err != nil {
			return
		}
		back, err := ParseLong(FormatLong(at))
		if err != nil || !back.Equal(at) {
			t.Fatalf("%q parsed to %v, which does not round-trip: %v %v", s, at, back, err)
		}
	})
}

// FuzzExcerpt checks that an excerpt fits, is made of the text's own words
// in order, and never splits a character.
func FuzzExcerpt(f *testing.F) {
	f.Add("TP. Hồ Chí Minh mưa. Đường ngập.\nĐoạn hai.", 20)
	f.Add("Một câu rất dài không có dấu chấm nào cả", 7)
	f.Fuzz(func(t *testing.T, text string, n int) {
		n %= 4096
		got := Excerpt(text, n)
		if utf8.RuneCountInString(got) > max(n, 0) {
			t.Fatalf("excerpt of %d runes is longer than %d", utf8.RuneCountInString(got), n)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("excerpt is not valid UTF-8")
		}
		flat := strings.Join(strings.Fields(vntext.Normalize(text)), " ")
		core := strings.TrimSuffix(got, "…")
		if !strings.HasPrefix(flat, core) {
			t.Fatalf("excerpt %q is not the start of the text %q", got, flat)
		}
	})
}
