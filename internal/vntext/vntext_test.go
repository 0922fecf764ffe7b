package vntext

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"
)

// The marks that build Vietnamese letters, written as combining characters
// so that the tests do not depend on the precomposed tables under test.
const (
	markBreve = "\u0306"
	markCirc  = "\u0302"
	markHorn  = "\u031B"
)

var (
	testBases = []struct{ ascii, marks string }{
		{"a", ""}, {"a", markBreve}, {"a", markCirc}, {"e", ""}, {"e", markCirc}, {"i", ""},
		{"o", ""}, {"o", markCirc}, {"o", markHorn}, {"u", ""}, {"u", markHorn}, {"y", ""},
	}
	// none, sắc, huyền, hỏi, ngã, nặng
	testToneMarks = []string{"", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"}
)

// vietLetter is one precomposed Vietnamese letter with the ASCII letter it
// folds to and its decomposed spelling.
type vietLetter struct {
	nfc, nfd, ascii string
}

// vietnameseLetters returns the 134 non-ASCII Vietnamese letters: 12 vowels
// times 6 tones, upper and lower case, less the 12 plain ASCII vowels, plus
// đ and Đ.
func vietnameseLetters() []vietLetter {
	var out []vietLetter
	for _, b := range testBases {
		for _, t := range testToneMarks {
			for _, base := range []string{b.ascii, strings.ToUpper(b.ascii)} {
				nfd := norm.NFD.String(base + b.marks + t)
				nfc := norm.NFC.String(nfd)
				if nfc == base {
					continue
				}
				out = append(out, vietLetter{nfc: nfc, nfd: nfd, ascii: base})
			}
		}
	}
	out = append(out, vietLetter{"đ", "đ", "d"}, vietLetter{"Đ", "Đ", "D"})
	return out
}

func TestVietnameseLetterTables(t *testing.T) {
	letters := vietnameseLetters()
	require.Len(t, letters, 134)
	for _, l := range letters {
		t.Run(l.nfc, func(t *testing.T) {
			require.Equal(t, 1, utf8.RuneCountInString(l.nfc), "precomposed")
			assert.Equal(t, l.ascii, Fold(l.nfc), "fold NFC")
			assert.Equal(t, l.ascii, Fold(l.nfd), "fold NFD")
			assert.Equal(t, strings.ToLower(l.ascii), FoldKey(l.nfd), "fold key")
			assert.Equal(t, l.nfc, Normalize(l.nfd), "compose")
		})
	}
}

func TestVowelRuneTableMatchesUnicode(t *testing.T) {
	for v, b := range testBases {
		for tone, mark := range testToneMarks {
			lower := norm.NFC.String(b.ascii + b.marks + mark)
			upper := norm.NFC.String(strings.ToUpper(b.ascii) + b.marks + mark)
			t.Run(lower, func(t *testing.T) {
				assert.Equal(t, lower, string(vowelRune[0][v][tone]))
				assert.Equal(t, upper, string(vowelRune[1][v][tone]))
				for i, s := range []string{lower, upper} {
					r, _ := utf8.DecodeRuneInString(s)
					info := lookupVowel(r)
					assert.True(t, info.ok)
					assert.Equal(t, i == 1, info.upper)
					assert.Equal(t, uint8(v), info.v)
					assert.Equal(t, uint8(tone), info.tone)
				}
			})
		}
	}
}

func TestFold(t *testing.T) {
	tests := []stringCase{
		{"empty", "", ""},
		{"ascii", "Hello, World 123", "Hello, World 123"},
		{"vietnamese sentence", "Quận Long Biên: Nhiều giải pháp", "Quan Long Bien: Nhieu giai phap"},
		{"d stroke", "Đảng bộ đưa", "Dang bo dua"},
		{"decomposed", "Vie\u0302\u0323t Nam", "Viet Nam"},
		{"decomposed other order", "Vie\u0323\u0302t", "Viet"},
		{"french", "café crème à l'œuvre", "cafe creme a l'œuvre"},
		{"spanish german", "Ñandú über", "Nandu uber"},
		{"cedilla", "Ça", "Ca"},
		{"stroke letters", "Łódź Øresund", "Lodz Oresund"},
		{"greek cyrillic", "άй", "αи"},
		{"stray marks", "\u0301x\u0323", "x"},
		{"nbsp kept", "a\u00a0b", "a\u00a0b"},
		{"hangul kept", "한국어", "한국어"},
		{"japanese voicing kept", "が", "が"},
		{"emoji kept", "🇻🇳 ok 👍🏽", "🇻🇳 ok 👍🏽"},
		{"invalid utf8", "a\xffb\xe1\x80", "a\uFFFDb\uFFFD\uFFFD"},
		{"replacement char kept", "\uFFFD", "\uFFFD"},
	}
	checkIdempotent(t, tests, Fold, nil)
}

func TestFoldASCIIReturnsInput(t *testing.T) {
	s := "an ASCII string that is long enough to use the word loop"
	allocs := testing.AllocsPerRun(100, func() { _ = Fold(s) })
	assert.Zero(t, allocs)
	assert.Equal(t, s, Fold(s))
}

func TestNormalize(t *testing.T) {
	tests := []stringCase{
		{"empty", "", ""},
		{"clean", "Hà Nội", "Hà Nội"},
		{"nbsp", "Hà\u00a0Nội", "Hà Nội"},
		{"narrow nbsp and ideographic", "a\u202fb\u3000c\u205fd", "a b c d"},
		{"en quad to em space", "a\u2000\u2001\u200ab", "a b"},
		{"tabs and newlines", "\tmột\t\thai\r\nba\n", "một hai ba"},
		{"line and paragraph separators", "a\u2028b\u2029c\u0085d", "a b c d"},
		{"zero width", "Việt\u200bNam\u200c\u200d\u2060\ufeff", "ViệtNam"},
		{"soft hyphen", "thực\u00adtiễn", "thựctiễn"},
		{"controls", "a\x00b\x07c\x1bd\x7fe\u0080f\u009fg", "abcdefg"},
		{"bidi", "\u202ba\u202c \u2066b\u2069\u200e", "a b"},
		{"runs collapse", "  a   b  \t c  ", "a b c"},
		{"decomposed", "Vie\u0302\u0323t Nam", "Việt Nam"},
		{"mark after removed char composes", "a\u200b\u0301", "á"},
		{"invalid utf8", "a\xffb", "a\uFFFDb"},
		{"only spaces", " \u00a0\t\n ", ""},
		{"only removed", "\u200b\x00", ""},
	}
	checkIdempotent(t, tests, Normalize, func(t *testing.T, tt stringCase, got string) {
		assert.True(t, norm.NFC.IsNormalString(got))
	})
}

func TestNormalizeNoAllocWhenClean(t *testing.T) {
	for _, s := range []string{"plain ascii words", "Nghị quyết Đại hội Đảng bộ", ""} {
		t.Run(s, func(t *testing.T) {
			allocs := testing.AllocsPerRun(100, func() { _ = Normalize(s) })
			assert.Zero(t, allocs)
			allocs = testing.AllocsPerRun(100, func() { _ = NormalizeLines(s) })
			assert.Zero(t, allocs)
		})
	}
}

func TestNormalizeLines(t *testing.T) {
	tests := []stringCase{
		{"empty", "", ""},
		{"one line", "  a  b ", "a b"},
		{"crlf", "a\r\nb\rc\nd", "a\nb\nc\nd"},
		{"unicode breaks", "a\u2028b\u2029c\u0085d", "a\nb\nc\nd"},
		{"paragraphs collapse", "a\n\n\n\nb", "a\n\nb"},
		{"blank lines with spaces", "a\n \t\n\u00a0\n\u200b\nb", "a\n\nb"},
		{"trim leading and trailing", "\n\n  \na\nb\n\n \n", "a\nb"},
		{"crlf paragraphs", "a\r\n\r\n\r\nb\r\n", "a\n\nb"},
		{"lines normalised", "Hà\u00a0\u00a0Nội \n\tVie\u0302\u0323t", "Hà Nội\nViệt"},
		{"only blank", "\n\r\n \n", ""},
	}
	checkIdempotent(t, tests, NormalizeLines, nil)
}

func TestCanonicalTones(t *testing.T) {
	tests := []stringCase{
		{"hoa new", "hoà", "hòa"},
		{"hoa old", "hòa", "hòa"},
		{"thuy new", "thuỷ", "thủy"},
		{"thuy old", "thủy", "thủy"},
		{"khoe new", "khoẻ", "khỏe"},
		{"khoe old", "khỏe", "khỏe"},
		{"hoa acute new", "hoá", "hóa"},
		{"hoa acute old", "hóa", "hóa"},
		{"uy ban", "uỷ ban", "ủy ban"},
		{"quy", "quý", "quý"},
		{"quy misplaced", "qúy", "quý"},
		{"qua", "quả", "quả"},
		{"quyen", "quyền", "quyền"},
		{"gia", "giá", "giá"},
		{"giua", "giữa", "giữa"},
		{"gin", "gìn", "gìn"},
		{"giup", "giúp", "giúp"},
		{"nguoi", "người", "người"},
		{"nguoi misplaced", "ngừơi", "người"},
		{"khuyu", "khuỷu", "khuỷu"},
		{"khuyu misplaced", "khủyu", "khuỷu"},
		{"ngoai", "ngòai", "ngoài"},
		{"toan", "toán", "toán"},
		{"toan misplaced", "tóan", "toán"},
		{"hoang misplaced", "hòang", "hoàng"},
		{"thuyen", "thuyền", "thuyền"},
		{"thuyet", "thuyết", "thuyết"},
		{"mia mua tai", "mía múa tài", "mía múa tài"},
		{"upper", "HOÀ", "HÒA"},
		{"upper old", "HÒA", "HÒA"},
		{"mixed case", "HoÀ", "HòA"},
		{"title", "Thuỷ Điện Hoà Bình", "Thủy Điện Hòa Bình"},
		{"decomposed", "hoa\u0300", "hòa"},
		{"sentence", "Sức khoẻ, hoà bình; thuỷ lợi!", "Sức khỏe, hòa bình; thủy lợi!"},
		{"ascii", "hoa binh", "hoa binh"},
		{"no tone", "Việt Nam", "Việt Nam"},
		{"foreign", "café naïve Zoë", "café naïve Zoë"},
		{"two tones", "hóà", "hóà"},
		{"too long", "nghiênggggoà", "nghiênggggoà"},
		{"digits split words", "2020hoà", "2020hòa"},
	}
	checkIdempotent(t, tests, CanonicalTones, func(t *testing.T, tt stringCase, got string) {
		assert.Equal(t, Fold(tt.in), Fold(got), "only marks move")
	})
}

func TestCanonicalTonesPairs(t *testing.T) {
	pairs := [][2]string{
		{"hòa", "hoà"}, {"thủy", "thuỷ"}, {"khỏe", "khoẻ"}, {"hóa", "hoá"},
		{"HÒA", "HOÀ"}, {"Thủy", "Thuỷ"}, {"lòe", "loè"}, {"tụy", "tuỵ"},
	}
	for _, p := range pairs {
		t.Run(p[0], func(t *testing.T) {
			assert.Equal(t, CanonicalTones(p[0]), CanonicalTones(p[1]))
			assert.Equal(t, p[0], CanonicalTones(p[1]))
			assert.Equal(t, Key(p[0]), Key(p[1]))
		})
	}
}

func TestKeyAndFoldKey(t *testing.T) {
	tests := []struct{ name, in, key, foldKey string }{
		{"hoa binh", "Hòa Bình", "hòa bình", "hoa binh"},
		{"hoa binh new style", "Hoà\u00a0 Bình", "hòa bình", "hoa binh"},
		{"plain", "hoa binh", "hoa binh", "hoa binh"},
		{"d stroke", "ĐẢNG BỘ", "đảng bộ", "dang bo"},
		{"decomposed", "Vie\u0302\u0323t  Nam", "việt nam", "viet nam"},
		{"stray mark", "a \u0301 b", "a \u0301 b", "a b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.key, Key(tt.in))
			assert.Equal(t, tt.foldKey, FoldKey(tt.in))
			assert.Equal(t, tt.key, Key(Key(tt.in)))
		})
	}
}

