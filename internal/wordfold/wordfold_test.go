package wordfold

import (
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
	})
}
