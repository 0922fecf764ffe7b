package vntext

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fuzzSeeds are Vietnamese and tricky strings shared by the fuzz targets.
var fuzzSeeds = []string{
	"",
	"Quận Long Biên: Nhiều giải pháp thiết thực đưa Nghị quyết Đại hội Đảng bộ quận vào cuộc sống",
	"HNP - Nhận diện rõ những tồn tại\u00a0trong thực hiện Nghị quyết, nhiệm kỳ 2020-2025",
	"hoà bình, thuỷ điện, sức khoẻ, hoá học, HOÀ, quý, giữa, người, khuỷu, toán, thuyền",
	"hòa thủy khỏe hóa ngòai tóan khủyu ngừơi qúy",
	"Vie\u0302\u0323t Nam hoa\u0300",
	"  \t\r\n\u2028\u2029\u0085\u200b\u00ad\u202e\u2066x\u2069 ",
	"a\n\n\n\nb\r\n\r\nc\rd",
	"\x00\x1f\x7f\u0080\u009f",
	"a\xffb\xe1\x80c\xf0\x9f",
	"🇻🇳🇯🇵 👍🏽 👨\u200d👩\u200d👧 ❤\ufe0f",
	"café naïve Zoë Łódź Ñandú",
	"ĐẢNG BỘ đảng bộ",
	"a\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301",
	"한국어 が ά й",
}

// isControl reports whether r is one of the characters Normalize removes
// or folds; none of them may appear in its output.
func isControl(r rune) bool {
	return r < 0x20 || (r >= 0x7F && r <= 0x9F) || r == 0xAD || (r >= 0x200B && r <= 0x200F) ||
		(r >= 0x202A && r <= 0x202E) || r == 0x2060 || (r >= 0x2066 && r <= 0x2069) || r == 0xFEFF
}

func FuzzNormalize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Normalize(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Normalize(%q) = %q: invalid UTF-8", s, got)
		}
		if again := Normalize(got); again != got {
			t.Fatalf("not idempotent: Normalize(%q) = %q, then %q", s, got, again)
		}
		if !norm.NFC.IsNormalString(got) {
			t.Fatalf("Normalize(%q) = %q: not NFC", s, got)
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Fatalf("Normalize(%q) = %q: bad spacing", s, got)
		}
		for _, r := range got {
			if isControl(r) || (r != ' ' && unicode.IsSpace(r)) {
				t.Fatalf("Normalize(%q) = %q: contains %U", s, got, r)
			}
		}
	})
}

func FuzzNormalizeLines(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := NormalizeLines(s)
		if again := NormalizeLines(got); again != got {
			t.Fatalf("not idempotent: NormalizeLines(%q) = %q, then %q", s, got, again)
		}
		if strings.Contains(got, "\n\n\n") || strings.HasPrefix(got, "\n") || strings.HasSuffix(got, "\n") {
			t.Fatalf("NormalizeLines(%q) = %q: bad blank lines", s, got)
		}
		for line := range strings.SplitSeq(got, "\n") {
			if Normalize(line) != line {
				t.Fatalf("NormalizeLines(%q) = %q: line %q not normalised", s, got, line)
			}
		}
	})
}

func FuzzCanonicalTones(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		// Any input: no panic, valid UTF-8 out for valid UTF-8 in.
		if got := CanonicalTones(raw); utf8.ValidString(raw) && !utf8.ValidString(got) {
			t.Fatalf("CanonicalTones(%q) = %q: invalid UTF-8", raw, got)
		}
		s := Normalize(raw)
		got := CanonicalTones(s)
		if again := CanonicalTones(got); again != got {
			t.Fatalf("not idempotent: CanonicalTones(%q) = %q, then %q", s, got, again)
		}
		if Fold(got) != Fold(s) {
			t.Fatalf("CanonicalTones(%q) = %q changed more than marks", s, got)
		}
		if utf8.RuneCountInString(got) != utf8.RuneCountInString(s) {
			t.Fatalf("CanonicalTones(%q) = %q changed the length", s, got)
		}
		if !norm.NFC.IsNormalString(got) {
			t.Fatalf("CanonicalTones(%q) = %q: not NFC", s, got)
		}
		if k := Key(raw); Key(k) != k {
			t.Fatalf("Key not idempotent: Key(%q) = %q, then %q", raw, k, Key(k))
		}
	})
}

