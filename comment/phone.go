package comment

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// PhoneType is the kind of service a Vietnamese number reaches. The zero
// value is an unknown type; every number ParsePhone accepts has one of the
// named types.
type PhoneType uint8

// The types of number ParsePhone accepts.
const (
	// Mobile is a 10-digit mobile number (0 + a carrier prefix + 7 digits).
	Mobile PhoneType = iota + 1
	// FixedLine is an 11-digit landline (0 + an area code + the subscriber
	// number); the satellite code 0672 is counted here too, since its
	// terminals are fixed stations.
	FixedLine
	// TollFree is a 1800 number: free for the caller.
	TollFree
	// Premium is a 1900 number: charged above the normal rate.
	Premium
)

var phoneTypeNames = [...]string{"unknown", "mobile", "fixed_line", "toll_free", "premium"}

// String returns "mobile", "fixed_line", "toll_free" or "premium", and
// "unknown" for the zero value and any value not named above.
func (t PhoneType) String() string {
	if int(t) < len(phoneTypeNames) {
		return phoneTypeNames[t]
	}
	return phoneTypeNames[0]
}

// MarshalText returns the String form, so that a PhoneType reads well in
// JSON and logs.
func (t PhoneType) MarshalText() ([]byte, error) {
	return []byte(t.String()), nil
}

// Phone is a Vietnamese phone number accepted by ParsePhone. It is a small
// comparable value: two Phones are == exactly when they are the same
// number, however it was typed, so a Phone can be a map key. The zero
// value holds no number.
type Phone struct {
	// nsn is the national significant number in ASCII digits: the number
	// without its trunk 0 ("912345678", "2438251234"), or a 1800/1900
	// number as dialled ("18001234"). Bytes after n are zero.
	nsn [10]byte
	n   uint8
	typ PhoneType
}

// Error codes of a refused phone number, as in PhoneError.Code.
const (
	// CodeInvalidPhone means the text is not a Vietnamese phone number a
	// reader can be called back on.
	CodeInvalidPhone = "invalid_phone"
	// CodeOutdatedPhone means the number was valid once but has changed:
	// an old 11-digit mobile. PhoneError.Current holds its new form.
	CodeOutdatedPhone = "outdated_phone"
)

var (
	// ErrInvalidPhone is what a PhoneError with CodeInvalidPhone unwraps to.
	ErrInvalidPhone = errors.New("comment: invalid phone number")
	// ErrOutdatedPhone is what a PhoneError with CodeOutdatedPhone unwraps to.
	ErrOutdatedPhone = errors.New("comment: phone number has changed")
)

// PhoneError is the error ParsePhone returns. Code is CodeInvalidPhone or
// CodeOutdatedPhone. Reason is a short English explanation for logs, such
// as "letters in the number" or "unknown prefix 0123"; it never repeats the
// whole input. For an outdated number, Current is the number it became
// (01623456789 became 0323 456 789); otherwise Current is the zero Phone.
// Use errors.Is with ErrInvalidPhone or ErrOutdatedPhone, or errors.As to
// read the fields.
type PhoneError struct {
	Code    string
	Reason  string
	Current Phone
}

// Error returns the sentinel's text followed by the reason, and for an
// outdated number the number it became.
func (e *PhoneError) Error() string {
	if e == nil {
		return ErrInvalidPhone.Error()
	}
	msg := e.Unwrap().Error()
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	if e.Code == CodeOutdatedPhone && !e.Current.IsZero() {
		msg += "; now " + e.Current.National()
	}
	return msg
}

// Unwrap returns ErrOutdatedPhone for CodeOutdatedPhone and
// ErrInvalidPhone for anything else.
func (e *PhoneError) Unwrap() error {
	if e != nil && e.Code == CodeOutdatedPhone {
		return ErrOutdatedPhone
	}
	return ErrInvalidPhone
}

// phoneMaxBytes is the longest input ParsePhone reads. The longest
// accepted typing, a full-width "＋８４ (０) ２４ ３８２５ １２３４" with
// spaces around, fits easily.
const phoneMaxBytes = 64

// phoneMaxDigits is the most digits any accepted typing has: "0084 0" and
// a 10-digit national number.
const phoneMaxDigits = 15

