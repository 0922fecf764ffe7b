package classify

import (
	"html"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/binhluan/binhluan/comment/wordlist"
	"github.com/binhluan/binhluan/internal/digits"
	"github.com/binhluan/binhluan/internal/vnphone"
	"github.com/binhluan/binhluan/internal/vntext"
	"github.com/binhluan/binhluan/internal/wordfold"
)

// Limits on what one document costs to tokenize; past them the rest of a
// field is not read.
const (
	maxFieldBytes = 16 << 10
	maxWordRunes  = 40
)

// Markers: features that stand for a kind of thing rather than a word.
const (
	markURL      = "#url"
	markDomain   = "#dom:"
	markEmail    = "#email"
	markPhone    = "#phone"
	markMoney    = "#money"
	markNumber   = "#num"
	markCaps     = "#caps"
	markRepeat   = "#rep"
	markEmoji    = "#emoji"
	markExclaim  = "#excl"
	markLongWord = "#longword"
	markFolded   = "~" // the accent-free twin of a word with accents
	markGram     = "%" // a pair of letters of a word's fold (see grams)
)

// tokenizer turns documents into the distinct hashes of their features,
// in the order they first appear, and, when keepNames is set, their texts.
// A tokenizer is not safe for concurrent use; the classifier keeps them in
// a pool, and reuses every buffer, so scoring allocates next to nothing.
type tokenizer struct {
	keepNames bool
	slow      bool // always take the full path, for tests of the fast one
	tab       *scanTables
	hashes    []uint64
	names     []string

	seen       [seenSize]uint16 // the features kept, by bucket: see isNew
	big        bool             // the document outgrew seen: set holds its features
	set        hashSet
	prefix     string
	prefixHash uint64                    // FNV-1a of the prefix
	twinBase   uint64                    // FNV-1a of the prefix and markFolded
	gramBase   uint64                    // FNV-1a of the prefix and markGram
	chain      bool                      // a word came just before, for bigrams
	prevBase   uint64                    // FNV-1a of the prefix, the previous word folded and " "
	prev       []byte                    // the previous word, folded, for the names of bigrams
	word       []byte                    // the current word, lowercased
	fold       []byte                    // the current word, folded
	phones     [][2]int                  // the phone numbers of a field
	links      [][2]int                  // the chunks of a field that may be links
	tones      map[string]string         // words CanonicalTones was asked about, and its answers
	info       runeInfo                  // of a rune the tables do not hold
	last       wordEntry                 // what letters found of the last word
	cache      *[wordCacheSize]wordEntry // see cachedWord
	docs       int                       // documents read, see cacheAfter
	words      int                       // words of the field being read, for #words
	// spaces is set while scan reads a field whose runs of ASCII white
	// space vntext.CollapseSpaces would make one space each: scan,
	// number and the phone numbers then read every such run as that one
	// space, and the field as if it had none at either end.
	spaces  bool
	folder  wordfold.Folder  // folds the fields for the abuse features
	matches []wordlist.Match // the word-list entries found in a field
	aimed   []bool           // which words of a field aim at a person (isAim)
	// split is where the spam features of the last document end in
	// hashes: the abuse features, if any, come after.
	split int
	// pairs is the bit set of the content field's pairs of ASCII bytes,
	// by 128 times the first byte plus the second (see grams); pairWords
	// has a bit set for each word of pairs in use, and pairNames the
	// name of each pair, when names are kept.
	pairs     [128 * 128 / 64]uint64
	pairWords [128 * 128 / 64 / 64]uint64
	pairNames map[uint16]string
	numFold   []byte // a number's fold, for numberGrams
}

var tokenizers = sync.Pool{New: func() any { return new(tokenizer) }}

// getTokenizer takes a tokenizer from the pool, reset for a document.
func getTokenizer(keepNames bool) *tokenizer {
	t := tokenizers.Get().(*tokenizer)
	t.reset(keepNames)
	return t
}

// reset readies the tokenizer for another document.
func (t *tokenizer) reset(keepNames bool) {
	if t.tab == nil {
		t.tab = tables()
	}
	t.docs++
	t.keepNames = keepNames
	// The buckets of seen in use are those of the features kept.
	for _, h := range t.hashes {
		t.seen[seenBucket(h)] = 0
	}
	t.big = false
	t.hashes = t.hashes[:0]
	t.names = t.names[:0]
}

// release returns a tokenizer to the pool, unless a huge document grew it.
func (t *tokenizer) release() {
	if cap(t.hashes) <= 4*maxFeatures {
		tokenizers.Put(t)
	}
}

