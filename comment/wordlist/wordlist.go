package wordlist

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/binhluan/binhluan/internal/vntext"
	"github.com/binhluan/binhluan/internal/wordfold"
	"golang.org/x/text/unicode/norm"
)

// Action is what a site does with a comment in which an entry is found.
type Action uint8

// Actions, from the mildest. Refuse and Hold are the banned words; Suspect
// the words a moderator looks at; Mask the words shown with their letters
// starred. Drop, in a list, removes an entry given earlier, such as one of
// the default list's.
const (
	Mask    Action = iota + 1 // accept, and show the word as ***
	Suspect                   // hold for a moderator: the word may be innocent
	Hold                      // banned: hold for a moderator
	Refuse                    // banned: refuse the comment
	Drop                      // remove the entry of that phrase given earlier
)

var actionNames = [...]string{Mask: "mask", Suspect: "suspect", Hold: "hold", Refuse: "refuse", Drop: "drop"}

// String returns the name of a in the list format: "refuse", "hold",
// "suspect", "mask" or "drop".
func (a Action) String() string {
	if int(a) < len(actionNames) && actionNames[a] != "" {
		return actionNames[a]
	}
	return fmt.Sprintf("Action(%d)", uint8(a))
}

// Banned reports whether a is Refuse or Hold.
func (a Action) Banned() bool { return a == Refuse || a == Hold }

// Limits of an entry.
const (
	MaxPhraseBytes = 200 // the longest phrase, in bytes
	MaxPhraseWords = 8   // the most words in a phrase
)

// Errors of an entry, wrapped in a *LineError by Parse.
var (
	ErrEmpty         = errors.New("wordlist: the entry has no phrase")
	ErrTooLong       = fmt.Errorf("wordlist: the phrase is longer than %d bytes or %d words", MaxPhraseBytes, MaxPhraseWords)
	ErrInvalidUTF8   = errors.New("wordlist: the entry is not valid UTF-8")
	ErrUnknownAction = errors.New("wordlist: unknown action (want refuse, hold, suspect, mask or drop)")
	ErrNoWord        = errors.New("wordlist: the phrase has no letter or digit")
)

// LineError is an error in one line of a list.
type LineError struct {
	Line int   // the line, counted from 1
	Err  error // one of the Err variables of this package
	Text string
}

// Error returns the error with its line number.
func (e *LineError) Error() string {
	return fmt.Sprintf("line %d: %v: %q", e.Line, e.Err, e.Text)
}

// Unwrap returns e.Err.
func (e *LineError) Unwrap() error { return e.Err }

// Entry is one word or phrase of a list.
type Entry struct {
	Phrase string
	Action Action
	// Strict entries match text typed without accents only when it is
	// disguised (digits for letters, letters spelled apart, letters
	// repeated): for entries whose unaccented spelling is an everyday
	// word, as cặc's is các's.
	Strict bool
	// Line is the line of the entry in the list it was parsed from, or 0.
	Line int
}

// maxLine is the longest line Parse reads; longer lines are an error.
const maxLine = 64 << 10

// Parse reads a list: one entry a line, an action, optionally followed by
// "!" for a strict entry, white space and the phrase; "#" starts a comment
// to the end of the line, and blank lines are skipped:
//
//	# insults
//	suspect   ngu
//	refuse!   cặc      # strict: "cac" is "các" typed without accents
//
// An error names the first bad line; entries are not returned half-way.
func Parse(r io.Reader) ([]Entry, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	var out []Entry
	n := 0
	for sc.Scan() {
		n++
		line := sc.Bytes()
		if !utf8.Valid(line) {
			return nil, &LineError{Line: n, Err: ErrInvalidUTF8, Text: strings.ToValidUTF8(string(line), "\uFFFD")}
		}
		text := string(line)
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		word, phrase := text, ""
		if i := strings.IndexFunc(text, unicode.IsSpace); i >= 0 {
			word, phrase = text[:i], text[i:]
		}
		e := Entry{Phrase: strings.TrimSpace(phrase), Line: n}
		if s, ok := strings.CutSuffix(word, "!"); ok {
			word, e.Strict = s, true
		}
		e.Action = parseAction(word)
		if e.Action == 0 {
			return nil, &LineError{Line: n, Err: ErrUnknownAction, Text: clip(text)}
		}
		if _, err := compileEntry(e); err != nil {
			return nil, &LineError{Line: n, Err: err, Text: clip(text)}
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &LineError{Line: n + 1, Err: ErrTooLong}
		}
		return nil, fmt.Errorf("wordlist: %w", err)
	}
	return out, nil
}

// clip shortens a line quoted in an error.
func clip(s string) string { return vntext.Clip(s, 80) }

// parseAction returns the action named s, or 0.
func parseAction(s string) Action {
	for a, name := range actionNames {
		if name != "" && strings.EqualFold(name, s) {
			return Action(a)
		}
	}
	return 0
}