func TestSlug(t *testing.T) {
	const title = "Quận Long Biên: Nhiều giải pháp thiết thực đưa Nghị quyết Đại hội Đảng bộ quận vào cuộc sống"
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"example", "Quận Long Biên: Nhiều giải pháp thiết thực", 0, "quan-long-bien-nhieu-giai-phap-thiet-thuc"},
		{"title", title, 0, "quan-long-bien-nhieu-giai-phap-thiet-thuc-dua-nghi-quyet-dai-hoi-dang-bo-quan-vao-cuoc-song"},
		{"bound mid word", title, 18, "quan-long-bien"},
		{"bound at word end", title, 20, "quan-long-bien-nhieu"},
		{"bound at hyphen", title, 14, "quan-long-bien"},
		{"bound just before hyphen", title, 13, "quan-long"},
		{"first word too long", "Nghiêng ngả", 4, "nghi"},
		{"bound larger", "a b", 10, "a-b"},
		{"empty", "", 0, ""},
		{"no alnum", " -- ?! ", 0, ""},
		{"punctuation runs", "--Hello,   World!!--", 0, "hello-world"},
		{"digits", "Nhiệm kỳ 2020-2025", 0, "nhiem-ky-2020-2025"},
		{"already slug", "abc-def", 0, "abc-def"},
		{"already slug bounded", "abc-def", 5, "abc"},
		{"non latin dropped", "Hà Nội 東京", 0, "ha-noi"},
		{"negative bound", "Xin chào", -1, "xin-chao"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Slug(tt.in, tt.max))
		})
	}
}