// vietnameseOrASCII reports whether s is made only of ASCII, Vietnamese
// letters and the combining marks that build them.
func vietnameseOrASCII(s string) bool {
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf, r == 'đ', r == 'Đ', lookupVowel(r).ok:
		case r == 0x0300, r == 0x0301, r == 0x0302, r == 0x0303, r == 0x0306, r == 0x0309, r == 0x031B, r == 0x0323:
		default:
			return false
		}
	}
	return true
}

func FuzzFold(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) = %q: invalid UTF-8", s, got)
		}
		if again := Fold(got); again != got {
			t.Fatalf("not idempotent: Fold(%q) = %q, then %q", s, got, again)
		}
		if vietnameseOrASCII(s) && !IsASCII(got) {
			t.Fatalf("Fold(%q) = %q: not ASCII", s, got)
		}
		if vietnameseOrASCII(s) && Fold(norm.NFD.String(s)) != Fold(norm.NFC.String(s)) {
			t.Fatalf("Fold differs between NFD and NFC of %q", s)
		}
	})
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func FuzzSlug(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, i*7-10)
	}
	f.Fuzz(func(t *testing.T, s string, maxLen int) {
		got := Slug(s, maxLen)
		if got != "" && !slugPattern.MatchString(got) {
			t.Fatalf("Slug(%q, %d) = %q: bad form", s, maxLen, got)
		}
		if maxLen > 0 && len(got) > maxLen {
			t.Fatalf("Slug(%q, %d) = %q: too long", s, maxLen, got)
		}
		full := Slug(s, 0)
		if !strings.HasPrefix(full, got) {
			t.Fatalf("Slug(%q, %d) = %q: not a prefix of %q", s, maxLen, got, full)
		}
		if got != full && len(got) > 0 && full[len(got)] != '-' && strings.Contains(full[:len(got)], "-") {
			t.Fatalf("Slug(%q, %d) = %q: cut inside a word of %q", s, maxLen, got, full)
		}
	})
}

func FuzzTruncate(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, i%12)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		for _, fn := range []struct {
			name string
			f    func(string, int) (string, bool)
		}{{"Truncate", Truncate}, {"TruncateWords", TruncateWords}} {
			got, cut := fn.f(s, n)
			if !strings.HasPrefix(s, got) {
				t.Fatalf("%s(%q, %d) = %q: not a prefix", fn.name, s, n, got)
			}
			if c := utf8.RuneCountInString(got); c > max(n, 0) {
				t.Fatalf("%s(%q, %d) = %q: %d runes", fn.name, s, n, got, c)
			}
			if utf8.ValidString(s) && !utf8.ValidString(got) {
				t.Fatalf("%s(%q, %d) = %q: invalid UTF-8", fn.name, s, n, got)
			}
			if cut != (got != s) {
				t.Fatalf("%s(%q, %d) = %q, %v: wrong cut flag", fn.name, s, n, got, cut)
			}
			if got != s && got != "" {
				if r, _ := utf8.DecodeRuneInString(s[len(got):]); fn.name == "Truncate" && unicode.Is(unicode.M, r) {
					t.Fatalf("%s(%q, %d) = %q: separated a mark", fn.name, s, n, got)
				}
			}
		}
	})
}

// FuzzCollapseSpaces checks CollapseSpaces against Normalize: the same
// white space, and nothing else changed.
func FuzzCollapseSpaces(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := CollapseSpaces(s)
		if again := CollapseSpaces(got); again != got {
			t.Fatalf("not idempotent: CollapseSpaces(%q) = %q, then %q", s, got, again)
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Fatalf("CollapseSpaces(%q) = %q: bad spacing", s, got)
		}
		if strings.Join(strings.FieldsFunc(s, IsSpace), "") != strings.ReplaceAll(got, " ", "") {
			t.Fatalf("CollapseSpaces(%q) = %q: changed more than white space", s, got)
		}
		stable := true
		for _, r := range s {
			stable = stable && (IsSpace(r) || IsStable(r))
		}
		if stable && got != Normalize(s) {
			t.Fatalf("CollapseSpaces(%q) = %q, Normalize %q", s, got, Normalize(s))
		}
	})
}
