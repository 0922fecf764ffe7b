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
// pattern's, is another word. The text word may leave out the stroke of đ,
// except where the pattern is strict (its spellings without accents, or
// without the stroke, are everyday words: "dĩ" in "dĩ nhiên" is not "đĩ")
// and the word is not otherwise disguised.
//
// # Lifecycle and concurrency
//
// A Folder holds the buffers of one pass and is reused from call to call; it
// is not safe for concurrent use, and the Words it returns are valid until
// its next call. Fold, then Key, KeyHash, SignatureHash and Matches by
// index, let a scan look up every word of a text in a table of patterns
// without building the words or allocating: HashKey and SignatureHash give
// the patterns' side of such a table. Matches and the tables behind folding are safe for
// concurrent use. Nothing here panics, whatever the input, invalid UTF-8
// included.
package wordfold

import (
	"bytes"
	"encoding/binary"
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

// leetBit marks, in tables.ascii, a byte read as a letter it stands for.
const leetBit = 0x80

type tables struct {
	// ascii is the folded byte of an ASCII word byte, with leetBit set
	// when the byte is a digit or symbol standing for a letter; 0 for a
	// separator.
	ascii [utf8.RuneSelf]byte
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
		t.ascii[c] = l | leetBit
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

// inWord is InWord for a non-ASCII rune.
func (t *tables) inWord(r rune) bool {
	return t.info(r).base != 0 || isWordRune(r)
}

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
	// keys, runs and marks hold the forms of the words, at the same
	// offsets: their first nb bytes are in use. forms holds the words,
	// its first nf in use. The slices are kept at their full capacity
	// and the counts apart, so that a word costs no store of a slice
	// header (and of its write barrier) unless a slice grows.
	keys, runs, marks []byte
	nb                int
	forms             []formAt
	nf                int
	words             []Word
}

// formAt locates a word's forms in the Folder's buffers while they grow.
type formAt struct {
	start, end      int
	key, alt        int32 // offsets of the forms
	n, altN         int32 // number of runs of each form
	bare, disguised bool
	one             bool // the word has a 1, and thus an Alt
}

// Words returns the words of text, folded. The result and its slices belong
// to f and are valid until f's next call.
func (f *Folder) Words(text string) []Word {
	n := f.Fold(text)
	f.words = f.words[:0]
	for i := range n {
		f.words = append(f.words, f.Word(i))
	}
	return f.words
}

// Fold folds text and returns its number of words, for Word, Key and Bare
// to read one by one: a scan that looks at most words only by their Key
// need not build them all, as Words does.
func (f *Folder) Fold(text string) int {
	t := foldTables()
	f.nb, f.nf = 0, 0
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if t.ascii[c] == 0 {
				i++
				continue
			}
		} else if r, size := vntext.DecodeRune(text, i); !t.inWord(r) {
			i += size
			continue
		}
		i = f.fold(t, text, i, len(text), false)
	}
	f.join(t, text)
	return f.nf
}

// Word returns word i of the last Fold, 0 <= i < its result; its slices
// are valid until f's next call.
func (f *Folder) Word(i int) Word {
	fa := &f.forms[i]
	w := Word{Start: fa.start, End: fa.end, Bare: fa.bare, Disguised: fa.disguised}
	w.Form = f.formOf(fa.key, fa.n)
	if fa.one {
		w.Alt = f.formOf(fa.alt, fa.altN)
	}
	return w
}

// Key returns Word(i).Key without building the word.
func (f *Folder) Key(i int) []byte {
	fa := &f.forms[i]
	return f.keys[fa.key : fa.key+fa.n : fa.key+fa.n]
}

// AltKey returns Word(i).Alt.Key without building the word: nil when the
// word has no 1.
func (f *Folder) AltKey(i int) []byte {
	fa := &f.forms[i]
	if !fa.one {
		return nil
	}
	return f.keys[fa.alt : fa.alt+fa.altN : fa.alt+fa.altN]
}

// Span returns the byte offsets of word i in the text, Word(i).Start and
// Word(i).End, without building the word.
func (f *Folder) Span(i int) (start, end int) {
	fa := &f.forms[i]
	return fa.start, fa.end
}

// KeyHash returns HashKey(Word(i).Key) without building the word.
func (f *Folder) KeyHash(i int) uint64 { return HashKey(f.Key(i)) }

// AltKeyHash returns HashKey(Word(i).Alt.Key), and false when the word has
// no 1 and thus no Alt.
func (f *Folder) AltKeyHash(i int) (uint64, bool) {
	if !f.forms[i].one {
		return 0, false
	}
	return HashKey(f.AltKey(i)), true
}

