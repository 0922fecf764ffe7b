// Package wordfold splits Vietnamese comment text into words folded the way
// readers disguise them, so that a word list, or an abuse model's features,
// can recognise "địt", "Đ1T", "d.i.t" and "điiit" as one word while telling
// "cặc" from "các" and "đĩ" from "đi".
//
// A Word carries two things. Its Form is the word without diacritics, in
// lower case, with digits and symbols read as the letters they stand for
// (0 o, 1 i, 3 e, 4 a, 5 s, 7 t, @ a, $ s; the 1 is also read as l, in Alt),
// and with every run of one letter written once, its length kept in Runs;
// Marks keeps, for each run, the diacritics it had (the quality mark of ă, â,
// ê, ô, ơ, ư and đ, and the tone). Single letters standing apart ("đ.m",
// "d m", "c-ặ-c") are joined into one word.
//
// Matches compares a text word with a pattern word: the letters must agree,
// each run at least as long as the pattern's, and the diacritics either agree
// (tone placement aside: hoà is hòa) or be missing altogether, as in text
// typed without accents. A word that has some diacritics, but not the
// pattern's, is another word. The text word may leave out the stroke of đ.
//
// # Lifecycle and concurrency
//
// A Folder holds the buffers of one pass and is reused from call to call; it
// is not safe for concurrent use, and the Words it returns are valid until
// its next call. Matches and the tables behind folding are safe for
// concurrent use. Nothing here panics, whatever the input, invalid UTF-8
// included.
package wordfold

import (
	"bytes"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/binhluan/binhluan/internal/vntext"
	"golang.org/x/text/unicode/norm"
)

// Qualities: the low three bits of a mark.
const (
	qualityNone = iota
	qualityBreve
	qualityCircumflex
	qualityHorn
	qualityStroke
	qualityOther
)

// Tones: bits 3 to 5 of a mark.
const (
	toneShift = 3
	toneMask  = 7 << toneShift
	qualMask  = 7
	// markAny is the mark of a run written with a digit or symbol, which
	// says nothing of diacritics and agrees with any.
	markAny = 0xFF
)

// Form is a word folded: Key holds one ASCII letter (or the bytes of a
// letter outside Vietnamese) per run, Runs the length of each run (at most
// 255) and Marks its diacritics.
type Form struct {
	Key   []byte
	Runs  []byte
	Marks []byte
}

// Word is one word of a text, folded.
type Word struct {
	// Start and End are the word's byte offsets in the text.
	Start, End int
	Form
	// Alt is the word with every 1 read as l instead of i; its Key is nil
	// when the word has no 1.
	Alt Form
	// Bare reports that the word has no diacritic at all.
	Bare bool
	// Disguised reports that the word was written with digits or symbols
	// for letters, or spelled out in letters standing apart.
	Disguised bool
}

// runeInfo is what folding knows of a letter: its ASCII base, or 0 when it
// has none, and its mark.
type runeInfo struct {
	base, mark byte
}

// Table ranges, as in vntext: Latin-1 to Latin Extended-B, and Latin
// Extended Additional.
const (
	lowEnd   = 0x0250
	extStart = 0x1E00
	extEnd   = 0x1F00
)

type tables struct {
	ascii [utf8.RuneSelf]byte // folded byte of an ASCII word byte, 0 for a separator
	leet  [utf8.RuneSelf]bool // the byte stands for a letter
	low   [lowEnd]runeInfo
	ext   [extEnd - extStart]runeInfo
}

// combiningMark returns the mark a combining diacritic adds to a letter, and
// whether it is one.
func combiningMark(r rune) (byte, bool) {
	switch r {
	case 0x0306:
		return qualityBreve, true
	case 0x0302:
		return qualityCircumflex, true
	case 0x031B:
		return qualityHorn, true
	case 0x0300:
		return 1 << toneShift, true
	case 0x0301:
		return 2 << toneShift, true
	case 0x0309:
		return 3 << toneShift, true
	case 0x0303:
		return 4 << toneShift, true
	case 0x0323:
		return 5 << toneShift, true
	}
	if r >= 0x0300 && r <= 0x036F {
		return qualityOther, true
	}
	return 0, false
}

