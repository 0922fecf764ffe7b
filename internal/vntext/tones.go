package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Tones, in the order of the columns of vowelLower and vowelUpper.
const (
	toneNone  = iota // ngang
	toneAcute        // sắc
	toneGrave        // huyền
	toneHook         // hỏi
	toneTilde        // ngã
	toneDot          // nặng
	numTones
)

// Vowel qualities, in the order of the rows of vowelLower and vowelUpper.
const (
	vA = iota
	vABreve
	vACirc
	vE
	vECirc
	vI
	vO
	vOCirc
	vOHorn
	vU
	vUHorn
	vY
	numVowels
)

// vowelLower and vowelUpper list the Vietnamese vowels in NFC: one row per
// vowel quality, one column per tone (none, sắc, huyền, hỏi, ngã, nặng).
var (
	vowelLower = [numVowels]string{
		"aáàảãạ",
		"ăắằẳẵặ",
		"âấầẩẫậ",
		"eéèẻẽẹ",
		"êếềểễệ",
		"iíìỉĩị",
		"oóòỏõọ",
		"ôốồổỗộ",
		"ơớờởỡợ",
		"uúùủũụ",
		"ưứừửữự",
		"yýỳỷỹỵ",
	}
	vowelUpper = [numVowels]string{
		"AÁÀẢÃẠ",
		"ĂẮẰẲẴẶ",
		"ÂẤẦẨẪẬ",
		"EÉÈẺẼẸ",
		"ÊẾỀỂỄỆ",
		"IÍÌỈĨỊ",
		"OÓÒỎÕỌ",
		"ÔỐỒỔỖỘ",
		"ƠỚỜỞỠỢ",
		"UÚÙỦŨỤ",
		"ƯỨỪỬỮỰ",
		"YÝỲỶỸỴ",
	}
)

// hasQuality reports whether a vowel carries a quality mark (breve,
// circumflex or horn); such a vowel takes the tone of its syllable.
var hasQuality = [numVowels]bool{vABreve: true, vACirc: true, vECirc: true, vOCirc: true, vOHorn: true, vUHorn: true}

// vowelInfo describes one Vietnamese vowel letter.
type vowelInfo struct {
	ok    bool
	upper bool
	v     uint8 // vowel quality, vA..vY
	tone  uint8 // toneNone..toneDot
}

// vowelRune[upper][v][tone] is the letter for a vowel quality and tone.
var vowelRune [2][numVowels][numTones]rune

// Lookup tables from rune to vowelInfo for the two ranges where Vietnamese
// vowels live: U+0000..U+01B0 and U+1EA0..U+1EF9.
const (
	vowelLowEnd    = 0x01B1
	vowelExtStart  = 0x1EA0
	vowelExtEnd    = 0x1EFA
	maxSyllableLen = 8 // letters; "nghiêng", the longest syllable, has 7
)

var (
	vowelLow [vowelLowEnd]vowelInfo
	vowelExt [vowelExtEnd - vowelExtStart]vowelInfo
)

// isOnset, isCoda and isNucleus report whether s is a spelling accepted
// for one of the three parts of a syllable, in lower case and without
// tone. The onsets "gi" and "qu" are handled apart, because their second
// letter looks like a vowel.
func isOnset(s string) bool {
	switch s {
	case "", "b", "c", "ch", "d", "đ", "g", "gh", "h", "k", "kh", "l", "m", "n",
		"ng", "ngh", "nh", "p", "ph", "r", "s", "t", "th", "tr", "v", "x":
		return true
	}
	return false
}

func isCoda(s string) bool {
	switch s {
	case "", "c", "ch", "m", "n", "ng", "nh", "p", "t":
		return true
	}
	return false
}

func isNucleus(s string) bool {
	switch s {
	case "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
		"ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu",
		"oa", "oă", "oe", "oi", "oo", "ôi", "ơi", "ua", "uâ", "uê", "ui",
		"uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê",
		"iêu", "yêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya",
		"uyê", "uyu", "ươi", "ươu":
		return true
	}
	return false
}

