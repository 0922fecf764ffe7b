package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIsMash(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"jdjdjdjd", true},              // a pair typed over and over
		{"hdbdbdbdb", true},             // consonants only
		{"sdfghjk", true},               // a row of the keyboard
		{"jsjfbejdbjwndbejxnek", true},  // consonant runs
		{"ahahah", true},                // a pair three times
		{"nghieng", false},              // "nghiêng": the longest Vietnamese onset
		{"khuyen", false},               // "khuyến"
		{"strength", true},              // English has four consonants in a row too; the weights learn what it is worth
		{"chuyen", false},               // "chuyện"
		{"beautiful", false},            // English
		{"okk", false},                  // too short to judge
		{"xxxxx", true},                 // no vowel
		{"website", false},              // ordinary English
		{"nguoi", false},                // "người"
		{"thuong", false},               // "thương"
		{"kkkkkkkjjkkmkkkkkkkkk", true}, // laughter gone wrong
		{"привет", false},               // another script is not judged
		{"你好世界", false},
		{"birthday", true}, // English has four consonants in a row too
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, isMash([]byte(tt.word)), tt.word)
	}
}

func TestWordsRange(t *testing.T) {
	for n, want := range map[int]string{0: "0", 1: "1-2", 2: "1-2", 3: "3-5", 10: "6-10", 11: "11-20", 40: "21-40", 80: "41-80", 81: "81+", 5000: "81+"} {
		assert.Equal(t, want, wordsRange(n), n)
	}
}
