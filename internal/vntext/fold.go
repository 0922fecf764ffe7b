package vntext

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Values of the fold tables other than an ASCII letter.
const (
	foldKeep    = 0    // the rune is copied unchanged
	foldGeneric = 0xFF // the rune folds to something that is not one ASCII byte
)

// Fold tables for the two ranges that hold the Latin letters with
// diacritics: U+0080..U+024F (Latin-1 Supplement, Latin Extended-A and -B)
// and U+1E00..U+1EFF (Latin Extended Additional, where most Vietnamese
// letters live). Each entry is foldKeep, foldGeneric or the ASCII letter the
// rune folds to.
const (
	foldLowEnd   = 0x0250
	foldExtStart = 0x1E00
	foldExtEnd   = 0x1F00
)

// foldTable holds the fold tables.
type foldTable struct {
	low [foldLowEnd]byte
	ext [foldExtEnd - foldExtStart]byte
}

// foldTables returns the fold tables, made on first use.
var foldTables = sync.OnceValue(func() *foldTable {
	t := new(foldTable)
	fill := func(table []byte, first rune) {
		var tmp [32]byte
		for i := range table {
			r := first + rune(i)
			if b, ok := strokeFold(r); ok {
				table[i] = b
				continue
			}
			var enc [utf8.UTFMax]byte
			n := utf8.EncodeRune(enc[:], r)
			folded, changed := foldDecomposed(tmp[:0], string(enc[:n]))
			switch {
			case !changed:
				table[i] = foldKeep
			case len(folded) == 1 && folded[0] < utf8.RuneSelf:
				table[i] = folded[0]
			default:
				table[i] = foldGeneric
			}
		}
	}
	fill(t.low[utf8.RuneSelf:], utf8.RuneSelf)
	fill(t.ext[:], foldExtStart)
	return t
})

// strokeFold returns the base letter of a letter whose diacritic is a
// stroke or bar, and which therefore has no canonical decomposition.
func strokeFold(r rune) (byte, bool) {
	switch r {
	case 'đ':
		return 'd', true
	case 'Đ':
		return 'D', true
	case 'ø':
		return 'o', true
	case 'Ø':
		return 'O', true
	case 'ł':
		return 'l', true
	case 'Ł':
		return 'L', true
	case 'ħ':
		return 'h', true
	case 'Ħ':
		return 'H', true
	case 'ŧ':
		return 't', true
	case 'Ŧ':
		return 'T', true
	case 'ƀ':
		return 'b', true
	case 'Ƀ':
		return 'B', true
	case 'ƶ':
		return 'z', true
	case 'Ƶ':
		return 'Z', true
	case 'ǥ':
		return 'g', true
	case 'Ǥ':
		return 'G', true
	}
	return 0, false
}

// isDiacritic reports whether r is a combining mark from one of the blocks
// of combining diacritical marks. Fold drops these; other non-spacing marks,
// such as the vowel signs of Indic scripts, are letters' parts and are kept.
func isDiacritic(r rune) bool {
	switch {
	case r < 0x0300:
		return false
	case r <= 0x036F: // Combining Diacritical Marks
		return true
	case r >= 0x1AB0 && r <= 0x1AFF: // Combining Diacritical Marks Extended
		return true
	case r >= 0x1DC0 && r <= 0x1DFF: // Combining Diacritical Marks Supplement
		return true
	case r >= 0x20D0 && r <= 0x20FF: // Combining Diacritical Marks for Symbols
		return true
	case r >= 0xFE20 && r <= 0xFE2F: // Combining Half Marks
		return true
	}
	return false
}

// foldDecomposed appends to dst the canonical decomposition of the single
// character seq without its diacritics, and reports whether that differs
// from seq. When seq has no diacritic in its decomposition it appends
// nothing and returns false, so characters such as Hangul syllables, whose
// decomposition has no marks, are left composed.
func foldDecomposed(dst []byte, seq string) ([]byte, bool) {
	if norm.NFD.PropertiesString(seq).Decomposition() == nil {
		return dst, false
	}
	var tmp [64]byte
	d := norm.NFD.AppendString(tmp[:0], seq)
	start := len(dst)
	dropped := false
	for i := 0; i < len(d); {
		r, size := utf8.DecodeRune(d[i:])
		switch b, stroke := strokeFold(r); {
		case isDiacritic(r):
			dropped = true
		case stroke:
			// Ǿ is Ø with an acute: fold the stroke too, so that
			// folding twice changes nothing more.
			dst = append(dst, b)
		default:
			dst = append(dst, d[i:i+size]...)
		}
		i += size
	}
	if !dropped {
		return dst[:start], false
	}
	return dst, true
}

