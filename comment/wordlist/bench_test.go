package wordlist_test

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/binhluan/binhluan/comment/wordlist"
)

// benchEntries returns n entries made of Vietnamese-looking syllables, the
// same on every run.
func benchEntries(n int) []wordlist.Entry {
	onsets := []string{"b", "c", "ch", "d", "đ", "g", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"}
	rhymes := []string{"a", "ác", "ạch", "ài", "ảo", "ãm", "ăn", "ắt", "âm", "ấp", "e", "ẹt", "ê", "ếch", "i", "ính", "o", "óc", "ỏi", "ô", "ốt", "ơ", "ợi", "u", "úc", "ụng", "ư", "ừng", "ướt", "ươn", "uôi", "uyết", "y"}
	r := rand.New(rand.NewPCG(14, 6))
	seen := make(map[string]bool)
	actions := []wordlist.Action{wordlist.Refuse, wordlist.Hold, wordlist.Suspect, wordlist.Mask}
	var out []wordlist.Entry
	for len(out) < n {
		words := 1 + r.IntN(3)
		var b strings.Builder
		for w := range words {
			if w > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(onsets[r.IntN(len(onsets))] + rhymes[r.IntN(len(rhymes))])
		}
		p := b.String()
		if seen[p] {
			continue
		}
		seen[p] = true
		out = append(out, wordlist.Entry{Phrase: p, Action: actions[r.IntN(len(actions))], Line: len(out) + 1})
	}
	return out
}

// benchText is about 64 KB of comment text that holds a few of entries'
// phrases.
func benchText(entries []wordlist.Entry) string {
	var b strings.Builder
	for i := 0; b.Len() < 64<<10; i++ {
		b.WriteString(innocent[i%len(innocent)])
		b.WriteByte(' ')
		if i%17 == 0 {
			b.WriteString(entries[i%len(entries)].Phrase)
			b.WriteString(". ")
		}
	}
	return b.String()
}

// alternation is one regular expression for all the entries, on whole
// words, ignoring case.
func alternation(entries []wordlist.Entry) *regexp.Regexp {
	alts := make([]string, len(entries))
	for i, e := range entries {
		alts[i] = regexp.QuoteMeta(e.Phrase)
	}
	return regexp.MustCompile(`(?i)(?:^|[^\pL\pN])(?:` + strings.Join(alts, "|") + `)(?:[^\pL\pN]|$)`)
}

func BenchmarkWordList(b *testing.B) {
	entries := benchEntries(1000)
	text := benchText(entries)
	l, err := wordlist.New(entries)
	if err != nil {
		b.Fatal(err)
	}
	re := alternation(entries)
	if len(l.Match(text)) == 0 || re.FindStringIndex(text) == nil {
		b.Fatal("the benchmark text must hold entries")
	}
	b.Run("matcher", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			l.Match(text)
		}
	})
	b.Run("mask", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			l.Mask(text)
		}
	})
	b.Run("regexp_alternation", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			re.FindAllStringIndex(text, -1)
		}
	})
}