//go:embed default.txt
var defaultList []byte

// defaultEntries parses the embedded list once.
var defaultEntries = sync.OnceValues(func() ([]Entry, error) {
	return Parse(bytes.NewReader(defaultList))
})

// Default returns the project's Vietnamese list (default.txt, described in
// README.md), for a site to extend or trim before New.
func Default() []Entry {
	e, err := defaultEntries()
	if err != nil {
		// The embedded list is checked by the package's tests.
		return nil
	}
	return append([]Entry(nil), e...)
}

// pattern is a compiled entry.
type pattern struct {
	entry Entry
	words []wordfold.Word
}

// compileEntry checks an entry and folds its phrase.
func compileEntry(e Entry) (pattern, error) {
	switch {
	case !utf8.ValidString(e.Phrase):
		return pattern{}, ErrInvalidUTF8
	case strings.TrimSpace(e.Phrase) == "":
		return pattern{}, ErrEmpty
	case len(e.Phrase) > MaxPhraseBytes:
		return pattern{}, ErrTooLong
	case e.Action < Mask || e.Action > Drop:
		return pattern{}, ErrUnknownAction
	}
	words := wordfold.Fold(norm.NFC.String(e.Phrase))
	switch {
	case len(words) == 0:
		return pattern{}, ErrNoWord
	case len(words) > MaxPhraseWords:
		return pattern{}, ErrTooLong
	}
	return pattern{entry: e, words: words}, nil
}

// List is a compiled word list. It is immutable: New builds it, and Match,
// Mask and Entries may be called from any number of goroutines at once.
type List struct {
	patterns []pattern
	// first has a bit set for the hash of every Key that begins a
	// pattern: a word of a text whose Key (or Alt) has no bit begins no
	// entry, which settles most words with one load.
	first [firstBits / 64]uint64
	// The patterns by their first word: one-word patterns by the hash of
	// its Key (byKey, for text words that are bare or disguised) or of its
	// signature (bySig, wordfold.SignatureHash, for the others); longer
	// patterns by that hash and the hash of their second word's Key
	// (pairHash), so that the many phrases that begin with one common word,
	// "thằng" or "con", are not all tried at every one of its occurrences.
	byKey, bySig, byKey2, bySig2 table
	pool                         sync.Pool // *scratch
}

// firstBits is the size of List.first, in bits.
const firstBits = 1 << 16

// firstBit returns the bit of List.first for the hash of a Key.
func firstBit(h uint64) (word int, mask uint64) {
	b := (h * 0x9E3779B97F4A7C15) >> (64 - 16)
	return int(b / 64), 1 << (b % 64)
}

// begins reports whether some pattern may begin with a word of Key hash h.
func (l *List) begins(h uint64) bool {
	w, m := firstBit(h)
	return l.first[w]&m != 0
}

// pairHash combines the hash of a first word (of its Key or signature) with
// the Key hash of a second word.
func pairHash(first, second uint64) uint64 {
	return (first*0xBF58476D1CE4E5B9 ^ second) * 0x94D049BB133111EB
}

// table maps a hash to the patterns filed under it, in the order they were
// added. It is open addressing with linear probing, at most half full, so
// that most words of a text, which begin no entry, cost one probe. Hashes
// may collide: the patterns found are candidates that the caller checks.
type table struct {
	slots []slot
	cands []int32
	shift uint8 // 64 - log2(len(slots))
}

// slot is a hash and its candidates, cands[off:off+n]; n is 0 in an empty
// slot.
type slot struct {
	hash   uint64
	off, n int32
}

// build lays out the candidates of each hash, in the order the hashes
// first came.
func (b *tableBuilder) build() table {
	if len(b.keys) == 0 {
		return table{}
	}
	bits := uint8(1)
	for 1<<bits < 2*len(b.keys) {
		bits++
	}
	t := table{slots: make([]slot, 1<<bits), shift: 64 - bits}
	mask := uint64(len(t.slots) - 1)
	for _, h := range b.keys {
		i := t.home(h)
		for t.slots[i].n != 0 {
			i = (i + 1) & mask
		}
		c := b.cands[h]
		t.slots[i] = slot{hash: h, off: int32(len(t.cands)), n: int32(len(c))}
		t.cands = append(t.cands, c...)
	}
	return t
}

// home returns the first slot to probe for h.
func (t *table) home(h uint64) uint64 {
	return (h * 0x9E3779B97F4A7C15) >> t.shift
}

// lookup returns the candidates filed under h, or nil.
func (t *table) lookup(h uint64) []int32 {
	if len(t.slots) == 0 {
		return nil
	}
	mask := uint64(len(t.slots) - 1)
	for i := t.home(h); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.n == 0 {
			return nil
		}
		if s.hash == h {
			return t.cands[s.off : s.off+s.n]
		}
	}
}