func TestSlugBoundNeverCutsWords(t *testing.T) {
	const title = "Quận Long Biên: Nhiều giải pháp thiết thực đưa Nghị quyết Đại hội Đảng bộ quận vào cuộc sống"
	full := Slug(title, 0)
	words := strings.Split(full, "-")
	for maxLen := 1; maxLen <= len(full)+2; maxLen++ {
		got := Slug(title, maxLen)
		require.LessOrEqual(t, len(got), maxLen)
		require.True(t, strings.HasPrefix(full, got))
		if maxLen >= len(words[0]) {
			// A whole number of words, and as many as fit.
			require.True(t, len(got) == len(full) || full[len(got)] == '-', "maxLen %d cut %q", maxLen, got)
			if len(got) < len(full) {
				next := strings.IndexByte(full[len(got)+1:], '-')
				if next < 0 {
					next = len(full) - len(got) - 1
				}
				require.Greater(t, len(got)+1+next, maxLen, "maxLen %d: another word would fit after %q", maxLen, got)
			}
		} else {
			require.Equal(t, words[0][:maxLen], got)
		}
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		n    int
		want string
		cut  bool
	}{
		{"fits", "Hà Nội", 6, "Hà Nội", false},
		{"fits larger", "abc", 10, "abc", false},
		{"cut", "Hà Nội", 4, "Hà N", true},
		{"zero", "abc", 0, "", true},
		{"zero empty", "", 0, "", false},
		{"negative", "abc", -3, "", true},
		{"empty", "", 5, "", false},
		{"decomposed kept whole", "ba\u0301c", 3, "ba\u0301", true},
		{"decomposed dropped whole", "ba\u0301c", 2, "b", true},
		{"two marks dropped whole", "Vie\u0302\u0323t", 3, "Vi", true},
		{"two marks kept whole", "Vie\u0302\u0323t", 5, "Vie\u0302\u0323", true},
		{"emoji", "ok 👍👍", 4, "ok 👍", true},
		{"emoji skin tone", "a👍🏽b", 2, "a", true},
		{"emoji zwj", "a👨\u200d👩\u200d👧b", 4, "a", true},
		{"emoji zwj whole", "a👨\u200d👩\u200d👧b", 6, "a👨\u200d👩\u200d👧", true},
		{"flags", "🇻🇳🇯🇵", 3, "🇻🇳", true},
		{"flags whole", "🇻🇳🇯🇵x", 4, "🇻🇳🇯🇵", true},
		{"variation selector", "a❤\ufe0fb", 2, "a", true},
		{"invalid bytes", "a\xff\xfeb", 2, "a\xff", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cut := Truncate(tt.in, tt.n)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.cut, cut)
		})
	}
}