// ParsePhone reads a Vietnamese phone number as a reader types it into a
// form. It returns the number, or a *PhoneError saying why it was refused.
// It is safe for concurrent use, never panics, and does not allocate when
// it accepts a number. Vietnam's numbering plan is the policy:
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
// around the number is ignored.
//
// Old 11-digit mobiles (01xx + 7 digits, and the satellite 0992 + 7 digits),
// renumbered in 2018, are refused with CodeOutdatedPhone and
// PhoneError.Current set to their new number, whatever typing was used.
//
// Everything else is refused with CodeInvalidPhone: letters anywhere (keypad
// letters, "SĐT:", "tel:", words around the number), extensions (#, ;, x,
// ext), two numbers in one field, characters other than the separators
// above, a misplaced + or separator, a number without its leading 0 (in
// Vietnam the 0 is always written; a bare 9 digits is as likely a typo or a
// foreign number), emergency and other short numbers, wrong lengths,
// prefixes and area codes the plan does not assign, foreign country codes,
// digits of other scripts, input over 64 bytes and invalid UTF-8.
//
// Where libphonenumber differs: it reads three or more letters as keypad
// digits and drops stray letters, text before the number and extensions;
// it accepts a missing 0, +84 or 0 before 1800/1900, 1800/1900 + 5 digits,
// and ranges the plan does not have (030, 031, 051, 095, the 10-digit 0160
// and 01210–01213, 0672 + 6 digits, the short 080, 069, 0199 and 0799
// numbers, 1201, 1203 and 1228 + 4 digits); it refuses parts of the plan
// (052 other than 0522/0523/0528, 055 other than 0559, 0890–0895, 0992 + 6
// digits); and it calls old 11-digit mobiles invalid, not outdated. Its
// carrier names are older: "G-Mobile", "Reddi" for Wintel, Vinaphone for
// Itelecom's 087, "Indochina Telecom" for 0998–0999.
func ParsePhone(s string) (Phone, error) {
	p, f := parsePhone(s)
	if f.why == phoneOK {
		return p, nil
	}
	if f.why == phoneOutdated {
		return Phone{}, &PhoneError{Code: CodeOutdatedPhone, Reason: f.reason(), Current: p}
	}
	return Phone{}, &PhoneError{Code: CodeInvalidPhone, Reason: explainPhone(s, f)}
}

// E164 returns the number in international form, "+84912345678", and ""
// for the zero Phone. A 1800 or 1900 number cannot be called from abroad
// and has no such form: E164 returns its digits as dialled, "18001234",
// with no plus.
func (p Phone) E164() string { return p.prefixed("+84") }

// Digits returns the national digits with the leading 0, "0912345678",
// and "" for the zero Phone. A 1800 or 1900 number has no leading 0:
// Digits returns it as dialled, "18001234".
func (p Phone) Digits() string { return p.prefixed("0") }

// prefixed returns the national number after prefix ("+84" or "0"); a
// service number as dialled, with no prefix; "" for the zero Phone.
func (p Phone) prefixed(prefix string) string {
	nsn := p.digits()
	if len(nsn) == 0 {
		return ""
	}
	if p.isService() {
		return string(nsn)
	}
	var buf [3 + len(p.nsn)]byte
	n := copy(buf[:], prefix)
	n += copy(buf[n:], nsn)
	return string(buf[:n])
}

