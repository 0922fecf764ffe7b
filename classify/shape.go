package classify

// Features of a text's shape rather than its words: keyboard mashing
// ("jdjdjdjd", "hdbdbdbdb", "sdfghjk"), which spammers and bored reviewers
// type to fill a required field or bury a link, and the length of the
// comment in words, which spam of each kind keeps within its own range
// (one-word filler, a long pasted advertisement).

// markMash and markWords name the shape features.
const (
	markMash  = "#mash"   // a word that is keyboard mashing
	markWords = "#words:" // the content's length in words, by range
)

// isVowelByte reports whether c is a vowel of a folded (accent-free,
// lowercase) word.
func isVowelByte(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// isMash reports whether a folded word of at least five letters, all of
// them ASCII, looks like keyboard mashing: four consonants in a row (never
// in Vietnamese, whose longest onset "ngh" has three; English has some,
// "birthday", "landscape", and the weights learn what the feature is
// worth), fewer than one vowel in five letters, or a pair of letters
// typed three times over ("jejeje", "dbdbdb", and laughter such as
// "hahaha" too). Words in other scripts are not judged.
func isMash(w []byte) bool {
	if len(w) < 5 {
		return false
	}
	for _, c := range w {
		if c >= 0x80 {
			return false
		}
	}
	run, vowels := 0, 0
	for _, c := range w {
		if isVowelByte(c) {
			vowels++
			run = 0
			continue
		}
		if run++; run >= 4 {
			return true
		}
	}
	if vowels*5 < len(w) {
		return true
	}
	for i := 0; i+6 <= len(w); i++ {
		a, b := w[i], w[i+1]
		if a != b && w[i+2] == a && w[i+3] == b && w[i+4] == a && w[i+5] == b {
			return true
		}
	}
	return false
}

// wordRanges are the upper bounds of the ranges of #words, with their
// names.
var wordRanges = [...]struct {
	upTo int
	name string
}{{0, "0"}, {2, "1-2"}, {5, "3-5"}, {10, "6-10"}, {20, "11-20"}, {40, "21-40"}, {80, "41-80"}}

// wordsRange names the range of a count of words for #words.
func wordsRange(n int) string {
	for _, r := range wordRanges {
		if n <= r.upTo {
			return r.name
		}
	}
	return "81+"
}