// SignatureHash returns SignatureHash(Word(i).Form) without building the
// word.
func (f *Folder) SignatureHash(i int) (uint64, bool) {
	fa := &f.forms[i]
	return SignatureHash(f.formOf(fa.key, fa.n))
}

// Matches reports Matches(&w, p, strict) for w = Word(i), without building
// the word.
func (f *Folder) Matches(i int, p *Word, strict bool) bool {
	fa := &f.forms[i]
	if wf := f.formOf(fa.key, fa.n); matchesForm(fa.bare, fa.disguised, &wf, p, strict) {
		return true
	}
	if !fa.one {
		return false
	}
	alt := f.formOf(fa.alt, fa.altN)
	return matchesForm(fa.bare, fa.disguised, &alt, p, strict)
}

// Plain reports whether Word(i) is bare or disguised: a word whose
// candidates are found by Key rather than by AppendSignature.
func (f *Folder) Plain(i int) bool {
	fa := &f.forms[i]
	return fa.bare || fa.disguised
}

// join replaces every sequence of two or more words that are one letter
// each (possibly repeated), standing apart with short gaps, by one word.
func (f *Folder) join(t *tables, text string) {
	single := func(fa *formAt) bool {
		if fa.n != 1 || fa.disguised {
			return false
		}
		c := f.keys[fa.key]
		return c >= 'a' && c <= 'z'
	}
	nf := f.nf
	w := 0 // the words kept so far, in place
	for i := 0; i < nf; {
		j := i + 1
		if single(&f.forms[i]) {
			for j < nf && single(&f.forms[j]) && joinable(text[f.forms[j-1].end:f.forms[j].start]) {
				j++
			}
		}
		if j-i == 1 {
			if w != i {
				f.forms[w] = f.forms[i]
			}
			w++
			i = j
			continue
		}
		// The joined form goes at the end of the buffers, and in place of
		// the first letter; the forms of its letters stay where they are,
		// unused.
		f.fold(t, text, f.forms[i].start, f.forms[j-1].end, true)
		f.nf--
		f.forms[w] = f.forms[f.nf]
		w++
		i = j
	}
	f.nf = w
}

// formOf slices a form of n runs stored at off.
func (f *Folder) formOf(off, n int32) Form {
	return Form{
		Key:   f.keys[off : off+n : off+n],
		Runs:  f.runs[off : off+n : off+n],
		Marks: f.marks[off : off+n : off+n],
	}
}

// joinable reports whether gap, between two single letters, is short
// punctuation or space that a reader puts between the letters of a word
// (". - _ * /" and spaces), not what ends a clause.
func joinable(gap string) bool {
	if len(gap) == 0 || len(gap) > 3 {
		return false
	}
	for i := 0; i < len(gap); i++ {
		switch c := gap[i]; c {
		case '\n', '\r', ',', ';', ':', '!', '?', '(', ')':
			return false
		default:
			if c >= utf8.RuneSelf {
				return false
			}
		}
	}
	return true
}

// fold folds the word that starts at text[start] and records it. A joined
// word runs to end, skipping what is not part of a word; otherwise the word
// ends before the first character that is not part of one. It returns the
// end of the word.
func (f *Folder) fold(t *tables, text string, start, end int, joined bool) int {
	if f.nf == len(f.forms) {
		f.forms = append(f.forms, formAt{})
		f.forms = f.forms[:cap(f.forms)]
	}
	// The fields are set in place: a formAt built on the stack and copied
	// whole is loaded in wide words just after its narrow stores, which
	// the processor does not forward.
	fa := &f.forms[f.nf]
	f.nf++
	fa.start, fa.key = start, int32(f.nb)
	n, stop, bare, one, disguised := f.appendForm(t, text, start, end, 'i', joined)
	fa.end, fa.n, fa.bare, fa.one, fa.disguised = stop, int32(n), bare, one, disguised
	fa.alt, fa.altN = 0, 0
	if one {
		fa.alt = int32(f.nb)
		altN, _, _, _, _ := f.appendForm(t, text, start, stop, 'l', joined)
		fa.altN = int32(altN)
	}
	return stop
}

// wordRuns is the number of runs appendForm gathers on its stack before it
// moves them to the Folder's buffers: most words have far fewer.
const wordRuns = 16

