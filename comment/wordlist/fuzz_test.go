package wordlist_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/binhluan/binhluan/comment/wordlist"
	"github.com/binhluan/binhluan/internal/wordfold"
	"golang.org/x/text/unicode/norm"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte("# c\nrefuse! cặc\nhold\tvcl # x\n"))
	f.Add([]byte("drop vl\nmask\n"))
	f.Add([]byte("hold \xff\n"))
	f.Add([]byte("suspect " + strings.Repeat("ngu ", 100)))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := wordlist.Parse(bytes.NewReader(data))
		if err != nil {
			var le *wordlist.LineError
			if entries != nil || !errors.As(err, &le) || le.Line < 1 {
				t.Fatalf("error %v: want a *LineError with a line and no entries", err)
			}
			return
		}
		if _, err := wordlist.New(entries); err != nil {
			t.Fatalf("entries from Parse must compile: %v", err)
		}
	})
}

func FuzzMatchMask(f *testing.F) {
	l, err := wordlist.New(wordlist.Default())
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range append(innocent, "đ.m vl", "c\u0061\u0323\u0306c", "\xffđmmm\x00", "1l1 l0z @", "d.ĩ dĩ nhiên Đ.Ị.T", strings.Repeat("đ", 40)+"mmm") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ms := l.Match(text)
		in := text
		if !norm.NFC.IsNormalString(in) {
			in = norm.NFC.String(in)
		}
		var fo wordfold.Folder
		if folded := l.MatchFolded(&fo, fo.Fold(in), nil); !slices.Equal(folded, ms) {
			t.Fatalf("MatchFolded found %+v, Match %+v in %q", folded, ms, in)
		}
		prev := 0
		for _, m := range ms {
			if m.Start < prev || m.End <= m.Start || m.End > len(in) {
				t.Fatalf("bad match %+v after %d in %q", m, prev, in)
			}
			prev = m.End
		}
		out := l.Mask(text)
		if utf8.RuneCountInString(out) != utf8.RuneCountInString(in) {
			t.Fatalf("Mask changed the rune count: %q -> %q", in, out)
		}
		// Every rune is as it was, or a letter or digit (of a word)
		// replaced by '*'.
		ir, or := []rune(in), []rune(out)
		for i := range ir {
			if ir[i] != or[i] && (or[i] != '*' || !wordfold.InWord(ir[i])) {
				t.Fatalf("rune %d %q changed to %q: %q -> %q", i, ir[i], or[i], in, out)
			}
		}
		if len(ms) == 0 && out != in {
			t.Fatalf("Mask changed a text without matches: %q -> %q", in, out)
		}
		if utf8.ValidString(in) && !norm.NFC.IsNormalString(out) {
			t.Fatalf("Mask output is not NFC: %q", out)
		}
	})
}