// National returns the number grouped the way it is written in Vietnam: a
// mobile as "0912 345 678", a Hà Nội or TP. Hồ Chí Minh landline as
// "024 3825 1234", another landline as "0236 3821 234", and service
// numbers as "1800 1234" and "1900 123456". It returns "" for the zero
// Phone.
func (p Phone) National() string {
	nsn := p.digits()
	if len(nsn) == 0 {
		return ""
	}
	var buf [16]byte
	n := 0
	if !p.isService() {
		buf[0] = '0'
		n = 1
	}
	// cuts are the ends of the groups before the last, within nsn.
	var cuts [2]int
	ncut := 0
	switch {
	case p.isService():
		cuts[0], ncut = 4, 1
	case p.typ == Mobile:
		cuts, ncut = [2]int{3, 6}, 2
	case nsn[0] == '2' && len(nsn) > 1 && (nsn[1] == '4' || nsn[1] == '8'):
		cuts, ncut = [2]int{2, 6}, 2
	default:
		cuts, ncut = [2]int{3, 7}, 2
	}
	from := 0
	for _, c := range cuts[:ncut] {
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
func (p Phone) String() string {
	return p.National()
}

// Type returns the kind of number, or the zero PhoneType for the zero
// Phone.
func (p Phone) Type() PhoneType {
	return p.typ
}

// Carrier returns the network a mobile number was given to: "Viettel",
// "Vinaphone", "MobiFone", "Vietnamobile", "Gmobile", "Itelecom" or
// "Wintel"; "" for any other number. It is a guess from the prefix: numbers
// can be ported from one carrier to another and keep their prefix.
func (p Phone) Carrier() string {
	if p.typ != Mobile || p.n < 2 {
		return ""
	}
	return phoneCarrierNames[phoneCarrier[phonePrefix2(p.nsn[0], p.nsn[1])]]
}

// Area returns the province or city a landline's area code belongs to, such
// as "Hà Nội" for 024 or "Đà Nẵng" for 0236, and "" for any other number,
// including the satellite code 0672. The names are those of the 63
// provinces the codes were given to; the codes stayed in use after the 2025
// merger of provinces.
func (p Phone) Area() string {
	if p.typ != FixedLine || p.n < 3 {
		return ""
	}
	return phoneAreaNames[phoneAreaOf(p.nsn[:p.n])]
}

// IsZero reports whether p holds no number.
func (p Phone) IsZero() bool {
	return p.n == 0
}

// MarshalText returns the E164 form (the dialled digits for 1800 and 1900
// numbers), and empty text for the zero Phone.
func (p Phone) MarshalText() ([]byte, error) {
	return []byte(p.E164()), nil
}

// UnmarshalText parses b with ParsePhone. Empty text gives the zero Phone;
// on an error p is left unchanged.
func (p *Phone) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*p = Phone{}
		return nil
	}
	q, err := ParsePhone(string(b))
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// digits returns the stored national significant number.
func (p *Phone) digits() []byte {
	n := int(p.n)
	if n > len(p.nsn) {
		n = len(p.nsn)
	}
	return p.nsn[:n]
}

func (p *Phone) isService() bool {
	return p.typ == TollFree || p.typ == Premium
}

func newPhone(nsn []byte, t PhoneType) Phone {
	var p Phone
	p.n = uint8(copy(p.nsn[:], nsn))
	p.typ = t
	return p
}

// The tables below are the numbering plan. Hot-path lookups index arrays
// by prefix digits.

// Carriers, in the order of phoneCarrierNames.
const (
	phoneNoCarrier uint8 = iota
	phoneViettel
	phoneVinaphone
	phoneMobiFone
	phoneVietnamobile
	phoneGmobile
	phoneItelecom
	phoneWintel
)

var phoneCarrierNames = [...]string{"", "Viettel", "Vinaphone", "MobiFone", "Vietnamobile", "Gmobile", "Itelecom", "Wintel"}

// phoneCarrier maps the two digits after a mobile's 0 to its carrier.
var phoneCarrier = [100]uint8{
	32: phoneViettel, 33: phoneViettel, 34: phoneViettel, 35: phoneViettel,
	36: phoneViettel, 37: phoneViettel, 38: phoneViettel, 39: phoneViettel,
	86: phoneViettel, 96: phoneViettel, 97: phoneViettel, 98: phoneViettel,

	81: phoneVinaphone, 82: phoneVinaphone, 83: phoneVinaphone, 84: phoneVinaphone,
	85: phoneVinaphone, 88: phoneVinaphone, 91: phoneVinaphone, 94: phoneVinaphone,

	70: phoneMobiFone, 76: phoneMobiFone, 77: phoneMobiFone, 78: phoneMobiFone,
	79: phoneMobiFone, 89: phoneMobiFone, 90: phoneMobiFone, 93: phoneMobiFone,

	52: phoneVietnamobile, 56: phoneVietnamobile, 58: phoneVietnamobile, 92: phoneVietnamobile,

	59: phoneGmobile, 99: phoneGmobile,

	87: phoneItelecom,

	55: phoneWintel,
}

// phoneOldMobile maps the two digits after "01" of an old 11-digit mobile
// to the two digits after "0" of its new prefix (0162 → 032); 0 means the
// prefix was never converted.
var phoneOldMobile = [100]uint8{
	20: 70, 21: 79, 22: 77, 26: 76, 28: 78, // MobiFone
	23: 83, 24: 84, 25: 85, 27: 81, 29: 82, // Vinaphone
	62: 32, 63: 33, 64: 34, 65: 35, 66: 36, 67: 37, 68: 38, 69: 39, // Viettel
	86: 56, 88: 58, // Vietnamobile
	99: 59, // Gmobile
}

// phoneAreas lists the 63 area codes (the digits after the 0) and the
// provinces they were given to.
var phoneAreas = [...]struct {
	code int
	name string
}{
	{203, "Quảng Ninh"}, {204, "Bắc Giang"}, {205, "Lạng Sơn"}, {206, "Cao Bằng"},
	{207, "Tuyên Quang"}, {208, "Thái Nguyên"}, {209, "Bắc Kạn"}, {210, "Phú Thọ"},
	{211, "Vĩnh Phúc"}, {212, "Sơn La"}, {213, "Lai Châu"}, {214, "Lào Cai"},
	{215, "Điện Biên"}, {216, "Yên Bái"}, {218, "Hòa Bình"}, {219, "Hà Giang"},
	{220, "Hải Dương"}, {221, "Hưng Yên"}, {222, "Bắc Ninh"}, {225, "Hải Phòng"},
	{226, "Hà Nam"}, {227, "Thái Bình"}, {228, "Nam Định"}, {229, "Ninh Bình"},
	{232, "Quảng Bình"}, {233, "Quảng Trị"}, {234, "Thừa Thiên Huế"}, {235, "Quảng Nam"},
	{236, "Đà Nẵng"}, {237, "Thanh Hóa"}, {238, "Nghệ An"}, {239, "Hà Tĩnh"},
	{24, "Hà Nội"},
	{251, "Đồng Nai"}, {252, "Bình Thuận"}, {254, "Bà Rịa–Vũng Tàu"}, {255, "Quảng Ngãi"},
	{256, "Bình Định"}, {257, "Phú Yên"}, {258, "Khánh Hòa"}, {259, "Ninh Thuận"},
	{260, "Kon Tum"}, {261, "Đắk Nông"}, {262, "Đắk Lắk"}, {263, "Lâm Đồng"},
	{269, "Gia Lai"}, {270, "Vĩnh Long"}, {271, "Bình Phước"}, {272, "Long An"},
	{273, "Tiền Giang"}, {274, "Bình Dương"}, {275, "Bến Tre"}, {276, "Tây Ninh"},
	{277, "Đồng Tháp"},
	{28, "TP. Hồ Chí Minh"},
	{290, "Cà Mau"}, {291, "Bạc Liêu"}, {292, "Cần Thơ"}, {293, "Hậu Giang"},
	{294, "Trà Vinh"}, {296, "An Giang"}, {297, "Kiên Giang"}, {299, "Sóc Trăng"},
}

// phoneAreaNames is "" followed by the names of phoneAreas, and
// phoneAreaIndex maps the three digits after a landline's 0 to an index in
// it (every 24x and 28x to Hà Nội and TP. Hồ Chí Minh); 0 is no area.
var phoneAreaNames, phoneAreaIndex = func() (names [len(phoneAreas) + 1]string, index [1000]uint8) {
	for i, a := range phoneAreas {
		names[i+1] = a.name
		if a.code < 100 {
			for d := 0; d < 10; d++ {
				index[a.code*10+d] = uint8(i + 1)
			}
			continue
		}
		index[a.code] = uint8(i + 1)
	}
	return names, index
}()

// phoneSubscriberFirst says, for 024 and 028, which digits a subscriber
// number may start with (bit d set: digit d allowed).
const (
	phoneHanoiFirst  = 0b0111111100 // 2–8
	phoneSaigonFirst = 0b1111111100 // 2–9
)

func phonePrefix2(a, b byte) int {
	return int(a-'0')*10 + int(b-'0')
}

// phoneAreaOf returns the index in phoneAreaNames of nsn's area code, or 0.
func phoneAreaOf(nsn []byte) uint8 {
	if len(nsn) < 3 || nsn[0] != '2' {
		return 0
	}
	return phoneAreaIndex[int(nsn[0]-'0')*100+int(nsn[1]-'0')*10+int(nsn[2]-'0')]
}

// Why a parse failed. phoneOK and phoneOutdated are not failures of the
// typing; the others are reasons for CodeInvalidPhone.
type phoneWhy uint8

const (
	phoneOK phoneWhy = iota
	phoneOutdated
	phoneTooLong      // over phoneMaxBytes
	phoneBadUTF8      // invalid UTF-8
	phoneEmpty        // no digits at all
	phoneLetter       // a letter
	phoneForeignDigit // a digit of another script
	phoneBadChar      // any other character (f.r)
	phonePlus         // a + that does not start the number
	phoneParen        // unbalanced or misplaced parentheses
	phoneSep          // a separator not between digits
	phoneManyDigits   // more digits than any typing has (f.n)
	phoneForeign      // another country's code
	phoneShort        // a short number (f.n digits)
	phoneEmergency    // 112–115 (f.pre, after its first byte)
	phoneNoZero       // a national number without its 0
	phoneServiceIntl  // +84 before 1800/1900
	phoneServiceZero  // 0 before 1800/1900
	phoneServiceLen   // 1800/1900 with the wrong length (f.n)
	phonePrefix       // unassigned mobile or other prefix (f.pre)
	phoneArea         // unassigned area code (f.pre)
	phoneMobileLen    // mobile with the wrong length (f.n)
	phoneLandLen      // landline with the wrong length (f.n)
	phoneOldLen       // old mobile prefix with the wrong length (f.n, f.pre)
	phoneSubscriber   // 024/028 followed by a digit no number starts with
)

// phoneFailure is why a parse failed, with what the reason shows. It
// holds no strings, so building one does not allocate.
type phoneFailure struct {
	why  phoneWhy
	n    int     // a count of digits
	r    rune    // the offending character
	pre  [5]byte // a prefix, with its 0
	npre uint8
}

func phoneFail(why phoneWhy) phoneFailure {
	return phoneFailure{why: why}
}

// phoneFailPrefix records why with the prefix "0" + nsn[:k].
func phoneFailPrefix(why phoneWhy, nsn []byte, k, n int) phoneFailure {
	f := phoneFailure{why: why, n: n}
	f.pre[0] = '0'
	if k > len(nsn) {
		k = len(nsn)
	}
	f.npre = uint8(1 + copy(f.pre[1:], nsn[:k]))
	return f
}

// reason returns the short English explanation of f.
func (f phoneFailure) reason() string {
	pre := string(f.pre[:f.npre])
	n := strconv.Itoa(f.n)
	switch f.why {
	case phoneOutdated:
		if pre == "0992" {
			return "old satellite number with prefix 0992, renumbered in 2018"
		}
		return "old 11-digit mobile with prefix " + pre + ", renumbered in 2018"
	case phoneTooLong:
		return "longer than 64 bytes"
	case phoneBadUTF8:
		return "not valid UTF-8"
	case phoneEmpty:
		return "no digits"
	case phoneLetter:
		return "letters in the number"
	case phoneForeignDigit:
		return "digits of another script"
	case phoneBadChar:
		return "unexpected character " + strconv.QuoteRune(f.r)
	case phonePlus:
		return "a + that does not start the number"
	case phoneParen:
		return "unbalanced or misplaced parentheses"
	case phoneSep:
		return "a separator that is not between digits"
	case phoneManyDigits:
		return n + " digits, too many for a phone number"
	case phoneForeign:
		return "a foreign number: the country code is not 84"
	case phoneShort:
		return n + " digits, too short for a phone number"
	case phoneEmergency:
		return "emergency number " + string(f.pre[1:f.npre]) + ", not a number to call back"
	case phoneNoZero:
		return "no leading 0: a number starts with 0 at home or +84 from abroad"
	case phoneServiceIntl:
		return "1800 and 1900 numbers cannot be called from abroad, so take no +84"
	case phoneServiceZero:
		return "1800 and 1900 numbers are dialled without a 0"
	case phoneServiceLen:
		return n + " digits, a 1800 or 1900 number needs 8 or 10"
	case phonePrefix:
		return "unknown prefix " + pre
	case phoneArea:
		return "unknown area code " + pre
	case phoneMobileLen:
		return n + " digits, a mobile needs 10 with the 0"
	case phoneLandLen:
		return n + " digits, a landline needs 11 with the 0"
	case phoneOldLen:
		return n + " digits with the old mobile prefix " + pre + ", which had 11"
	case phoneSubscriber:
		return "no subscriber number after " + pre[:3] + " starts with " + pre[3:]
	}
	return "not a phone number"
}

// Character classes of the scanner.
const (
	phoneCOther uint8 = iota
	phoneCDigit
	phoneCSpace
	phoneCSep
	phoneCOpen
	phoneCClose
	phoneCPlus
	phoneCLetter
	phoneCForeignDigit
)

var phoneASCIIClass = func() (t [utf8.RuneSelf]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = phoneCDigit
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = phoneCLetter
		t[c-'a'+'A'] = phoneCLetter
	}
	for _, c := range " \t\n\v\f\r" {
		t[c] = phoneCSpace
	}
	t['.'], t['-'], t['/'] = phoneCSep, phoneCSep, phoneCSep
	t['('], t[')'], t['+'] = phoneCOpen, phoneCClose, phoneCPlus
	return t
}()

