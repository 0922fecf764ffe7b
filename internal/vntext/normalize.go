package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// replacementUTF8 is the UTF-8 encoding of U+FFFD, written in place of every
// byte that is not part of a valid UTF-8 sequence.
const replacementUTF8 = "\uFFFD"

// IsRemoved reports whether Normalize removes r: C0 and C1 control
// characters and DEL (the white-space ones among them are folded to a
// space before this is asked), zero-width characters, the soft hyphen, and
// invisible bidirectional controls and marks.
func IsRemoved(r rune) bool {
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

// IsSpace reports whether Normalize makes r a space: Unicode white space,
// line breaks included. It is unicode.IsSpace with ASCII, and the ranges
// that hold no white space, answered first.
func IsSpace(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return IsASCIISpace(byte(r))
	case r > 0xFF && r < 0x1680, r > 0x1680 && r < 0x2000, r > 0x3000:
		// No white space here: the letters of most scripts, Vietnamese's
		// among them, are answered without the Unicode tables.
		return false
	}
	return unicode.IsSpace(r)
}

// mayStartSpace reports whether c, a byte that is not ASCII, may begin
// the UTF-8 encoding of white space: U+0085 and U+00A0 begin with 0xC2,
// U+1680 with 0xE1, U+2000..U+205F with 0xE2, U+3000 with 0xE3. The
// other runes need not be decoded to know they are no space.
func mayStartSpace(c byte) bool {
	return c == 0xC2 || c >= 0xE1 && c <= 0xE3
}

// IsASCIISpace reports whether c is ASCII white space, the bytes IsSpace
// holds true below utf8.RuneSelf: space, tab, line feed, vertical tab,
// form feed or carriage return.
func IsASCIISpace(c byte) bool {
	return c == ' ' || c >= '\t' && c <= '\r'
}

// IsStable reports whether Normalize leaves r as it is wherever it
// stands: r is neither white space nor removed, is in NFC on its own and
// never composes with or reorders around the rune before it. Text made of
// such runes and single ASCII spaces, with no space at either end, is
// normalized. U+FFFD is not stable: decoders return it for the invalid
// bytes that Normalize replaces.
func IsStable(r rune) bool {
	if !utf8.ValidRune(r) || r == utf8.RuneError || IsSpace(r) || IsRemoved(r) {
		return false
	}
	if r < nfcSafeEnd {
		return nfcSafe().has(r)
	}
	return nfcInert(r)
}

// Normalize returns s cleaned into a single line. Bytes that are not valid
// UTF-8 become U+FFFD; zero-width characters (U+200B..U+200D, U+2060, U+FEFF
// and the soft hyphen U+00AD), control characters (C0, DEL, C1) and invisible
// bidirectional controls (U+202A..U+202E, U+2066..U+2069, and the marks
// U+200E, U+200F, U+061C) are removed (see IsRemoved); every kind of
// Unicode white space, line breaks included, becomes an ASCII space (see
// IsSpace); runs of spaces collapse to one; leading and trailing spaces are
// trimmed; the result is in NFC.
//
// Normalize is idempotent, and returns s itself, without allocating, when s
// is already normalised.
func Normalize(s string) string {
	if isClean(s, true) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	writeNormalized(&b, s, "")
	return b.String()
}

// CollapseSpaces returns s with every run of white space (see IsSpace) made
// one ASCII space and none at either end, and nothing else changed:
// Normalize's rule for white space on its own, for text known to need
// nothing more. It returns s itself, without allocating, when there is
// nothing to change.
func CollapseSpaces(s string) string {
	if isClean(s, false) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	writeClean(&b, s, "", false)
	return b.String()
}

