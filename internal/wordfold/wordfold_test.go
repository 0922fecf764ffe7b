package wordfold

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWords(t *testing.T) {
	tests := []struct {
		text      string
		keys      []string
		bare      []bool
		disguised []bool
	}{
		{"Đ1T mẹ", []string{"dit", "me"}, []bool{false, false}, []bool{true, false}},
		{"đ.m, d m", []string{"dm", "dm"}, []bool{false, true}, []bool{true, true}},
		{"đmmm", []string{"dm"}, []bool{false}, []bool{false}},
		{"các bạn", []string{"cac", "ban"}, []bool{false, false}, []bool{false, false}},
		{"l0z @", []string{"loz", "a"}, []bool{true, true}, []bool{true, true}},
		{"\xff", nil, nil, nil},
	}
	var f Folder
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			ws := f.Words(tt.text)
			require.Len(t, ws, len(tt.keys))
			for i, w := range ws {
				assert.Equal(t, tt.keys[i], string(w.Key), "key of word %d", i)
				assert.Equal(t, tt.bare[i], w.Bare, "bare of word %d", i)
				assert.Equal(t, tt.disguised[i], w.Disguised, "disguised of word %d", i)
			}
		})
	}
}

func TestMatches(t *testing.T) {
	tests := []struct {
		text, pattern string
		strict, want  bool
	}{
		{"cặc", "cặc", false, true},
		{"các", "cặc", false, false},
		{"cac", "cặc", false, true},
		{"cac", "cặc", true, false},
		{"c4c", "cặc", true, true},
		{"đi", "đĩ", false, false},
		{"dĩ", "đĩ", false, true},
		{"dĩ", "đĩ", true, false},
		{"d.ĩ", "đĩ", true, true},
		{"đ1", "đĩ", false, true},
		{"đm", "dm", false, false},
		{"dm", "đm", false, true},
		{"hoà", "hòa", false, true},
		{"ngư", "ngu", false, false},
		{"nguuu", "ngu", true, true},
		{"ng", "ngu", false, false},
		{"vc1", "vcl", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.text+"/"+tt.pattern, func(t *testing.T) {
			var f Folder
			ws := f.Words(tt.text)
			ps := Fold(tt.pattern)
			require.Len(t, ws, 1)
			require.Len(t, ps, 1)
			assert.Equal(t, tt.want, Matches(&ws[0], &ps[0], tt.strict))
		})
	}
}

// TestLongWord covers a word of more runs than appendForm gathers at once:
// the run cut at the boundary still takes its repeats and its marks.
func TestLongWord(t *testing.T) {
	letters := "abcdefghijklmnopqrstuvwxyz"
	var f Folder
	for _, n := range []int{wordRuns - 1, wordRuns, wordRuns + 1, 2*wordRuns + 3} {
		for _, tail := range []string{"", "pp", "\u0301", "é"} {
			word := strings.Repeat(letters, 3)[:n] + tail
			ws := f.Words("x " + word + " y")
			require.Len(t, ws, 3, "%q", word)
			w := ws[1]
			want := []byte(strings.Repeat(letters, 3)[:n])
			switch tail {
			case "pp":
				if want[len(want)-1] == 'p' {
					assert.Equal(t, byte(3), w.Runs[len(w.Runs)-1], "%q", word)
				} else {
					want = append(want, 'p')
					assert.Equal(t, byte(2), w.Runs[len(w.Runs)-1], "%q", word)
				}
			case "\u0301":
				assert.False(t, w.Bare, "%q", word)
				assert.Equal(t, byte(2<<toneShift), w.Marks[len(w.Marks)-1], "the mark goes on the last run of %q", word)
			case "é":
				want = append(want, 'e')
			}
			assert.Equal(t, string(want), string(w.Key), "%q", word)
			assert.Equal(t, "y", string(ws[2].Key), "the next word after %q", word)
		}
	}
}

// TestHashes checks that the hashes a scan looks patterns up by are those
// of the patterns' forms, and that the Folder's Matches is Matches.
func TestHashes(t *testing.T) {
	var f Folder
	text := "Đ1T mẹ, hoà bình, c.ặ.c, vc1, l0z @ đmmm các hòa ngư"
	n := f.Fold(text)
	ws := append([]Word(nil), f.Words(text)...)
	require.Equal(t, n, len(ws))
	patterns := Fold("địt mẹ hòa bình cặc vcl loz đm các ngu")
	for i, w := range ws {
		assert.Equal(t, HashKey(w.Key), f.KeyHash(i))
		alt, ok := f.AltKeyHash(i)
		assert.Equal(t, w.Alt.Key != nil, ok)
		if ok {
			assert.Equal(t, HashKey(w.Alt.Key), alt)
		}
		sig, ok := f.SignatureHash(i)
		want, wantOK := AppendSignature(nil, w.Form)
		assert.Equal(t, wantOK, ok, "word %q", w.Key)
		if ok {
			assert.Equal(t, HashKey(want), sig, "word %q", w.Key)
		}
		start, end := f.Span(i)
		assert.Equal(t, [2]int{w.Start, w.End}, [2]int{start, end})
		for j := range patterns {
			for _, strict := range []bool{false, true} {
				assert.Equal(t, Matches(&w, &patterns[j], strict), f.Matches(i, &patterns[j], strict),
					"word %q, pattern %q, strict %v", w.Key, patterns[j].Key, strict)
			}
		}
	}
	// One signature for the word and the pattern it matches.
	hoa, _ := SignatureHash(patterns[2].Form)
	sig, _ := f.SignatureHash(2)
	assert.Equal(t, hoa, sig, "hoà and hòa")
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"Đ1T mẹ", "đ.m d m", "c\u0061\u0323\u0306c", "\xff\x00đ", "1l1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var fo Folder
		prev := 0
		for _, w := range fo.Words(text) {
			if w.Start < prev || w.End <= w.Start || w.End > len(text) {
				t.Fatalf("bad word %d..%d after %d in %q", w.Start, w.End, prev, text)
			}
			if len(w.Runs) != len(w.Key) || len(w.Marks) != len(w.Key) {
				t.Fatalf("form lengths differ in %q", text)
			}
			prev = w.End
			Matches(&w, &w, true)
		}
		// The lookups by index agree with the words.
		for i, w := range fo.Words(text) {
			if HashKey(w.Key) != fo.KeyHash(i) {
				t.Fatalf("KeyHash of word %d differs in %q", i, text)
			}
			sig, ok := AppendSignature(nil, w.Form)
			if h, hok := fo.SignatureHash(i); hok != ok || (ok && h != HashKey(sig)) {
				t.Fatalf("SignatureHash of word %d differs in %q", i, text)
			}
			if fo.Matches(i, &w, false) != Matches(&w, &w, false) {
				t.Fatalf("Folder.Matches differs from Matches for word %d in %q", i, text)
			}
		}
	})
}