// tableBuilder collects the candidates of a table, keeping the order in
// which the hashes first came.
type tableBuilder struct {
	keys  []uint64
	cands map[uint64][]int32
}

func (b *tableBuilder) add(h uint64, i int32) {
	if b.cands == nil {
		b.cands = make(map[uint64][]int32)
	}
	if _, ok := b.cands[h]; !ok {
		b.keys = append(b.keys, h)
	}
	b.cands[h] = append(b.cands[h], i)
}

// scratch is the working memory of one call.
type scratch struct {
	f wordfold.Folder
}

// New compiles entries in order. An entry replaces an earlier one of the
// same phrase (folded: "Đụ má" is "đụ  má"); a Drop entry removes it. The
// error of a bad entry is a *LineError naming its Line.
func New(entries []Entry) (*List, error) {
	l := new(List)
	var tb tableBuilders
	index := make(map[string]int)
	var kept []pattern
	for _, e := range entries {
		p, err := compileEntry(e)
		if err != nil {
			return nil, &LineError{Line: e.Line, Err: err, Text: clip(e.Phrase)}
		}
		k := phraseKey(p.words)
		if i, ok := index[k]; ok {
			kept[i].entry.Action = 0
		}
		if e.Action == Drop {
			delete(index, k)
			continue
		}
		index[k] = len(kept)
		kept = append(kept, p)
	}
	for _, p := range kept {
		if p.entry.Action == 0 {
			continue
		}
		l.add(p, &tb)
		// A phrase is also written run together ("đụmá", "ditme").
		if len(p.words) > 1 {
			joined := wordfold.Fold(strings.Join(wordsOf(p.entry.Phrase), ""))
			if len(joined) == 1 {
				l.add(pattern{entry: p.entry, words: joined}, &tb)
			}
		}
	}
	l.byKey, l.bySig = tb.byKey.build(), tb.bySig.build()
	l.byKey2, l.bySig2 = tb.byKey2.build(), tb.bySig2.build()
	return l, nil
}

// wordsOf splits a phrase at white space.
func wordsOf(s string) []string { return strings.Fields(s) }

// phraseKey identifies a phrase: its words' keys and marks.
func phraseKey(ws []wordfold.Word) string {
	var b strings.Builder
	for _, w := range ws {
		b.Write(w.Key)
		b.WriteByte(0)
		b.Write(w.Runs)
		b.Write(w.Marks)
		b.WriteByte(0)
	}
	return b.String()
}

// tableBuilders collects the tables of a List.
type tableBuilders struct {
	byKey, bySig, byKey2, bySig2 tableBuilder
}

// add files p under its first word's key and signature, with its second
// word's key if it has one.
func (l *List) add(p pattern, tb *tableBuilders) {
	i := int32(len(l.patterns))
	key := wordfold.HashKey(p.words[0].Key)
	w, m := firstBit(key)
	l.first[w] |= m
	sig, hasSig := wordfold.SignatureHash(p.words[0].Form)
	if len(p.words) == 1 {
		tb.byKey.add(key, i)
		if hasSig {
			tb.bySig.add(sig, i)
		}
	} else {
		second := wordfold.HashKey(p.words[1].Key)
		tb.byKey2.add(pairHash(key, second), i)
		if hasSig {
			tb.bySig2.add(pairHash(sig, second), i)
		}
	}
	l.patterns = append(l.patterns, p)
}

// Entries returns the entries of l, in the order given to New, without the
// ones replaced or dropped.
func (l *List) Entries() []Entry {
	var out []Entry
	for i, p := range l.patterns {
		if i > 0 && l.patterns[i-1].entry == p.entry {
			continue
		}
		out = append(out, p.entry)
	}
	return out
}

// Match is an entry found in a text.
type Match struct {
	// Start and End are the byte offsets of the words matched in the text
	// (in its NFC form, if it was not NFC).
	Start, End int
	Entry      Entry
}

// Match returns the entries found in text, in order, longest first where
// two begin at one word and never overlapping. Text that is not NFC is
// matched in its NFC form.
func (l *List) Match(text string) []Match {
	return l.match(nfc(text), nil)
}

// Worst returns the strongest action of the entries found in text
// (Refuse, then Hold, Suspect and Mask), or 0 if there is none.
func (l *List) Worst(text string) Action {
	var worst Action
	for _, m := range l.match(nfc(text), nil) {
		worst = max(worst, m.Entry.Action)
	}
	return worst
}

// nfc returns s in NFC.
func nfc(s string) string {
	if vntext.IsNFC(s) {
		return s
	}
	return norm.NFC.String(s)
}