func init() {
	for v := range numVowels {
		for upper, row := range [2]string{vowelLower[v], vowelUpper[v]} {
			t := 0
			for _, r := range row {
				if t == numTones {
					break
				}
				vowelRune[upper][v][t] = r
				info := vowelInfo{ok: true, upper: upper == 1, v: uint8(v), tone: uint8(t)}
				switch {
				case r < vowelLowEnd:
					vowelLow[r] = info
				case r >= vowelExtStart && r < vowelExtEnd:
					vowelExt[r-vowelExtStart] = info
				}
				t++
			}
		}
	}
}

// lookupVowel returns what r is as a Vietnamese vowel; ok is false if it is
// not one.
func lookupVowel(r rune) vowelInfo {
	switch {
	case r >= 0 && r < vowelLowEnd:
		return vowelLow[r]
	case r >= vowelExtStart && r < vowelExtEnd:
		return vowelExt[r-vowelExtStart]
	}
	return vowelInfo{}
}

// consonantByte returns the lower-case ASCII spelling of a Vietnamese
// consonant letter (đ is returned as 0, see appendConsonant), and false for
// anything else.
func consonantByte(r rune) (byte, bool) {
	switch {
	case r == 'đ' || r == 'Đ':
		return 0, true
	case r >= 'A' && r <= 'Z':
		r += 'a' - 'A'
	}
	switch r {
	case 'b', 'c', 'd', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'q', 'r', 's', 't', 'v', 'x':
		return byte(r), true
	}
	return 0, false
}

// appendConsonant appends a consonant returned by consonantByte.
func appendConsonant(dst []byte, c byte) []byte {
	if c == 0 {
		return append(dst, "đ"...)
	}
	return append(dst, c)
}

// toneEdit is a change of one letter within a word: the size bytes at off
// are replaced by r.
type toneEdit struct {
	off, size int
	r         rune
}

// syllableToneMove works out where the tone of the syllable w belongs. When
// w is a Vietnamese syllable with exactly one tone mark that sits on the
// wrong vowel, it returns the two letter changes that move the mark, in
// increasing order of offset, and true. Otherwise (no tone, tone already in
// place, not a Vietnamese syllable) it returns false.
func syllableToneMove(w string) (toneEdit, toneEdit, bool) {
	var (
		offs  [maxSyllableLen]int
		sizes [maxSyllableLen]int
		infos [maxSyllableLen]vowelInfo
		cons  [maxSyllableLen]byte
	)
	n := 0
	firstV, lastV := -1, -1
	toneAt, tone := -1, uint8(toneNone)
	for off := 0; off < len(w); {
		if n == maxSyllableLen {
			return toneEdit{}, toneEdit{}, false
		}
		r, size := DecodeRune(w, off)
		offs[n], sizes[n] = off, size
		off += size
		if info := lookupVowel(r); info.ok {
			if lastV >= 0 && lastV != n-1 {
				return toneEdit{}, toneEdit{}, false // vowel after a final consonant
			}
			if firstV < 0 {
				firstV = n
			}
			lastV = n
			infos[n] = info
			if info.tone != toneNone {
				if toneAt >= 0 {
					return toneEdit{}, toneEdit{}, false // two tone marks
				}
				toneAt, tone = n, info.tone
			}
		} else if c, ok := consonantByte(r); ok {
			cons[n] = c
		} else {
			return toneEdit{}, toneEdit{}, false
		}
		n++
	}
	if toneAt < 0 {
		return toneEdit{}, toneEdit{}, false
	}

	if firstV == lastV {
		return toneEdit{}, toneEdit{}, false // one vowel: the tone is on it
	}

	// The u of "qu" and the i of "gi" (when another vowel follows) belong
	// to the onset.
	nucStart := firstV
	if firstV == 1 {
		switch {
		case cons[0] == 'q':
			if infos[firstV].v != vU {
				return toneEdit{}, toneEdit{}, false
			}
			nucStart++
		case cons[0] == 'g' && infos[firstV].v == vI:
			nucStart++
		}
	}
	hasCoda := lastV+1 < n

	target := -1
	for i := nucStart; i <= lastV; i++ {
		if hasQuality[infos[i].v] {
			target = i // the last one: ơ in ươ
		}
	}
	if target < 0 {
		switch size := lastV - nucStart + 1; {
		case size == 3:
			target = nucStart + 1
		case size == 2 && hasCoda:
			target = nucStart + 1
		default:
			target = nucStart
		}
	}
	if target == toneAt {
		return toneEdit{}, toneEdit{}, false
	}

	// Only a real Vietnamese syllable is changed: check its three parts.
	var buf [3 * maxSyllableLen]byte
	if nucStart == firstV {
		onset := buf[:0]
		for i := range firstV {
			onset = appendConsonant(onset, cons[i])
		}
		if !isOnset(string(onset)) {
			return toneEdit{}, toneEdit{}, false
		}
	}
	coda := buf[:0]
	for i := lastV + 1; i < n; i++ {
		coda = appendConsonant(coda, cons[i])
	}
	if !isCoda(string(coda)) {
		return toneEdit{}, toneEdit{}, false
	}
	nucleus := buf[:0]
	for i := nucStart; i <= lastV; i++ {
		nucleus = utf8.AppendRune(nucleus, vowelRune[0][infos[i].v][toneNone])
	}
	if !isNucleus(string(nucleus)) {
		return toneEdit{}, toneEdit{}, false
	}

	upperOf := func(i int) int {
		if infos[i].upper {
			return 1
		}
		return 0
	}
	from := toneEdit{off: offs[toneAt], size: sizes[toneAt], r: vowelRune[upperOf(toneAt)][infos[toneAt].v][toneNone]}
	to := toneEdit{off: offs[target], size: sizes[target], r: vowelRune[upperOf(target)][infos[target].v][tone]}
	if to.off < from.off {
		return to, from, true
	}
	return from, to, true
}