// Fold returns s without diacritics. Vietnamese letters become their ASCII
// base letters, đ and Đ included (they have no decomposition, so they are
// mapped explicitly, as are the other letters with a stroke such as ø and
// ł); other letters with diacritics (é, ñ, ü, ç, and also Greek and Cyrillic
// ones such as ά and й) lose them; combining diacritical marks are dropped,
// so decomposed input folds like its composed form. Case is kept, invalid
// UTF-8 bytes become U+FFFD and everything else is copied unchanged.
//
// Fold works by table lookup and returns s itself, without allocating, when
// s is ASCII. It is idempotent.
func Fold(s string) string {
	i := asciiPrefix(s)
	if i == len(s) {
		return s
	}
	// The fold is made in a buffer shared with AppendFold's, then copied:
	// on the stack for text of comment length, which costs no more than
	// building the string in place.
	var stack [foldStack]byte
	buf := stack[:0]
	if len(s) > len(stack) {
		buf = make([]byte, 0, len(s))
	}
	return string(appendFold(append(buf, s[:i]...), s, i))
}

// foldStack is the length of text Fold folds on the stack.
const foldStack = 512

// AppendFold appends Fold(s) to dst and returns the extended buffer: Fold
// for callers that reuse a buffer and must not allocate.
func AppendFold(dst []byte, s string) []byte {
	i := asciiPrefix(s)
	dst = append(dst, s[:i]...)
	return appendFold(dst, s, i)
}

// appendFold appends the fold of s[i:] to buf.
func appendFold(buf []byte, s string, i int) []byte {
	if i == len(s) {
		return buf
	}
	ft := foldTables()
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			j := i + 1
			for j < len(s) && s[j] < utf8.RuneSelf {
				j++
			}
			buf = append(buf, s[i:j]...)
			i = j
			continue
		}
		var r rune
		size := 0
		// Decode the two- and three-byte forms that Vietnamese uses inline;
		// leave everything else, invalid sequences included, to the library.
		if c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			r, size = rune(c&0x1F)<<6|rune(s[i+1]&0x3F), 2
		} else if c == 0xE1 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			r, size = 0x1000|rune(s[i+1]&0x3F)<<6|rune(s[i+2]&0x3F), 3
		} else {
			r, size = DecodeRune(s, i)
		}
		var f byte
		switch {
		case r < foldLowEnd:
			f = ft.low[r]
		case r >= foldExtStart && r < foldExtEnd:
			f = ft.ext[r-foldExtStart]
		case r == utf8.RuneError && size == 1:
			buf = append(buf, replacementUTF8...)
			i++
			continue
		case isDiacritic(r):
			i += size
			continue
		default:
			f = foldGeneric
		}
		switch f {
		case foldKeep:
			buf = append(buf, s[i:i+size]...)
		case foldGeneric:
			var changed bool
			mark := len(buf)
			buf, changed = foldDecomposed(buf, s[i:i+size])
			if !changed {
				buf = append(buf[:mark], s[i:i+size]...)
			}
		default:
			buf = append(buf, f)
		}
		i += size
	}
	return buf
}

// Key returns a key for searching and de-duplicating text that keeps the
// accents: s normalised by Normalize, in lower case (Đ becomes đ), with
// tones placed by CanonicalTones. Two spellings of the same text that
// differ only in white space, invisible characters, Unicode normalisation
// form, tone placement or case give the same key, and the key is its own
// key.
func Key(s string) string {
	// Lower case first: a letter can be a vowel only in lower case (İ
	// lowers to i), and the tone's place depends on the vowels. Placing
	// the tone before lowering let the key of a key differ from it.
	// CanonicalTones puts the lowered text in NFC, which lowering can
	// undo (W + ring stays apart, w + ring composes to ẘ).
	k, _ := lower(Normalize(s), false)
	return CanonicalTones(k)
}

