package phone

import (
	"errors"

	"github.com/binhluan/binhluan/internal/fielderr"
	"github.com/binhluan/binhluan/internal/vnphone"
)

// Type is the kind of service a number reaches. The zero value is an
// unknown type; every number Parse accepts has one of the named types.
type Type uint8

// The types of number Parse accepts.
const (
	// Mobile is a 10-digit mobile number (0 + a carrier prefix + 7 digits).
	Mobile = Type(vnphone.Mobile)
	// FixedLine is an 11-digit landline (0 + an area code + the subscriber
	// number); the satellite code 0672 is counted here too, since its
	// terminals are fixed stations.
	FixedLine = Type(vnphone.FixedLine)
	// TollFree is a 1800 number: free for the caller.
	TollFree = Type(vnphone.TollFree)
	// Premium is a 1900 number: charged above the normal rate.
	Premium = Type(vnphone.Premium)
)

var typeNames = [...]string{"unknown", Mobile: "mobile", FixedLine: "fixed_line", TollFree: "toll_free", Premium: "premium"}

// String returns "mobile", "fixed_line", "toll_free" or "premium", and
// "unknown" for the zero value and any value not named above.
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return typeNames[0]
}

// MarshalText returns the String form, so that a Type reads well in JSON
// and logs.
func (t Type) MarshalText() ([]byte, error) {
	return []byte(t.String()), nil
}

// Number is a Vietnamese phone number accepted by Parse. It is a small
// comparable value: two Numbers are == exactly when they are the same
// number, however it was typed, so a Number can be a map key. The zero
// value holds no number.
type Number struct {
	n vnphone.Number
}

// Code is the stable code of a refused number, as in Error.Code: the same
// type as the codes of comment's field errors, so a refusal becomes one
// as it is.
type Code = fielderr.Code

// Codes of a refused phone number.
const (
	// CodeInvalid means the text is not a Vietnamese phone number a
	// reader can be called back on.
	CodeInvalid Code = "invalid_phone"
	// CodeOutdated means the number was valid once but has changed: an
	// old 11-digit mobile. Error.Current holds its new form.
	CodeOutdated Code = "outdated_phone"
)

var (
	// ErrInvalid is what an Error with CodeInvalid unwraps to.
	ErrInvalid = errors.New("phone: invalid number")
	// ErrOutdated is what an Error with CodeOutdated unwraps to.
	ErrOutdated = errors.New("phone: number has changed")
)

// Error is the error Parse returns. Code is CodeInvalid or CodeOutdated.
// Reason is a short English explanation for logs, such as "letters in the
// number" or "unknown prefix 0123"; it never repeats the whole input. For
// an outdated number, Current is the number it became (01623456789 became
// 0323 456 789); otherwise Current is the zero Number. Use errors.Is with
// ErrInvalid or ErrOutdated, or errors.As to read the fields.
type Error struct {
	Code    Code
	Reason  string
	Current Number
}

// Error returns the sentinel's text followed by the reason, and for an
// outdated number the number it became.
func (e *Error) Error() string {
	if e == nil {
		return ErrInvalid.Error()
	}
	msg := e.Unwrap().Error()
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	if e.Code == CodeOutdated && !e.Current.IsZero() {
		msg += "; now " + e.Current.National()
	}
	return msg
}

// Unwrap returns ErrOutdated for CodeOutdated and ErrInvalid for anything
// else.
func (e *Error) Unwrap() error {
	if e != nil && e.Code == CodeOutdated {
		return ErrOutdated
	}
	return ErrInvalid
}

// maxBytes is the longest input Parse reads. The longest accepted typing,
// a full-width "＋８４ (０) ２４ ３８２５ １２３４" with spaces around, fits
// easily.
const maxBytes = 64

// Parse reads a Vietnamese phone number as a reader types it into a form.
// It returns the number, or an *Error saying why it was refused. It is
// safe for concurrent use, never panics, and does not allocate when it
// accepts a number. Vietnam's numbering plan is the policy:
//
//   - Mobiles: 0 + 9 digits with a carrier's prefix: 032–039, 052, 055,
//     056, 058, 059, 070, 076–079, 081–094 and 096–099.
//   - Landlines: 0 + one of the 63 area codes + the subscriber number, 11
//     digits in all: 024 (Hà Nội) and 028 (TP. Hồ Chí Minh) take 8 digits,
//     the 02xx codes 7. After 024 the subscriber number starts with 2–8,
//     after 028 with 2–9 (the plan is silent, so libphonenumber's ranges are
//     kept; they also turn away the pre-2017 codes 0240, 0241, 0280 and
//     0281 typed with their 7-digit numbers). The satellite code 0672,
//     which replaced 0992, takes 7 digits and is a FixedLine with no Area.
//   - 1800 (TollFree) and 1900 (Premium) + 4 or 6 digits, written as
//     dialled: without 0 and without +84, as they cannot be called from
//     abroad.
//
// The 0 of a mobile or landline may be replaced by +84, 84 or 0084, and a 0
// after those is skipped ("+84 (0) 912…", "+840912…"). Digits may be ASCII
// or full-width, and so may the plus; digit groups may be separated by
// white space of any kind and by . - / and parentheses, and white space
// around the number is ignored. After the last digit, the punctuation a
// sentence ends with is ignored too, as readers type it: . , ; : ! ? …
// (also full-width) and closing brackets that close nothing of the number,
// as in "0912 345 678." or "0912 345 678)."; never between digits.
//
// Old 11-digit mobiles (01xx + 7 digits, and the satellite 0992 + 7 digits),
// renumbered in 2018, are refused with CodeOutdated and Error.Current set
// to their new number, whatever typing was used.
//
// Everything else is refused with CodeInvalid: letters anywhere (keypad
// letters, "SĐT:", "tel:", words around the number), extensions (#, ;, x,
// ext followed by digits), two numbers in one field, characters other
// than the separators above, a misplaced + or separator, a number without
// its leading 0 (in Vietnam the 0 is always written; a bare 9 digits is
// as likely a typo or a foreign number), emergency and other short
// numbers, wrong lengths, prefixes and area codes the plan does not
// assign, foreign country codes, digits of other scripts, input over 64
// bytes and invalid UTF-8.
//
// Where libphonenumber differs: it reads three or more letters as keypad
// digits and drops stray letters, text before the number and extensions;
// it accepts a missing 0, +84 or 0 before 1800/1900, 1800/1900 + 5 digits,
// and ranges the plan does not have (030, 031, 051, 095, the 10-digit 0160
// and 01210–01213, 0672 + 6 digits, the short 080, 069, 0199 and 0799
// numbers, 1201, 1203 and 1228 + 4 digits); it refuses parts of the plan
// (052 other than 0522/0523/0528, 055 other than 0559, 0890–0895, 0992 + 6
// digits) and punctuation after the number; and it calls old 11-digit
// mobiles invalid, not outdated. Its carrier names are older: "G-Mobile",
// "Reddi" for Wintel, Vinaphone for Itelecom's 087, "Indochina Telecom"
// for 0998–0999.
func Parse(s string) (Number, error) {
	p, f := parse(s)
	switch {
	case f.ok():
		return p, nil
	case f.why == planned && f.plan.Why == vnphone.Outdated:
		return Number{}, &Error{Code: CodeOutdated, Reason: f.reason(), Current: p}
	}
	return Number{}, &Error{Code: CodeInvalid, Reason: explain(s, f)}
}