// phoneClass returns the class of r and, for a digit, its ASCII form.
func phoneClass(r rune) (uint8, byte) {
	if r < utf8.RuneSelf {
		return phoneASCIIClass[r], byte(r)
	}
	switch {
	case r >= '０' && r <= '９':
		return phoneCDigit, byte(r-'０') + '0'
	case r == '＋':
		return phoneCPlus, 0
	case r == '（':
		return phoneCOpen, 0
	case r == '）':
		return phoneCClose, 0
	case r == '．' || r == '－' || r == '／' || (r >= '\u2010' && r <= '\u2015') || r == '\u2212':
		return phoneCSep, 0
	case unicode.IsSpace(r) || r == '\u200b' || r == '\u2060' || r == '\ufeff':
		// Zero-width spaces are invisible; they come with pasted text.
		return phoneCSpace, 0
	case unicode.IsLetter(r):
		return phoneCLetter, 0
	case unicode.IsDigit(r):
		return phoneCForeignDigit, 0
	}
	return phoneCOther, 0
}

// phoneScan holds the digits of an input and whether it began with +.
type phoneScan struct {
	d    [phoneMaxDigits]byte
	n    int
	plus bool
}

// scan checks the typing of s (which characters, where the + and the
// separators are) and collects its digits.
func (sc *phoneScan) scan(s string) phoneFailure {
	const (
		start = iota
		digit
		plus
		open
		closed
		sep
	)
	prev := start
	depth := 0
	openFirst := false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return phoneFail(phoneBadUTF8)
			}
		}
		i += size
		class, d := phoneClass(r)
		if class == phoneCSpace {
			continue
		}
		// What may follow a +, an opening parenthesis and a separator.
		switch {
		case prev == plus && class != phoneCDigit:
			if class == phoneCLetter || class == phoneCOther || class == phoneCForeignDigit {
				break // reported below as the character it is
			}
			return phoneFail(phonePlus)
		case prev == open && class != phoneCDigit && class != phoneCPlus:
			if class == phoneCLetter || class == phoneCOther || class == phoneCForeignDigit {
				break
			}
			return phoneFail(phoneParen)
		case prev == sep && class != phoneCDigit && class != phoneCOpen:
			if class == phoneCLetter || class == phoneCOther || class == phoneCForeignDigit {
				break
			}
			return phoneFail(phoneSep)
		}
		switch class {
		case phoneCDigit:
			if sc.n < len(sc.d) {
				sc.d[sc.n] = d
			}
			sc.n++
			prev = digit
		case phoneCPlus:
			if prev != start && !(prev == open && openFirst) {
				return phoneFail(phonePlus)
			}
			sc.plus = true
			prev = plus
		case phoneCOpen:
			if depth != 0 {
				return phoneFail(phoneParen)
			}
			openFirst = prev == start
			depth = 1
			prev = open
		case phoneCClose:
			if depth != 1 || prev != digit {
				return phoneFail(phoneParen)
			}
			depth = 0
			prev = closed
		case phoneCSep:
			if prev != digit && prev != closed {
				return phoneFail(phoneSep)
			}
			prev = sep
		case phoneCLetter:
			return phoneFail(phoneLetter)
		case phoneCForeignDigit:
			return phoneFail(phoneForeignDigit)
		default:
			return phoneFailure{why: phoneBadChar, r: r}
		}
	}
	switch {
	case sc.n == 0:
		return phoneFail(phoneEmpty)
	case prev == plus:
		return phoneFail(phonePlus)
	case depth != 0:
		return phoneFail(phoneParen)
	case prev == sep:
		return phoneFail(phoneSep)
	}
	return phoneFail(phoneOK)
}

