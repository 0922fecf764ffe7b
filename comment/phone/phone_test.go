package phone

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/binhluan/binhluan/internal/testenv"
	"github.com/binhluan/binhluan/internal/vnphone"
	"github.com/nyaruka/phonenumbers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// accepted is a number Parse must accept and what it must say
// about it.
type accepted struct {
	in       string
	e164     string
	national string
	typ      Type
	carrier  string
	area     string
}

func TestParseAccepts(t *testing.T) {
	const (
		vina     = "+84912345678"
		vinaNat  = "0912 345 678"
		hanoi    = "+842438251234"
		hanoiNat = "024 3825 1234"
	)
	cases := []accepted{
		// One mobile, typed every way a reader might.
		{"0912345678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"0912 345 678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"0912.345.678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"091-234-5678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"0912/345/678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"0912 - 345 - 678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"0912–345–678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"(091) 234 5678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"(0912345678)", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"0 9 1 2 3 4 5 6 7 8", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"+84 91 234 5678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"+84912345678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"84912345678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"84 912 345 678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"(+84) 912 345 678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"(+84)912-345-678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"+84 (0) 912 345 678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"+840912345678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"(+84) 0912 345 678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"+ 84 912 345 678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"+84-91-234-5678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"0084912345678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"0084 912 345 678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"00 84 0912 345 678", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"＋８４ ９１２ ３４５ ６７８", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"＋８４９１２３４５６７８", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"０９１２３４５６７８", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"（０９１）２３４－５６７８", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"\u3000０９１２　３４５　６７８\u3000", vina, vinaNat, Mobile, "Vinaphone", ""},
		{" 0912\u00a0345\u00a0678\t", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"\r\n0912345678\n", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"\u200b0912\u200b345678\ufeff", vina, vinaNat, Mobile, "Vinaphone", ""},
		{"\u202f0912\u2009345\u2009678\u2028", vina, vinaNat, Mobile, "Vinaphone", ""},

		// Landlines: 024 and 028 with 8 digits, the other codes with 7.
		{"024 3825 1234", hanoi, hanoiNat, FixedLine, "", "Hà Nội"},
		{"02438251234", hanoi, hanoiNat, FixedLine, "", "Hà Nội"},
		{"(024) 3825 1234", hanoi, hanoiNat, FixedLine, "", "Hà Nội"},
		{"+84 24 3825 1234", hanoi, hanoiNat, FixedLine, "", "Hà Nội"},
		{"+84 (0) 24 3825 1234", hanoi, hanoiNat, FixedLine, "", "Hà Nội"},
		{"84 24 3825 1234", hanoi, hanoiNat, FixedLine, "", "Hà Nội"},
		{"0084 24 38251234", hanoi, hanoiNat, FixedLine, "", "Hà Nội"},
		{"024 2222 3333", "+842422223333", "024 2222 3333", FixedLine, "", "Hà Nội"},
		{"024 8999 0000", "+842489990000", "024 8999 0000", FixedLine, "", "Hà Nội"},
		{"(028) 3822 1234", "+842838221234", "028 3822 1234", FixedLine, "", "TP. Hồ Chí Minh"},
		{"028 9999 0000", "+842899990000", "028 9999 0000", FixedLine, "", "TP. Hồ Chí Minh"},
		{"0236 3821 234", "+842363821234", "0236 3821 234", FixedLine, "", "Đà Nẵng"},
		{"(0236) 382 1234", "+842363821234", "0236 3821 234", FixedLine, "", "Đà Nẵng"},
		{"+84 236 3821 234", "+842363821234", "0236 3821 234", FixedLine, "", "Đà Nẵng"},
		{"0210 3845 678", "+842103845678", "0210 3845 678", FixedLine, "", "Phú Thọ"},
		{"0219.3866.123", "+842193866123", "0219 3866 123", FixedLine, "", "Hà Giang"},
		{"0299-3822-456", "+842993822456", "0299 3822 456", FixedLine, "", "Sóc Trăng"},
		{"0203 3825 111", "+842033825111", "0203 3825 111", FixedLine, "", "Quảng Ninh"},
		{"0225 3000 000", "+842253000000", "0225 3000 000", FixedLine, "", "Hải Phòng"},
		{"0292 0123 456", "+842920123456", "0292 0123 456", FixedLine, "", "Cần Thơ"},
		{"0254 1234 567", "+842541234567", "0254 1234 567", FixedLine, "", "Bà Rịa–Vũng Tàu"},
		// The satellite code that replaced 0992: a fixed station, no area.
		{"0672 123 4567", "+846721234567", "0672 1234 567", FixedLine, "", ""},

		// Service numbers: as dialled, no E.164 form.
		{"1800 1234", "18001234", "1800 1234", TollFree, "", ""},
		{"18001234", "18001234", "1800 1234", TollFree, "", ""},
		{"1800 123456", "1800123456", "1800 123456", TollFree, "", ""},
		{"1800.123.456", "1800123456", "1800 123456", TollFree, "", ""},
		{"1900 1234", "19001234", "1900 1234", Premium, "", ""},
		{"1900-1234", "19001234", "1900 1234", Premium, "", ""},
		{"1900 123456", "1900123456", "1900 123456", Premium, "", ""},
		{"１９００ １２３４", "19001234", "1900 1234", Premium, "", ""},

		// Where the plan is wider than libphonenumber.
		{"0521 234 567", "+84521234567", "0521 234 567", Mobile, "Vietnamobile", ""},
		{"0551 234 567", "+84551234567", "0551 234 567", Mobile, "Wintel", ""},
		{"0891 234 567", "+84891234567", "0891 234 567", Mobile, "MobiFone", ""},
		{"0992 123 456", "+84992123456", "0992 123 456", Mobile, "Gmobile", ""},
		{"0871 234 567", "+84871234567", "0871 234 567", Mobile, "Itelecom", ""},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			p, err := Parse(c.in)
			require.NoError(t, err)
			assert.Equal(t, c.e164, p.E164(), "E164")
			assert.Equal(t, c.national, p.National(), "National")
			assert.Equal(t, c.national, p.String(), "String")
			assert.Equal(t, c.typ, p.Type(), "Type")
			assert.Equal(t, c.carrier, p.Carrier(), "Carrier")
			assert.Equal(t, c.area, p.Area(), "Area")
			assert.False(t, p.IsZero())
			wantDigits := strings.ReplaceAll(c.national, " ", "")
			assert.Equal(t, wantDigits, p.Digits(), "Digits")

			// Every typing of the number is the same value.
			for _, again := range []string{p.E164(), p.National(), p.Digits()} {
				q, err := Parse(again)
				require.NoError(t, err, again)
				assert.Equal(t, p, q, again)
			}
		})
	}
}

