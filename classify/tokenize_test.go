package classify

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

// features returns a document's distinct features in the order they first
// appear.
func features(doc Document) []string {
	t := getTokenizer(true)
	defer t.release()
	t.document(doc, KindSpam)
	return append([]string(nil), t.names...)
}

// words returns features without the letter pairs (see grams), which
// TestGrams checks.
func words(feats []string) []string {
	var out []string
	for _, f := range feats {
		if !strings.HasPrefix(f, markGram) {
			out = append(out, f)
		}
	}
	return out
}

func TestTokenizer(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  []string
		words string // the range of #words, which comes last
	}{
		{"words, twins and bigrams", "Vay tiền nhanh", []string{"vay", "tiền", "~tien", "vay tien", "nhanh", "tien nhanh"}, "3-5"},
		{"tone placement is canonical", "hoà bình", []string{"hòa", "~hoa", "bình", "~binh", "hoa binh"}, "1-2"},
		{"no accents meet accents", "vay tien", []string{"vay", "tien", "vay tien"}, "1-2"},
		{"url with domain", "xem tại https://www.vaynhanh247.example/dang-ky ngay", []string{"xem", "tại", "~tai", "xem tai", markURL, markDomain + "vaynhanh247.example", "ngay"}, "3-5"},
		{"bare domain", "vào bet88.com nhé", []string{"vào", "~vao", markURL, markDomain + "bet88.com", "nhé", "~nhe"}, "1-2"},
		{"email", "gửi về abc@mail.example.", []string{"gửi", "~gui", "về", "~ve", "gui ve", markEmail, markDomain + "mail.example"}, "1-2"},
		{"phone", "ib 0912.345.678", []string{"ib", markPhone}, "1-2"},
		{"spaced phone", "gọi 0 9 1 2 . 3 4 5 . 6 7 8 nhé", []string{"gọi", "~goi", markPhone, "nhé", "~nhe"}, "1-2"},
		{"phone with country code", "zalo +84 912 345 678", []string{"zalo", markPhone}, "1-2"},
		{"phone with 0084", "gọi 0084 912 345 678", []string{"gọi", "~goi", markPhone}, "1-2"},
		{"landline", "gọi (024) 3825 1234", []string{"gọi", "~goi", markPhone}, "1-2"},
		{"service number", "tổng đài 1900 1234", []string{"tổng", "~tong", "đài", "~dai", "tong dai", markPhone}, "1-2"},
		{"no such prefix: numbers", "mã 0123 456 789", []string{"mã", "~ma", markNumber}, "1-2"},
		{"too few digits for the plan", "số 0912 345", []string{"số", "~so", markNumber}, "1-2"},
		{"money", "lãi 500k, vay 5tr, 2.000.000đ, 10 triệu, $500", []string{"lãi", "~lai", markMoney, "vay"}, "1-2"},
		{"plain numbers", "năm 2020 có 15 dự án", []string{"năm", "~nam", markNumber, "có", "~co", "dự", "~du", "án", "~an", "du an"}, "3-5"},
		{"caps and repeats", "HOT quá điiiii!!!", []string{markCaps, "hot", "quá", "~qua", "hot qua", markRepeat, "đii", "~dii", "qua dii", markExclaim}, "3-5"},
		{"emoji once per run", "đẹp 😍😍👍🏽 lắm", []string{"đẹp", "~dep", markEmoji, "lắm", "~lam"}, "1-2"},
		{"html", "Hay<br />quá &amp; <a href=\"http://x.example/a\">link</a>", []string{"hay", "quá", "~qua", "hay qua", markURL, markDomain + "x.example", "link"}, "3-5"},
		{"look-alikes", "vаy tіền", []string{"vay", "tiền", "~tien", "vay tien"}, "1-2"},
		{"zero width removed", "va\u200by", []string{"vay"}, "1-2"},
		{"punctuation breaks bigrams", "tốt. Giao", []string{"tốt", "~tot", "giao"}, "1-2"},
		{"long word", strings.Repeat("a", 50), []string{markLongWord}, "0"},
		{"keyboard mashing", "ok jdjdjdjd", []string{"ok", markMash, "jdjdjdjd", "ok jdjdjdjd"}, "1-2"},
		{"no words", "😍 0912 345 678", []string{markEmoji, markPhone}, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, append(tt.want, markWords+tt.words), words(features(Text(tt.in))))
		})
	}
}

