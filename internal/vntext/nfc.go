package vntext

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// nfcSafeEnd bounds the runes covered by nfcSafe: everything below it,
// which includes all Latin letters, the combining diacritical marks, Greek,
// Cyrillic, Vietnamese and general punctuation.
const nfcSafeEnd = 0x2100

// nfcSafe is a bit set of the runes below nfcSafeEnd that can never take part
// in a composition or reordering: they are in NFC on their own (quick check
// "yes"), have combining class 0 and do not combine with a preceding
// character. A string made only of such runes is in NFC, which lets the
// common case be decided by one table lookup per rune instead of by the
// normalisation library.
var nfcSafe [nfcSafeEnd / 64]uint64

func init() {
	var enc [utf8.UTFMax]byte
	for r := rune(0); r < nfcSafeEnd; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		n := utf8.EncodeRune(enc[:], r)
		if norm.NFC.QuickSpan(enc[:n]) == n && norm.NFC.Properties(enc[:n]).BoundaryBefore() {
			nfcSafe[r/64] |= 1 << (r % 64)
		}
	}
}

// isNFCSafe reports whether r is in nfcSafe; runes at or above nfcSafeEnd
// are reported as unsafe, leaving the decision to the library.
func isNFCSafe(r rune) bool {
	return r >= 0 && r < nfcSafeEnd && nfcSafe[r/64]&(1<<(r%64)) != 0
}

// isNFC reports whether s is in NFC. A table lookup per rune decides most
// text; otherwise the library's quick check, and only when that is not
// conclusive norm.NFC.IsNormalString, which allocates.
func isNFC(s string) bool {
	for i := asciiPrefix(s); i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := DecodeRune(s, i)
		if !isNFCSafe(r) {
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