// document tokenizes the three fields of a document for a model of kind
// k, the content first so that a huge name or title cannot use up the
// feature budget before it. The spam features come first, hashes[:split];
// a model of KindAbuse reads the abuse features after them.
func (t *tokenizer) document(d Document, k Kind) {
	t.words = 0
	var nfc [3]bool // of each field, as field found
	nfc[0] = t.field("", d.Content)
	t.length()
	nfc[1] = t.field("name:", d.Name)
	nfc[2] = t.field("title:", d.Title)
	t.split = len(t.hashes)
	if k == KindAbuse {
		t.abuseField("", d.Content, nfc[0])
		t.abuseField("name:", d.Name, nfc[1])
		t.abuseField("title:", d.Title, nfc[2])
	}
}

// length records the length in words of the content field just read.
func (t *tokenizer) length() {
	t.prefix, t.prefixHash = "", fnvString(fnvOffset, "")
	from := len(t.hashes)
	t.mark(markWords, wordsRange(t.words))
	t.dedupe(from)
}

// add records a feature by its hash; name builds its text and is called
// only when names are kept. Repeats are weeded out, and the budget
// applied, at the end of the field (see dedupe).
func (t *tokenizer) add(h uint64, name func() string) {
	t.hashes = append(t.hashes, h)
	if t.keepNames {
		t.names = append(t.names, name())
	}
}

// dedupe keeps, of the features recorded from index from on, those the
// document did not have yet, in order, as long as the budget of
// maxFeatures lasts: as if each had been checked as it came.
func (t *tokenizer) dedupe(from int) {
	if !t.keepNames {
		t.dedupeHashes(from)
		return
	}
	j := from
	for k := from; k < len(t.hashes) && j < maxFeatures; k++ {
		h := t.hashes[k]
		if !t.isNew(h, j) {
			continue
		}
		t.hashes[j] = h
		t.names[j] = t.names[k]
		j++
	}
	t.hashes = t.hashes[:j]
	clear(t.names[j:])
	t.names = t.names[:j]
}

// dedupeHashes is dedupe without names, with isNew's common case inline.
func (t *tokenizer) dedupeHashes(from int) {
	hs, j := t.hashes, from
	for k := from; k < len(hs) && j < maxFeatures; k++ {
		h := hs[k]
		if j < seenMax {
			b := &t.seen[seenBucket(h)]
			if v := int(*b); v != 0 && (v <= j && hs[v-1] == h || slices.Contains(hs[:j], h)) {
				continue
			}
			*b = uint16(j + 1)
		} else if !t.isNew(h, j) {
			continue
		}
		hs[j] = h
		j++
	}
	t.hashes = hs[:j]
}

// The buckets of seen: 1<<seenBits of them (see seenBucket).
const (
	seenBits = 12
	seenSize = 1 << seenBits
)

// seenBucket returns the bucket of seen for a hash: the top bits of the
// hash multiplied by an odd constant, which depend on all of its bits. (The
// top bits of an FNV-1a hash itself hardly depend on the last bytes
// hashed.)
func seenBucket(h uint64) uint64 {
	return (h * 0x9E3779B97F4A7C15) >> (64 - seenBits)
}

// seenMax is the number of features a document keeps before dedupe
// checks them in set rather than in seen, whose buckets crowd.
const seenMax = 256

// isNew reports whether h is not among the features kept so far,
// t.hashes[:j], and records it as kept if so. Up to seenMax features,
// seen holds for each bucket 1 + the index of the last feature kept in
// it, 0 for none: a bucket in use whose feature is not h means a look
// through the features kept, which only a collision of the top bits of
// two hashes costs. Past seenMax, set takes over.
func (t *tokenizer) isNew(h uint64, j int) bool {
	if j >= seenMax {
		if !t.big {
			t.big = true
			t.set.reset()
			for _, k := range t.hashes[:j] {
				t.set.insert(k)
			}
		}
		return t.set.insert(h)
	}
	b := &t.seen[seenBucket(h)]
	if v := int(*b); v != 0 {
		kept := t.hashes[:j]
		if v <= j && kept[v-1] == h || slices.Contains(kept, h) {
			return false
		}
	}
	*b = uint16(j + 1)
	return true
}

// mark records a marker, optionally followed by a value.
func (t *tokenizer) mark(m string, value string) {
	h := fnvString(fnvString(t.prefixHash, m), value)
	if t.keepNames {
		t.add(h, func() string { return t.prefix + m + value })
		return
	}
	t.add(h, nil)
}