func TestTruncateWords(t *testing.T) {
	tests := []struct {
		name string
		in   string
		n    int
		want string
		cut  bool
	}{
		{"fits", "Hà Nội mùa thu", 20, "Hà Nội mùa thu", false},
		{"word boundary", "Hà Nội mùa thu", 9, "Hà Nội", true},
		{"exact boundary", "Hà Nội mùa thu", 10, "Hà Nội mùa", true},
		{"trailing comma", "Hà Nội, mùa thu", 10, "Hà Nội", true},
		{"trailing dash", "Hà Nội - mùa thu", 10, "Hà Nội", true},
		{"trailing colon and spaces", "Quận Long Biên:   Nhiều giải pháp", 18, "Quận Long Biên", true},
		{"period kept", "Xong. Tiếp theo", 8, "Xong.", true},
		{"first word too long", "Nghiêng", 4, "Nghi", true},
		{"first word too long decomposed", "Nghie\u0302\u0300ng", 5, "Nghi", true},
		{"zero", "abc", 0, "", true},
		{"only punctuation before", "-- abcdefgh", 6, "-- abc", true},
		{"nbsp is a boundary", "Hà\u00a0Nội mùa", 8, "Hà\u00a0Nội", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cut := TruncateWords(tt.in, tt.n)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.cut, cut)
			assert.True(t, strings.HasPrefix(tt.in, got))
			assert.LessOrEqual(t, utf8.RuneCountInString(got), max(tt.n, 0))
		})
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		{"empty", "", 0},
		{"spaces", "  \t\n ", 0},
		{"syllables", "Nghị quyết Đại hội", 4},
		{"joined numbers", "nhiệm kỳ 2020-2025", 3},
		{"joined words", "kinh tế-xã hội", 3},
		{"punctuation alone", "a - b … c", 3},
		{"punctuation attached", "(a), b.", 2},
		{"nbsp", "Hà\u00a0Nội", 2},
		{"digits", "05 nhiệm vụ", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Words(tt.in))
		})
	}
}