// parsePhone is ParsePhone without building errors: it returns the number
// (for an outdated one, the number it became) and why it failed.
func parsePhone(s string) (Phone, phoneFailure) {
	if len(s) > phoneMaxBytes {
		return Phone{}, phoneFail(phoneTooLong)
	}
	var sc phoneScan
	if f := sc.scan(s); f.why != phoneOK {
		return Phone{}, f
	}
	if sc.n > phoneMaxDigits {
		return Phone{}, phoneFailure{why: phoneManyDigits, n: sc.n}
	}
	d := sc.d[:sc.n]
	var nsn []byte
	switch {
	case sc.plus:
		if len(d) < 2 || d[0] != '8' || d[1] != '4' {
			return Phone{}, phoneFail(phoneForeign)
		}
		nsn = d[2:]
	case len(d) >= 2 && d[0] == '0' && d[1] == '0':
		if len(d) < 4 || d[2] != '8' || d[3] != '4' {
			return Phone{}, phoneFail(phoneForeign)
		}
		nsn = d[4:]
	case d[0] == '0':
		return phoneNational(d[1:], false)
	case len(d) >= 11 && d[0] == '8' && d[1] == '4':
		// The country code without its plus: 84 912 345 678. Nine digits
		// and more are never a number with a missing 0 we would accept.
		nsn = d[2:]
	case phoneIsService(d):
		return phoneService(d)
	case len(d) == 3 && d[0] == '1' && d[1] == '1' && d[2] >= '2' && d[2] <= '5':
		return Phone{}, phoneFailPrefix(phoneEmergency, d, 3, len(d))
	case len(d) < 7:
		return Phone{}, phoneFailure{why: phoneShort, n: len(d)}
	default:
		return Phone{}, phoneFail(phoneNoZero)
	}
	// After the country code: "+84 0912…" and "+84 (0) 912…" carry the
	// trunk 0 as well.
	if len(nsn) > 0 && nsn[0] == '0' {
		nsn = nsn[1:]
	}
	return phoneNational(nsn, true)
}