// addBigram records the bigram of first and second by its hash h.
func (t *tokenizer) addBigram(h uint64, first, second []byte) {
	if t.keepNames {
		t.add(h, func() string { return t.prefix + string(first) + " " + string(second) })
		return
	}
	t.add(h, nil)
}

// link recognises a URL or an e-mail address filling a white-space
// delimited chunk, lowercased, and emits its marker and domain.
func (t *tokenizer) link(chunk string) bool {
	maybe := false
	for i := 0; i < len(chunk) && !maybe; i++ {
		c := chunk[i]
		maybe = c == '.' || c == '@' || c == ':'
	}
	if !maybe {
		return false
	}
	chunk = trimLink(chunk)
	if at := strings.IndexByte(chunk, '@'); at > 0 {
		domain := chunk[at+1:]
		if strings.IndexByte(domain, '.') > 0 && !strings.ContainsAny(domain, "@/") {
			t.mark(markEmail, "")
			t.mark(markDomain, domain)
			return true
		}
	}
	host, ok := urlHost(chunk)
	if !ok {
		return false
	}
	t.mark(markURL, "")
	if host != "" {
		t.mark(markDomain, host)
	}
	return true
}

// urlHost reports whether s is a web address and returns its host without
// "www.".
func urlHost(s string) (string, bool) {
	rest, scheme := s, false
	for _, p := range []string{"https://", "http://", "hxxp://", "hxxps://"} {
		if strings.HasPrefix(rest, p) {
			rest, scheme = rest[len(p):], true
			break
		}
	}
	if strings.HasPrefix(rest, "www.") {
		rest, scheme = rest[4:], true
	}
	host := rest
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	if i := strings.IndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	if scheme {
		return host, true
	}
	// Without a scheme, only name.tld with a known top-level domain counts,
	// so "a.b" in a sentence is not a link.
	dot := strings.LastIndexByte(host, '.')
	if dot <= 0 || dot == len(host)-1 {
		return "", false
	}
	for _, r := range host[:dot] {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
			return "", false
		}
	}
	if !isCommonTLD(host[dot+1:]) {
		return "", false
	}
	return host, true
}

// isCommonTLD reports whether tld is a top-level domain that makes
// "name.tld" a link even without "http" or "www".
func isCommonTLD(tld string) bool {
	switch tld {
	case "com", "vn", "net", "org", "info", "biz", "xyz",
		"top", "club", "online", "site", "io", "me", "ly",
		"co", "tk", "ml", "ga", "cf", "gq", "live",
		"shop", "store", "link", "click", "bet", "win", "vip",
		"asia", "tv", "cc", "pro", "uk", "us", "ru", "be",
		"gl", "gd", "to", "example":
		return true
	}
	return false
}

// number reads a number starting at i ("2.000.000", "1,5", "５００") and
// emits #money when a currency unit follows it ("500k", "5tr", "2.000.000đ",
// "10 triệu", "100$") or when money is set (after "$"), #num otherwise.
// Numbers end the bigram chain.
func (t *tokenizer) number(s string, i int, money bool) int {
	start := i
	for i < len(s) {
		if c := s[i]; c >= '0' && c <= '9' {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if _, ok := digits.ASCII(r); ok {
			i += size
			continue
		}
		if (r == '.' || r == ',') && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			i++
			continue
		}
		break
	}
	if t.prefix == "" {
		t.numberGrams(s[start:i])
	}
	t.chain = false
	rest := s[i:]
	unitAt := strings.TrimPrefix(rest, " ")
	if t.spaces {
		unitAt = strings.TrimLeft(rest, " \t\n\v\f\r")
	}
	if n := t.tab.moneyUnit(unitAt); n > 0 && (unitAt == rest || n > 1) {
		t.mark(markMoney, "")
		return i + (len(rest) - len(unitAt)) + n
	}
	if money {
		t.mark(markMoney, "")
	} else {
		t.mark(markNumber, "")
	}
	return i
}

// numberGrams records the letter pairs of a number of at most
// maxWordRunes runes as its fold reads it: ASCII digits as they are,
// full-width digits as ASCII ones, so that "５００" has the pairs of "500".
// The number is as number found it, digits, '.' and ','.
func (t *tokenizer) numberGrams(num string) {
	if vntext.IsASCII(num) {
		if len(num) <= maxWordRunes {
			appendGrams(t, num)
		}
		return
	}
	if utf8.RuneCountInString(num) > maxWordRunes {
		return
	}
	t.numFold = t.numFold[:0]
	for _, r := range num {
		if d, ok := digits.ASCII(r); ok {
			t.numFold = append(t.numFold, d)
			continue
		}
		t.numFold = utf8.AppendRune(t.numFold, r)
	}
	appendGrams(t, t.numFold)
}

