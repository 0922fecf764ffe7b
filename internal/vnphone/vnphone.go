// Package vnphone is Vietnam's telephone numbering plan: which digit
// strings are numbers (mobiles by carrier prefix, landlines by area code,
// 1800 and 1900 service numbers, the 11-digit mobiles renumbered in 2018),
// which carrier a mobile prefix was given to and which province an area
// code belongs to. It knows digits only; how a reader types a number
// (separators, full-width digits, letters around it) is the business of
// the callers: comment/phone, which parses form fields, and classify,
// which marks numbers in comment text.
//
// Everything here is a pure function of its arguments over tables built
// at package initialisation: safe for concurrent use, and nothing
// allocates.
package vnphone

// Type is the kind of service a number reaches. The zero value is no
// type.
type Type uint8

// The types of number the plan has.
const (
	// Mobile is a 10-digit mobile number (0 + a carrier prefix + 7 digits).
	Mobile Type = iota + 1
	// FixedLine is an 11-digit landline (0 + an area code + the subscriber
	// number), the satellite code 0672 included.
	FixedLine
	// TollFree is a 1800 number.
	TollFree
	// Premium is a 1900 number.
	Premium
)

// MaxDigits is the most digits any typing of a number has: "0084", the
// trunk 0 again and a 10-digit national significant number.
const MaxDigits = 15

// Number is a number of the plan: its national significant number (the
// digits after the trunk 0, or a 1800/1900 number as dialled) in NSN[:Len],
// zero bytes after, and its Type. Two Numbers are == exactly when they are
// the same number.
type Number struct {
	NSN  [10]byte
	Len  uint8
	Type Type
}

// Digits returns the national significant number.
func (n *Number) Digits() []byte {
	return n.NSN[:min(int(n.Len), len(n.NSN))]
}

// IsService reports whether n is a 1800 or 1900 number.
func (n *Number) IsService() bool {
	return n.Type == TollFree || n.Type == Premium
}

func newNumber(nsn []byte, t Type) Number {
	var n Number
	n.Len = uint8(copy(n.NSN[:], nsn))
	n.Type = t
	return n
}

// Why says whether digits are a number of the plan and, if not, why not.
type Why uint8

// The answers of Parse. OK and Outdated are numbers; the others are not.
const (
	OK          Why = iota
	Outdated        // an old 11-digit mobile or 0992 satellite number, renumbered in 2018
	NotDigits       // a byte that is not an ASCII digit (Valid only)
	ManyDigits      // more than MaxDigits (Fault.N)
	Foreign         // another country's code
	Short           // too few digits (Fault.N)
	Emergency       // 112–115 (Fault.Prefix without its 0)
	NoZero          // a national number without its trunk 0
	ServiceIntl     // +84 before 1800/1900
	ServiceZero     // 0 before 1800/1900
	ServiceLen      // 1800/1900 with the wrong length (Fault.N)
	Prefix          // unassigned prefix (Fault.Prefix)
	Area            // unassigned area code (Fault.Prefix)
	MobileLen       // a mobile with the wrong length (Fault.N)
	LandLen         // a landline with the wrong length (Fault.N)
	OldLen          // an old mobile prefix with the wrong length (Fault.N, Fault.Prefix)
	Subscriber      // 024/028 followed by a digit no subscriber number starts with (Fault.Prefix)
)

// Fault is Parse's answer: Why, with what its explanation shows. It holds
// no strings, so building one does not allocate.
type Fault struct {
	Why  Why
	N    int // a count of digits, as written at home (with the trunk 0)
	pre  [5]byte
	npre uint8
}

// Prefix returns the prefix the fault is about, with its 0 ("0123"), or
// "" when it is about none.
func (f *Fault) Prefix() string {
	return string(f.pre[:f.npre])
}

func fault(why Why) Fault { return Fault{Why: why} }

func faultN(why Why, n int) Fault { return Fault{Why: why, N: n} }

// faultPrefix records why with the prefix "0" + nsn[:k] and n digits.
func faultPrefix(why Why, nsn []byte, k, n int) Fault {
	f := Fault{Why: why, N: n}
	f.pre[0] = '0'
	k = min(k, len(nsn))
	f.npre = uint8(1 + copy(f.pre[1:], nsn[:k]))
	return f
}