func phoneIsService(d []byte) bool {
	return len(d) >= 4 && d[0] == '1' && (d[1] == '8' || d[1] == '9') && d[2] == '0' && d[3] == '0'
}

// phoneService reads a 1800 or 1900 number typed as dialled.
func phoneService(d []byte) (Phone, phoneFailure) {
	if len(d) != 8 && len(d) != 10 {
		return Phone{}, phoneFailure{why: phoneServiceLen, n: len(d)}
	}
	if d[1] == '8' {
		return newPhone(d, TollFree), phoneFail(phoneOK)
	}
	return newPhone(d, Premium), phoneFail(phoneOK)
}

// phoneNational reads a national significant number (the digits after the
// trunk 0 or the country code); intl says it came after a country code.
func phoneNational(nsn []byte, intl bool) (Phone, phoneFailure) {
	n := len(nsn) + 1 // the digits as written at home, with the 0
	if len(nsn) < 7 {
		return Phone{}, phoneFailure{why: phoneShort, n: n}
	}
	switch nsn[0] {
	case '1':
		if phoneIsService(nsn) {
			if intl {
				return Phone{}, phoneFail(phoneServiceIntl)
			}
			return Phone{}, phoneFail(phoneServiceZero)
		}
		if len(nsn) < 3 {
			return Phone{}, phoneFailPrefix(phonePrefix, nsn, 2, n)
		}
		to := phoneOldMobile[phonePrefix2(nsn[1], nsn[2])]
		if to == 0 {
			return Phone{}, phoneFailPrefix(phonePrefix, nsn, 3, n)
		}
		if len(nsn) != 10 {
			return Phone{}, phoneFailPrefix(phoneOldLen, nsn, 3, n)
		}
		var cur [9]byte
		cur[0], cur[1] = '0'+to/10, '0'+to%10
		copy(cur[2:], nsn[3:])
		return newPhone(cur[:], Mobile), phoneFailPrefix(phoneOutdated, nsn, 3, n)
	case '2':
		if nsn[1] == '4' || nsn[1] == '8' {
			if len(nsn) != 10 {
				return Phone{}, phoneFailure{why: phoneLandLen, n: n}
			}
			allowed := phoneHanoiFirst
			if nsn[1] == '8' {
				allowed = phoneSaigonFirst
			}
			if allowed&(1<<(nsn[2]-'0')) == 0 {
				return Phone{}, phoneFailPrefix(phoneSubscriber, nsn, 3, n)
			}
			return newPhone(nsn, FixedLine), phoneFail(phoneOK)
		}
		if len(nsn) < 3 {
			return Phone{}, phoneFailure{why: phoneShort, n: n}
		}
		if phoneAreaOf(nsn) == 0 {
			return Phone{}, phoneFailPrefix(phoneArea, nsn, 3, n)
		}
		if len(nsn) != 10 {
			return Phone{}, phoneFailure{why: phoneLandLen, n: n}
		}
		return newPhone(nsn, FixedLine), phoneFail(phoneOK)
	case '6':
		if len(nsn) >= 3 && nsn[1] == '7' && nsn[2] == '2' {
			if len(nsn) != 10 {
				return Phone{}, phoneFailure{why: phoneLandLen, n: n}
			}
			return newPhone(nsn, FixedLine), phoneFail(phoneOK)
		}
	case '9':
		// 0992 + 7 digits was a satellite number; 0992 + 6 is Gmobile's.
		if len(nsn) == 10 && nsn[1] == '9' && nsn[2] == '2' {
			var cur [10]byte
			copy(cur[:], "672")
			copy(cur[3:], nsn[3:])
			return newPhone(cur[:], FixedLine), phoneFailPrefix(phoneOutdated, nsn, 3, n)
		}
	}
	if phoneCarrier[phonePrefix2(nsn[0], nsn[1])] == phoneNoCarrier {
		return Phone{}, phoneFailPrefix(phonePrefix, nsn, 2, n)
	}
	if len(nsn) != 9 {
		return Phone{}, phoneFailure{why: phoneMobileLen, n: n}
	}
	return newPhone(nsn, Mobile), phoneFail(phoneOK)
}

