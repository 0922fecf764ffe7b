package classify

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/binhluan/binhluan/internal/digits"
	"github.com/binhluan/binhluan/internal/vntext"
)

// The scanner gives the features the straightforward way would (clean the
// markup, normalize, lowercase the field, then fold and hash each word and
// feature apart), with the same hashes, at a fraction of the cost:
//
//   - survey reads a field's bytes once, nearly without branches; text
//     that needs no cleaning or normalizing, the bulk of comments, skips
//     cleanMarkup and vntext.Normalize, runs of ASCII white space are read
//     as the one space vntext.CollapseSpaces would make of them, in place
//     (see tokenizer.spaces), and scan checks the other runes as it
//     reads them, giving up for the full path at the first one it cannot
//     vouch for;
//   - letters lowercases and folds a word rune by rune through tables made
//     from vntext's rules (see scanTables) and computes its hashes as the
//     bytes come;
//   - cachedWord remembers what letters found of the words of the content
//     field, so that a common word costs a look at its bytes;
//   - features are recorded as they come and weeded, once per document and
//     within the budget, at the end of the field (see dedupe), so that a
//     field given up on is simply taken back.

// field tokenizes one field's text. It reports whether the field, cut to
// maxFieldBytes, was found to be NFC on the way: the fast scan reads only
// runes that vntext.IsStable, and ASCII, and text of them is NFC (a field
// of which CollapseSpaces changed only white space, too).
func (t *tokenizer) field(prefix, s string) (nfc bool) {
	if s == "" {
		return true
	}
	if len(s) > maxFieldBytes {
		s = s[:maxFieldBytes]
	}
	t.prefix = prefix
	t.prefixHash = fnvString(fnvOffset, prefix)
	t.twinBase = fnvString(t.prefixHash, markFolded)
	t.gramBase = fnvString(t.prefixHash, markGram)
	from := len(t.hashes)
	kind, digit := t.survey(s)
	switch {
	case t.slow || kind == surveyFull:
		t.scanFull(s)
	case kind == surveySpaces:
		// Read as vntext.CollapseSpaces would give it, without making
		// the copy: every run of ASCII white space is one space (see
		// spaces).
		t.spaces = true
		nfc = t.scan(s, digit, false)
		t.spaces = false
		if !nfc {
			t.undo(from)
			t.scanFull(s)
		}
	default:
		if nfc = t.scan(s, digit, false); !nfc {
			t.undo(from)
			t.scanFull(s)
		}
	}
	t.dedupe(from)
	if prefix == "" {
		t.flushPairs()
	}
	return nfc
}

// undo takes back the features recorded from index from on.
func (t *tokenizer) undo(from int) {
	t.dropPairs()
	t.hashes = t.hashes[:from]
	if t.keepNames {
		t.names = t.names[:from]
	}
}

// scanFull tokenizes a field the full way: markup cleaned, text
// normalized.
func (t *tokenizer) scanFull(s string) {
	s = vntext.Normalize(cleanMarkup(s))
	_, digit := t.survey(s)
	t.scan(s, digit, true)
}

// scan records the features of a field s for which survey has just run
// and found the first ASCII digit or '+' at digit (-1 for none). Unless s
// is known to be normalized (trusted), it gives up, returning false, at
// the first rune that might have needed vntext.Normalize; the caller then
// takes back what it recorded and goes the full way.
func (t *tokenizer) scan(s string, digit int, trusted bool) bool {
	t.chain = false
	t.words = 0
	var phones [][2]int
	if digit >= 0 {
		t.phones = appendPhones(t.phones[:0], s, digit, t.spaces)
		phones = t.phones
	}
	links := t.links
	tab := t.tab
	for i := 0; i < len(s); {
		if len(phones) > 0 && i >= phones[0][0] {
			if i < phones[0][1] {
				t.mark(markPhone, "")
				i = phones[0][1]
			}
			phones = phones[1:]
			t.chain = false
			continue
		}
		if len(links) > 0 && (i == 0 || s[i-1] == ' ' || t.spaces && vntext.IsASCIISpace(s[i-1])) {
			for len(links) > 0 && links[0][0] < i {
				links = links[1:] // a chunk read as part of something else
			}
			// Lowercasing keeps '.', '@' and ':' and makes none, so only
			// the chunks survey found may be links.
			if len(links) > 0 && links[0][0] == i {
				end := links[0][1]
				links = links[1:]
				if t.link(vntext.LowerSameLength(s[i:end])) {
					if !trusted && !tab.plainString(s[i:end]) {
						return false
					}
					i = end
					t.chain = false
					continue
				}
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c|0x20 >= 'a' && c|0x20 <= 'z':
				if i = t.cachedWord(s, i, trusted); i < 0 {
					return false
				}
			case c >= '0' && c <= '9':
				i = t.number(s, i, false)
			case c == ' ' || t.spaces && vntext.IsASCIISpace(c):
				i++
			case c == '$':
				if j := i + 1; j < len(s) && s[j] >= '0' && s[j] <= '9' {
					i = t.number(s, j, true)
					continue
				}
				t.chain = false
				i++
			case c == '!':
				j := i
				for j < len(s) && s[j] == '!' {
					j++
				}
				if j-i >= 2 {
					t.mark(markExclaim, "")
				}
				t.chain = false
				i = j
			default:
				t.chain = false
				i++
			}
			continue
		}
		r, size := vntext.DecodeRune(s, i)
		if !trusted && !tab.plain(r) {
			return false
		}
		switch {
		case isLetter(r):
			if i = t.cachedWord(s, i, trusted); i < 0 {
				return false
			}
		case digits.IsFullwidth(r):
			i = t.number(s, i, false)
		case r == '£' || r == '€':
			if j := i + size; j < len(s) && s[j] >= '0' && s[j] <= '9' {
				i = t.number(s, j, true)
				continue
			}
			t.chain = false
			i += size
		case isEmoji(r):
			j := i + size
			for j < len(s) {
				r2, s2 := vntext.DecodeRune(s, j)
				if !isEmoji(r2) && r2 != 0xFE0F && !(r2 >= 0x1F3FB && r2 <= 0x1F3FF) {
					break
				}
				if !trusted && !tab.plain(r2) {
					return false
				}
				j += s2
			}
			t.mark(markEmoji, "")
			t.chain = false
			i = j
		default:
			t.chain = false
			i += size
		}
	}
	return true
}