// addMark combines two marks, the quality of the first winning.
func addMark(m, add byte) byte {
	if m&qualMask == 0 {
		m |= add & qualMask
	}
	if m&toneMask == 0 {
		m |= add & toneMask
	}
	return m
}

var foldTables = sync.OnceValue(func() *tables {
	t := new(tables)
	for c := byte('a'); c <= 'z'; c++ {
		t.ascii[c] = c
		t.ascii[c-'a'+'A'] = c
	}
	for c := byte('0'); c <= '9'; c++ {
		t.ascii[c] = c
	}
	for c, l := range map[byte]byte{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', '$': 's'} {
		t.ascii[c] = l
		t.leet[c] = true
	}
	fill := func(table []runeInfo, first rune) {
		for i := range table {
			r := first + rune(i)
			switch r {
			case 'đ', 'Đ':
				table[i] = runeInfo{'d', qualityStroke}
				continue
			}
			d := norm.NFD.String(string(r))
			base, size := utf8.DecodeRuneInString(d)
			if size == len(d) || base >= utf8.RuneSelf || !unicode.IsLetter(base) {
				continue
			}
			info := runeInfo{base: byte(unicode.ToLower(base))}
			for _, m := range d[size:] {
				add, ok := combiningMark(m)
				if !ok {
					info.base = 0
					break
				}
				info.mark = addMark(info.mark, add)
			}
			if info.base != 0 {
				table[i] = info
			}
		}
	}
	fill(t.low[:], 0)
	fill(t.ext[:], extStart)
	return t
})

// info returns what folding knows of the non-ASCII rune r.
func (t *tables) info(r rune) runeInfo {
	switch {
	case r < lowEnd:
		return t.low[r]
	case r >= extStart && r < extEnd:
		return t.ext[r-extStart]
	}
	return runeInfo{}
}

// isWordRune reports whether the non-ASCII rune r belongs to a word.
func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r))
}

// InWord reports whether r is part of a word: a letter, a digit, a
// combining mark, or one of the symbols read as letters (@ and $).
func InWord(r rune) bool {
	if r < 0 {
		return false
	}
	if r < utf8.RuneSelf {
		return foldTables().ascii[r] != 0
	}
	return isWordRune(r)
}

// Folder splits text into folded words. Its zero value is ready to use.
type Folder struct {
	buf   []byte
	words []Word
	spans []span
	forms []formAt
	runs  []byte // scratch for the runs of the word being folded
	marks []byte // scratch for its marks
}

// span is a run of word characters in the text, and what its fold is.
type span struct {
	start, end int
	single     bool // one run of one letter: a candidate for joining
}

// formAt locates a word's forms in the Folder's buffer while it grows.
type formAt struct {
	start, end           int
	key, alt             int // offsets of the forms in buf
	n, altN              int // number of runs of each form
	bare, disguised, one bool
}

// Words returns the words of text, folded. The result and its slices belong
// to f and are valid until f's next call.
func (f *Folder) Words(text string) []Word {
	t := foldTables()
	f.spans = f.spans[:0]
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if t.ascii[c] == 0 {
				i++
				continue
			}
		} else if r, size := vntext.DecodeRune(text, i); !isWordRune(r) {
			i += size
			continue
		}
		start := i
		for i < len(text) {
			c := text[i]
			if c < utf8.RuneSelf {
				if t.ascii[c] == 0 {
					break
				}
				i++
				continue
			}
			r, size := vntext.DecodeRune(text, i)
			if !isWordRune(r) {
				break
			}
			i += size
		}
		f.spans = append(f.spans, span{start: start, end: i, single: singleLetter(t, text[start:i])})
	}
	f.buf = f.buf[:0]
	f.forms = f.forms[:0]
	for i := 0; i < len(f.spans); {
		j := i + 1
		if f.spans[i].single {
			for j < len(f.spans) && f.spans[j].single && joinable(text[f.spans[j-1].end:f.spans[j].start]) {
				j++
			}
		}
		f.fold(t, text, f.spans[i].start, f.spans[j-1].end, j-i > 1)
		i = j
	}
	f.words = f.words[:0]
	for _, fa := range f.forms {
		w := Word{Start: fa.start, End: fa.end, Bare: fa.bare, Disguised: fa.disguised}
		w.Form = formOf(f.buf, fa.key, fa.n)
		if fa.one {
			w.Alt = formOf(f.buf, fa.alt, fa.altN)
		}
		f.words = append(f.words, w)
	}
	return f.words
}