// isWordRune reports whether r continues a word for CanonicalTones: a letter
// or a combining mark.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return (r|0x20) >= 'a' && (r|0x20) <= 'z'
	}
	if r >= 0xC0 && r < 0x250 && r != 0xD7 && r != 0xF7 {
		return true // Latin letters, Vietnamese ones among them
	}
	if r >= vowelExtStart && r < vowelExtEnd {
		return true
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.M, r)
}

// CanonicalTones returns s in NFC with the tone mark of every Vietnamese
// syllable on the vowel chosen by the traditional placement, so that the
// old-style spellings "hòa", "thủy", "khỏe" and the new-style "hoà", "thuỷ",
// "khoẻ" give the same result. The rules, applied after setting aside the
// consonantal u of "qu" and i of "gi" (quý, giữa):
//
//   - a vowel with a quality mark (ă â ê ô ơ ư) takes the tone; in ươ, the ơ;
//   - otherwise, in a cluster of three vowels, the middle one (ngoài, khuỷu);
//   - otherwise, in a cluster of two followed by a final consonant, the
//     second (toán, hoàng);
//   - otherwise, in a cluster of two, the first (hòa, thủy, mía, tài).
//
// The case of each letter is kept (HOÀ becomes HÒA). Words that are not
// Vietnamese syllables, words with no tone or more than one tone mark, and
// all other text are left as they are. CanonicalTones is idempotent, and
// returns s itself when there is nothing to change and s is in NFC.
func CanonicalTones(s string) string {
	if IsASCII(s) {
		return s
	}
	if !isNFC(s) {
		s = norm.NFC.String(s)
	}
	var b strings.Builder
	copied := 0
	for i := 0; i < len(s); {
		// Find the next word that has a non-ASCII letter.
		start := i
		ascii := true
		for i < len(s) {
			r, size := rune(s[i]), 1
			if r >= utf8.RuneSelf {
				r, size = DecodeRune(s, i)
				if isWordRune(r) {
					ascii = false
					i += size
					continue
				}
			} else if isWordRune(r) {
				i++
				continue
			}
			if i > start {
				break
			}
			i += size
			start = i
		}
		if ascii {
			continue
		}
		word := s[start:i]
		first, second, ok := syllableToneMove(word)
		if !ok {
			continue
		}
		if copied == 0 {
			b.Grow(len(s))
		}
		for _, e := range [2]toneEdit{first, second} {
			b.WriteString(s[copied : start+e.off])
			b.WriteRune(e.r)
			copied = start + e.off + e.size
		}
	}
	if copied == 0 {
		return s
	}
	b.WriteString(s[copied:])
	return b.String()
}