// LowerSameLength returns s in lower case as Key lowers it, except that a
// rune whose lower case is longer or shorter in UTF-8 stays as it is (İ,
// the Kelvin sign, ẞ), so that byte offsets in s and in the result agree;
// invalid UTF-8 bytes are copied as they are. It returns s itself, without
// allocating, when nothing changes.
func LowerSameLength(s string) string {
	l, _ := lower(s, true)
	return l
}

// LowerRuneSameLength is LowerSameLength for one rune: the lower case of
// r, or r itself when its lower case has another length in UTF-8.
func LowerRuneSameLength(r rune) rune {
	if l := lowerRune(r); l != r && utf8.RuneLen(l) == utf8.RuneLen(r) {
		return l
	}
	return r
}

// lowerRune returns the lower case of r, with Vietnamese letters looked up
// in the vowel table.
func lowerRune(r rune) rune {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	if info := lookupVowel(r); info.ok {
		return vowelRune[0][info.v][info.tone]
	}
	if r == 'Đ' {
		return 'đ'
	}
	return unicode.ToLower(r)
}

// lower returns s in lower case, or s itself when it has no upper-case
// letter; with sameLength, runes whose lower case has another length stay
// as they are (see LowerSameLength). Invalid UTF-8 bytes are copied as they
// are. For s in NFC, the result may have left NFC only if maybeNotNFC is
// true.
func lower(s string, sameLength bool) (lowered string, maybeNotNFC bool) {
	to := lowerRune
	if sameLength {
		to = LowerRuneSameLength
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				return lowerFrom(s, i, to)
			}
			i++
			continue
		}
		r, size := DecodeRune(s, i)
		if to(r) != r {
			return lowerFrom(s, i, to)
		}
		i += size
	}
	return s, false
}

// lowerFrom is lower for s whose first change is at byte i, with to
// lowering each rune.
func lowerFrom(s string, i int, to func(rune) rune) (string, bool) {
	var b strings.Builder
	b.Grow(len(s) + utf8.UTFMax)
	b.WriteString(s[:i])
	set := nfcSafe()
	safe := true
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			i++
			continue
		}
		r, size := DecodeRune(s, i)
		l := to(r)
		if l != r {
			b.WriteRune(l)
		} else {
			b.WriteString(s[i : i+size])
		}
		if !set.has(l) {
			safe = false
		}
		i += size
	}
	return b.String(), !safe
}

// FoldKey returns Key(s) with the diacritics removed by Fold, which is
// ASCII for Vietnamese text: "Hòa Bình", "Hoà  Bình" and "hoa binh" all give
// "hoa binh". It matches text typed without accents.
func FoldKey(s string) string {
	// Dropping a stray combining mark can leave two spaces side by side;
	// Normalize joins them and returns its argument when there is none.
	return Normalize(Fold(Key(s)))
}

// Slug returns s as a URL path segment: folded by Fold, in lower case, with
// every run of characters other than a-z and 0-9 turned into one hyphen and
// no hyphen at either end. When maxLen > 0 the slug is at most maxLen bytes
// long and is cut only between words, at a hyphen; if its first word alone
// is longer than maxLen, that word is cut to maxLen bytes. An empty result
// is possible, for example for empty input or input with no letter or digit.
func Slug(s string, maxLen int) string {
	f := Fold(s)
	if isSlug(f) {
		return boundSlug(f, maxLen)
	}
	var b strings.Builder
	b.Grow(len(f))
	pending := false
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			if pending && b.Len() > 0 {
				b.WriteByte('-')
			}
			pending = false
			b.WriteByte(c)
			continue
		}
		pending = true
	}
	return boundSlug(b.String(), maxLen)
}

// isSlug reports whether s already has the form Slug produces.
func isSlug(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'):
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

// boundSlug cuts the slug s to at most maxLen bytes at a hyphen.
func boundSlug(s string, maxLen int) string {
	if maxLen <= 0 || len(s) <= maxLen {
		return s
	}
	if cut := strings.LastIndexByte(s[:maxLen+1], '-'); cut > 0 {
		return s[:cut]
	}
	return s[:maxLen]
}