// isClean reports whether s has white space only as single ASCII spaces
// between other runes and, with normalize set, whether Normalize(s) == s.
// It does not allocate.
func isClean(s string, normalize bool) bool {
	n := len(s)
	if n == 0 {
		return true
	}
	if s[0] == ' ' || s[n-1] == ' ' {
		return false
	}
	var safe *nfcSet
	if normalize {
		safe = nfcSafe()
	}
	unsure := false
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
		if c < utf8.RuneSelf { // control characters, ASCII white space among them
			if normalize || IsASCIISpace(c) {
				return false
			}
			i++
			continue
		}
		if !normalize && !mayStartSpace(c) {
			i++ // a byte of a rune that is no space
			continue
		}
		r, size := DecodeRune(s, i)
		if IsSpace(r) {
			return false
		}
		if normalize {
			if r == utf8.RuneError && size == 1 || IsRemoved(r) {
				return false
			}
			if !safe.has(r) {
				unsure = true
			}
		}
		i += size
	}
	return !unsure || isNFC(s)
}

// writeNormalized writes Normalize(s) to b, preceded by lead if it writes
// anything, and reports whether it did. Removal and white-space folding
// happen before composition, so that a mark separated from its base only
// by a removed character still composes with it.
func writeNormalized(b *strings.Builder, s, lead string) bool {
	start := b.Len() + len(lead)
	wrote, safe := writeClean(b, s, lead, true)
	if !wrote || safe {
		return wrote
	}
	body := b.String()[start:]
	if norm.NFC.QuickSpanString(body) == len(body) || norm.NFC.IsNormalString(body) {
		return true
	}
	// Decomposed input, which is rare: a Builder cannot take back what it
	// holds, so it is filled again, with the line composed.
	head, composed := b.String()[:start], norm.NFC.String(body)
	b.Reset()
	b.Grow(len(head) + len(composed))
	b.WriteString(head)
	b.WriteString(composed)
	return true
}

// writeClean writes s to b with its white space folded as Normalize folds
// it, every run one space and none at either end, preceded by lead if it
// writes anything, and reports whether it did. With normalize set it also
// leaves out the runes Normalize removes and writes U+FFFD for each byte
// that is not valid UTF-8, and safe reports whether every rune written is
// one that never composes (then what it wrote is in NFC).
func writeClean(b *strings.Builder, s, lead string, normalize bool) (wrote, safe bool) {
	var set *nfcSet
	if normalize {
		set = nfcSafe()
	}
	pending := false
	safe = true
	emit := func(piece string) {
		switch {
		case !wrote:
			b.WriteString(lead)
			wrote = true
		case pending:
			b.WriteByte(' ')
		}
		pending = false
		b.WriteString(piece)
	}
	for i := 0; i < len(s); {
		// A run of runes written as they are, in one piece.
		j := i
		size := 0
		for j < len(s) {
			c := s[j]
			if c < utf8.RuneSelf {
				if IsASCIISpace(c) || normalize && (c < 0x20 || c == 0x7F) {
					size = 1
					break
				}
				j++
				continue
			}
			if !normalize && !mayStartSpace(c) {
				j++ // a byte of a rune that is no space
				continue
			}
			var r rune
			r, size = DecodeRune(s, j)
			if IsSpace(r) || normalize && (r == utf8.RuneError && size == 1 || IsRemoved(r)) {
				break
			}
			if normalize && !set.has(r) {
				safe = false
			}
			j += size
		}
		if j > i {
			emit(s[i:j])
		}
		if j == len(s) {
			break
		}
		// s[j:j+size] is white space, a rune Normalize removes, or a byte
		// that is not valid UTF-8.
		switch r, _ := DecodeRune(s, j); {
		case IsSpace(r):
			pending = true
		case r == utf8.RuneError && size == 1:
			emit(replacementUTF8)
			safe = false
		}
		i = j + size
	}
	return wrote, safe
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
	var b strings.Builder
	b.Grow(len(s))
	started := false
	blank := false
	emit := func(line string) {
		lead := ""
		if started {
			lead = "\n"
			if blank {
				lead = "\n\n"
			}
		}
		if writeNormalized(&b, line, lead) {
			started = true
			blank = false
		} else if started {
			// The line is empty once normalised: a paragraph break is due.
			blank = true
		}
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
	return b.String()
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
			if !isClean(line, true) {
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
