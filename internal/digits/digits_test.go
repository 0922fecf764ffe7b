package digits

import (
	"fmt"
	"testing"
)

func TestASCII(t *testing.T) {
	tests := []struct {
		r    rune
		want byte
		ok   bool
	}{
		{'0', '0', true},
		{'9', '9', true},
		{'０', '0', true},
		{'５', '5', true},
		{'９', '9', true},
		{'/', 0, false}, // just before '0'
		{':', 0, false}, // just after '9'
		{'／', 0, false}, // just before '０'
		{'：', 0, false}, // just after '９'
		{'٣', 0, false}, // an Arabic-Indic digit is not read
		{'a', 0, false},
		{-1, 0, false},
	}
	for _, tt := range tests {
		got, ok := ASCII(tt.r)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ASCII(%q) = %q, %v; want %q, %v", tt.r, got, ok, tt.want, tt.ok)
		}
		if want := tt.ok && tt.r > '9'; IsFullwidth(tt.r) != want {
			t.Errorf("IsFullwidth(%q) = %v, want %v", tt.r, !want, want)
		}
	}
}

func ExampleASCII() {
	var b []byte
	for _, r := range "０９１２ 345" {
		if d, ok := ASCII(r); ok {
			b = append(b, d)
		}
	}
	fmt.Println(string(b))
	// Output: 0912345
}
