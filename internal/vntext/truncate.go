package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const zwj = 0x200D // zero-width joiner

// isRegionalIndicator reports whether r is one of the letters that pair up
// into flag emoji.
func isRegionalIndicator(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

// extendsPrevious reports whether r belongs to the same user-perceived
// character as the rune before it: combining marks (variation selectors
// included), the zero-width joiner, emoji skin-tone modifiers and emoji tag
// characters.
func extendsPrevious(r rune) bool {
	switch {
	case r < 0x0300:
		return false
	case r == zwj:
		return true
	case r >= 0x1F3FB && r <= 0x1F3FF:
		return true
	case r >= 0xE0020 && r <= 0xE007F:
		return true
	}
	return unicode.Is(unicode.M, r)
}

// clusterStart moves the cut position i in s back until it does not
// separate a character from what is attached to it: marks and modifiers
// from their base, the two halves of a zero-width-joiner sequence, the two
// regional indicators of a flag.
func clusterStart(s string, i int) int {
	for i > 0 && i < len(s) {
		r, _ := DecodeRune(s, i)
		prev, size := utf8.DecodeLastRuneInString(s[:i])
		switch {
		case extendsPrevious(r), prev == zwj:
		case isRegionalIndicator(r) && isRegionalIndicator(prev):
			// Regional indicators pair from the start of their run: r is
			// the second of a pair when an odd number of them precede it.
			odd := false
			for j := i; j > 0; {
				p, sz := utf8.DecodeLastRuneInString(s[:j])
				if !isRegionalIndicator(p) {
					break
				}
				odd = !odd
				j -= sz
			}
			if !odd {
				return i
			}
		default:
			return i
		}
		i -= size
	}
	return i
}

// runeOffset returns the byte offset in s just past its first n runes, and
// whether s has more than n runes. An invalid byte counts as one rune.
func runeOffset(s string, n int) (int, bool) {
	i := 0
	for count := 0; count < n; count++ {
		if i >= len(s) {
			return len(s), false
		}
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		_, size := DecodeRune(s, i)
		i += size
	}
	return i, i < len(s)
}

// Truncate returns the longest prefix of s that has at most n runes and does
// not separate a base character from the combining marks that follow it
// (decomposed "a\u0301" is kept or dropped whole; likewise emoji modifiers,
// zero-width-joiner sequences and flags), and whether anything was cut. For
// n <= 0 it returns "" and whether s was non-empty. The result is valid
// UTF-8 whenever s is.
func Truncate(s string, n int) (string, bool) {
	if n <= 0 {
		return "", s != ""
	}
	end, more := runeOffset(s, n)
	if !more {
		return s, false
	}
	return s[:clusterStart(s, end)], true
}

// isTrailingJunk reports whether TruncateWords trims r from the end of its
// result: white space, separating punctuation and opening brackets and
// quotes, which would dangle once the words after them are gone.
func isTrailingJunk(r rune) bool {
	switch r {
	case ',', ';', ':', '-', '–', '—', '(', '[', '{', '«', '“', '‘', '/', '&':
		return true
	}
	return IsSpace(r)
}

// TruncateWords returns the longest prefix of s that has at most n runes and
// ends at a word boundary (before white space), with trailing white space
// and punctuation such as , ; : - trimmed, and whether anything was cut. If
// no word boundary leaves anything but white space and punctuation (the
// first word alone is longer than n runes), it falls back to Truncate. It
// never splits a character.
func TruncateWords(s string, n int) (string, bool) {
	if n <= 0 {
		return "", s != ""
	}
	end, more := runeOffset(s, n)
	if !more {
		return s, false
	}
	cut := -1
	if r, _ := DecodeRune(s, end); IsSpace(r) {
		cut = end
	} else {
		for j := end; j > 0; {
			r, size := utf8.DecodeLastRuneInString(s[:j])
			j -= size
			if IsSpace(r) {
				cut = j
				break
			}
		}
	}
	if cut >= 0 {
		if out := strings.TrimRightFunc(s[:cut], isTrailingJunk); out != "" {
			return out, true
		}
	}
	return Truncate(s, n)
}

// Words returns the number of words in s: s is split at white space, and
// every piece that contains at least one letter or digit counts as one word.
// Joined runs such as "2020-2025" or "tế-xã" count once, and lone
// punctuation such as "-" or "…" does not count. Vietnamese writes each
// syllable as a separate word, so for Vietnamese text this counts syllables.
func Words(s string) int {
	count := 0
	counted := false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = DecodeRune(s, i)
		}
		i += size
		if IsSpace(r) {
			counted = false
			continue
		}
		if !counted && isLetterOrDigit(r) {
			count++
			counted = true
		}
	}
	return count
}

// isLetterOrDigit reports whether r is a Unicode letter or digit.
func isLetterOrDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return (r|0x20) >= 'a' && (r|0x20) <= 'z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// Clip returns s when it has at most max bytes, else its first max bytes
// or fewer, cut at a rune boundary, and "…": a bad input made short
// enough to quote in an error message.
func Clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}