// formOf slices a form of n runs stored at off in buf.
func formOf(buf []byte, off, n int) Form {
	return Form{
		Key:   buf[off : off+n : off+n],
		Runs:  buf[off+n : off+2*n : off+2*n],
		Marks: buf[off+2*n : off+3*n : off+3*n],
	}
}

// singleLetter reports whether the word s is one letter, possibly repeated.
func singleLetter(t *tables, s string) bool {
	var first rune
	for i := 0; i < len(s); {
		r, size := vntext.DecodeRune(s, i)
		if r < utf8.RuneSelf {
			if t.leet[r] || r < 'A' || (r > 'Z' && r < 'a') || r > 'z' {
				return false
			}
			r = rune(t.ascii[r])
		} else if info := t.info(r); info.base != 0 {
			r = rune(info.base)
		} else if _, ok := combiningMark(r); !ok {
			return false
		} else {
			i += size
			continue
		}
		if first == 0 {
			first = r
		} else if r != first {
			return false
		}
		i += size
	}
	return first != 0
}

// joinable reports whether gap, between two single letters, is short
// punctuation or space that a reader puts between the letters of a word.
func joinable(gap string) bool {
	if len(gap) == 0 || len(gap) > 3 {
		return false
	}
	for i := 0; i < len(gap); i++ {
		if c := gap[i]; c >= utf8.RuneSelf || c == '\n' || c == '\r' {
			return false
		}
	}
	return true
}

// fold folds text[start:end], skipping characters that are not part of a
// word, and records it as one word.
func (f *Folder) fold(t *tables, text string, start, end int, joined bool) {
	fa := formAt{start: start, end: end, disguised: joined}
	fa.key = len(f.buf)
	var n int
	n, fa.bare, fa.one, fa.disguised = f.appendForm(t, text[start:end], 'i', joined)
	fa.n = n
	if fa.one {
		fa.alt = len(f.buf)
		fa.altN, _, _, _ = f.appendForm(t, text[start:end], 'l', joined)
	}
	f.forms = append(f.forms, fa)
}

// appendForm appends the form of s to f.buf (keys, then runs, then marks),
// reading 1 as one, and returns its number of runs and what it saw.
func (f *Folder) appendForm(t *tables, s string, one byte, disguised bool) (n int, bare, sawOne, disg bool) {
	bare, disg = true, disguised
	start := len(f.buf)
	// Keys are appended first; runs and marks are gathered in scratch
	// space and follow them.
	runs, marks := f.runs[:0], f.marks[:0]
	defer func() { f.runs, f.marks = runs, marks }()
	last := -1
	lastByte := byte(0)
	for i := 0; i < len(s); {
		c := s[i]
		var key []byte
		var kb [utf8.UTFMax]byte
		mark := byte(0)
		size := 1
		if c < utf8.RuneSelf {
			k := t.ascii[c]
			if k == 0 {
				i++
				continue
			}
			if t.leet[c] {
				disg = true
				mark = markAny
				if c == '1' {
					sawOne = true
					k = one
				}
			}
			kb[0] = k
			key = kb[:1]
		} else {
			var r rune
			r, size = vntext.DecodeRune(s, i)
			if add, ok := combiningMark(r); ok {
				if last >= 0 && marks[last] != markAny {
					marks[last] = addMark(marks[last], add)
				}
				bare = false
				i += size
				continue
			}
			if info := t.info(r); info.base != 0 {
				kb[0] = info.base
				key = kb[:1]
				mark = info.mark
			} else if isWordRune(r) {
				key = utf8.AppendRune(kb[:0], unicode.ToLower(r))
			} else {
				i += size
				continue
			}
		}
		if mark != 0 && mark != markAny {
			bare = false
		}
		if len(key) == 1 && last >= 0 && key[0] == lastByte && key[0] < utf8.RuneSelf {
			if runs[last] < 255 {
				runs[last]++
			}
			if marks[last] == 0 || (marks[last] == markAny && mark != 0) {
				marks[last] = mark
			} else if mark != markAny {
				marks[last] = addMark(marks[last], mark)
			}
			i += size
			continue
		}
		for _, b := range key {
			f.buf = append(f.buf, b)
			last++
			runs = append(runs, 1)
			marks = append(marks, mark)
		}
		lastByte = key[len(key)-1]
		if len(key) > 1 {
			lastByte = 0
		}
		i += size
	}
	n = len(f.buf) - start
	f.buf = append(f.buf, runs[:n]...)
	f.buf = append(f.buf, marks[:n]...)
	return n, bare, sawOne, disg
}

