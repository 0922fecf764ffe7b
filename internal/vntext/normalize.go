package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// replacementUTF8 is the UTF-8 encoding of U+FFFD, written in place of every
// byte that is not part of a valid UTF-8 sequence.
const replacementUTF8 = "\uFFFD"

// isDropped reports whether r is removed by Normalize: C0 and C1 control
// characters and DEL (the white-space ones among them are folded to a space
// before this is asked), zero-width characters, the soft hyphen, and
// invisible bidirectional controls and marks.
func isDropped(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7F && r <= 0x9F:
		return true
	case r == 0x00AD: // soft hyphen
		return true
	case r == 0x061C: // Arabic letter mark
		return true
	case r >= 0x200B && r <= 0x200F: // ZWSP, ZWNJ, ZWJ, LRM, RLM
		return true
	case r >= 0x202A && r <= 0x202E: // bidi embeddings and overrides
		return true
	case r == 0x2060: // word joiner
		return true
	case r >= 0x2066 && r <= 0x2069: // bidi isolates
		return true
	case r == 0xFEFF: // zero-width no-break space, byte order mark
		return true
	}
	return false
}

// isSpace reports whether r is Unicode white space. It is unicode.IsSpace
// with the ASCII cases answered first.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || (r >= '\t' && r <= '\r')
	}
	return unicode.IsSpace(r)
}

// Normalize returns s cleaned into a single line. Bytes that are not valid
// UTF-8 become U+FFFD; zero-width characters (U+200B..U+200D, U+2060, U+FEFF
// and the soft hyphen U+00AD), control characters (C0, DEL, C1) and invisible
// bidirectional controls (U+202A..U+202E, U+2066..U+2069, and the marks
// U+200E, U+200F, U+061C) are removed; every kind of Unicode white space,
// line breaks included, becomes an ASCII space; runs of spaces collapse to
// one; leading and trailing spaces are trimmed; the result is in NFC.
//
// Normalize is idempotent, and returns s itself, without allocating, when s
// is already normalised.
func Normalize(s string) string {
	if isNormalLine(s) {
		return s
	}
	return bytesToString(appendNormalized(make([]byte, 0, len(s)), s))
}

// isNormalLine reports whether Normalize(s) == s, without allocating.
func isNormalLine(s string) bool {
	n := len(s)
	if n == 0 {
		return true
	}
	if s[0] == ' ' || s[n-1] == ' ' {
		return false
	}
	unsafeNFC := false
	for i := 0; i < n; {
		c := s[i]
		if c-0x21 < 0x7F-0x21 { // printable ASCII other than space
			i++
			continue
		}
		if c == ' ' {
			if s[i-1] == ' ' { // i > 0: s does not start with a space
				return false
			}
			i++
			continue
		}
		if c < utf8.RuneSelf { // control character
			return false
		}
		r, size := DecodeRune(s, i)
		if r == utf8.RuneError && size == 1 {
			return false
		}
		if isDropped(r) || unicode.IsSpace(r) {
			return false
		}
		if !isNFCSafe(r) {
			unsafeNFC = true
		}
		i += size
	}
	return !unsafeNFC || isNFC(s)
}

// appendNormalized appends Normalize(s) to dst. Removal and white-space
// folding happen before composition, so that a mark separated from its base
// only by a removed character still composes with it.
func appendNormalized(dst []byte, s string) []byte {
	start := len(dst)
	pending := false
	safe := true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if c == ' ' || (c >= '\t' && c <= '\r') {
				pending = true
				continue
			}
			if c < 0x20 || c == 0x7F {
				continue
			}
			if pending && len(dst) > start {
				dst = append(dst, ' ')
			}
			pending = false
			dst = append(dst, c)
			continue
		}
		r, size := DecodeRune(s, i)
		seq := s[i : i+size]
		i += size
		if r == utf8.RuneError && size == 1 {
			seq = replacementUTF8
		} else if unicode.IsSpace(r) {
			pending = true
			continue
		} else if isDropped(r) {
			continue
		}
		if pending && len(dst) > start {
			dst = append(dst, ' ')
		}
		pending = false
		if !isNFCSafe(r) {
			safe = false
		}
		dst = append(dst, seq...)
	}
	if safe || norm.NFC.QuickSpan(dst[start:]) == len(dst)-start || norm.NFC.IsNormal(dst[start:]) {
		return dst
	}
	composed := norm.NFC.Bytes(dst[start:])
	return append(dst[:start], composed...)
}

// NormalizeLines is Normalize for text whose line structure matters. CR LF,
// CR, LF, U+2028, U+2029 and U+0085 all end a line and become "\n"; each
// line is normalised as by Normalize; several empty lines in a row collapse
// into one, so paragraphs are separated by at most "\n\n"; empty lines at the
// start and the end are removed.
//
// NormalizeLines is idempotent, and returns s itself, without allocating,
// when s is already normalised.
func NormalizeLines(s string) string {
	if linesNormalized(s) {
		return s
	}
	out := make([]byte, 0, len(s))
	started := false
	blank := false
	emit := func(line string) {
		mark := len(out)
		if started {
			out = append(out, '\n')
			if blank {
				out = append(out, '\n')
			}
		}
		body := len(out)
		out = appendNormalized(out, line)
		if len(out) == body {
			// The line is empty once normalised: undo the separator and
			// remember that a paragraph break is due.
			out = out[:mark]
			if started {
				blank = true
			}
			return
		}
		started = true
		blank = false
	}
	lineStart := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\n':
			emit(s[lineStart:i])
			i++
			lineStart = i
		case c == '\r':
			emit(s[lineStart:i])
			i++
			if i < len(s) && s[i] == '\n' {
				i++
			}
			lineStart = i
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := DecodeRune(s, i)
			if r == 0x2028 || r == 0x2029 || r == 0x0085 {
				emit(s[lineStart:i])
				lineStart = i + size
			}
			i += size
		}
	}
	emit(s[lineStart:])
	return bytesToString(out)
}

// linesNormalized reports whether NormalizeLines(s) == s, without allocating.
func linesNormalized(s string) bool {
	if s == "" {
		return true
	}
	prevEmpty := false
	first := true
	for {
		line, rest, more := strings.Cut(s, "\n")
		if line == "" {
			if first || !more || prevEmpty {
				return false
			}
			prevEmpty = true
		} else {
			if !isNormalLine(line) {
				return false
			}
			prevEmpty = false
		}
		if !more {
			return true
		}
		first = false
		s = rest
	}
}

// bytesToString returns the bytes of b as a string without copying them.
// Callers hand over b: nothing may write to it afterwards.
func bytesToString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// IsASCII reports whether s consists of ASCII bytes only. It checks eight
// bytes at a time.
func IsASCII(s string) bool {
	return asciiPrefix(s) == len(s)
}

// asciiPrefix returns the length of the longest prefix of s made of ASCII
// bytes.
func asciiPrefix(s string) int {
	const high = 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if w&high != 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return i
		}
	}
	return i
}
