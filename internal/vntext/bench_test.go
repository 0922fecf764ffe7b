package vntext_test

import (
	"os"
	"testing"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/binhluan/binhluan/internal/vntext"
)

// seedPagePath is the seed article: UTF-8, NFC, Vietnamese, with U+00A0.
const seedPagePath = "../../article/testdata/page.txt"

// shortASCII is already normalised, lower-case ASCII: the fast paths must
// return it without allocating.
const shortASCII = "the quick brown fox jumps over the lazy dog"

func loadSeedPage(b *testing.B) string {
	b.Helper()
	data, err := os.ReadFile(seedPagePath)
	if err != nil {
		b.Skipf("seed page: %v", err)
	}
	return string(data)
}

// BenchmarkFold compares Fold with the usual x/text recipe, which decomposes,
// removes non-spacing marks and recomposes (and leaves đ and Đ as they are).
func BenchmarkFold(b *testing.B) {
	page := loadSeedPage(b)
	b.Run("page/vntext", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		b.ReportAllocs()
		for b.Loop() {
			_ = vntext.Fold(page)
		}
	})
	b.Run("page/recipe", func(b *testing.B) {
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		b.SetBytes(int64(len(page)))
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := transform.String(t, page); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ascii/vntext", func(b *testing.B) {
		b.SetBytes(int64(len(shortASCII)))
		b.ReportAllocs()
		for b.Loop() {
			_ = vntext.Fold(shortASCII)
		}
	})
	b.Run("ascii/recipe", func(b *testing.B) {
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		b.SetBytes(int64(len(shortASCII)))
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := transform.String(t, shortASCII); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkText measures the other string functions on the seed page and
// on a short ASCII string.
func BenchmarkText(b *testing.B) {
	page := loadSeedPage(b)
	funcs := []struct {
		name string
		f    func(string) string
	}{
		{"Normalize", vntext.Normalize},
		{"NormalizeLines", vntext.NormalizeLines},
		{"CanonicalTones", vntext.CanonicalTones},
		{"Slug", func(s string) string { return vntext.Slug(s, 0) }},
		{"Key", vntext.Key},
		{"FoldKey", vntext.FoldKey},
	}
	inputs := []struct{ name, s string }{
		{"page", page},
		{"normalized-page", vntext.Normalize(page)},
		{"ascii", shortASCII},
	}
	for _, fn := range funcs {
		for _, in := range inputs {
			b.Run(fn.name+"/"+in.name, func(b *testing.B) {
				b.SetBytes(int64(len(in.s)))
				b.ReportAllocs()
				for b.Loop() {
					_ = fn.f(in.s)
				}
			})
		}
	}
}

func BenchmarkIsASCII(b *testing.B) {
	page := loadSeedPage(b)
	long := vntext.Fold(page)
	b.SetBytes(int64(len(long)))
	b.ReportAllocs()
	for b.Loop() {
		_ = vntext.IsASCII(long)
	}
}

func BenchmarkWords(b *testing.B) {
	page := loadSeedPage(b)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		_ = vntext.Words(page)
	}
}

func BenchmarkTruncateWords(b *testing.B) {
	page := loadSeedPage(b)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = vntext.TruncateWords(page, 200)
	}
}
