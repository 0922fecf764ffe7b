package vnphone

import (
	"strings"
	"testing"
)

func TestValid(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{"0912345678", true},              // Vinaphone mobile
		{"0323456789", true},              // Viettel, after 2018
		{"84912345678", true},             // country code without its plus
		{"840912345678", true},            // country code and the trunk 0
		{"0084912345678", true},           // international prefix
		{"00840912345678", true},          // international prefix and trunk 0
		{"02438251234", true},             // Hà Nội landline
		{"02838251234", true},             // TP. Hồ Chí Minh landline
		{"02363821234", true},             // Đà Nẵng landline
		{"8402363821234", true},           // the same from abroad
		{"06721234567", true},             // satellite
		{"18001234", true},                // toll-free, 4 digits
		{"1900123456", true},              // premium, 6 digits
		{"01623456789", true},             // old Viettel mobile, renumbered
		{"841623456789", true},            // the same from abroad
		{"09921234567", true},             // old satellite number
		{"0992123456", true},              // Gmobile 0992 + 6
		{"", false},                       // nothing
		{"0", false},                      // too short
		{"091234567", false},              // 9 digits
		{"09123456789", false},            // 11-digit mobile
		{"912345678", false},              // no trunk 0
		{"8491234567", false},             // 84 + 8 digits
		{"0301234567", false},             // unassigned prefix 030
		{"0951234567", false},             // unassigned prefix 095
		{"02171234567", false},            // unassigned area code 0217
		{"02418251234", false},            // 024 + a subscriber starting with 1
		{"0243825123", false},             // Hà Nội, one digit short
		{"01303456789", false},            // 0130 was never a mobile prefix
		{"0162345678", false},             // old prefix, 10 digits
		{"018001234", false},              // 1800 takes no 0
		{"8418001234", false},             // nor a country code
		{"180012345", false},              // 1800 + 5 digits
		{"113", false},                    // emergency
		{"0012025550123", false},          // United States
		{"0912 345 678", false},           // not separator-free
		{"+84912345678", false},           // plus not dropped
		{"０９１２３４５６７８", false},             // full-width digits
		{"0912345678" + "0912345", false}, // two numbers run together
		{strings.Repeat("0", 16), false},  // longer than any typing
	}
	for _, c := range cases {
		if got := Valid(c.in); got != c.want {
			t.Errorf("Valid(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestParse(t *testing.T) {
	cases := []struct {
		in     string
		plus   bool
		why    Why
		nsn    string
		typ    Type
		reason string
	}{
		{"84912345678", true, OK, "912345678", Mobile, ""},
		{"0912345678", true, Foreign, "", 0, "a foreign number: the country code is not 84"},
		{"01623456789", false, Outdated, "323456789", Mobile, "old 11-digit mobile with prefix 0162, renumbered in 2018"},
		{"09921234567", false, Outdated, "6721234567", FixedLine, "old satellite number with prefix 0992, renumbered in 2018"},
		{"841800123456", true, ServiceIntl, "", 0, "1800 and 1900 numbers cannot be called from abroad, so take no +84"},
		{"019001234", false, ServiceZero, "", 0, "1800 and 1900 numbers are dialled without a 0"},
		{"190012345", false, ServiceLen, "", 0, "9 digits, a 1800 or 1900 number needs 8 or 10"},
		{"115", false, Emergency, "", 0, "emergency number 115, not a number to call back"},
		{"0301234567", false, Prefix, "", 0, "unknown prefix 030"},
		{"02171234567", false, Area, "", 0, "unknown area code 0217"},
		{"091234567", false, MobileLen, "", 0, "9 digits, a mobile needs 10 with the 0"},
		{"0243825123", false, LandLen, "", 0, "10 digits, a landline needs 11 with the 0"},
		{"016234567890", false, OldLen, "", 0, "12 digits with the old mobile prefix 0162, which had 11"},
		{"02418251234", false, Subscriber, "", 0, "no subscriber number after 024 starts with 1"},
		{"912345678", false, NoZero, "", 0, "no leading 0: a number starts with 0 at home or +84 from abroad"},
		{"12345", false, Short, "", 0, "5 digits, too short for a phone number"},
		{strings.Repeat("1", 16), false, ManyDigits, "", 0, "16 digits, too many for a phone number"},
	}
	for _, c := range cases {
		n, f := Parse([]byte(c.in), c.plus)
		if f.Why != c.why || string(n.Digits()) != c.nsn || n.Type != c.typ || f.Reason() != c.reason {
			t.Errorf("Parse(%q, %v) = %q %v, %v %q; want %q %v, %v %q",
				c.in, c.plus, n.Digits(), n.Type, f.Why, f.Reason(), c.nsn, c.typ, c.why, c.reason)
		}
	}
}

func TestCarrierAndArea(t *testing.T) {
	cases := []struct {
		in, carrier, area string
	}{
		{"0323456789", "Viettel", ""},
		{"0912345678", "Vinaphone", ""},
		{"0901234567", "MobiFone", ""},
		{"0921234567", "Vietnamobile", ""},
		{"0991234567", "Gmobile", ""},
		{"0871234567", "Itelecom", ""},
		{"0551234567", "Wintel", ""},
		{"02438251234", "", "Hà Nội"},
		{"02838251234", "", "TP. Hồ Chí Minh"},
		{"02363821234", "", "Đà Nẵng"},
		{"02993821234", "", "Sóc Trăng"},
		{"06721234567", "", ""},
		{"18001234", "", ""},
	}
	for _, c := range cases {
		n, f := Parse([]byte(c.in), false)
		if f.Why != OK {
			t.Fatalf("Parse(%q): %s", c.in, f.Reason())
		}
		if got := Carrier(&n); got != c.carrier {
			t.Errorf("Carrier(%q) = %q, want %q", c.in, got, c.carrier)
		}
		if got := AreaName(&n); got != c.area {
			t.Errorf("AreaName(%q) = %q, want %q", c.in, got, c.area)
		}
	}
	var zero Number
	if Carrier(&zero) != "" || AreaName(&zero) != "" {
		t.Error("the zero Number has a carrier or an area")
	}
}

func TestValidDoesNotAllocate(t *testing.T) {
	inputs := []string{"0912345678", "841623456789", "02171234567", "x"}
	allocs := testing.AllocsPerRun(100, func() {
		for _, s := range inputs {
			Valid(s)
		}
	})
	if allocs != 0 {
		t.Errorf("Valid allocates %v times per run", allocs)
	}
}

// FuzzValid checks that Valid never panics and agrees with itself across
// the national and international forms of the same number.
func FuzzValid(f *testing.F) {
	for _, s := range []string{"0912345678", "01623456789", "02438251234", "18001234", "84912345678", "0084", "1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ok := Valid(s)
		if len(s) < 2 || s[0] != '0' || s[1] == '0' || len(s) > MaxDigits-2 {
			return
		}
		// A national number keeps its answer with 84 for its 0 and with
		// 0084 before it.
		if intl := "84" + s[1:]; len(s) >= 10 && Valid(intl) != ok {
			t.Errorf("Valid(%q) = %v but Valid(%q) = %v", s, ok, intl, !ok)
		}
		if intl := "0084" + s[1:]; Valid(intl) != ok && !strings.HasPrefix(s[1:], "1") {
			t.Errorf("Valid(%q) = %v but Valid(%q) = %v", s, ok, intl, !ok)
		}
	})
}

func BenchmarkValid(b *testing.B) {
	inputs := []string{"0912345678", "02438251234", "841623456789", "0301234567"}
	for b.Loop() {
		for _, s := range inputs {
			Valid(s)
		}
	}
}
