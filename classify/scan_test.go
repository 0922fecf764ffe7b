package classify

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/binhluan/binhluan/internal/vntext"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tokenize returns a document's feature hashes and, when keepNames is set,
// their names; slow forces the full path: markup cleaned and text
// normalized whatever survey says, and no word cache.
func tokenize(doc Document, keepNames, slow bool) ([]uint64, []string) {
	t := getTokenizer(keepNames)
	defer t.release()
	t.slow = slow
	defer func() { t.slow = false }()
	t.document(doc, KindSpam)
	return slices.Clone(t.hashes), slices.Clone(t.names)
}

// checkPaths checks that the fast paths (survey's, the word cache's, the
// look-up tables') give the features of the full path, twice so that the
// second reading goes through the word cache.
func checkPaths(t *testing.T, doc Document) {
	t.Helper()
	wantH, wantN := tokenize(doc, true, true)
	for range 2 {
		gotH, gotN := tokenize(doc, true, false)
		if !slices.Equal(gotN, wantN) || !slices.Equal(gotH, wantH) {
			t.Fatalf("%q:\nfast %q\nfull %q", doc, gotN, wantN)
		}
		gotH, _ = tokenize(doc, false, false)
		if !slices.Equal(gotH, wantH) {
			t.Fatalf("%q: hashes without names differ", doc)
		}
		slowH, _ := tokenize(doc, false, true)
		if !slices.Equal(slowH, wantH) {
			t.Fatalf("%q: hashes of the full path without names differ", doc)
		}
	}
	// What survey lets through needs nothing from cleanMarkup and
	// Normalize but what vntext.CollapseSpaces does, as far as its runes
	// are plain.
	for _, s := range []string{doc.Content, doc.Name, doc.Title} {
		if s == "" || len(s) > maxFieldBytes || !tables().plainString(s) {
			continue
		}
		var tk tokenizer
		want := vntext.Normalize(cleanMarkup(s))
		switch kind, _ := tk.survey(s); kind {
		case surveyPlain:
			if want != s {
				t.Fatalf("%q: survey says plain, Normalize gives %q", s, want)
			}
		case surveySpaces:
			if got := vntext.CollapseSpaces(s); got != want {
				t.Fatalf("%q: CollapseSpaces gives %q, Normalize %q", s, got, want)
			}
		}
	}
}

func TestScanPaths(t *testing.T) {
	examples, err := StarterExamples()
	require.NoError(t, err)
	for _, ex := range examples {
		checkPaths(t, ex.Doc)
		checkPaths(t, Text(strings.ToUpper(ex.Doc.Content)))
		checkPaths(t, Document{Name: ex.Doc.Content, Title: ex.Doc.Content, Content: " " + strings.ReplaceAll(ex.Doc.Content, " ", "  ") + "\t"})
	}
	for _, s := range []string{
		"Vay tiền nhanh", "hoà bình HOÀ BÌNH quá QUÁ giá", "vаy tіền", "va\u200by", "e\u0301 q\u0301 Đ\u0323",
		"đẹp😍😍👍🏽 lắm", "aaaa bbbbbbb ĐĐĐĐ", "HOT quá điiiii!!!", strings.Repeat("a", 50), strings.Repeat("ạ", 30),
		"supercalifragilistic expialidocious", "x.COM/Ab www.VAY.vn tốt. a@b.example:", "10 triệu 5TR 500K $5 €3 ５００",
		"gọi 0 9 1 2 . 3 4 5 . 6 7 8 nhé", "$0912 345 678", "ΑΒΓ αβγ Ωμέγα Привет", "ｖａｙ ＴＩỀＮ", "Ǆemal ǅ ǆ ß ẞ",
		"a\ufe0fb", "tab\there\nnewline", "nbsp\u00a0here", "<b>đậm</b> &amp; nhạt", "\xff\xfe vay", "",
		// Runs of white space, read in place as one space each.
		"  gọi\t0912\n345\t678  nhé\n", "10\t\ttriệu  5\ntr  500 k 7\tk 8\r\nđ", "$\t5  $5 €\n3 £  4",
		"xem  https://x.vn/a\tb.com\nc@d.vn  x.com\t\ty www.A.vn\r\n", "(0912)\v345-678\f0\t9\t1", "a  b\tc\nd",
		"đẹp\t😍😍\n👍  lắm!!\t!!", "\t\t", "  HOÀ  BÌNH\nquá\t\tgiá ", "nbsp\u00a0 and\ttab", "x\u2003 y\t z",
	} {
		checkPaths(t, Text(s))
		checkPaths(t, Document{Name: s, Title: s, Content: s})
	}
}