// E164 returns the number in international form, "+84912345678", and ""
// for the zero Number. A 1800 or 1900 number cannot be called from abroad
// and has no such form: E164 returns its digits as dialled, "18001234",
// with no plus.
func (p Number) E164() string { return p.prefixed("+84") }

// Digits returns the national digits with the leading 0, "0912345678",
// and "" for the zero Number. A 1800 or 1900 number has no leading 0:
// Digits returns it as dialled, "18001234".
func (p Number) Digits() string { return p.prefixed("0") }

// prefixed returns the national number after prefix ("+84" or "0"); a
// service number as dialled, with no prefix; "" for the zero Number.
func (p Number) prefixed(prefix string) string {
	nsn := p.n.Digits()
	if len(nsn) == 0 {
		return ""
	}
	if p.n.IsService() {
		return string(nsn)
	}
	var buf [3 + len(p.n.NSN)]byte
	n := copy(buf[:], prefix)
	n += copy(buf[n:], nsn)
	return string(buf[:n])
}

// National returns the number grouped the way it is written in Vietnam: a
// mobile as "0912 345 678", a Hà Nội or TP. Hồ Chí Minh landline as
// "024 3825 1234", another landline as "0236 3821 234", and service
// numbers as "1800 1234" and "1900 123456". It returns "" for the zero
// Number.
func (p Number) National() string {
	nsn := p.n.Digits()
	if len(nsn) == 0 {
		return ""
	}
	var buf [16]byte
	n := 0
	// cuts are the ends of the groups before the last, within nsn.
	var cuts []int
	switch {
	case p.n.IsService():
		cuts = []int{4}
	case p.n.Type == vnphone.Mobile:
		buf[0], n = '0', 1
		cuts = []int{3, 6}
	case vnphone.IsBigCity(nsn):
		buf[0], n = '0', 1
		cuts = []int{2, 6}
	default:
		buf[0], n = '0', 1
		cuts = []int{3, 7}
	}
	from := 0
	for _, c := range cuts {
		if c >= len(nsn) {
			break
		}
		n += copy(buf[n:], nsn[from:c])
		buf[n] = ' '
		n++
		from = c
	}
	n += copy(buf[n:], nsn[from:])
	return string(buf[:n])
}

// String returns the National form.
func (p Number) String() string {
	return p.National()
}

// Type returns the kind of number, or the zero Type for the zero Number.
func (p Number) Type() Type {
	return Type(p.n.Type)
}

// Carrier returns the network a mobile number was given to: "Viettel",
// "Vinaphone", "MobiFone", "Vietnamobile", "Gmobile", "Itelecom" or
// "Wintel"; "" for any other number. It is a guess from the prefix: numbers
// can be ported from one carrier to another and keep their prefix.
func (p Number) Carrier() string {
	return vnphone.Carrier(&p.n)
}

// Area returns the province or city a landline's area code belongs to, such
// as "Hà Nội" for 024 or "Đà Nẵng" for 0236, and "" for any other number,
// including the satellite code 0672. The names are those of the 63
// provinces the codes were given to; the codes stayed in use after the 2025
// merger of provinces.
func (p Number) Area() string {
	return vnphone.AreaName(&p.n)
}

// IsZero reports whether p holds no number.
func (p Number) IsZero() bool {
	return p.n.Len == 0
}

// MarshalText returns the E164 form (the dialled digits for 1800 and 1900
// numbers), and empty text for the zero Number.
func (p Number) MarshalText() ([]byte, error) {
	return []byte(p.E164()), nil
}

// UnmarshalText parses b with Parse. Empty text gives the zero Number; on
// an error p is left unchanged.
func (p *Number) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*p = Number{}
		return nil
	}
	q, err := Parse(string(b))
	if err != nil {
		return err
	}
	*p = q
	return nil
}