// letters reads a run of letters (with combining marks) starting at i and
// records its features; it returns where the run ends, or -1 if it meets
// a rune that is not plain (see scanTables.plain) in text not trusted to be
// normalized. The word is lowercased rune by rune by
// vntext.LowerRuneSameLength,
// look-alikes are folded, a letter repeated more than twice is kept twice
// ("hayyyyy" reads as "hayy"), and the fold is vntext.AppendFold's, rune
// by rune. The hashes of the word, of its twin, of the bigram with the
// word before and of the folded word alone (for the next bigram) are
// computed as the bytes come.
func (t *tokenizer) letters(s string, i int, trusted bool) int {
	runes, upper := 0, 0
	repeated, ascii, same := false, true, true
	var last rune
	lastRun := 0
	word, fold := t.word[:0], t.fold[:0]
	wh, h, twin, bigram := t.prefixHash, t.prefixHash, t.twinBase, t.prevBase
	tab := t.tab
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			lc := c | 0x20
			if lc < 'a' || lc > 'z' {
				break
			}
			runes++
			if c != lc {
				upper++
			}
			i++
			if rune(lc) == last {
				lastRun++
				if lastRun >= 3 {
					repeated = true
					continue
				}
			} else {
				last, lastRun = rune(lc), 1
			}
			word = append(word, lc)
			fold = append(fold, lc)
			x := uint64(lc)
			wh = (wh ^ x) * fnvPrime
			h = (h ^ x) * fnvPrime
			twin = (twin ^ x) * fnvPrime
			bigram = (bigram ^ x) * fnvPrime
			continue
		}
		// vntext.DecodeRune and lookupRune, inline for the runes of Vietnamese.
		var info *runeInfo
		var size int
		switch {
		case c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			size = 2
			if r := rune(c&0x1F)<<6 | rune(s[i+1]&0x3F); r < runeLowEnd {
				info = &tab.low[r]
			} else {
				info = t.describe(r)
			}
		case c == 0xE1 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80:
			size = 3
			if r := 0x1000 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F); r >= runeExtStart && r < runeExtEnd {
				info = &tab.ext[r-runeExtStart]
			} else {
				info = t.describe(r)
			}
		default:
			var r rune
			r, size = vntext.DecodeRune(s, i)
			info = t.lookupRune(r)
		}
		if info.flags&riWord == 0 {
			break
		}
		if !trusted && info.flags&riPlain == 0 {
			return -1
		}
		runes++
		if info.flags&riUpper != 0 {
			upper++
		}
		i += size
		l := info.lower
		if l == last {
			lastRun++
			if lastRun >= 3 {
				repeated = true
				continue
			}
		} else {
			last, lastRun = l, 1
		}
		enc := info.enc[:info.encLen]
		if info.encLen > 1 {
			ascii = false
		}
		word = append(word, enc...)
		for _, b := range enc {
			wh = (wh ^ uint64(b)) * fnvPrime
		}
		at := len(fold)
		if info.flags&riFoldLong != 0 {
			fold = vntext.AppendFold(fold, string(enc))
		} else {
			fold = append(fold, info.fold[:info.foldLen]...)
		}
		for _, b := range fold[at:] {
			h = (h ^ uint64(b)) * fnvPrime
			twin = (twin ^ uint64(b)) * fnvPrime
			bigram = (bigram ^ uint64(b)) * fnvPrime
		}
		same = same && info.flags&riSame != 0
	}
	t.word, t.fold = word, fold
	t.last = wordEntry{}
	if runes > maxWordRunes {
		t.mark(markLongWord, "")
		t.chain = false
		t.last.flags = wordLong
		return i
	}
	if upper >= 3 && upper == runes {
		t.mark(markCaps, "")
		t.last.flags |= wordCaps
	}
	if repeated {
		t.mark(markRepeat, "")
		t.last.flags |= wordRepeat
	}
	if isMash(fold) {
		t.mark(markMash, "")
		t.last.flags |= wordMash
	}
	t.words++
	// same tells the word from its fold rune by rune; a word whose runes
	// fold to other runes of the same total length is compared whole.
	if !same && len(word) == len(fold) {
		same = string(word) == string(fold)
	}
	canon, moved := "", false
	if !ascii && mayMoveTone(fold) {
		canon, moved = t.canonicalTones(word) // the fold does not change
		if moved {
			wh = fnvString(t.prefixHash, canon)
			same = canon == string(fold)
		}
	}
	if t.keepNames {
		w := string(word)
		if moved {
			w = canon
		}
		t.add(wh, func() string { return t.prefix + w })
		if !same {
			t.add(twin, func() string { return t.prefix + markFolded + string(fold) })
		}
		if t.chain {
			t.addBigram(bigram, t.prev, fold)
		}
		t.prev = append(t.prev[:0], fold...)
	} else {
		t.hashes = append(t.hashes, wh)
		if !same {
			t.hashes = append(t.hashes, twin)
		}
		if t.chain {
			t.hashes = append(t.hashes, bigram)
		}
	}
	if t.prefix == "" {
		t.grams(fold)
	}
	t.chain = len(fold) > 0
	t.prevBase = (h ^ ' ') * fnvPrime
	t.last.wh, t.last.twin, t.last.next = wh, twin, t.prevBase
	if !same {
		t.last.flags |= wordTwin
	}
	return i
}