// appendForm appends the form of the word at s[i:] to f's buffers, reading
// 1 as one, and returns its number of runs, its end and what it saw.
//
// The runs are gathered in arrays on the stack, whose few live variables
// the compiler keeps in registers, and copied to the buffers once a word,
// or when the arrays fill up.
func (f *Folder) appendForm(t *tables, s string, i, end int, one byte, joined bool) (n, stop int, bare, sawOne, disg bool) {
	var key, run, mark [wordRuns]byte
	m := 0 // runs in the arrays; the word's last run is at m-1
	first := f.nb
	bare, disg = true, joined
	for i < end {
		c := s[i]
		var k, mk byte
		size := 1
		if c < utf8.RuneSelf {
			k = t.ascii[c]
			if k == 0 {
				if !joined {
					break
				}
				i++
				continue
			}
			if k&leetBit != 0 {
				k &^= leetBit
				disg = true
				mk = markAny
				if c == '1' {
					sawOne = true
					k = one
				}
			}
		} else {
			var r rune
			r, size = vntext.DecodeRune(s, i)
			if info := t.info(r); info.base != 0 {
				k, mk = info.base, info.mark
				if mk != 0 {
					bare = false
				}
			} else if add, ok := combiningMark(r); ok {
				if m > 0 && mark[m-1] != markAny {
					mark[m-1] = addMark(mark[m-1], add)
				}
				bare = false
				i += size
				continue
			} else if isWordRune(r) {
				// A letter outside Vietnamese: its bytes, in lower case,
				// each a run of its own.
				var enc [utf8.UTFMax]byte
				for _, b := range enc[:utf8.EncodeRune(enc[:], unicode.ToLower(r))] {
					if m == wordRuns {
						m = f.spill(&key, &run, &mark, m)
					}
					key[m], run[m], mark[m] = b, 1, 0
					m++
				}
				i += size
				continue
			} else {
				if !joined {
					break
				}
				i += size
				continue
			}
		}
		i += size
		if m > 0 && key[m-1] == k {
			last := m - 1
			if run[last] < 255 {
				run[last]++
			}
			switch {
			case mark[last] == 0 || (mark[last] == markAny && mk != 0):
				mark[last] = mk
			case mk != markAny:
				mark[last] = addMark(mark[last], mk)
			}
			continue
		}
		if m == wordRuns {
			m = f.spill(&key, &run, &mark, m)
		}
		key[m], run[m], mark[m] = k, 1, mk
		m++
	}
	f.put(key[:m], run[:m], mark[:m])
	return f.nb - first, i, bare, sawOne, disg
}

// spill moves the first m-1 runs of the arrays to the buffers, keeping the
// last, which a repeated letter or a combining mark may still change, at
// the front; it returns the runs left in the arrays, 1.
func (f *Folder) spill(key, run, mark *[wordRuns]byte, m int) int {
	f.put(key[:m-1], run[:m-1], mark[:m-1])
	key[0], run[0], mark[0] = key[m-1], run[m-1], mark[m-1]
	return 1
}