// moneyUnit returns the length of a currency unit at the start of s that
// ends a word, or 0.
func (st *scanTables) moneyUnit(s string) int {
	if s == "" {
		return 0
	}
	for _, u := range st.units[s[0]] {
		if len(s) >= len(u) && strings.EqualFold(s[:len(u)], u) {
			if len(s) == len(u) {
				return len(u)
			}
			r, _ := utf8.DecodeRuneInString(s[len(u):])
			if !isLetter(r) {
				return len(u)
			}
		}
	}
	return 0
}

// moneyUnits are written after amounts, longest first so that "triệu" wins
// over "tr". The tables hold them by their first byte.
var moneyUnits = []string{"triệu", "trieu", "nghìn", "nghin", "ngàn", "ngan", "usdt", "usd", "vnđ", "vnd", "tỷ", "ty", "tr", "củ", "cu", "k", "đ", "d", "$", "€", "£"}

// appendPhones appends the byte spans of phone numbers in s, also when
// spaced or dotted to dodge filters ("0 9 1 2 . 3 4 5 . 6 7 8"): runs of
// digits and separators, perhaps after a '+', whose digits are a number of
// Vietnam's numbering plan (see vnphone.Valid). s holds no ASCII digit nor
// '+' before from, where the search starts. With spaces set, any ASCII
// white space separates digits as a space does (see tokenizer.spaces).
func appendPhones(spans [][2]int, s string, from int, spaces bool) [][2]int {
	for i := max(from, 0); i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '+') || (i > 0 && isWordByte(s[i-1])) {
			continue
		}
		// The digits, gathered without the separators; more than
		// vnphone.MaxDigits are no number.
		var buf [vnphone.MaxDigits]byte
		digits, end, first := 0, i, -1
		for j := i; j < len(s); j++ {
			c := s[j]
			switch {
			case c >= '0' && c <= '9':
				if first < 0 {
					first = j
				}
				if digits < len(buf) {
					buf[digits] = c
				}
				digits++
				end = j + 1
				continue
			case c == ' ' || c == '.' || c == '-' || c == '(' || c == ')' || (c == '+' && j == i):
				continue
			case spaces && vntext.IsASCIISpace(c):
				continue
			}
			break
		}
		if end < len(s) && isWordByte(s[end]) {
			i = end
			continue
		}
		if digits > 0 && digits <= len(buf) {
			// Typed without separators, the digits are a piece of s.
			number := s[first:end]
			if len(number) != digits {
				number = string(buf[:digits])
			}
			if vnphone.Valid(number) {
				spans = append(spans, [2]int{i, end})
			}
		}
		if end > i {
			i = end - 1
		}
	}
	return spans
}

// isWordByte reports whether c may be part of a word: an ASCII letter or
// a byte of a non-ASCII rune.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// cleanMarkup strips HTML tags (keeping link targets as text) and decodes
// entities, for comments that arrive as HTML.
func cleanMarkup(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	var b strings.Builder
	for {
		lt := strings.IndexByte(s, '<')
		if lt < 0 {
			b.WriteString(s)
			break
		}
		gt := strings.IndexByte(s[lt:], '>')
		if gt < 0 || lt+1 >= len(s) || !(s[lt+1] == '/' || s[lt+1] == '!' || s[lt+1] >= 'a' && s[lt+1] <= 'z' || s[lt+1] >= 'A' && s[lt+1] <= 'Z') {
			b.WriteString(s[:lt+1])
			s = s[lt+1:]
			continue
		}
		b.WriteString(s[:lt])
		b.WriteByte(' ')
		tag := s[lt : lt+gt+1]
		if i := indexFoldASCII(tag, "href="); i >= 0 {
			href := strings.Trim(tag[i+5:], "\"'> ")
			if j := strings.IndexAny(href, "\"' >"); j >= 0 {
				href = href[:j]
			}
			b.WriteString(href)
			b.WriteByte(' ')
		}
		s = s[lt+gt+1:]
	}
	return html.UnescapeString(b.String())
}

