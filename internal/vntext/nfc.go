package vntext

import (
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// nfcSafeEnd bounds the runes covered by nfcSafe: everything below it,
// which includes all Latin letters, the combining diacritical marks, Greek,
// Cyrillic, Vietnamese and general punctuation.
const nfcSafeEnd = 0x2100

// nfcSet is a bit set of the runes below nfcSafeEnd that are inert under
// NFC (see nfcInert). A string made only of such runes is in NFC, which
// lets the common case be decided by one table lookup per rune instead of
// by the normalisation library.
type nfcSet [nfcSafeEnd / 64]uint64

// nfcSafe returns the set of the NFC-inert runes, made on first use, so
// that programs that import the package but do not use it do not pay for
// it. Callers load it once and look runes up in it as they go.
var nfcSafe = sync.OnceValue(func() *nfcSet {
	s := new(nfcSet)
	for r := rune(0); r < nfcSafeEnd; r++ {
		if nfcInert(r) {
			s[r/64] |= 1 << (r % 64)
		}
	}
	return s
})

// nfcInert reports whether r can never take part in a composition or
// reordering: it is a valid rune, in NFC on its own (quick check "yes"),
// of combining class 0 and does not combine with a preceding character. It
// asks the normalisation library; nfcSafe holds its answers for the
// common runes.
func nfcInert(r rune) bool {
	if !utf8.ValidRune(r) {
		return false
	}
	var enc [utf8.UTFMax]byte
	n := utf8.EncodeRune(enc[:], r)
	return norm.NFC.QuickSpan(enc[:n]) == n && norm.NFC.Properties(enc[:n]).BoundaryBefore()
}

// has reports whether r is in the set; runes at or above nfcSafeEnd are
// reported as unsafe, leaving the decision to the library.
func (s *nfcSet) has(r rune) bool {
	return r >= 0 && r < nfcSafeEnd && s[r/64]&(1<<(r%64)) != 0
}

// isNFC reports whether s is in NFC. A table lookup per rune decides most
// text; otherwise the library's quick check, and only when that is not
// conclusive norm.NFC.IsNormalString, which allocates.
func isNFC(s string) bool {
	i := asciiPrefix(s)
	if i == len(s) {
		return true
	}
	safe := nfcSafe()
	for i < len(s) {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := DecodeRune(s, i)
		if !safe.has(r) {
			return norm.NFC.QuickSpanString(s) == len(s) || norm.NFC.IsNormalString(s)
		}
		i += size
	}
	return true
}

// DecodeRune is utf8.DecodeRuneInString(s[i:]) with the one-, two- and
// three-byte forms that make up Vietnamese text decoded inline; the rest,
// invalid sequences included, is left to the library. i must be < len(s).
func DecodeRune(s string, i int) (rune, int) {
	c := s[i]
	switch {
	case c < utf8.RuneSelf:
		return rune(c), 1
	case c >= 0xC2 && c < 0xE0:
		if i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			return rune(c&0x1F)<<6 | rune(s[i+1]&0x3F), 2
		}
	case c > 0xE0 && c < 0xF0 && c != 0xED: // no overlong forms, no surrogates
		if i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			return rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}

// IsNFC reports whether s is in NFC, as norm.NFC.IsNormalString does, with
// a fast path for ASCII and for the letters of Vietnamese, which are NFC
// wherever they stand.
func IsNFC(s string) bool { return isNFC(s) }
