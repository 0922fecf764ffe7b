package classify

import (
	"sync"

	"github.com/binhluan/binhluan/comment/wordlist"
	"github.com/binhluan/binhluan/internal/vntext"
	"github.com/binhluan/binhluan/internal/wordfold"
	"golang.org/x/text/unicode/norm"
)

// The abuse features, which a model of KindAbuse reads after the spam
// features of each field, from the words as internal/wordfold folds them
// (the folding of the project's word list):
//
//   - "^" and a word's folded form: no diacritics, lower case, digits and
//     symbols read as the letters they stand for, every run of a letter
//     written once, letters spelled apart joined, so that "địt", "dit",
//     "đ1t", "d.i.t" and "điiit" are one feature, "^dit"; a word with a
//     "1" has a second form with the 1 read as l;
//   - "#wl:" and the action of each entry of the word list
//     (comment/wordlist's Default) found in the field: "#wl:hold",
//     "#wl:suspect", "#wl:mask", "#wl:refuse";
//   - "@" and the folded form of each of the three words after a word
//     that aims at a person ("mày", "thằng", "con", "đồ", "lũ", "bọn",
//     "tụi", "mụ"): "thằng này ngu" gives "@nay" and "@ngu", whose weights
//     the model learns;
//   - "#dir" and "#dir:" with the folded form of the entry's last word,
//     for a word-list entry that begins with such a word ("thằng ngu") or
//     starts at most two words after one ("mày đúng là đồ ngu").

// Markers of the abuse features.
const (
	markFoldForm = "^"
	markList     = "#wl:"
	markAimed    = "@"
	markDirected = "#dir"
)

// aimWindow is how many words after a word aimed at a person get the "@"
// feature; directWindow how far after one a word-list entry may start
// and count as directed.
const (
	aimWindow    = 3
	directWindow = 2
)

// abuseList is the compiled default word list, made on first use.
var abuseList = sync.OnceValue(func() *wordlist.List {
	l, err := wordlist.New(wordlist.Default())
	if err != nil {
		// The embedded list is checked by its package's tests; without
		// it the abuse features are those of the folded words alone.
		return nil
	}
	return l
})

// aimWords are the words that aim what follows at a person, folded, and
// whether each is strict (see wordfold.Matches): its spelling without
// accents is an everyday word ("may", "do", "bon"). Their keys differ.
var aimWords = sync.OnceValue(func() []aimWord {
	var aims []aimWord
	for _, w := range []struct {
		s      string
		strict bool
	}{
		{"mày", true}, {"thằng", false}, {"con", false}, {"đồ", true},
		{"lũ", true}, {"bọn", true}, {"tụi", true}, {"mụ", true},
	} {
		f := wordfold.Fold(w.s)
		aims = append(aims, aimWord{key: string(f[0].Key), word: f[0], strict: w.strict})
	}
	return aims
})

// aimWord is one of aimWords.
type aimWord struct {
	key    string // word.Key
	word   wordfold.Word
	strict bool
}

// isAim reports whether word i of the folder's last Fold is a word aimed
// at a person, one of aims (aimWords). Eight short keys are compared
// faster than a map hashes one.
func isAim(aims []aimWord, f *wordfold.Folder, i int) bool {
	key := f.Key(i)
	if len(key) < minAimKey || len(key) > maxAimKey {
		return false
	}
	for j := range aims {
		if a := &aims[j]; len(a.key) == len(key) && a.key == string(key) {
			return f.Matches(i, &a.word, a.strict)
		}
	}
	return false
}

// The shortest and longest Key of aimWords ("do", "thang"): other words
// need no look-up.
const minAimKey, maxAimKey = 2, 5

// abuseField records the abuse features of one field, given whether the
// spam features' scan of it found it NFC (when not, it is checked here).
func (t *tokenizer) abuseField(prefix, s string, nfc bool) {
	if s == "" {
		return
	}
	if len(s) > maxFieldBytes {
		s = s[:maxFieldBytes]
	}
	if !nfc && !vntext.IsNFC(s) {
		s = norm.NFC.String(s)
	}
	t.prefix = prefix
	t.prefixHash = fnvString(fnvOffset, prefix)
	from := len(t.hashes)
	f := &t.folder
	n := f.Fold(s)
	foldBase := fnvString(t.prefixHash, markFoldForm)
	aimBase := fnvString(t.prefixHash, markAimed)
	lastAim := -1 - aimWindow // the last word aimed at a person
	aims := aimWords()
	t.aimed = t.aimed[:0]
	for i := range n {
		key := f.Key(i)
		t.keyed(foldBase, markFoldForm, key)
		if alt := f.AltKey(i); alt != nil {
			t.keyed(foldBase, markFoldForm, alt)
		}
		if i-lastAim <= aimWindow {
			t.keyed(aimBase, markAimed, key)
		}
		aimed := isAim(aims, f, i)
		if aimed {
			lastAim = i
		}
		t.aimed = append(t.aimed, aimed)
	}
	if l := abuseList(); l != nil {
		t.listed(l, n)
	}
	t.dedupe(from)
}

// listed records the word-list features of a field that the folder has
// just folded into n words, looked up in the words the folder holds, with
// t.aimed telling which of them aim at a person.
func (t *tokenizer) listed(l *wordlist.List, n int) {
	f := &t.folder
	t.matches = l.MatchFolded(f, n, t.matches[:0])
	word := 0 // the first word that may start the next match
	for _, m := range t.matches {
		t.mark(markList, m.Entry.Action.String())
		// The words the match begins and ends at: the word list folds
		// the text as the folder did, so its offsets are the words'.
		for word < n {
			if start, _ := f.Span(word); start >= m.Start {
				break
			}
			word++
		}
		last := word
		for last+1 < n {
			if start, _ := f.Span(last + 1); start >= m.End {
				break
			}
			last++
		}
		if word >= n {
			break
		}
		directed := false
		for j := max(word-directWindow, 0); j <= word && !directed; j++ {
			directed = t.aimed[j]
		}
		if directed {
			t.mark(markDirected, "")
			t.keyed(fnvString(t.prefixHash, markDirected+":"), markDirected+":", f.Key(last))
		}
		word = last + 1
	}
}

// keyed records the feature named mark and key, whose hash continues
// base, the hash of the prefix and mark, with the bytes of key.
func (t *tokenizer) keyed(base uint64, mark string, key []byte) {
	h := base
	for _, c := range key {
		h = (h ^ uint64(c)) * fnvPrime
	}
	if t.keepNames {
		t.add(h, func() string { return t.prefix + mark + string(key) })
		return
	}
	t.add(h, nil)
}
