package phone

import (
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics, that every number it accepts
// reads back as the same Number from each of its written forms and with a
// full stop after it, and that every refusal is an *Error with a known code (and, for an
// outdated number, a valid new number).
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"0912345678", "0912 345 678", "091-234-5678", "+84 91 234 5678", "84912345678",
		"(+84) 912 345 678", "+84 (0) 912 345 678", "+840912345678", "0084912345678",
		"＋８４ ９１２ ３４５ ６７８", "\u00a00912\u200b345678\t", "024 3825 1234", "(028) 3822 1234",
		"0236 3821 234", "0672 123 4567", "1800 1234", "1900 123456", "01623456789",
		"+84 162 345 6789", "0992 123 4567", "0992 123 456", "SĐT: 0912345678", "0912345678 x12",
		"0912345678, 0987654321", "113", "+1 650 253 0000", "912345678", "0912345678.", "0912 345 678).", "(0912 345 678)!",
		"(0912", "0912\xff", "०९१२३४५६७८", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			checkRefusal(t, s, p, err)
			return
		}
		if len(s) > maxBytes || !utf8.ValidString(s) {
			t.Fatalf("%q was accepted", s)
		}
		if p.IsZero() || p.Type() == 0 {
			t.Fatalf("%q gave an empty or untyped Number %#v", s, p)
		}
		if (p.Type() == Mobile) != (p.Carrier() != "") {
			t.Fatalf("%q: type %s with carrier %q", s, p.Type(), p.Carrier())
		}
		if p.Area() != "" && p.Type() != FixedLine {
			t.Fatalf("%q: type %s with area %q", s, p.Type(), p.Area())
		}
		text, err := p.MarshalText()
		if err != nil || string(text) != p.E164() {
			t.Fatalf("%q: MarshalText %q, %v", s, text, err)
		}
		for _, form := range []string{p.E164(), p.National(), p.Digits(), p.String()} {
			q, err := Parse(form)
			if err != nil || q != p {
				t.Fatalf("%q parsed to %#v, but its form %q reads back as %#v, %v", s, p, form, q, err)
			}
		}
		var back Number
		if err := back.UnmarshalText(text); err != nil || back != p {
			t.Fatalf("%q: UnmarshalText(%q) gave %#v, %v", s, text, back, err)
		}
		// A sentence may end after the number.
		if ended := s + "."; len(ended) <= maxBytes {
			if q, err := Parse(ended); err != nil || q != p {
				t.Fatalf("%q parsed to %#v, but %q gave %#v, %v", s, p, ended, q, err)
			}
		}
	})
}

func checkRefusal(t *testing.T, s string, p Number, err error) {
	t.Helper()
	if !p.IsZero() {
		t.Fatalf("%q: an error came with %#v", s, p)
	}
	var pe *Error
	if !errors.As(err, &pe) {
		t.Fatalf("%q: %T is not an *Error", s, err)
	}
	if pe.Reason == "" || pe.Error() == "" {
		t.Fatalf("%q: no reason in %#v", s, pe)
	}
	switch pe.Code {
	case CodeInvalid:
		if !errors.Is(err, ErrInvalid) || !pe.Current.IsZero() {
			t.Fatalf("%q: invalid, but %#v", s, pe)
		}
	case CodeOutdated:
		if !errors.Is(err, ErrOutdated) || pe.Current.IsZero() {
			t.Fatalf("%q: outdated, but %#v", s, pe)
		}
		q, err := Parse(pe.Current.Digits())
		if err != nil || q != pe.Current {
			t.Fatalf("%q: outdated, and its new number %#v does not parse back: %#v, %v", s, pe.Current, q, err)
		}
	default:
		t.Fatalf("%q: unknown code %q", s, pe.Code)
	}
}