// explainPhone finds the most helpful reason to refuse s, which parsePhone
// refused with f. It runs only on refusals, so it may take its time.
func explainPhone(s string, f phoneFailure) string {
	if f.why == phoneTooLong || f.why == phoneBadUTF8 {
		return f.reason()
	}
	if phoneTwoNumbers(s) {
		return "two numbers in one field"
	}
	if f.why == phoneLetter || f.why == phoneBadChar {
		if phoneExtension(s) {
			return "an extension after the number"
		}
		if phoneWordsAround(s) {
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "tel:") {
				return "a tel: link, not a number"
			}
			return "words around the number"
		}
	}
	return f.reason()
}

// phoneFound reports whether s alone is a number, current or outdated.
func phoneFound(s string) bool {
	_, f := parsePhone(s)
	return f.why == phoneOK || f.why == phoneOutdated
}

func phoneIsDigit(r rune) bool {
	c, _ := phoneClass(r)
	return c == phoneCDigit
}

// phoneTrimRight cuts everything after the last digit or closing
// parenthesis; phoneTrimLeft cuts everything before the first digit, plus
// or opening parenthesis.
func phoneTrimRight(s string) string {
	return strings.TrimRightFunc(s, func(r rune) bool {
		c, _ := phoneClass(r)
		return c != phoneCDigit && c != phoneCClose
	})
}