// refused is an input Parse must refuse, with the code and reason
// it must give.
type refused struct {
	in      string
	code    Code
	reason  string
	current string // Digits of Error.Current for an outdated number
}

func TestParseRefuses(t *testing.T) {
	const inv, old = CodeInvalid, CodeOutdated
	cases := []refused{
		{"", inv, "no digits", ""},
		{" \t\u00a0", inv, "no digits", ""},
		{"+", inv, "no digits", ""},

		// Letters and words.
		{"SĐT: 0912345678", inv, "words around the number", ""},
		{"Số điện thoại: 0912 345 678", inv, "words around the number", ""},
		{"0912 345 678 (anh Nam)", inv, "words around the number", ""},
		{"Number (+84) 912 345 678", inv, "words around the number", ""},
		{"tel:+84912345678", inv, "a tel: link, not a number", ""},
		{"TEL:0912345678", inv, "a tel: link, not a number", ""},
		{"0912 ABC 678", inv, "letters in the number", ""},
		{"0912 345 67B", inv, "letters in the number", ""},
		{"O912345678", inv, "letters in the number", ""},
		{"09l2345678", inv, "letters in the number", ""},
		{"không có", inv, "letters in the number", ""},

		// Extensions.
		{"0912345678 x123", inv, "an extension after the number", ""},
		{"0912345678x123", inv, "an extension after the number", ""},
		{"024 3825 1234 ext. 12", inv, "an extension after the number", ""},
		{"024 3825 1234 máy lẻ 12", inv, "an extension after the number", ""},
		{"0912345678#12", inv, "an extension after the number", ""},
		{"0912345678;12", inv, "an extension after the number", ""},
		{"0912345678, 12", inv, "an extension after the number", ""},

		// Two numbers in one field.
		{"0912345678, 0987654321", inv, "two numbers in one field", ""},
		{"0912345678 0987654321", inv, "two numbers in one field", ""},
		{"0912345678/0987654321", inv, "two numbers in one field", ""},
		{"0912345678|0987654321", inv, "two numbers in one field", ""},
		{"0912345678 hoặc 024 3825 1234", inv, "two numbers in one field", ""},
		{"0912345678\n0987654321", inv, "two numbers in one field", ""},

		// Emergency and other short numbers.
		{"112", inv, "emergency number 112, not a number to call back", ""},
		{"113", inv, "emergency number 113, not a number to call back", ""},
		{"114", inv, "emergency number 114, not a number to call back", ""},
		{"115", inv, "emergency number 115, not a number to call back", ""},
		{"116", inv, "3 digits, too short for a phone number", ""},
		{"1080", inv, "4 digits, too short for a phone number", ""},
		{"911", inv, "3 digits, too short for a phone number", ""},
		{"0123", inv, "4 digits, too short for a phone number", ""},
		{"+84 113", inv, "4 digits, too short for a phone number", ""},

		// Wrong lengths.
		{"0912 345 67", inv, "9 digits, a mobile needs 10 with the 0", ""},
		{"0912 345 6789", inv, "11 digits, a mobile needs 10 with the 0", ""},
		{"+84 912 345 678 9", inv, "11 digits, a mobile needs 10 with the 0", ""},
		{"024 3825 123", inv, "10 digits, a landline needs 11 with the 0", ""},
		{"0236 3821 2345", inv, "12 digits, a landline needs 11 with the 0", ""},
		{"0672 123 456", inv, "10 digits, a landline needs 11 with the 0", ""},
		{"1800 12345", inv, "9 digits, a 1800 or 1900 number needs 8 or 10", ""},
		{"1900 1234567", inv, "11 digits, a 1800 or 1900 number needs 8 or 10", ""},
		{"0912 345 678 0912 345", inv, "17 digits, too many for a phone number", ""},

		// Prefixes and area codes the plan does not assign.
		{"0301 234 567", inv, "unknown prefix 030", ""},
		{"0311 234 567", inv, "unknown prefix 031", ""},
		{"0511 234 567", inv, "unknown prefix 051", ""},
		{"0951 234 567", inv, "unknown prefix 095", ""},
		{"0801 234 567", inv, "unknown prefix 080", ""},
		{"080 12345", inv, "unknown prefix 080", ""},
		{"043 825 1234", inv, "unknown prefix 043", ""},
		{"0123 456 789", inv, "10 digits with the old mobile prefix 0123, which had 11", ""},
		{"0161 234 5678", inv, "unknown prefix 0161", ""},
		{"0160 964 046", inv, "unknown prefix 0160", ""},
		{"0223 123 4567", inv, "unknown area code 0223", ""},
		{"0200 123 4567", inv, "unknown area code 0200", ""},
		{"024 1825 1234", inv, "no subscriber number after 024 starts with 1", ""},
		{"024 9825 1234", inv, "no subscriber number after 024 starts with 9", ""},
		{"(0241) 3825 123", inv, "no subscriber number after 024 starts with 1", ""},
		{"028 0822 1234", inv, "no subscriber number after 028 starts with 0", ""},

		// Foreign numbers and a missing 0.
		{"+1 650 253 0000", inv, "a foreign number: the country code is not 84", ""},
		{"+81 3-1234-5678", inv, "a foreign number: the country code is not 84", ""},
		{"001 650 253 0000", inv, "a foreign number: the country code is not 84", ""},
		{"0081 3 1234 5678", inv, "a foreign number: the country code is not 84", ""},
		{"912345678", inv, "no leading 0: a number starts with 0 at home or +84 from abroad", ""},
		{"912 345 678", inv, "no leading 0: a number starts with 0 at home or +84 from abroad", ""},
		{"24 3825 1234", inv, "no leading 0: a number starts with 0 at home or +84 from abroad", ""},

		// Service numbers written another way.
		{"+84 1800 1234", inv, "1800 and 1900 numbers cannot be called from abroad, so take no +84", ""},
		{"0084 1900 123456", inv, "1800 and 1900 numbers cannot be called from abroad, so take no +84", ""},
		{"01800 1234", inv, "1800 and 1900 numbers are dialled without a 0", ""},

		// Typing: separators, plus, parentheses, characters.
		{".", inv, "a separator that is not between digits", ""},
		{"0912345678-", inv, "a separator that is not between digits", ""},
		{"-0912345678", inv, "a separator that is not between digits", ""},
		{"0912..345.678", inv, "a separator that is not between digits", ""},
		{"0912 -/ 345 678", inv, "a separator that is not between digits", ""},
		{"++84912345678", inv, "a + that does not start the number", ""},
		{"0912+345678", inv, "a + that does not start the number", ""},
		{"84+912345678", inv, "a + that does not start the number", ""},
		{"+(84) 912345678", inv, "a + that does not start the number", ""},
		{"+ - 84912345678", inv, "a + that does not start the number", ""},
		{"(0912 345 678", inv, "unbalanced or misplaced parentheses", ""},
		{"0912) 345 678", inv, "unbalanced or misplaced parentheses", ""},
		{"((091)) 2345678", inv, "unbalanced or misplaced parentheses", ""},
		{"() 0912345678", inv, "unbalanced or misplaced parentheses", ""},
		{"0912 (+84) 345678", inv, "a + that does not start the number", ""},
		{"0912_345_678", inv, "unexpected character '_'", ""},
		{"[0912345678]", inv, "unexpected character '['", ""},
		{"\"0912345678\"", inv, "unexpected character '\"'", ""},
		{"#0912345678", inv, "unexpected character '#'", ""},
		{"!0912345678", inv, "unexpected character '!'", ""},
		{"0912\x00345678", inv, "unexpected character '\\x00'", ""},
		{"0912·345·678", inv, "unexpected character '·'", ""},
		{"📞 0912345678", inv, "unexpected character '📞'", ""},
		{"०९१२३४५६७८", inv, "digits of another script", ""},
		{"٠٩١٢٣٤٥٦٧٨", inv, "digits of another script", ""},
		{"0912\xff345678", inv, "not valid UTF-8", ""},
		{strings.Repeat("0", 65), inv, "longer than 64 bytes", ""},
		{"0912345678" + strings.Repeat(" ", 55), inv, "longer than 64 bytes", ""},
		{strings.Repeat("x", 1<<20), inv, "longer than 64 bytes", ""},

		// Old 11-digit mobiles, in every typing.
		{"01623456789", old, "old 11-digit mobile with prefix 0162, renumbered in 2018", "0323456789"},
		{"0162 345 6789", old, "old 11-digit mobile with prefix 0162, renumbered in 2018", "0323456789"},
		{"+84 162 345 6789", old, "old 11-digit mobile with prefix 0162, renumbered in 2018", "0323456789"},
		{"(+84) 0162 345 6789", old, "old 11-digit mobile with prefix 0162, renumbered in 2018", "0323456789"},
		{"841623456789", old, "old 11-digit mobile with prefix 0162, renumbered in 2018", "0323456789"},
		{"0084 162 345 6789", old, "old 11-digit mobile with prefix 0162, renumbered in 2018", "0323456789"},
		{"０１６２３４５６７８９", old, "old 11-digit mobile with prefix 0162, renumbered in 2018", "0323456789"},
		{"0992 123 4567", old, "old satellite number with prefix 0992, renumbered in 2018", "06721234567"},
	}
	for _, c := range cases {
		name := c.in
		if len(name) > 70 {
			name = name[:20] + "…"
		}
		t.Run(name, func(t *testing.T) {
			p, err := Parse(c.in)
			require.Error(t, err)
			assert.True(t, p.IsZero(), "no number comes with an error")
			var pe *Error
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, c.code, pe.Code)
			assert.Equal(t, c.reason, pe.Reason)
			assert.Equal(t, c.current, pe.Current.Digits())
			if c.code == CodeOutdated {
				assert.ErrorIs(t, err, ErrOutdated)
				assert.NotErrorIs(t, err, ErrInvalid)
				q, err := Parse(pe.Current.Digits())
				require.NoError(t, err, "the new number is valid")
				assert.Equal(t, pe.Current, q)
			} else {
				assert.ErrorIs(t, err, ErrInvalid)
				assert.NotErrorIs(t, err, ErrOutdated)
			}
		})
	}
}