func (l *List) match(text string, out []Match) []Match {
	if l == nil || len(l.patterns) == 0 {
		return out
	}
	sc, _ := l.pool.Get().(*scratch)
	if sc == nil {
		sc = new(scratch)
	}
	defer l.pool.Put(sc)
	f := &sc.f
	return l.MatchFolded(f, f.Fold(text), out)
}

// MatchFolded is Match for a text that f has just folded, nw being what
// f.Fold returned, for a caller that reads the folded words itself and
// would otherwise have the text folded twice: it appends to out the
// entries found and returns it, allocating only to grow out. The text must
// have been NFC when folded; the offsets are those of f's words. It may be
// called from any number of goroutines at once, each with its own Folder.
func (l *List) MatchFolded(f *wordfold.Folder, nw int, out []Match) []Match {
	if l == nil || len(l.patterns) == 0 {
		return out
	}
	for i := 0; i < nw; {
		best, bestLen := l.best(f, i, nw)
		if best < 0 {
			i++
			continue
		}
		start, _ := f.Span(i)
		_, end := f.Span(i + bestLen - 1)
		out = append(out, Match{Start: start, End: end, Entry: l.patterns[best].entry})
		i += bestLen
	}
	return out
}

// best returns the pattern that matches the most words of f from word i
// on, the strongest of those on a tie, and of those the first found, and
// its number of words; or -1 and 0. The candidates found by the word's Key
// (or signature) come before those found by its Alt, each in the order of
// the list.
func (l *List) best(f *wordfold.Folder, i, nw int) (best, bestLen int) {
	key := f.KeyHash(i)
	alt, hasAlt := f.AltKeyHash(i)
	if !l.begins(key) && !(hasAlt && l.begins(alt)) {
		return -1, 0
	}
	// The hashes the word is looked up by, and the tables.
	var firsts [2]uint64
	nFirst := 1
	single, pairs := &l.byKey, &l.byKey2
	if f.Plain(i) {
		firsts[0], firsts[1] = key, alt
		if hasAlt {
			nFirst = 2
		}
	} else {
		// A word with diacritics has no Alt: a 1 makes it disguised.
		sig, ok := f.SignatureHash(i)
		if !ok {
			return -1, 0
		}
		firsts[0] = sig
		single, pairs = &l.bySig, &l.bySig2
	}
	var seconds [2]uint64
	nSecond := 0
	if i+1 < nw {
		seconds[0], nSecond = f.KeyHash(i+1), 1
		if h, ok := f.AltKeyHash(i + 1); ok {
			seconds[1], nSecond = h, 2
		}
	}
	best, bestRank := -1, 0
	try := func(cands []int32, rank int) {
		for _, pi := range cands {
			p := &l.patterns[pi]
			n := len(p.words)
			if i+n > nw || n < bestLen {
				continue
			}
			if best >= 0 && n == bestLen {
				a, ba := p.entry.Action, l.patterns[best].entry.Action
				if a < ba || (a == ba && (rank > bestRank || (rank == bestRank && int(pi) > best))) {
					continue
				}
			}
			if matchAt(f, i, p) {
				best, bestLen, bestRank = int(pi), n, rank
			}
		}
	}
	for r := range nFirst {
		try(single.lookup(firsts[r]), r)
		for s := range nSecond {
			try(pairs.lookup(pairHash(firsts[r], seconds[s])), r)
		}
	}
	return best, bestLen
}

// matchAt reports whether the words of f from i on are p's.
func matchAt(f *wordfold.Folder, i int, p *pattern) bool {
	// Letters first: they are cheap to compare and rule most out.
	for j, pw := range p.words[1:] {
		if k := f.Key(i + 1 + j); string(k) != string(pw.Key) {
			if alt := f.AltKey(i + 1 + j); alt == nil || string(alt) != string(pw.Key) {
				return false
			}
		}
	}
	for j := range p.words {
		if !f.Matches(i+j, &p.words[j], p.entry.Strict) {
			return false
		}
	}
	return true
}

// Mask returns text as it may be shown: every letter and digit of the Mask,
// Hold and Refuse entries found in it replaced by '*', one '*' a rune, and
// everything else byte for byte as it was. Suspect entries are left alone,
// since a moderator who lets such a comment through has found the word
// innocent. The result has as many runes as text and is NFC: text is put in
// NFC first, and '*' composes with nothing.
func (l *List) Mask(text string) string {
	text = nfc(text)
	var ms []Match
	for _, m := range l.match(text, nil) {
		if a := m.Entry.Action; a == Mask || a.Banned() {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	prev := 0
	for _, m := range ms {
		b.WriteString(text[prev:m.Start])
		for _, r := range text[m.Start:m.End] {
			if wordfold.InWord(r) {
				b.WriteByte('*')
			} else {
				b.WriteRune(r)
			}
		}
		prev = m.End
	}
	b.WriteString(text[prev:])
	return b.String()
}