func TestIsASCII(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", true},
		{"a", true},
		{"exactly8", true},
		{"more than eight bytes here", true},
		{"\x7f\x00", true},
		{"é", false},
		{"12345678é", false},
		{"1234567é", false},
		{"abcdefghijklmnopqrstuvwxyz\x80", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, IsASCII(tt.in))
		})
	}
}

// stringCase is a table row for a string-to-string function.
type stringCase struct{ name, in, want string }

// checkIdempotent runs fn over the table, asserting the wanted output, that
// fn leaves its own output unchanged, and anything more that extra checks.
func checkIdempotent(t *testing.T, tests []stringCase, fn func(string) string, extra func(*testing.T, stringCase, string)) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fn(tt.in)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, got, fn(got), "idempotent")
			if extra != nil {
				extra(t, tt, got)
			}
		})
	}
}

func TestAppendFold(t *testing.T) {
	buf := []byte("x:")
	for _, s := range []string{"", "abc", "Đường Hồ Chí Minh", "a\u0301\xff"} {
		assert.Equal(t, "x:"+Fold(s), string(AppendFold(buf[:2], s)), "%q", s)
	}
	word := "nghiêng"
	dst := make([]byte, 0, 32)
	allocs := testing.AllocsPerRun(100, func() { dst = AppendFold(dst[:0], word) })
	assert.Zero(t, allocs, "folding into a buffer with room does not allocate")
}