func TestParseOldMobiles(t *testing.T) {
	// Decision 798/QĐ-BTTTT, as listed in the plan: old prefix, new prefix,
	// carrier (the same before and after).
	conversions := []struct{ from, to, carrier string }{
		{"0120", "070", "MobiFone"}, {"0121", "079", "MobiFone"}, {"0122", "077", "MobiFone"},
		{"0126", "076", "MobiFone"}, {"0128", "078", "MobiFone"},
		{"0123", "083", "Vinaphone"}, {"0124", "084", "Vinaphone"}, {"0125", "085", "Vinaphone"},
		{"0127", "081", "Vinaphone"}, {"0129", "082", "Vinaphone"},
		{"0162", "032", "Viettel"}, {"0163", "033", "Viettel"}, {"0164", "034", "Viettel"},
		{"0165", "035", "Viettel"}, {"0166", "036", "Viettel"}, {"0167", "037", "Viettel"},
		{"0168", "038", "Viettel"}, {"0169", "039", "Viettel"},
		{"0186", "056", "Vietnamobile"}, {"0188", "058", "Vietnamobile"},
		{"0199", "059", "Gmobile"},
	}
	const last7 = "4567890"
	for _, c := range conversions {
		t.Run(c.from, func(t *testing.T) {
			want := c.to + last7
			for _, in := range []string{
				c.from + last7,
				c.from + " " + last7[:3] + " " + last7[3:],
				"+84 " + c.from[1:] + " " + last7,
				"(+84) " + c.from + last7,
				"84" + c.from[1:] + last7,
				"0084" + c.from[1:] + last7,
			} {
				_, err := Parse(in)
				var pe *Error
				require.ErrorAs(t, err, &pe, in)
				assert.Equal(t, CodeOutdated, pe.Code, in)
				assert.Equal(t, want, pe.Current.Digits(), in)
				assert.Equal(t, Mobile, pe.Current.Type(), in)
				assert.Equal(t, c.carrier, pe.Current.Carrier(), in)
				assert.Contains(t, pe.Reason, c.from, in)
				assert.Contains(t, err.Error(), pe.Current.National(), in)
			}
			// The old prefix with a new number's length is nothing.
			_, err := Parse(c.from + last7[1:])
			var pe *Error
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, CodeInvalid, pe.Code)
		})
	}
	// 01xx prefixes that were never converted.
	for _, in := range []string{"01604567890", "01614567890", "01874567890", "01894567890", "01984567890", "01304567890"} {
		_, err := Parse(in)
		assert.ErrorIs(t, err, ErrInvalid, in)
	}
}