// indexFoldASCII is strings.Index, ignoring ASCII case, of an ASCII
// needle; offsets are s's own, whatever else s holds.
func indexFoldASCII(s, needle string) int {
	for i := 0; i+len(needle) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(needle)], needle) {
			return i
		}
	}
	return -1
}

// isLetter reports whether r is a letter, answering the Vietnamese block
// of Latin Extended Additional without the Unicode tables.
func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	if r >= vietStart && r <= vietEnd {
		return true
	}
	if r >= 0xC0 && r < 0x250 { // Latin-1 letters and Latin Extended-A and -B
		return r != 0xD7 && r != 0xF7 // × and ÷
	}
	return unicode.IsLetter(r)
}

// The Vietnamese letters with tone marks, U+1EA0..U+1EF9, alternate
// capital (even) and small (odd).
const vietStart, vietEnd = 0x1EA0, 0x1EF9

// mayMoveTone reports whether a folded word has a vowel pair whose tone
// mark is placed differently in old and new style (oa, oe, uy), or starts
// with qu or gi, where a tone typed on the u or i belongs on the next
// vowel: the words CanonicalTones can change.
func mayMoveTone(fold []byte) bool {
	if len(fold) < 2 {
		return false
	}
	if len(fold) > 2 && (fold[0] == 'q' && fold[1] == 'u' || fold[0] == 'g' && fold[1] == 'i') {
		return true
	}
	prev := fold[0]
	for _, c := range fold[1:] {
		if prev == 'o' && (c == 'a' || c == 'e') || prev == 'u' && c == 'y' {
			return true
		}
		prev = c
	}
	return false
}

// isEmoji reports whether r is a pictograph or symbol used as emoji.
func isEmoji(r rune) bool {
	return r >= 0x1F000 && r <= 0x1FAFF || r >= 0x2600 && r <= 0x27BF || r == 0x2B50 || r == 0x2764
}

// lookAlike folds letters that spammers use in place of Latin ones to
// dodge filters: Cyrillic and Greek look-alikes and full-width Latin.
func lookAlike(r rune) rune {
	if r < 0x370 {
		return r
	}
	if r >= 'ａ' && r <= 'ｚ' {
		return r - 'ａ' + 'a'
	}
	switch r {
	case 'а':
		return 'a'
	case 'е':
		return 'e'
	case 'о', 'ο':
		return 'o'
	case 'р', 'ρ':
		return 'p'
	case 'с':
		return 'c'
	case 'у':
		return 'y'
	case 'х', 'χ':
		return 'x'
	case 'і', 'ι':
		return 'i'
	case 'ѕ':
		return 's'
	case 'ј':
		return 'j'
	case 'ν':
		return 'v'
	case 'κ':
		return 'k'
	case 'τ':
		return 't'
	case 'α':
		return 'a'
	}
	return r
}

// The 64-bit FNV-1a hash of features: the offset basis and the prime.
// The scanner hashes bytes as they come with the prime; fnvString hashes
// a string.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// fnvString continues a 64-bit FNV-1a hash with the bytes of s.
func fnvString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

// hashSet is a set of feature hashes for one document, cleared in
// constant time by moving to a new generation.
type hashSet struct {
	slots []setSlot // a power of two of them
	cur   uint32
	n     int
}

// setSlot holds a key, valid if stamped with the current generation.
type setSlot struct {
	key uint64
	gen uint32
}

// reset empties the set for another document.
func (s *hashSet) reset() {
	s.cur++
	s.n = 0
	if s.cur == 0 { // wrapped around: old stamps could match again
		clear(s.slots)
		s.cur = 1
	}
	if s.slots == nil {
		s.slots = make([]setSlot, 1024)
	}
}

// insert adds h and reports whether it was new.
func (s *hashSet) insert(h uint64) bool {
	if 4*(s.n+1) > len(s.slots) { // sparse, so that most keys land first time
		s.grow()
	}
	mask := uint64(len(s.slots) - 1)
	for i := (h ^ h>>29) & mask; ; i = (i + 1) & mask {
		sl := &s.slots[i]
		if sl.gen != s.cur {
			sl.key, sl.gen = h, s.cur
			s.n++
			return true
		}
		if sl.key == h {
			return false
		}
	}
}

// grow doubles the table, keeping the current generation's keys.
func (s *hashSet) grow() {
	old, cur := s.slots, s.cur
	s.slots = make([]setSlot, 2*len(old))
	s.cur, s.n = 1, 0
	for _, sl := range old {
		if sl.gen == cur {
			s.insert(sl.key)
		}
	}
}