func TestRuneTables(t *testing.T) {
	var tk tokenizer
	tk.reset(false)
	tab := tables()
	for r := rune(utf8.RuneSelf); r < 0x20000; r++ {
		if r >= 0x3000 && r < 0x1D000 {
			r = 0x1D000 // CJK and the like: nothing special in between
		}
		require.Equal(t, tab.describe(r), *tk.lookupRune(r), "%U", r)
		inSets := r < plainLowEnd || r >= plainFormsStart && r < plainFormsEnd || r >= plainEmojiStart && r < plainEmojiEnd
		require.Equal(t, inSets && vntext.IsStable(r), tab.plain(r), "%U", r)
	}
	// number reads money units without checking them: they, in any case
	// strings.EqualFold matches in as many bytes, must be plain. (The
	// Kelvin sign matches "k" in three bytes: never.)
	for _, u := range moneyUnits {
		for _, r := range u {
			for f := unicode.SimpleFold(r); ; f = unicode.SimpleFold(f) {
				if f >= utf8.RuneSelf && utf8.RuneLen(f) == utf8.RuneLen(r) {
					assert.True(t, tab.plain(f), "%q in %q", f, u)
				}
				if f == r {
					break
				}
			}
		}
	}
}

// FuzzScanPaths checks that the fast paths give the features of the full
// path (see checkPaths).
func FuzzScanPaths(f *testing.F) {
	for _, s := range []string{"Vay tiền nhanh 0912 345 678 tại https://x.example", "HOÀ quá  ", " ĐẸP 😍😍", "<a href='x'>&#39;</a>",
		"0 9 1 2 . 3", "$5", "£", "ǅ ǆ", "e\u0301", "tốt. www.x.vn", "aaaa\tbbb", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkPaths(t, Text(s))
		checkPaths(t, Document{Name: s, Title: s, Content: s})
	})
}

func TestWordCache(t *testing.T) {
	docs := []Document{
		Text("Hàng đẹp, giao nhanh. Hàng ĐẸP lắm, giao NHANH quá!!! hayyyy"),
		Text("đẹp đẹp ĐẸP Đẹp supercalifragilisticexpialidocious " + strings.Repeat("ư", 41)),
		{Name: "Hàng đẹp", Title: "giao nhanh", Content: "hàng đẹp giao nhanh"},
	}
	var tk tokenizer
	for range cacheAfter + 3 {
		for _, doc := range docs {
			tk.reset(false)
			tk.document(doc, KindSpam)
			want, _ := tokenize(doc, false, true)
			require.Equal(t, want, tk.hashes, "%q", doc)
		}
	}
	require.NotNil(t, tk.cache, "the cache is made after cacheAfter documents")
	filled := 0
	for _, e := range tk.cache {
		if e.keyLen > 0 {
			filled++
		}
	}
	assert.Greater(t, filled, 5, "words are cached")
}

// TestSpacesInPlace checks that a field with runs of white space, which
// is read as vntext.CollapseSpaces would make it, is read in place: it
// costs no allocation.
func TestSpacesInPlace(t *testing.T) {
	docs := []Document{
		Text("Giao hàng  nhanh,\tđóng gói   cẩn thận\n\nshop tư vấn nhiệt tình  "),
		{Name: "An  Nguyễn", Title: "hàng\tđẹp", Content: "gọi  0912\t345 678,  giá 500k\n xem x.vn\tngay"},
	}
	var tk tokenizer
	for range 2 * cacheAfter {
		for _, d := range docs {
			tk.reset(false)
			tk.document(d, KindSpam)
		}
	}
	allocs := testing.AllocsPerRun(20, func() {
		for _, d := range docs {
			tk.reset(false)
			tk.document(d, KindSpam)
		}
	})
	assert.Zero(t, allocs)
}