func TestCarriers(t *testing.T) {
	// The plan's table of mobile prefixes.
	plan := map[string][]string{
		"Viettel":      {"032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098"},
		"Vinaphone":    {"081", "082", "083", "084", "085", "088", "091", "094"},
		"MobiFone":     {"070", "076", "077", "078", "079", "089", "090", "093"},
		"Vietnamobile": {"052", "056", "058", "092"},
		"Gmobile":      {"059", "099"},
		"Itelecom":     {"087"},
		"Wintel":       {"055"},
	}
	assigned := map[string]bool{}
	for carrier, prefixes := range plan {
		for _, pre := range prefixes {
			assigned[pre] = true
			t.Run(pre, func(t *testing.T) {
				for _, d := range "0123456789" {
					in := pre + string(d) + "123456"
					p, err := Parse(in)
					require.NoError(t, err, in)
					assert.Equal(t, Mobile, p.Type(), in)
					assert.Equal(t, carrier, p.Carrier(), in)
					assert.Equal(t, "", p.Area(), in)
				}
			})
		}
	}
	// Every other 0x prefix outside the landlines (02) is refused as a
	// 10-digit number.
	for d1 := '1'; d1 <= '9'; d1++ {
		for d2 := '0'; d2 <= '9'; d2++ {
			pre := "0" + string(d1) + string(d2)
			if assigned[pre] || d1 == '2' {
				continue
			}
			_, err := Parse(pre + "1234567")
			var pe *Error
			require.ErrorAs(t, err, &pe, pre)
			assert.Equal(t, CodeInvalid, pe.Code, pre)
		}
	}
}

func TestAreas(t *testing.T) {
	for _, c := range []struct{ code, area string }{
		{"024", "Hà Nội"}, {"028", "TP. Hồ Chí Minh"}, {"0236", "Đà Nẵng"},
		{"0210", "Phú Thọ"}, {"0211", "Vĩnh Phúc"}, {"0218", "Hòa Bình"}, {"0219", "Hà Giang"},
		{"0299", "Sóc Trăng"}, {"0292", "Cần Thơ"}, {"0225", "Hải Phòng"},
	} {
		sub := " 345 6789"
		if len(c.code) == 3 {
			sub = " 3456 7890"
		}
		p, err := Parse(c.code + sub)
		require.NoError(t, err, c.code)
		assert.Equal(t, FixedLine, p.Type(), c.code)
		assert.Equal(t, c.area, p.Area(), c.code)
		assert.Equal(t, "", p.Carrier(), c.code)
		assert.Len(t, p.Digits(), 11, c.code)
	}
	// Codes between the assigned ones are refused.
	for _, code := range []string{"0200", "0201", "0202", "0217", "0223", "0224", "0230", "0231", "0240", "0250", "0253", "0264", "0268", "0278", "0279", "0295", "0298"} {
		_, err := Parse(code + " 345 6789")
		assert.ErrorIs(t, err, ErrInvalid, code)
	}
}

func TestZeroAndText(t *testing.T) {
	var zero Number
	assert.True(t, zero.IsZero())
	assert.Equal(t, "", zero.E164())
	assert.Equal(t, "", zero.National())
	assert.Equal(t, "", zero.Digits())
	assert.Equal(t, "", zero.String())
	assert.Equal(t, "", zero.Carrier())
	assert.Equal(t, "", zero.Area())
	assert.Equal(t, Type(0), zero.Type())
	text, err := zero.MarshalText()
	require.NoError(t, err)
	assert.Empty(t, text)

	p, err := Parse("0912 345 678")
	require.NoError(t, err)
	text, err = p.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "+84912345678", string(text))

	var back Number
	require.NoError(t, back.UnmarshalText(text))
	assert.Equal(t, p, back)
	require.NoError(t, back.UnmarshalText(nil))
	assert.True(t, back.IsZero(), "empty text is no number")

	back = p
	err = back.UnmarshalText([]byte("0912 ABC 678"))
	assert.ErrorIs(t, err, ErrInvalid)
	assert.Equal(t, p, back, "an error leaves the Number as it was")

	service, err := Parse("1900 1234")
	require.NoError(t, err)
	text, err = service.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "19001234", string(text))
	require.NoError(t, back.UnmarshalText(text))
	assert.Equal(t, service, back)

	// JSON goes through the text methods.
	type form struct {
		Number Number `json:"phone"`
		Type   Type   `json:"type"`
	}
	b, err := json.Marshal(form{Number: p, Type: p.Type()})
	require.NoError(t, err)
	assert.JSONEq(t, `{"phone":"+84912345678","type":"mobile"}`, string(b))
	var f form
	require.NoError(t, json.Unmarshal([]byte(`{"phone":"(+84) 0912.345.678"}`), &f))
	assert.Equal(t, p, f.Number)
	var outdated *Error
	require.ErrorAs(t, json.Unmarshal([]byte(`{"phone":"0162 345 6789"}`), &f), &outdated)
	assert.Equal(t, "0323 456 789", outdated.Current.National())

	// A comparable value: one map entry however it was typed.
	seen := map[Number]int{}
	for _, in := range []string{"0912345678", "+84 912 345 678", "０９１２３４５６７８", "0084 (0) 912-345-678"} {
		q, err := Parse(in)
		require.NoError(t, err, in)
		seen[q]++
	}
	assert.Equal(t, map[Number]int{p: 4}, seen)
}

func TestTypeText(t *testing.T) {
	for typ, want := range map[Type]string{
		0: "unknown", Mobile: "mobile", FixedLine: "fixed_line", TollFree: "toll_free", Premium: "premium", 200: "unknown",
	} {
		assert.Equal(t, want, typ.String())
		b, err := typ.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, want, string(b))
	}
}