// put appends runs to the buffers. A buffer that must grow is stored back
// whole; otherwise only the count changes. The buffers keep wordRuns bytes
// to spare, so that the few runs of most words go in one 8-byte store each,
// whatever lies past them being overwritten by the next word.
func (f *Folder) put(key, run, mark []byte) {
	n := len(key)
	if need := f.nb + n + wordRuns; need > len(f.keys) || need > len(f.runs) || need > len(f.marks) {
		size := max(2*f.nb, need, 256)
		f.keys = append(f.keys[:f.nb], make([]byte, size-f.nb)...)
		f.runs = append(f.runs[:f.nb], make([]byte, size-f.nb)...)
		f.marks = append(f.marks[:f.nb], make([]byte, size-f.nb)...)
	}
	if n <= 8 && cap(key) >= 8 && cap(run) >= 8 && cap(mark) >= 8 {
		le := binary.LittleEndian
		le.PutUint64(f.keys[f.nb:], le.Uint64(key[:8]))
		le.PutUint64(f.runs[f.nb:], le.Uint64(run[:8]))
		le.PutUint64(f.marks[f.nb:], le.Uint64(mark[:8]))
	} else {
		copy(f.keys[f.nb:], key)
		copy(f.runs[f.nb:], run)
		copy(f.marks[f.nb:], mark)
	}
	f.nb += n
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
		// A digit in a pattern is the letter it stands for.
		for _, m := range [2][]byte{out[i].Marks, out[i].Alt.Marks} {
			for j := range m {
				if m[j] == markAny {
					m[j] = 0
				}
			}
		}
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

// Matches reports whether the word w of a text is the pattern word p. The
// letters of w's Form (or of its Alt) must be p's, each run at least as long.
// A bare w matches unless strict is set, p has diacritics and w is not
// disguised: strict is for patterns whose spelling without accents is an
// everyday word. Otherwise w's diacritics must be p's, with a digit or
// symbol agreeing with any and the stroke of đ optional, unless strict is
// set and w is not disguised (the spelling without the stroke is then an
// everyday word too, as "dĩ" and "dụ" are); the tones are compared in order
// but not by the vowel that carries them, so that "hoà" is "hòa". A run
// longer than the pattern's counts as a disguise.
func Matches(w, p *Word, strict bool) bool {
	return matchesForm(w.Bare, w.Disguised, &w.Form, p, strict) ||
		(w.Alt.Key != nil && matchesForm(w.Bare, w.Disguised, &w.Alt, p, strict))
}

// matchesForm is Matches for one form wf of a text word that is bare or
// disguised as given.
func matchesForm(bare, disguised bool, wf *Form, p *Word, strict bool) bool {
	if string(wf.Key) != string(p.Key) {
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
	if bare {
		return !strict || p.Bare || disguised || longer
	}
	return sameMarks(wf.Marks, p.Marks, !strict || disguised || longer)
}

// AppendSignature appends to dst a key of the form f that two forms share
// when they have the same letters and the same diacritics, with the stroke
// of đ left out and the tones in order but not by vowel: the word "hoà" and
// the pattern "hòa", or "dm" and "đm", have one signature, so a text word
// that has diacritics finds by its signature the patterns it may match (a
// bare word matches patterns by Key alone). It reports false, appending
// nothing, when f has a run written with a digit or symbol.
func AppendSignature(dst []byte, f Form) ([]byte, bool) {
	for _, m := range f.Marks {
		if m == markAny {
			return dst, false
		}
	}
	dst = append(dst, f.Key...)
	dst = append(dst, 0)
	for _, m := range f.Marks {
		q := m & qualMask
		if q == qualityStroke {
			q = qualityNone
		}
		dst = append(dst, '0'+q)
	}
	dst = append(dst, 0)
	for _, m := range f.Marks {
		if t := m & toneMask; t != 0 {
			dst = append(dst, '0'+t>>toneShift)
		}
	}
	return dst, true
}

// Hashing is FNV-1a over bytes, 64 bits; the signature hash takes the bytes
// AppendSignature would append.
const (
	hashOffset = 14695981039346656037
	hashPrime  = 1099511628211
)

// HashKey returns a hash of the Key of a form, for a table of the patterns
// that begin with it: equal keys have equal hashes, and two different keys
// rarely do, so a table lookup still compares the forms it finds.
func HashKey(key []byte) uint64 {
	h := uint64(hashOffset)
	for _, c := range key {
		h = (h ^ uint64(c)) * hashPrime
	}
	return h
}

// SignatureHash returns a hash of the signature AppendSignature appends for
// f, and false when f has none, without building the signature: forms with
// one signature have one hash.
func SignatureHash(f Form) (uint64, bool) {
	h := HashKey(f.Key)
	h *= hashPrime // the 0 after the key
	for _, m := range f.Marks {
		if m == markAny {
			return 0, false
		}
		q := m & qualMask
		if q == qualityStroke {
			q = qualityNone
		}
		h = (h ^ uint64('0'+q)) * hashPrime
	}
	h *= hashPrime
	for _, m := range f.Marks {
		if t := m & toneMask; t != 0 {
			h = (h ^ uint64('0'+t>>toneShift)) * hashPrime
		}
	}
	return h, true
}

// sameMarks compares the marks of a text word with a pattern's, of the
// same length; strokeOptional lets the word leave out the stroke of đ.
func sameMarks(w, p []byte, strokeOptional bool) bool {
	for i, m := range w {
		if m == markAny {
			continue
		}
		wq, pq := m&qualMask, p[i]&qualMask
		if wq != pq && (!strokeOptional || wq != qualityNone || pq != qualityStroke) {
			return false
		}
	}
	// The tones, in order, over the runs written with letters.
	j := 0
	for i := 0; ; i++ {
		for i < len(w) && (w[i] == markAny || w[i]&toneMask == 0) {
			i++
		}
		for j < len(w) && (w[j] == markAny || p[j]&toneMask == 0) {
			j++
		}
		if i == len(w) || j == len(w) {
			return i == len(w) && j == len(w)
		}
		if w[i]&toneMask != p[j]&toneMask {
			return false
		}
		j++
	}
}