// Valid reports whether digits, the ASCII digits of a number as typed
// with its separators removed and a leading '+' dropped, are a number of
// the plan: in national form starting with 0 ("0912345678",
// "02438251234"), in international form starting with 84 or 0084
// ("84912345678", "840912345678"), or a 1800/1900 number as dialled
// ("18001234"). Old 11-digit mobiles renumbered in 2018 count, since they
// were real numbers. It does not allocate.
func Valid(digits string) bool {
	if len(digits) > MaxDigits || len(digits) == 0 {
		return false
	}
	var d [MaxDigits]byte
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return false
		}
		d[i] = c
	}
	_, f := Parse(d[:len(digits)], false)
	return f.Why == OK || f.Why == Outdated
}

// Parse reads d, the ASCII digits of a typed number; plus says a '+' came
// before them. It returns the number and OK, for an old renumbered number
// the number it became and Outdated, and otherwise the zero Number and
// why d is not a number. d must hold ASCII digits only.
//
// The plan, as Parse applies it:
//
//   - Mobiles: 0 + 9 digits with a carrier's prefix: 032–039, 052, 055,
//     056, 058, 059, 070, 076–079, 081–094 and 096–099.
//   - Landlines: 0 + one of the 63 area codes + the subscriber number, 11
//     digits in all: 024 (Hà Nội) and 028 (TP. Hồ Chí Minh) take 8 digits,
//     the 02xx codes 7. After 024 the subscriber number starts with 2–8,
//     after 028 with 2–9. The satellite code 0672, which replaced 0992,
//     takes 7 digits.
//   - 1800 (TollFree) and 1900 (Premium) + 4 or 6 digits, as dialled:
//     without 0 and without 84.
//   - The trunk 0 may be replaced by 84 (after a plus, or with at least 11
//     digits without one) or 0084, and a 0 after those is skipped.
//   - Old 11-digit mobiles (01xx + 7 digits) and 0992 + 7 digits are
//     Outdated.
func Parse(d []byte, plus bool) (Number, Fault) {
	if len(d) > MaxDigits {
		return Number{}, faultN(ManyDigits, len(d))
	}
	if len(d) == 0 {
		return Number{}, faultN(Short, 0)
	}
	var nsn []byte
	switch {
	case plus:
		if len(d) < 2 || d[0] != '8' || d[1] != '4' {
			return Number{}, fault(Foreign)
		}
		nsn = d[2:]
	case len(d) >= 2 && d[0] == '0' && d[1] == '0':
		if len(d) < 4 || d[2] != '8' || d[3] != '4' {
			return Number{}, fault(Foreign)
		}
		nsn = d[4:]
	case d[0] == '0':
		return national(d[1:], false)
	case len(d) >= 11 && d[0] == '8' && d[1] == '4':
		// The country code without its plus: 84 912 345 678. Nine digits
		// and more are never a number with a missing 0 we would accept.
		nsn = d[2:]
	case IsService(d):
		return service(d)
	case len(d) == 3 && d[0] == '1' && d[1] == '1' && d[2] >= '2' && d[2] <= '5':
		return Number{}, faultPrefix(Emergency, d, 3, len(d))
	case len(d) < 7:
		return Number{}, faultN(Short, len(d))
	default:
		return Number{}, fault(NoZero)
	}
	// After the country code: "+84 0912…" and "+84 (0) 912…" carry the
	// trunk 0 as well.
	if len(nsn) > 0 && nsn[0] == '0' {
		nsn = nsn[1:]
	}
	return national(nsn, true)
}

// IsService reports whether d, digits as dialled, start with 1800 or 1900.
func IsService(d []byte) bool {
	return len(d) >= 4 && d[0] == '1' && (d[1] == '8' || d[1] == '9') && d[2] == '0' && d[3] == '0'
}

// service reads a 1800 or 1900 number typed as dialled.
func service(d []byte) (Number, Fault) {
	if len(d) != 8 && len(d) != 10 {
		return Number{}, faultN(ServiceLen, len(d))
	}
	if d[1] == '8' {
		return newNumber(d, TollFree), fault(OK)
	}
	return newNumber(d, Premium), fault(OK)
}