func phoneTrimLeft(s string) string {
	return strings.TrimLeftFunc(s, func(r rune) bool {
		c, _ := phoneClass(r)
		return c != phoneCDigit && c != phoneCPlus && c != phoneCOpen
	})
}

// phoneTwoNumbers reports whether s can be cut in two places that are each
// a number: "0912345678, 0987654321", "0912345678 hoặc 0987654321".
func phoneTwoNumbers(s string) bool {
	for i, r := range s {
		if i == 0 || r == utf8.RuneError {
			continue
		}
		left, right := phoneTrimRight(s[:i]), phoneTrimLeft(s[i:])
		if left != "" && right != "" && phoneFound(left) && phoneFound(right) {
			return true
		}
	}
	return false
}

// phoneExtension reports whether s is a number followed by an extension:
// a mark (#, ;, ",", x, ext, máy lẻ) and a few digits.
func phoneExtension(s string) bool {
	j := strings.IndexFunc(s, func(r rune) bool {
		c, _ := phoneClass(r)
		return c == phoneCLetter || r == '#' || r == ';' || r == ','
	})
	if j <= 0 || !phoneFound(phoneTrimRight(s[:j])) {
		return false
	}
	rest := strings.ToLower(s[j:])
	marked := false
	for _, mark := range []string{"extension", "ext", "máy lẻ", "x", "#", ";", ","} {
		if strings.HasPrefix(rest, mark) {
			rest, marked = rest[len(mark):], true
			break
		}
	}
	if !marked {
		return false
	}
	rest = strings.TrimLeft(strings.TrimSpace(rest), ".:")
	rest = strings.TrimSpace(rest)
	if rest == "" || len(rest) > 8 {
		return false
	}
	for _, r := range rest {
		if !phoneIsDigit(r) {
			return false
		}
	}
	return true
}

// phoneWordsAround reports whether s is a number with letters before or
// after it but not inside it: "SĐT: 0912 345 678", "0912345678 (anh Nam)".
func phoneWordsAround(s string) bool {
	first := strings.IndexFunc(s, func(r rune) bool {
		c, _ := phoneClass(r)
		return c == phoneCDigit || c == phoneCPlus
	})
	if first < 0 {
		return false
	}
	// The number ends at the first letter after it.
	end := len(s)
	if k := strings.IndexFunc(s[first:], func(r rune) bool {
		c, _ := phoneClass(r)
		return c == phoneCLetter
	}); k >= 0 {
		end = first + k
	}
	core := phoneTrimRight(s[first:end])
	// "(+84) 912…" and "(0583998817)" open their parenthesis before the
	// first digit or plus.
	if !phoneFound(core) && !phoneFound("("+core) {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool {
		c, _ := phoneClass(r)
		return c == phoneCLetter
	}) >= 0
}
