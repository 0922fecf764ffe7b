package cursor

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/binhluan/binhluan/comment"
)

func TestRoundTrip(t *testing.T) {
	for _, body := range [][]byte{nil, {0}, []byte("a sort key"), bytes.Repeat([]byte{0xff}, 100)} {
		s := Encode('q', body)
		got, err := Decode(s, 'q', len(body))
		if err != nil || !bytes.Equal(got, body) {
			t.Errorf("Decode(Encode(%q)) = %q, %v", body, got, err)
		}
	}
}

func TestDecodeInvalid(t *testing.T) {
	good := Encode('o', []byte("0123456789abcdef"))
	tests := []struct {
		name, s string
		listing byte
		maxBody int
	}{
		{"made up", "not-a-cursor!", 'o', 16},
		{"empty", "", 'o', 16},
		{"one byte", "AQ", 'o', 16},
		{"version 0", "AAAA", 'o', 16},
		{"another version", "Am8", 'o', 16}, // 2, 'o'
		{"another listing", good, 'n', 16},
		{"body too long", good, 'o', 15},
		{"very long", strings.Repeat("A", 100000), 'o', 16},
		{"a line break", good[:2] + "\n" + good[2:], 'o', 16},
		{"a carriage return", good[:2] + "\r" + good[2:], 'o', 16},
		{"padding", good + "=", 'o', 16},
		{"standard base64", strings.NewReplacer("-", "+", "_", "/").Replace(Encode('o', []byte{0xfb, 0xff})), 'o', 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Decode(tt.s, tt.listing, tt.maxBody); !errors.Is(err, comment.ErrInvalidCursor) {
				t.Errorf("Decode(%q) error = %v, want ErrInvalidCursor", tt.s, err)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(Encode('o', []byte("key")), byte('o'), 8)
	f.Add("AAAA", byte('q'), 16)
	f.Add("not-a-cursor!", byte('r'), 0)
	f.Fuzz(func(t *testing.T, s string, listing byte, maxBody int) {
		maxBody = max(0, min(maxBody, 1<<16))
		body, err := Decode(s, listing, maxBody)
		if err != nil {
			if !errors.Is(err, comment.ErrInvalidCursor) {
				t.Fatalf("Decode(%q) error %v does not wrap ErrInvalidCursor", s, err)
			}
			return
		}
		if len(body) > maxBody {
			t.Fatalf("Decode(%q) gave a body of %d bytes, more than %d", s, len(body), maxBody)
		}
		if again := Encode(listing, body); again != s {
			t.Fatalf("Decode(%q) then Encode = %q: a cursor has one spelling", s, again)
		}
	})
}

func ExampleEncode() {
	s := Encode('a', []byte{0, 0, 0, 7})
	body, err := Decode(s, 'a', 8)
	fmt.Println(s, body, err)
	_, err = Decode(s, 'b', 8)
	fmt.Println(err)
	// Output:
	// AWEAAAAH [0 0 0 7] <nil>
	// comment: invalid page cursor: from another listing or order
}