func TestError(t *testing.T) {
	_, err := Parse("0912 ABC 678")
	assert.EqualError(t, err, "phone: invalid number: letters in the number")
	_, err = Parse("0162 345 6789")
	assert.EqualError(t, err, "phone: number has changed: old 11-digit mobile with prefix 0162, renumbered in 2018; now 0323 456 789")

	var nilErr *Error
	assert.Equal(t, "phone: invalid number", nilErr.Error())
	assert.Equal(t, ErrInvalid, nilErr.Unwrap())
	assert.Equal(t, "phone: invalid number", (&Error{}).Error())
	assert.ErrorIs(t, &Error{Code: "something else"}, ErrInvalid)
	assert.True(t, errors.Is(&Error{Code: CodeOutdated}, ErrOutdated))
}

func TestParseDoesNotAllocate(t *testing.T) {
	for _, in := range []string{
		"0912345678",
		"0912 345 678",
		"091-234-5678",
		"+84 (0) 912 345 678",
		"(+84) 912.345.678",
		"＋８４ ９１２ ３４５ ６７８",
		"\u00a00912\u200b345678\u3000",
		"(028) 3822 1234",
		"0236 3821 234",
		"1900 123456",
	} {
		t.Run(in, func(t *testing.T) {
			var p Number
			var err error
			allocs := testing.AllocsPerRun(100, func() {
				p, err = Parse(in)
			})
			require.NoError(t, err)
			assert.False(t, p.IsZero())
			assert.Zero(t, allocs)
		})
	}
}

func TestParseLongInputIsCutShort(t *testing.T) {
	// Refused on its length alone: the answer does not depend on what
	// lies past byte 64, not even on whether it is UTF-8.
	long := "0912345678" + strings.Repeat(" ", 60) + "\xff"
	_, err := Parse(long)
	var pe *Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "longer than 64 bytes", pe.Reason)

	// Exactly 64 bytes is still read.
	edge := "0912345678" + strings.Repeat(" ", 54)
	require.Len(t, edge, 64)
	_, err = Parse(edge)
	assert.NoError(t, err)
	// The longest typing we know fits.
	longest := " ＋８４ (０) ２４ ３８２５ １２３４ "
	assert.LessOrEqual(t, len(longest), 64)
	assert.True(t, utf8.ValidString(longest))
	_, err = Parse(longest)
	assert.NoError(t, err)
}

// samplePath finds shared/data/phones/sample.tsv, which lives beside
// the repository and is not part of it (its terms forbid copying it in).
// BINHLUAN_SHARED names the shared folder; without it the folder is looked
// for next to the module root. Without the file the test is skipped, or
// fails under BINHLUAN_REQUIRE_SERVICES=1, as in CI, where the shared
// folder is beside the checkout.
func samplePath(t *testing.T) string {
	t.Helper()
	rel := filepath.Join("data", "phones", "sample.tsv")
	if dir := os.Getenv("BINHLUAN_SHARED"); dir != "" {
		path := filepath.Join(dir, rel)
		_, err := os.Stat(path)
		require.NoError(t, err, "BINHLUAN_SHARED is set, so the sample must be there")
		return path
	}
	var tried []string
	if root := moduleRoot(); root != "" {
		tried = append(tried, filepath.Join(root, "..", "shared", rel))
	}
	for _, path := range tried {
		if _, err := os.Stat(path); err == nil {
			return path
		}
	}
	testenv.Skip(t, "the libphonenumber-labelled sample is not here (tried %s); set BINHLUAN_SHARED=/path/to/shared to name its folder", strings.Join(tried, ", "))
	return ""
}

// moduleRoot returns the folder of the go.mod above the working
// directory, or "".
func moduleRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// sampleRow is one labelled input of sample.tsv.
type sampleRow struct {
	in, valid, typ, e164, carrier string
}