func TestTokenizerFields(t *testing.T) {
	got := words(features(Document{Name: "Vay", Title: "Tiền", Content: "vay"}))
	assert.Equal(t, []string{"vay", "#words:1-2", "name:vay", "title:tiền", "title:~tien"}, got, "a word in the name or title is its own feature")
	assert.Equal(t, []string{"#words:0", "name:vay"}, features(Document{Name: "Vay"}), "an empty content has no words")
}

// The letter pairs of the content's words and numbers: each word's fold
// with a space at either end, named after the word, distinct pairs once.
func TestGrams(t *testing.T) {
	pairs := func(doc Document) (names []string, hashes []uint64) {
		tk := getTokenizer(true)
		defer tk.release()
		tk.document(doc, KindSpam)
		for i, n := range tk.names {
			if strings.HasPrefix(n, markGram) {
				names, hashes = append(names, n), append(hashes, tk.hashes[i])
			}
		}
		return names, hashes
	}
	tests := []struct {
		name string
		doc  Document
		want []string
	}{
		{"a word: four pairs", Text("Vay"), []string{"%vay", "%vay", "%vay", "%vay"}},
		{"from the fold", Text("tiền"), []string{"%tien", "%tien", "%tien", "%tien", "%tien"}},
		{"a pair once per field", Text("vay vay"), []string{"%vay", "%vay", "%vay", "%vay"}},
		{"shared pairs go to the first word", Text("an nan"), []string{"%an", "%an", "%an", "%nan", "%nan"}},
		{"numbers too", Text("số 09"), []string{"%so", "%so", "%so", "%09", "%09", "%09"}},
		{"runes beyond ASCII whole", Text("ωφ"), []string{"%ωφ", "%ωφ", "%ωφ"}},
		{"ASCII pairs of a word beyond ASCII shared", Text("aω ab"), []string{"%aω", "%aω", "%aω", "%ab", "%ab"}},
		{"content only", Document{Name: "Vay", Title: "tiền"}, nil},
		{"not of a phone number", Text("0912 345 678"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The pairs of ASCII bytes come in the order of their bytes,
			// after the rest of the field.
			names, _ := pairs(tt.doc)
			assert.ElementsMatch(t, tt.want, names)
		})
	}
	// A pair's hash is that of "%" and its two runes, whichever way it
	// was found: saved models depend on it.
	for _, doc := range []Document{Text("v"), Text("vω")} {
		_, hs := pairs(doc)
		assert.Contains(t, hs, fnvString(fnvOffset, "% v"), "%q", doc.Content)
	}
	_, hs := pairs(Text("vω"))
	assert.ElementsMatch(t, []uint64{fnvString(fnvOffset, "% v"), fnvString(fnvOffset, "%vω"), fnvString(fnvOffset, "%ω ")}, hs)
	// A pair of ASCII bytes is one feature, whether its word is ASCII or
	// not.
	for _, doc := range []Document{Text("aω ab"), Text("ab aω"), Text("ωa ba 1ω 21")} {
		for _, keep := range []bool{false, true} {
			hs, _ := tokenize(doc, keep, false)
			assert.Len(t, hs, len(slices.Compact(slices.Sorted(slices.Values(hs)))), "%q: repeated features", doc.Content)
		}
	}
	// Full-width digits have the pairs of ASCII ones, and a long number
	// is measured in runes, not bytes.
	for _, num := range []string{"500k", "12345678901234"} {
		wide := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return '０' + (r - '0')
			}
			return r
		}, num)
		_, want := pairs(Text(num))
		_, got := pairs(Text(wide))
		assert.NotEmpty(t, want, num)
		assert.ElementsMatch(t, want, got, "%s and %s", num, wide)
	}
	// "vayy" (as "vayyy" reads) is "vay" and one pair more.
	_, vay := pairs(Text("vay"))
	_, vayy := pairs(Text("vayyy"))
	assert.Len(t, vayy, 5)
	shared := 0
	for _, h := range vay {
		if slices.Contains(vayy, h) {
			shared++
		}
	}
	assert.Equal(t, 4, shared)
	// With names kept (Explain), ASCII or not, the hashes are those
	// scoring takes.
	for _, doc := range []Document{Text("Vay tiền nhanh 500k"), Text("ωφ và ЖЖ 09")} {
		named := getTokenizer(true)
		named.document(doc, KindSpam)
		plain := getTokenizer(false)
		plain.document(doc, KindSpam)
		assert.Equal(t, named.hashes, plain.hashes)
		named.release()
		plain.release()
	}
	// The fast path and the cache give the pairs the full path gives.
	slow := getTokenizer(false)
	slow.slow = true
	slow.document(Text("Vay tiền nhanh 500k, gọi 0912 345 678"), KindSpam)
	want := slices.Clone(slow.hashes)
	slow.slow = false
	slow.release()
	for range 2 * cacheAfter {
		tk := getTokenizer(false)
		tk.document(Text("Vay tiền nhanh 500k, gọi 0912 345 678"), KindSpam)
		assert.Equal(t, want, tk.hashes)
		tk.release()
	}
}