func TestCollapseSpaces(t *testing.T) {
	tests := []stringCase{
		{"nothing to do", "Hà Nội mùa thu", "Hà Nội mùa thu"},
		{"empty", "", ""},
		{"runs and ends", "  Hà \t Nội\r\n\u00a0mùa  ", "Hà Nội mùa"},
		{"Unicode white space", "a\u2028b\u3000c\u0085d", "a b c d"},
		{"only white space", " \t\n\u00a0 ", ""},
		{"nothing else is touched", "e\u0301 \u200b\x00\xff", "e\u0301 \u200b\x00\xff"},
	}
	checkIdempotent(t, tests, CollapseSpaces, nil)
	for _, s := range []string{"a b", "", "Nghị quyết"} {
		assert.Zero(t, testing.AllocsPerRun(100, func() { _ = CollapseSpaces(s) }), "%q is returned as it is", s)
	}
}

func TestLowerSameLength(t *testing.T) {
	tests := []stringCase{
		{"Vietnamese", "HÒA BÌNH Đà Nẵng", "hòa bình đà nẵng"},
		{"already lower", "hòa bình", "hòa bình"},
		{"lengths that differ stay", "İstanbul \u212Aelvin ẞ Ⱥ", "İstanbul \u212Aelvin ẞ Ⱥ"},
		{"other scripts", "ΑΒΓ Привет", "αβγ привет"},
		{"invalid bytes are kept", "A\xffB", "a\xffb"},
	}
	checkIdempotent(t, tests, LowerSameLength, func(t *testing.T, tt stringCase, got string) {
		assert.Len(t, got, len(tt.in), "same length")
	})
	s := "hòa bình"
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = LowerSameLength(s) }), "nothing to change: no allocation")
	for r := rune(0); r <= 0x1FFFF; r++ {
		want := r
		if l := unicode.ToLower(r); utf8.RuneLen(l) == utf8.RuneLen(r) {
			want = l
		}
		if got := LowerRuneSameLength(r); got != want {
			t.Fatalf("LowerRuneSameLength(%U) = %U, want %U", r, got, want)
		}
	}
}

// IsStable promises that text of stable runes and single spaces is
// normalized; the NFC table agrees with the library.
func TestIsStable(t *testing.T) {
	var stable []rune
	for r := rune(0); r < 0x20000; r++ {
		if IsStable(r) {
			stable = append(stable, r)
			if s := string(r); Normalize(s) != s {
				t.Fatalf("%U is stable, but Normalize changes it", r)
			}
		}
		if r < nfcSafeEnd && nfcSafe().has(r) != nfcInert(r) {
			t.Fatalf("%U: the table says %v", r, nfcSafe().has(r))
		}
	}
	// Neighbours of every kind, in a stable order.
	var b strings.Builder
	for i, r := range stable {
		b.WriteRune(r)
		if i%7 == 3 {
			b.WriteByte(' ')
		}
	}
	text := strings.TrimSpace(b.String())
	assert.Equal(t, text, Normalize(text), "stable runes and single spaces are normalized")
	for _, r := range []rune{' ', '\t', 0x00A0, 0x200B, 0x0301, utf8.RuneError, -1, 0xD800, 0x110000} {
		assert.False(t, IsStable(r), "%U", r)
	}
	for _, r := range []rune{'a', 'ệ', 'Đ', '😍', '中'} {
		assert.True(t, IsStable(r), "%U", r)
	}
	for r := rune(-1); r <= unicode.MaxRune+1; r++ {
		if IsSpace(r) != unicode.IsSpace(r) {
			t.Fatalf("IsSpace(%U) = %v", r, IsSpace(r))
		}
		if enc := string(r); r >= utf8.RuneSelf && unicode.IsSpace(r) && !mayStartSpace(enc[0]) {
			t.Fatalf("%U is white space, but mayStartSpace(%#x) is false", r, enc[0])
		}
	}
}