func readSample(t *testing.T, path string) []sampleRow {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	unescape := strings.NewReplacer(`\\`, `\`, `\t`, "\t", `\n`, "\n", `\r`, "\r", `\0`, "\x00")
	var rows []sampleRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	require.True(t, sc.Scan(), "header")
	require.Equal(t, "input\tvalid\ttype\te164\tcarrier", sc.Text())
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		require.Len(t, cols, 5, "row %q", sc.Text())
		rows = append(rows, sampleRow{unescape.Replace(cols[0]), cols[1], cols[2], cols[3], cols[4]})
	}
	require.NoError(t, sc.Err())
	return rows
}

// verdict sums up what Parse says about s: "valid <type>
// <E164>", "outdated <new digits>" or "invalid".
func verdict(s string) string {
	p, err := Parse(s)
	var pe *Error
	switch {
	case err == nil:
		return "valid " + p.Type().String() + " " + p.E164()
	case errors.As(err, &pe) && pe.Code == CodeOutdated:
		return "outdated " + pe.Current.Digits()
	}
	return "invalid"
}

// sampleDifferences lists every input of sample.tsv on which we part
// from libphonenumber's label: our verdict and the policy behind it.
var sampleDifferences = map[string]struct{ ours, reason string }{
	// The plan assigns the whole of 052, 055, 089 and 099; libphonenumber
	// knows only parts of them.
	"0525105175":         {"valid mobile +84525105175", "052x outside 0522/0523/0528: assigned to Vietnamobile by the plan"},
	"0521106704\n":       {"valid mobile +84521106704", "052x outside 0522/0523/0528: Vietnamobile by the plan; a trailing newline is white space we trim (the Go port fails on it)"},
	"+84551240075":       {"valid mobile +84551240075", "055x outside 0559: assigned to Wintel by the plan"},
	"+84-555-085-555":    {"valid mobile +84555085555", "055x outside 0559: assigned to Wintel by the plan"},
	"0558 359788":        {"valid mobile +84558359788", "055x outside 0559: assigned to Wintel by the plan"},
	"0892906256":         {"valid mobile +84892906256", "0890–0895: assigned to MobiFone by the plan (089)"},
	"(+84) 0895 076 346": {"valid mobile +84895076346", "0890–0895: assigned to MobiFone by the plan (089)"},
	"0992935419":         {"valid mobile +84992935419", "0992 + 6 digits: Gmobile's 099 by the plan (only 0992 + 7 digits was satellite)"},

	// libphonenumber accepts ranges the plan does not have.
	"0309540117":   {"invalid", "030 is not assigned by the plan; libphonenumber's 030/031 have no public source"},
	"0510696897":   {"invalid", "051 is not assigned by the plan; libphonenumber's 051x has no public source"},
	"0160964046":   {"invalid", "10-digit 0160: not in the plan (libphonenumber's range without a public source)"},
	"0121 100 326": {"invalid", "10-digit 01210–01213: not in the plan (libphonenumber's range without a public source)"},
	"+84121334303": {"invalid", "10-digit 01210–01213: not in the plan (libphonenumber's range without a public source)"},
	"080 28427":    {"invalid", "080 + 5 digits: not in the plan, libphonenumber calls it UAN without a public source"},
	"080 88638":    {"invalid", "080 + 5 digits: not in the plan, libphonenumber calls it UAN without a public source"},
	"080 61852":    {"invalid", "080 + 5 digits: not in the plan, libphonenumber calls it UAN without a public source"},

	// Old 11-digit mobiles: libphonenumber only says invalid.
	"01207829098":       {"outdated 0707829098", "old 11-digit mobile: outdated (0120 → 070), libphonenumber says invalid"},
	"841215870935":      {"outdated 0795870935", "old 11-digit mobile: outdated (0121 → 079), libphonenumber says invalid"},
	"0122-188-7882":     {"outdated 0771887882", "old 11-digit mobile: outdated (0122 → 077), libphonenumber says invalid"},
	"00841266240638":    {"outdated 0766240638", "old 11-digit mobile: outdated (0126 → 076), libphonenumber says invalid"},
	"(+84) 01283411520": {"outdated 0783411520", "old 11-digit mobile: outdated (0128 → 078), libphonenumber says invalid"},
	"01230894999":       {"outdated 0830894999", "old 11-digit mobile: outdated (0123 → 083), libphonenumber says invalid"},
	"0124 446 9189":     {"outdated 0844469189", "old 11-digit mobile: outdated (0124 → 084), libphonenumber says invalid"},
	"(+84) 01254039374": {"outdated 0854039374", "old 11-digit mobile: outdated (0125 → 085), libphonenumber says invalid"},
	"0127 980 1136":     {"outdated 0819801136", "old 11-digit mobile: outdated (0127 → 081), libphonenumber says invalid"},
	"０１２９２８４３５５１":       {"outdated 0822843551", "old 11-digit mobile: outdated (0129 → 082), libphonenumber says invalid"},
	"+84 162 942 4552":  {"outdated 0329424552", "old 11-digit mobile: outdated (0162 → 032), libphonenumber says invalid"},
	"0163-302-7774":     {"outdated 0333027774", "old 11-digit mobile: outdated (0163 → 033), libphonenumber says invalid"},
	"01649106439":       {"outdated 0349106439", "old 11-digit mobile: outdated (0164 → 034), libphonenumber says invalid"},
	"0165 205 6181":     {"outdated 0352056181", "old 11-digit mobile: outdated (0165 → 035), libphonenumber says invalid"},
	"0166-575-8773":     {"outdated 0365758773", "old 11-digit mobile: outdated (0166 → 036), libphonenumber says invalid"},
	"+84 167 366 6618":  {"outdated 0373666618", "old 11-digit mobile: outdated (0167 → 037), libphonenumber says invalid"},
	"00841683040060":    {"outdated 0383040060", "old 11-digit mobile: outdated (0168 → 038), libphonenumber says invalid"},
	"841694523927":      {"outdated 0394523927", "old 11-digit mobile: outdated (0169 → 039), libphonenumber says invalid"},
	"+84 186 947 1911":  {"outdated 0569471911", "old 11-digit mobile: outdated (0186 → 056), libphonenumber says invalid"},
	"0188.881.1290":     {"outdated 0588811290", "old 11-digit mobile: outdated (0188 → 058), libphonenumber says invalid"},
	"00841995247242":    {"outdated 0595247242", "old 11-digit mobile: outdated (0199 → 059), libphonenumber says invalid"},

	// A missing leading 0: we refuse, libphonenumber adds it.
	"881083522":    {"invalid", "no leading 0: we refuse a bare national number, libphonenumber adds the 0"},
	"795644149":    {"invalid", "no leading 0: we refuse a bare national number, libphonenumber adds the 0"},
	"810 12 34 56": {"invalid", "no leading 0: we refuse a bare national number, libphonenumber adds the 0"},
	"318408483":    {"invalid", "no leading 0 (and 031 is not assigned by the plan): we refuse, libphonenumber adds the 0"},

	// 1800/1900: the same number, but no E.164 form.
	"19009309":    {"valid premium 19009309", "1900 number: no E.164 form from abroad, we give the dialled digits"},
	"1900 256175": {"valid premium 1900256175", "1900 number: no E.164 form from abroad, we give the dialled digits"},
	"1800 1091":   {"valid toll_free 18001091", "1800 number: no E.164 form from abroad, we give the dialled digits"},

	// Letters and other text: we refuse, libphonenumber reads past them.
	"O811732803":                {"invalid", "letters in the number: we refuse, libphonenumber drops a stray letter O"},
	"O819456367":                {"invalid", "letters in the number: we refuse, libphonenumber drops a stray letter O"},
	"O357891199":                {"invalid", "letters in the number: we refuse, libphonenumber drops a stray letter O"},
	"033241e6706":               {"invalid", "letters in the number: we refuse, libphonenumber drops a stray letter e"},
	"tel:+84-523-594-804":       {"invalid", "a tel: link is text before the number: we refuse"},
	"Số điện thoại: 0338137330": {"invalid", "text before the number: we refuse"},
	"#0389557304":               {"invalid", "# is not a separator (it marks codes and extensions): we refuse"},
	"0949 765 063 ext 12":       {"invalid", "an extension: we refuse, libphonenumber drops it"},
	"[0336884578]":              {"invalid", "square brackets are not among the separators we accept"},

	// Punctuation after the number, as a sentence ends: we read past it.
	"0398459520!": {"valid mobile +84398459520", "an exclamation mark after the last digit ends the sentence, not the number: we accept, libphonenumber refuses"},
}

func TestParseSample(t *testing.T) {
	rows := readSample(t, samplePath(t))
	require.Len(t, rows, 301)
	inSample := map[string]bool{}
	agree := 0
	for _, r := range rows {
		inSample[r.in] = true
		theirs := "invalid"
		if r.valid == "true" {
			theirs = "valid " + r.typ + " " + r.e164
		}
		ours := verdict(r.in)
		if ours == theirs {
			agree++
			if r.valid == "true" && r.typ == "mobile" {
				p, _ := Parse(r.in)
				assert.Equal(t, libCarrier(r.carrier, p), p.Carrier(), "carrier of %q", r.in)
			}
			continue
		}
		d, ok := sampleDifferences[r.in]
		if !ok {
			t.Errorf("undocumented difference on %q: ours %s, libphonenumber %s; document it in sampleDifferences as\n\t%q: {%q, \"<the policy>\"},", r.in, ours, theirs, r.in, ours)
			continue
		}
		assert.Equal(t, d.ours, ours, "our verdict on %q changed", r.in)
		t.Logf("%q → ours %s, libphonenumber %s: %s", r.in, ours, theirs, d.reason)
	}
	for in := range sampleDifferences {
		assert.True(t, inSample[in], "documented difference %q is not in the sample any more", in)
	}
	t.Logf("%d of %d rows agree with libphonenumber, %d differ by policy", agree, len(rows), len(rows)-agree)
}

// libCarrier translates libphonenumber's carrier name for p into the
// plan's. Its names are older: G-Mobile became Gmobile, Reddi became
// Wintel, 0998–0999 belonged to Indochina Telecom before Gmobile, and 087
// is Itelecom's, a virtual operator on Vinaphone's network. It has no name
// for 0990–0991, where the plan's (Gmobile) is taken.
func libCarrier(theirs string, p Number) string {
	switch {
	case theirs == "G-Mobile", theirs == "Indochina Telecom":
		return "Gmobile"
	case theirs == "Reddi":
		return "Wintel"
	case theirs == "Vinaphone" && strings.HasPrefix(p.Digits(), "087"):
		return "Itelecom"
	case theirs == "":
		return p.Carrier()
	}
	return theirs
}

// libVerdict is verdict for libphonenumber: Parse with region
// VN, then IsValidNumberForRegion, and the number's type.
func libVerdict(s string) (string, *phonenumbers.PhoneNumber) {
	num, err := phonenumbers.Parse(s, "VN")
	if err != nil || !phonenumbers.IsValidNumberForRegion(num, "VN") {
		return "invalid", nil
	}
	typ := "other"
	switch phonenumbers.GetNumberType(num) {
	case phonenumbers.MOBILE:
		typ = "mobile"
	case phonenumbers.FIXED_LINE:
		typ = "fixed_line"
	case phonenumbers.TOLL_FREE:
		typ = "toll_free"
	case phonenumbers.PREMIUM_RATE:
		typ = "premium"
	case phonenumbers.UAN:
		typ = "uan"
	case phonenumbers.VOIP:
		typ = "voip"
	}
	return "valid " + typ + " " + phonenumbers.Format(num, phonenumbers.E164), num
}

// genCase is one generated input: a national significant number nsn
// (the digits after the 0, or a 1800/1900 number) in one typing.
type genCase struct {
	in, form, nsn  string
	ours, theirs   string // verdict and libVerdict
	oursV, theirsV string // the first word of each
}

// libClasses are the policies by which we part from libphonenumber on
// generated numbers, each recognised by what it covers.
var libClasses = []struct {
	policy string
	match  func(c genCase) bool
}{
	{"no leading 0: we refuse a bare national number, libphonenumber adds the 0", func(c genCase) bool {
		return c.form == "bare" && c.oursV == "invalid" && !vnphone.IsService([]byte(c.nsn))
	}},
	{"030, 031, 051 and 095 are not assigned by the plan; libphonenumber calls them mobile", func(c genCase) bool {
		return c.oursV == "invalid" && strings.HasPrefix(c.theirs, "valid mobile") && len(c.nsn) == 9 &&
			(hasAnyPrefix(c.nsn, "30", "31", "51", "95"))
	}},
	{"10-digit 0160 and 01210–01213: not in the plan, libphonenumber's mobile ranges without a public source", func(c genCase) bool {
		return c.oursV == "invalid" && strings.HasPrefix(c.theirs, "valid mobile") && len(c.nsn) == 9 &&
			hasAnyPrefix(c.nsn, "160", "1210", "1211", "1212", "1213")
	}},
	{"052, 055, 089 and 0992 + 6 digits: the plan gives all of them to Vietnamobile, Wintel, MobiFone and Gmobile", func(c genCase) bool {
		return strings.HasPrefix(c.ours, "valid mobile") && c.theirsV == "invalid" && len(c.nsn) == 9 &&
			hasAnyPrefix(c.nsn, "52", "55", "89", "992")
	}},
	{"old 11-digit mobile: outdated, libphonenumber says invalid", func(c genCase) bool {
		return c.oursV == "outdated" && c.theirsV == "invalid"
	}},
	{"0672 + 7 digits: the satellite numbers that replaced 0992 + 7; libphonenumber has 0672 + 6 as VoIP instead", func(c genCase) bool {
		return strings.HasPrefix(c.nsn, "672") &&
			((len(c.nsn) == 10 && strings.HasPrefix(c.ours, "valid fixed_line") && c.theirsV == "invalid") ||
				(len(c.nsn) == 9 && c.oursV == "invalid" && strings.HasPrefix(c.theirs, "valid voip")))
	}},
	{"libphonenumber's UAN ranges (080, 069, 0199 and 0799 short numbers) are not in the plan", func(c genCase) bool {
		return c.oursV == "invalid" && strings.HasPrefix(c.theirs, "valid uan")
	}},
	{"libphonenumber's toll free 1201, 1203 and 1228 + 4 digits are not in the plan", func(c genCase) bool {
		return c.oursV == "invalid" && strings.HasPrefix(c.theirs, "valid toll_free") && hasAnyPrefix(c.nsn, "1201", "1203", "1228")
	}},
	{"1800/1900 + 5 digits: the plan has 4 or 6", func(c genCase) bool {
		return c.oursV == "invalid" && vnphone.IsService([]byte(c.nsn)) && len(c.nsn) == 9
	}},
	{"1800/1900 with +84 or 0 before it: dialled only as is, from inside Vietnam", func(c genCase) bool {
		return c.oursV == "invalid" && vnphone.IsService([]byte(c.nsn)) && c.form != "bare"
	}},
	{"1800/1900: no E.164 form from abroad, we give the dialled digits", func(c genCase) bool {
		return c.oursV == "valid" && vnphone.IsService([]byte(c.nsn)) && c.ours == strings.Replace(c.theirs, "+84", "", 1)
	}},
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// generated types every 3-digit start of a national number, at every
// length from 6 to 10 digits, at home (with 0), bare (without it) and in
// one of the international typings, taking turns; and every 4-digit start
// beginning with 1 (old mobiles, service numbers) at 8 to 10 digits, at
// home and bare, and
// 1800 and 1900 in every international typing too.
func generated() []genCase {
	const tail = "2345678901"
	intl := []func(nsn string) string{
		func(nsn string) string { return "+84 " + nsn },
		func(nsn string) string { return "0084" + nsn },
		func(nsn string) string { return "(+84) 0" + nsn },
		func(nsn string) string { return "+84 (0) " + nsn[:2] + " " + nsn[2:] },
		func(nsn string) string { return "84" + nsn },
	}
	var cases []genCase
	add := func(form, nsn, in string) {
		cases = append(cases, genCase{in: in, form: form, nsn: nsn})
	}
	turn := 0
	for start := 100; start <= 999; start++ {
		for n := 6; n <= 10; n++ {
			nsn := fmt.Sprint(start) + tail[:n-3]
			add("home", nsn, "0"+nsn)
			add("bare", nsn, nsn)
			form := intl[turn%len(intl)]
			turn++
			if n < 9 && turn%len(intl) == 0 {
				// 84 without a plus is read as a country code only before a
				// whole number.
				form = intl[0]
			}
			add("intl", nsn, form(nsn))
		}
	}
	for start := 1000; start <= 1999; start++ {
		for n := 8; n <= 10; n++ {
			nsn := fmt.Sprint(start) + tail[:n-4]
			add("home", nsn, "0"+nsn)
			add("bare", nsn, nsn)
			if vnphone.IsService([]byte(nsn)) {
				for _, form := range intl {
					add("intl", nsn, form(nsn))
				}
			}
		}
	}
	// libphonenumber is slow under the race detector: share the work out.
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(cases); i += workers {
				c := &cases[i]
				c.ours = verdict(c.in)
				c.theirs, _ = libVerdict(c.in)
				c.oursV, _, _ = strings.Cut(c.ours, " ")
				c.theirsV, _, _ = strings.Cut(c.theirs, " ")
			}
		})
	}
	wg.Wait()
	return cases
}

func TestParseAgainstLibphonenumber(t *testing.T) {
	cases := generated()
	hits := make([]int, len(libClasses))
	agree := 0
	for _, c := range cases {
		if c.ours == c.theirs || (c.oursV == "invalid" && c.theirsV == "invalid") {
			agree++
			if strings.HasPrefix(c.ours, "valid mobile") {
				p, _ := Parse(c.in)
				num, _ := phonenumbers.Parse(c.in, "VN")
				theirs, _ := phonenumbers.GetCarrierForNumber(num, "en")
				assert.Equal(t, libCarrier(theirs, p), p.Carrier(), "carrier of %q", c.in)
			}
			continue
		}
		found := false
		for i, class := range libClasses {
			if class.match(c) {
				hits[i]++
				found = true
				break
			}
		}
		if !found {
			t.Errorf("undocumented difference on %q (%s): ours %s, libphonenumber %s", c.in, c.form, c.ours, c.theirs)
		}
	}
	for i, class := range libClasses {
		assert.NotZero(t, hits[i], "the documented difference %q no longer occurs", class.policy)
		t.Logf("%5d × %s", hits[i], class.policy)
	}
	t.Logf("%d of %d generated inputs agree with libphonenumber", agree, len(cases))
}

func TestParseTrailingPunctuation(t *testing.T) {
	const vina = "+84912345678"
	cases := []struct {
		in     string
		e164   string // "" when refused
		reason string
	}{
		{"0912 345 678.", vina, ""},
		{"0912 345 678,", vina, ""},
		{"0912 345 678;", vina, ""},
		{"0912 345 678:", vina, ""},
		{"0912 345 678!", vina, ""},
		{"0912 345 678?", vina, ""},
		{"0912 345 678…", vina, ""},
		{"0912.345.678.", vina, ""},
		{"0912 345 678 .", vina, ""},
		{"0912 345 678...", vina, ""},
		{"0912 345 678!!!", vina, ""},
		{"0912 345 678).", vina, ""},
		{"0912 345 678]", vina, ""},
		{"０９１２　３４５　６７８。", vina, ""},
		{"０９１２３４５６７８．", vina, ""},
		{"０９１２３４５６７８，", vina, ""},
		{"(0912 345 678).", vina, ""},
		{"(024) 3825 1234.", "+842438251234", ""},
		{"1900 1234.", "19001234", ""},
		{"0162 345 6789.", "", "old 11-digit mobile with prefix 0162, renumbered in 2018"},

		// Never inside the number, and only punctuation a sentence ends
		// with.
		{"0912, 345 678", "", "unexpected character ','"},
		{"0912! 345 678", "", "unexpected character '!'"},
		{"0912.,345.678", "", "unexpected character ','"},
		{"0912 345 678.-", "", "a separator that is not between digits"},
		{"0912 345 678-.", "", "a separator that is not between digits"},
		{"0912 345 678\"", "", "unexpected character '\"'"},
		{"(0912 345 678.", "", "unbalanced or misplaced parentheses"},
		{"0912 345 67.", "", "9 digits, a mobile needs 10 with the 0"},
		{"0912345678;12", "", "an extension after the number"},
		{"0912345678, 0987654321.", "", "two numbers in one field"},
		{"0912 345 678 (anh Nam).", "", "words around the number"},
		{".0912 345 678", "", "a separator that is not between digits"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			p, err := Parse(c.in)
			if c.e164 != "" {
				require.NoError(t, err)
				assert.Equal(t, c.e164, p.E164())
				return
			}
			var pe *Error
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, c.reason, pe.Reason)
		})
	}
}