func TestTokenizerMarkupNeverPanics(t *testing.T) {
	for _, s := range []string{"<aȺȺhref=>", "<a\xff\xff\xffhref=>", "<A HREF='http://x.example'>y</A>", "<a href=", "<>", "&#xFFFFFFFF;"} {
		assert.NotPanics(t, func() { features(Text(s)) }, "%q", s)
	}
	assert.Contains(t, features(Text("<A HREF='http://x.example'>y</A>")), markDomain+"x.example", "attribute names in any case")
}

func TestTokenizerBounds(t *testing.T) {
	huge := strings.Repeat("từ ", 100000)
	n := len(features(Text(huge)))
	assert.Less(t, n, 20000, "a huge comment is read only to the field limit")
	assert.NotEmpty(t, features(Text("\xff\xfe vay")), "invalid UTF-8 is read, not refused")
	budget := features(Document{Title: strings.Repeat("chữ ", 20000), Content: "vay tiền"})
	assert.Equal(t, "vay", budget[0], "the content is read first, whatever the size of the title")
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"Vay tiền nhanh 0912 345 678 tại https://x.example", "<a href='x'>&#39;</a>", "0 9 1 2 . 3", "$5", "£", "<aȺȺhref=>", "<a\xff\xff\xffhref=>", "<A HREF=\"Đ\">"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, feat := range features(Document{Name: s, Title: s, Content: s}) {
			if feat == "" || !utf8.ValidString(feat) {
				t.Fatalf("feature %q from %q", feat, s)
			}
		}
	})
}

func BenchmarkTokenize(b *testing.B) {
	doc := Text("Sản phẩm dùng rất tốt, giao hàng nhanh, shop tư vấn nhiệt tình. Sẽ ủng hộ shop lần sau!!! 😍")
	b.ReportAllocs()
	for b.Loop() {
		t := getTokenizer(false)
		t.document(doc, KindSpam)
		t.release()
	}
}

func TestHashSet(t *testing.T) {
	var s hashSet
	for round := range 3 {
		s.reset()
		for i := range uint64(1000) {
			assert.True(t, s.insert(i*0x9E3779B97F4A7C15), "round %d: %d is new", round, i)
		}
		for i := range uint64(1000) {
			assert.False(t, s.insert(i*0x9E3779B97F4A7C15), "round %d: %d is known", round, i)
		}
	}
}