// The word cache: the features of the words of content fields met
// lately, by their bytes as written, so that a common word costs a look at
// its bytes instead of letters' work.
const (
	wordCacheSize = 16384 // entries, a power of two
	wordCacheBits = 14    // log2(wordCacheSize)
	maxCachedWord = 16    // bytes; a longer word is not cached
)

// cacheAfter is the number of documents a tokenizer reads before it makes
// its word cache: a tokenizer that the pool drops after a document or two,
// as it does when scoring is rare, does without.
const cacheAfter = 8

// wordEntry is what letters found of a word: the hashes of its unigram
// and twin (for the content field), what the next bigram starts from, and
// its folded bytes for the bigram with the word before. It fills a cache
// line.
type wordEntry struct {
	key            [2]uint64 // the word as written, little-endian, zero-padded
	fold           [maxCachedWord]byte
	wh, twin, next uint64
	keyLen         uint8
	foldLen        uint8
	flags          uint8
}

// Flags of wordEntry.
const (
	wordLong   = 1 << iota // longer than maxWordRunes: #longword alone
	wordCaps               // #caps
	wordRepeat             // #rep
	wordTwin               // the twin differs from the word
	wordMash               // #mash
)

// wordBytes are the bytes a run of letters is first taken to be made of,
// to find it in the cache: ASCII letters and all bytes of other runes.
var wordBytes = func() (b [256]bool) {
	for c := range b {
		b[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf
	}
	return b
}()

// wordKey returns s[i:j], at most maxCachedWord bytes, as two
// little-endian words, zero-padded.
func wordKey(s string, i, j int) (k0, k1 uint64) {
	n := j - i
	if i+maxCachedWord <= len(s) {
		// Two loads, then the bytes past the word masked off.
		k0, k1 = load64(s, i), load64(s, i+8)
		switch {
		case n < 8:
			k0 &= 1<<(8*n) - 1
			k1 = 0
		case n < 16:
			k1 &= 1<<(8*(n-8)) - 1
		}
		return k0, k1
	}
	var buf [maxCachedWord]byte
	copy(buf[:], s[i:j])
	return binary.LittleEndian.Uint64(buf[:8]), binary.LittleEndian.Uint64(buf[8:])
}

// Masks of the bytes of a little-endian word, for wordRun.
const (
	bytesOnes = 0x0101010101010101
	bytesHigh = 0x8080808080808080
)

// nonWordBytes returns x, eight bytes, with the high bit set of each byte
// that wordBytes refuses and every other bit clear: an ASCII letter is
// between 'a' and 'z' once ORed with 0x20, which two additions of 7-bit
// values test for all eight bytes at once, without carries between bytes.
func nonWordBytes(x uint64) uint64 {
	y := (x | 0x20*bytesOnes) &^ bytesHigh
	geA := y + (0x80-'a')*bytesOnes   // high bit set: y >= 'a'
	gtZ := y + (0x80-'z'-1)*bytesOnes // high bit set: y > 'z'
	word := geA&^gtZ | x
	return ^word & bytesHigh
}

// wordRun returns the end j of the run of word bytes (see wordBytes) that
// starts at i, and s[i:j] as wordKey does, or j = -1 if the run is longer
// than maxCachedWord bytes.
func wordRun(s string, i int) (j int, k0, k1 uint64) {
	if i+maxCachedWord <= len(s) {
		// Eight bytes at a time: where the run ends is where the first
		// byte that is not a word byte is.
		k0 = load64(s, i)
		if m := nonWordBytes(k0); m != 0 {
			n := bits.TrailingZeros64(m) >> 3
			return i + n, k0 & (1<<(8*n) - 1), 0
		}
		k1 = load64(s, i+8)
		if m := nonWordBytes(k1); m != 0 {
			n := bits.TrailingZeros64(m) >> 3
			return i + 8 + n, k0, k1 & (1<<(8*n) - 1)
		}
		if j = i + maxCachedWord; j < len(s) && wordBytes[s[j]] {
			return -1, 0, 0
		}
		return j, k0, k1
	}
	j = i
	for j < len(s) && wordBytes[s[j]] {
		j++
	}
	if j-i > maxCachedWord {
		return -1, 0, 0
	}
	k0, k1 = wordKey(s, i, j)
	return j, k0, k1
}

// load64 returns the eight bytes of s from i on as a little-endian word.
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// cachedWord is letters, through the cache for the content field. A run
// of word bytes found in the cache was read by letters, whole, to the same
// end, before: its features are those recorded then. Only runs letters
// read whole, in text checked rune by rune (not trusted), go in the cache,
// so that a hit needs no check either.
func (t *tokenizer) cachedWord(s string, i int, trusted bool) int {
	if t.keepNames || t.prefix != "" || t.slow {
		return t.letters(s, i, trusted)
	}
	j, k0, k1 := wordRun(s, i)
	if j < 0 {
		return t.letters(s, i, trusted)
	}
	if t.cache == nil {
		if t.docs < cacheAfter {
			return t.letters(s, i, trusted)
		}
		t.cache = new([wordCacheSize]wordEntry)
	}
	e := &t.cache[(k0*0x9E3779B97F4A7C15^k1*0xC2B2AE3D27D4EB4F)>>(64-wordCacheBits)]
	if e.key != [2]uint64{k0, k1} || int(e.keyLen) != j-i {
		end := t.letters(s, i, trusted)
		if end == j && !trusted && len(t.fold) <= maxCachedWord {
			*e = t.last
			e.key, e.keyLen = [2]uint64{k0, k1}, uint8(j-i)
			e.foldLen = uint8(copy(e.fold[:], t.fold))
		}
		return end
	}
	f := e.flags
	if f&(wordLong|wordCaps|wordRepeat|wordMash) != 0 {
		if f&wordLong != 0 {
			t.mark(markLongWord, "")
			t.chain = false
			return j
		}
		if f&wordCaps != 0 {
			t.mark(markCaps, "")
		}
		if f&wordRepeat != 0 {
			t.mark(markRepeat, "")
		}
		if f&wordMash != 0 {
			t.mark(markMash, "")
		}
	}
	t.words++
	// Room for the three features a word may have, then one slice
	// header written back.
	hs := t.hashes
	if cap(hs)-len(hs) < 3 {
		hs = slices.Grow(hs, 3)
	}
	n := len(hs)
	hs = hs[:n+3]
	hs[n] = e.wh
	n++
	if f&wordTwin != 0 {
		hs[n] = e.twin
		n++
	}
	fold := e.fold[:e.foldLen]
	if t.chain {
		b := t.prevBase
		for _, c := range fold {
			b = (b ^ uint64(c)) * fnvPrime
		}
		hs[n] = b
		n++
	}
	t.hashes = hs[:n]
	t.grams(fold) // the cache serves the content field only
	t.chain = len(fold) > 0
	t.prevBase = e.next
	return j
}

// grams records the letter pairs of a word of the content field, read from
// its fold with a space at either end: "vay" gives "% v", "%va", "%ay"
// and "%y ". They are the character bigrams the linear baselines of text
// classification find words by, and what a word disguised or misspelt
// still shares with the word: "vayy" and "vay" share three of four, a
// word the model never saw is still read by its pieces. The fold is
// ASCII for Vietnamese; other runes are paired whole. A word folds to at
// most maxWordRunes runes, so a word gives at most 41 pairs. A pair is
// named after the word it was first found in, "%vay", not after its two
// letters, which mean nothing to a moderator: Explain adds up the pairs
// of a word under that name.
//
// A pair of two ASCII bytes (a space counting as one) is not hashed as it
// comes but set in the bit set pairs, which weeds out its repeats for
// less than the general weeding would cost; flushPairs records the set,
// in the order of the bytes, after the rest of the content field. Other
// pairs are hashed and weeded with the other features. Only the content
// field has pairs. On a content field that uses up the budget of
// maxFeatures, the pairs of ASCII bytes are what the budget leaves out
// first: the words come before them.
func (t *tokenizer) grams(fold []byte) { appendGrams(t, fold) }

// appendGrams is grams for a word's fold or a number's digits as written,
// without copying either.
func appendGrams[S ~string | ~[]byte](t *tokenizer, fold S) {
	if len(fold) == 0 || t.prefix != "" || asciiGrams(t, fold) {
		return
	}
	name := ""
	if t.keepNames {
		name = markGram + string(fold)
	}
	// Each pair's hash: the base, the bytes of the rune before (a space
	// at the start), the bytes of this one (a space at the end). The fold
	// is valid UTF-8, so a rune's first byte gives its length.
	prev, prevEnd := 0, 0 // prev == prevEnd: the space before the word
	for i := 0; i <= len(fold); {
		end := i + 1
		if i < len(fold) {
			switch c := fold[i]; {
			case c >= 0xF0:
				end = i + 4
			case c >= 0xE0:
				end = i + 3
			case c >= 0xC0:
				end = i + 2
			}
			end = min(end, len(fold))
		}
		// Two ASCII bytes go in the bit set.
		a, b := byte(' '), byte(' ')
		if prev < prevEnd {
			a = fold[prev]
		}
		if i < len(fold) {
			b = fold[i]
		}
		if prevEnd-prev <= 1 && end-i <= 1 && a < utf8.RuneSelf && b < utf8.RuneSelf {
			t.setPair(a, b, name)
			prev, prevEnd = i, end
			i = end
			continue
		}
		h := t.gramBase
		if prev == prevEnd {
			h = (h ^ ' ') * fnvPrime
		}
		for k := prev; k < prevEnd; k++ {
			h = (h ^ uint64(fold[k])) * fnvPrime
		}
		if i == len(fold) {
			h = (h ^ ' ') * fnvPrime
		}
		for k := i; k < end && k < len(fold); k++ {
			h = (h ^ uint64(fold[k])) * fnvPrime
		}
		if t.keepNames {
			t.add(h, func() string { return name })
		} else {
			t.hashes = append(t.hashes, h)
		}
		prev, prevEnd = i, end
		i = end
	}
}

// asciiGrams is appendGrams for a fold of ASCII bytes, whose pairs all go
// in the bit set; it reports false, having recorded nothing, for a fold
// with other bytes.
func asciiGrams[S ~string | ~[]byte](t *tokenizer, fold S) bool {
	n := len(fold)
	for i := 0; i < n; i++ {
		if fold[i] >= utf8.RuneSelf {
			return false
		}
	}
	name := ""
	if t.keepNames {
		name = markGram + string(fold)
	}
	prev := byte(' ')
	for i := 0; i < n; i++ {
		t.setPair(prev, fold[i], name)
		prev = fold[i]
	}
	t.setPair(prev, ' ', name)
	return true
}

// setPair sets the pair of ASCII bytes a, b in the bit set, and when
// names are kept names it name if it is new.
func (t *tokenizer) setPair(a, b byte, name string) {
	k := uint(a)<<7 | uint(b)
	if t.keepNames && t.pairs[k>>6]&(1<<(k&63)) == 0 {
		if t.pairNames == nil {
			t.pairNames = make(map[uint16]string)
		}
		t.pairNames[uint16(k)] = name
	}
	t.setPairBit(k)
}

// setPairBit sets bit k of the bit set of pairs, 128 times the first
// byte plus the second, and the bit of its word in pairWords.
func (t *tokenizer) setPairBit(k uint) {
	t.pairs[k>>6] |= 1 << (k & 63)
	t.pairWords[k>>12] |= 1 << (k >> 6 & 63)
}

// flushPairs records the pairs of the bit set, as far as the budget of
// maxFeatures lasts, and empties it. Their hashes are the base of the
// content field's pairs and the two bytes, by way of
// scanTables.gramFirst, as appendGrams would hash them.
func (t *tokenizer) flushPairs() {
	first := &t.tab.gramFirst
	for g, wordBits := range t.pairWords {
		for wordBits != 0 {
			w := g<<6 | bits.TrailingZeros64(wordBits)
			wordBits &= wordBits - 1
			set := t.pairs[w]
			t.pairs[w] = 0
			for set != 0 && len(t.hashes) < maxFeatures {
				k := w<<6 | bits.TrailingZeros64(set)
				set &= set - 1
				h := (first[k>>7] ^ uint64(k&0x7F)) * fnvPrime
				t.hashes = append(t.hashes, h)
				if t.keepNames {
					t.names = append(t.names, t.pairNames[uint16(k)])
				}
			}
		}
		t.pairWords[g] = 0
	}
	clear(t.pairNames)
}

// dropPairs empties the bit set without recording it. Only a field the
// fast scan gave up on needs it.
func (t *tokenizer) dropPairs() {
	clear(t.pairs[:])
	clear(t.pairWords[:])
	clear(t.pairNames)
}

// maxToneCache bounds the words a tokenizer remembers for canonicalTones.
const maxToneCache = 1024

// canonicalTones returns vntext.CanonicalTones of word and whether it
// differs from word, remembering the answers so that a common word costs a
// map lookup and no allocation.
func (t *tokenizer) canonicalTones(word []byte) (string, bool) {
	if c, ok := t.tones[string(word)]; ok {
		return c, c != string(word)
	}
	if t.tones == nil || len(t.tones) >= maxToneCache {
		t.tones = make(map[string]string)
	}
	w := string(word)
	c := vntext.CanonicalTones(w)
	t.tones[w] = c
	return c, c != w
}

// runeInfo is what the word scanner needs to know of a non-ASCII rune.
type runeInfo struct {
	lower   rune    // lowercased by vntext.LowerRuneSameLength, look-alikes folded
	enc     [4]byte // lower in UTF-8
	fold    [4]byte // vntext.AppendFold of lower, unless riFoldLong
	encLen  uint8
	foldLen uint8
	flags   uint8
}

// Flags of runeInfo.
const (
	riWord     = 1 << iota // continues a word: a letter, or a non-spacing mark from U+0300
	riUpper                // an upper-case letter
	riFoldLong             // the fold is longer than runeInfo holds: fold at run time
	riPlain                // scanTables.plain
	riSame                 // the fold is lower itself
)

// Tables of runeInfo for the runes Vietnamese and most Latin text use:
// U+0080..U+036F (Latin-1, Latin Extended-A and -B, IPA, the combining
// diacritical marks) and U+1E00..U+1EFF (Latin Extended Additional).
const (
	runeLowEnd   = 0x370
	runeExtStart = 0x1E00
	runeExtEnd   = 0x1F00
)

// scanTables are the tokenizer's tables, made on first use by tables: a
// program that imports the package and never tokenizes does not pay for
// them. A tokenizer loads them once (see reset) and reads them as it goes.
type scanTables struct {
	// The runeInfo of the runes from U+0080 to runeLowEnd and from
	// runeExtStart to runeExtEnd.
	low [runeLowEnd]runeInfo
	ext [runeExtEnd - runeExtStart]runeInfo
	// Bit sets of the runes plain lets through (see plain).
	plainLow   [plainLowEnd / 64]uint64
	plainForms [(plainFormsEnd - plainFormsStart) / 64]uint64
	plainEmoji [(plainEmojiEnd - plainEmojiStart) / 64]uint64
	// units holds, by the byte they may start with in any case (see
	// strings.EqualFold), the money units in the order of moneyUnits:
	// most text after a number is no unit, and the rest is compared with
	// few.
	units [256][]string
	// gramFirst holds, for each ASCII byte, the hash of the content
	// field's letter-pair marker and that byte: the hash of a pair of
	// ASCII bytes is then one step more (see flushPairs).
	gramFirst [utf8.RuneSelf]uint64
}

// tables returns the tokenizer's tables, made the first time it is called.
var tables = sync.OnceValue(func() *scanTables {
	st := new(scanTables)
	// The bit sets first: describe uses them.
	for r := rune(0); r < plainLowEnd; r++ {
		if vntext.IsStable(r) {
			st.plainLow[r/64] |= 1 << (r % 64)
		}
	}
	for r := rune(plainEmojiStart); r < plainEmojiEnd; r++ {
		if vntext.IsStable(r) {
			st.plainEmoji[(r-plainEmojiStart)/64] |= 1 << (r % 64)
		}
	}
	for r := rune(plainFormsStart); r < plainFormsEnd; r++ {
		if vntext.IsStable(r) {
			st.plainForms[(r-plainFormsStart)/64] |= 1 << (r % 64)
		}
	}
	for r := rune(utf8.RuneSelf); r < runeLowEnd; r++ {
		st.low[r] = st.describe(r)
	}
	base := fnvString(fnvString(fnvOffset, ""), markGram)
	for c := range st.gramFirst {
		st.gramFirst[c] = (base ^ uint64(c)) * fnvPrime
	}
	for r := rune(runeExtStart); r < runeExtEnd; r++ {
		st.ext[r-runeExtStart] = st.describe(r)
	}
	for _, u := range moneyUnits {
		for _, v := range []string{u, strings.ToUpper(u), strings.ToLower(u)} {
			if l := st.units[v[0]]; len(l) == 0 || l[len(l)-1] != u {
				st.units[v[0]] = append(l, u)
			}
		}
	}
	return st
})

// lookupRune returns the runeInfo of a non-ASCII rune, from the tables or
// made in t.info.
func (t *tokenizer) lookupRune(r rune) *runeInfo {
	if r < runeLowEnd {
		return &t.tab.low[r]
	}
	if uint32(r-runeExtStart) < runeExtEnd-runeExtStart {
		return &t.tab.ext[r-runeExtStart]
	}
	return t.describe(r)
}

// describe makes the runeInfo of r in t.info.
func (t *tokenizer) describe(r rune) *runeInfo {
	t.info = t.tab.describe(r)
	return &t.info
}

// describe computes the runeInfo of a non-ASCII rune r; it needs the bit
// sets of plain.
func (st *scanTables) describe(r rune) runeInfo {
	var info runeInfo
	if isLetter(r) || r >= 0x300 && unicode.Is(unicode.Mn, r) {
		info.flags |= riWord
	}
	if unicode.IsUpper(r) {
		info.flags |= riUpper
	}
	l := vntext.LowerRuneSameLength(r)
	if l >= 0x370 {
		l = lookAlike(l)
	}
	info.lower = l
	if st.plain(r) {
		info.flags |= riPlain
	}
	info.encLen = uint8(utf8.EncodeRune(info.enc[:], l))
	enc := string(info.enc[:info.encLen])
	var buf [32]byte
	f := vntext.AppendFold(buf[:0], enc)
	if len(f) <= len(info.fold) {
		info.foldLen = uint8(copy(info.fold[:], f))
	} else {
		info.flags |= riFoldLong
	}
	if string(f) == enc {
		info.flags |= riSame
	}
	return info
}

// The runes plain lets through: those below plainLowEnd, which hold every
// script Vietnamese comments mix in and the symbols up to U+2FFF (⭐ among
// them), the variation selectors and other forms from plainFormsStart to
// plainFormsEnd (U+FE0F follows many an emoji), and the emoji from
// plainEmojiStart to plainEmojiEnd, that vntext.IsStable lets through.
const (
	plainLowEnd     = 0x3000
	plainFormsStart = 0xFE00
	plainFormsEnd   = 0xFF00
	plainEmojiStart = 0x1F000
	plainEmojiEnd   = 0x1FB00
)

// plain reports whether r may stand in text that vntext.Normalize leaves
// as it is (see vntext.IsStable), for the runes of the bit sets; it
// answers false for all others.
func (st *scanTables) plain(r rune) bool {
	switch {
	case r < plainLowEnd:
		return st.plainLow[r/64]&(1<<(r%64)) != 0
	case r >= plainFormsStart && r < plainFormsEnd:
		return st.plainForms[(r-plainFormsStart)/64]&(1<<(r%64)) != 0
	case r >= plainEmojiStart && r < plainEmojiEnd:
		return st.plainEmoji[(r-plainEmojiStart)/64]&(1<<(r%64)) != 0
	}
	return false
}

// plainString reports whether every rune of s is plain.
func (st *scanTables) plainString(s string) bool {
	for i := 0; i < len(s); {
		r, size := vntext.DecodeRune(s, i)
		if !st.plain(r) {
			return false
		}
		i += size
	}
	return true
}

// What survey finds a field needs before it is tokenized.
const (
	surveyPlain  = iota // nothing: cleanMarkup and vntext.Normalize would return it as it is
	surveySpaces        // only ASCII white space folded, as vntext.CollapseSpaces does
	surveyFull          // cleanMarkup and vntext.Normalize, or survey is unsure
)

// Kinds of ASCII bytes for survey.
const (
	byteLink   = 1 << iota // '.', '@' or ':', without which a chunk is no link
	byteDigit              // a digit or '+', without which there is no phone number
	byteSpace              // ' '
	byteWhite              // other ASCII white space, which Normalize makes a space
	byteBad                // what Normalize would change: controls
	byteMarkup             // '<' or '&', which cleanMarkup may act on
)

// byteKinds gives the kinds of each byte; 0 for the other ASCII bytes and
// for all the others, whose runes scan checks as it reads them. What
// Normalize does to ASCII is vntext's to say.
var byteKinds = func() (k [256]uint8) {
	for c := range rune(utf8.RuneSelf) {
		switch {
		case c == ' ':
			k[c] = byteSpace
		case vntext.IsSpace(c):
			k[c] = byteWhite
		case vntext.IsRemoved(c):
			k[c] = byteBad
		}
	}
	k['<'], k['&'] = byteMarkup, byteMarkup
	for _, c := range ".@:" {
		k[c] = byteLink
	}
	for _, c := range "0123456789+" {
		k[c] = byteDigit
	}
	return k
}()

// survey reads a field's bytes once, without a branch for most: it tells
// what the field needs before it is tokenized (see surveyPlain) as far as
// its ASCII bytes show (and cleanMarkup, for a field with '<' or '&'),
// where its first ASCII digit or '+' is (-1 for none), and records in
// t.links the space-delimited chunks that hold '.', '@' or ':', the only
// ones that may be links. Runes beyond ASCII are left for scan to check as
// it reads them.
func (t *tokenizer) survey(s string) (kind, digit int) {
	t.links = t.links[:0]
	digit = -1
	var all, double uint8
	prev := uint8(byteSpace) // a leading space counts as doubled
	chunkEnd := -1           // of the last chunk looked at for links
	i := 0
	for ; i+4 <= len(s); i += 4 { // four bytes a turn, for speed
		k0, k1, k2, k3 := byteKinds[s[i]], byteKinds[s[i+1]], byteKinds[s[i+2]], byteKinds[s[i+3]]
		k := k0 | k1 | k2 | k3
		all |= k
		double |= (prev&k0 | k0&k1 | k1&k2 | k2&k3) & byteSpace
		prev = k3 & byteSpace
		if k&byteDigit != 0 && digit < 0 {
			digit = i
			for byteKinds[s[digit]]&byteDigit == 0 {
				digit++
			}
		}
		if k&byteLink != 0 {
			for j := i; j < i+4; j++ {
				if byteKinds[s[j]]&byteLink != 0 && j > chunkEnd {
					chunkEnd = t.linkChunk(s, j)
				}
			}
		}
	}
	for ; i < len(s); i++ {
		k := byteKinds[s[i]]
		all |= k
		double |= prev & k
		prev = k & byteSpace
		if k&byteDigit != 0 && digit < 0 {
			digit = i
		}
		if k&byteLink != 0 && i > chunkEnd {
			chunkEnd = t.linkChunk(s, i)
		}
	}
	double |= prev // a trailing space
	switch {
	case all&byteBad != 0:
		kind = surveyFull
	case all&byteMarkup != 0 && cleanMarkup(s) != s:
		// Most '<' and '&' are no markup ("<3", "A&B"): cleanMarkup
		// returning the field as it is leaves it to the rest.
		kind = surveyFull
	case double != 0 || all&byteWhite != 0:
		kind = surveySpaces
	}
	return kind, digit
}

// linkChunk records in t.links the chunk around s[i], a '.', '@' or ':',
// if it may be a link, and returns where it ends.
func (t *tokenizer) linkChunk(s string, i int) int {
	// Chunks are short: plain loops beat the library's vector searches.
	// Any ASCII white space ends a chunk: in a field survey finds plain
	// there is none but ' ', and a field read with spaces set is read as
	// if each run of it were one space.
	start := i
	for start > 0 && !vntext.IsASCIISpace(s[start-1]) {
		start--
	}
	end := i + 1
	for end < len(s) && !vntext.IsASCIISpace(s[end]) {
		end++
	}
	if mayBeLink(s[start:end]) {
		t.links = append(t.links, [2]int{start, end})
	}
	return end
}

// Bytes trimLink trims from the end and from the start of a chunk.
var (
	linkTrail = byteSet(".,;:!?)\"'")
	linkLead  = byteSet("(\"'")
)

// trimLink returns a chunk without the punctuation around it that is no
// part of a link: a sentence's full stop, brackets and quotes.
func trimLink(chunk string) string {
	end := len(chunk)
	for end > 0 && linkTrail[chunk[end-1]] {
		end--
	}
	start := 0
	for start < end && linkLead[chunk[start]] {
		start++
	}
	return chunk[start:end]
}

// byteSet returns the set of the bytes of s.
func byteSet(s string) (b [256]bool) {
	for i := 0; i < len(s); i++ {
		b[s[i]] = true
	}
	return b
}

// mayBeLink reports whether link could take a chunk for a link: only if
// it holds '.', '@' or ':' once trimLink has trimmed the punctuation
// around it ("tốt." is no link), which lowercasing does not change.
func mayBeLink(chunk string) bool {
	chunk = trimLink(chunk)
	for k := 0; k < len(chunk); k++ {
		if byteKinds[chunk[k]]&byteLink != 0 {
			return true
		}
	}
	return false
}
