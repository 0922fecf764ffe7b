package article

import (
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/binhluan/binhluan/internal/vntext"
)

// WordsPerMinute is the silent reading speed [ReadingTime] assumes, in
// Vietnamese syllables (written words) per minute, for an adult reading
// news on a screen.
const WordsPerMinute = 230

// ReadingTime estimates how long a text of the given number of words takes
// to read at [WordsPerMinute], rounded up to whole minutes: one minute at
// least for any text, zero for none.
func ReadingTime(words int) time.Duration {
	if words <= 0 {
		return 0
	}
	return time.Duration(math.Ceil(float64(words)/WordsPerMinute)) * time.Minute
}

// abbreviations are written forms that end in a full stop without ending a
// sentence, folded and lowercased: titles and degrees (PGS.TS., ThS.), place
// words (TP., Q., P., H.), and common Latin and English ones.
var abbreviations = map[string]bool{
	"tp": true, "tx": true, "tt": true, "q": true, "p": true, "h": true, "x": true,
	"ts": true, "ths": true, "pgs": true, "gs": true, "bs": true, "ks": true, "cn": true,
	"ths.bs": true, "pgs.ts": true, "gs.ts": true, "ts.bs": true, "bs.ckii": true, "bs.cki": true,
	"st": true, "mr": true, "mrs": true, "ms": true, "dr": true, "prof": true,
	"v.v": true, "vv": true, "tr": true, "etc": true, "vs": true, "no": true, "sdt": true, "dt": true,
}

// Sentences splits one paragraph of Vietnamese (or English) prose into
// sentences. A sentence ends at ".", "!", "?" or "…" (and runs of them),
// with any closing quotes or brackets, when white space and then a capital
// letter, a digit or an opening quote follow. A full stop after a known
// abbreviation ("TP. Hồ Chí Minh", "PGS.TS. Nguyễn Văn A", "v.v.") or after
// a single capital initial does not end a sentence, and nor does one inside
// a number ("1.000"). The sentences are returned trimmed; their text is
// otherwise the input's. The package's tests compare this with prose's
// English Punkt segmenter on the seed article, where both agree, and on
// Vietnamese abbreviations, where Punkt splits "TP." from "Hồ Chí Minh".
func Sentences(paragraph string) []string {
	var out []string
	start := 0
	for i := 0; i < len(paragraph); {
		r, size := utf8.DecodeRuneInString(paragraph[i:])
		if !isTerminal(r) {
			i += size
			continue
		}
		end := i + size
		for end < len(paragraph) {
			r2, s2 := utf8.DecodeRuneInString(paragraph[end:])
			if !isTerminal(r2) && !isCloser(r2) {
				break
			}
			end += s2
		}
		next := end
		for next < len(paragraph) {
			r2, s2 := utf8.DecodeRuneInString(paragraph[next:])
			if !unicode.IsSpace(r2) {
				break
			}
			next += s2
		}
		if next > end && next < len(paragraph) && startsSentence(paragraph[next:]) && !(r == '.' && isAbbreviation(paragraph[start:i])) {
			if s := strings.TrimSpace(paragraph[start:end]); s != "" {
				out = append(out, s)
			}
			start = next
		}
		i = end
	}
	if s := strings.TrimSpace(paragraph[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

func isTerminal(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', ')', ']', '»', '”', '’':
		return true
	}
	return false
}

// startsSentence reports whether s begins like a sentence: a capital
// letter or digit, possibly after an opening quote or bracket.
func startsSentence(s string) bool {
	for _, r := range s {
		switch r {
		case '"', '\'', '(', '[', '«', '“', '‘', '-', '–', '—':
			continue
		}
		return unicode.IsUpper(r) || unicode.IsDigit(r)
	}
	return false
}

// isAbbreviation reports whether the text before a full stop ends with an
// abbreviation or a lone capital initial.
func isAbbreviation(before string) bool {
	word := before[strings.LastIndexFunc(before, unicode.IsSpace)+1:]
	word = strings.TrimLeft(word, "\"'([«“‘")
	if word == "" {
		return false
	}
	if r, size := utf8.DecodeRuneInString(word); size == len(word) && unicode.IsUpper(r) {
		return true
	}
	return abbreviations[vntext.FoldKey(word)]
}

// Excerpt returns the first whole sentences of text that fit in maxRunes
// runes, joined by single spaces. Paragraphs (lines) are split first, so a
// sentence never runs across a line break, and the excerpt may continue
// into the next paragraph. When even the first sentence is too long, it is
// cut at a word boundary and ends in "…" (counted in maxRunes). Text is
// normalised first; maxRunes <= 0 gives "".
func Excerpt(text string, maxRunes int) string {
	if maxRunes <= 0 {
		return ""
	}
	var sb strings.Builder
	used := 0
	for _, para := range strings.Split(vntext.NormalizeLines(text), "\n") {
		for _, s := range Sentences(para) {
			n := utf8.RuneCountInString(s)
			sep := 0
			if used > 0 {
				sep = 1
			}
			if used+sep+n > maxRunes {
				if used == 0 {
					cut, _ := vntext.TruncateWords(s, maxRunes-1)
					return cut + "…"
				}
				return sb.String()
			}
			if sep == 1 {
				sb.WriteByte(' ')
			}
			sb.WriteString(s)
			used += sep + n
		}
	}
	return sb.String()
}