// Fold returns the form of a pattern word or phrase: its words folded, with
// tones placed as vntext.CanonicalTones places them. It allocates; it is
// meant for compiling patterns, not for scanning text.
func Fold(pattern string) []Word {
	var f Folder
	ws := f.Words(vntext.CanonicalTones(pattern))
	out := make([]Word, len(ws))
	for i, w := range ws {
		out[i] = w
		out[i].Form = clone(w.Form)
		out[i].Alt = clone(w.Alt)
	}
	return out
}

// clone copies a form out of a Folder's buffer.
func clone(f Form) Form {
	if f.Key == nil {
		return Form{}
	}
	return Form{Key: bytes.Clone(f.Key), Runs: bytes.Clone(f.Runs), Marks: bytes.Clone(f.Marks)}
}

// Matches reports whether the word w of text is the pattern word p. The
// letters of w's Form (or of its Alt) must be p's, each run at least as long.
// A bare w matches unless strict is set, p has diacritics and w is not
// disguised: strict is for patterns whose spelling without accents is an
// everyday word. Otherwise w's diacritics must be p's, with the stroke of đ
// optional and a digit or symbol agreeing with any.
func Matches(text string, w Word, p Word, strict bool) bool {
	return matchesForm(text, w, w.Form, p, strict) || (w.Alt.Key != nil && matchesForm(text, w, w.Alt, p, strict))
}

func matchesForm(text string, w Word, wf Form, p Word, strict bool) bool {
	if !bytes.Equal(wf.Key, p.Key) {
		return false
	}
	longer := false
	for i, r := range p.Runs {
		if wf.Runs[i] < r {
			return false
		}
		if wf.Runs[i] > r {
			longer = true
		}
	}
	if w.Bare {
		return !strict || p.Bare || w.Disguised || longer
	}
	if sameMarks(wf.Marks, p.Marks) {
		return true
	}
	// The tone may sit on another vowel of the same syllable (hoà, hòa).
	if w.Start < 0 || w.End > len(text) || w.Start >= w.End {
		return false
	}
	word := text[w.Start:w.End]
	canon := vntext.CanonicalTones(word)
	if canon == word {
		return false
	}
	var f Folder
	for _, cw := range f.Words(canon) {
		if bytes.Equal(cw.Key, wf.Key) && sameMarks(cw.Marks, p.Marks) {
			return true
		}
	}
	return false
}

// sameMarks compares the marks of a text word with a pattern's.
func sameMarks(w, p []byte) bool {
	for i, m := range w {
		if m == markAny || m == p[i] {
			continue
		}
		if m&qualMask == qualityNone && p[i]&qualMask == qualityStroke && m&toneMask == p[i]&toneMask {
			continue
		}
		return false
	}
	return true
}