// national reads a national significant number (the digits after the
// trunk 0 or the country code); intl says it came after a country code.
func national(nsn []byte, intl bool) (Number, Fault) {
	n := len(nsn) + 1 // the digits as written at home, with the 0
	if len(nsn) < 7 {
		return Number{}, faultN(Short, n)
	}
	switch nsn[0] {
	case '1':
		if IsService(nsn) {
			if intl {
				return Number{}, fault(ServiceIntl)
			}
			return Number{}, fault(ServiceZero)
		}
		to := oldMobile[prefix2(nsn[1], nsn[2])]
		if to == 0 {
			return Number{}, faultPrefix(Prefix, nsn, 3, n)
		}
		if len(nsn) != 10 {
			return Number{}, faultPrefix(OldLen, nsn, 3, n)
		}
		var cur [9]byte
		cur[0], cur[1] = '0'+to/10, '0'+to%10
		copy(cur[2:], nsn[3:])
		return newNumber(cur[:], Mobile), faultPrefix(Outdated, nsn, 3, n)
	case '2':
		if nsn[1] == '4' || nsn[1] == '8' {
			if len(nsn) != 10 {
				return Number{}, faultN(LandLen, n)
			}
			allowed := hanoiFirst
			if nsn[1] == '8' {
				allowed = saigonFirst
			}
			if allowed&(1<<(nsn[2]-'0')) == 0 {
				return Number{}, faultPrefix(Subscriber, nsn, 3, n)
			}
			return newNumber(nsn, FixedLine), fault(OK)
		}
		if areaOf(nsn) == 0 {
			return Number{}, faultPrefix(Area, nsn, 3, n)
		}
		if len(nsn) != 10 {
			return Number{}, faultN(LandLen, n)
		}
		return newNumber(nsn, FixedLine), fault(OK)
	case '6':
		if nsn[1] == '7' && nsn[2] == '2' {
			if len(nsn) != 10 {
				return Number{}, faultN(LandLen, n)
			}
			return newNumber(nsn, FixedLine), fault(OK)
		}
	case '9':
		// 0992 + 7 digits was a satellite number; 0992 + 6 is Gmobile's.
		if len(nsn) == 10 && nsn[1] == '9' && nsn[2] == '2' {
			var cur [10]byte
			copy(cur[:], "672")
			copy(cur[3:], nsn[3:])
			return newNumber(cur[:], FixedLine), faultPrefix(Outdated, nsn, 3, n)
		}
	}
	if carrierOf[prefix2(nsn[0], nsn[1])] == noCarrier {
		return Number{}, faultPrefix(Prefix, nsn, 2, n)
	}
	if len(nsn) != 9 {
		return Number{}, faultN(MobileLen, n)
	}
	return newNumber(nsn, Mobile), fault(OK)
}

// Carrier returns the network n's prefix was given to: "Viettel",
// "Vinaphone", "MobiFone", "Vietnamobile", "Gmobile", "Itelecom" or
// "Wintel" for a mobile, "" for any other number. Numbers can be ported
// and keep their prefix, so it is a guess.
func Carrier(n *Number) string {
	if n.Type != Mobile || n.Len < 2 {
		return ""
	}
	return carrierNames[carrierOf[prefix2(n.NSN[0], n.NSN[1])]]
}

// AreaName returns the province a landline's area code was given to
// ("Hà Nội" for 024, "Đà Nẵng" for 0236), and "" for any other number,
// the satellite code 0672 included.
func AreaName(n *Number) string {
	if n.Type != FixedLine || n.Len < 3 {
		return ""
	}
	return areaNames[areaOf(n.NSN[:n.Len])]
}

// IsBigCity reports whether nsn, a national significant number, starts
// with the two-digit area code of Hà Nội (24) or TP. Hồ Chí Minh (28),
// whose subscriber numbers have 8 digits.
func IsBigCity(nsn []byte) bool {
	return len(nsn) > 1 && nsn[0] == '2' && (nsn[1] == '4' || nsn[1] == '8')
}
