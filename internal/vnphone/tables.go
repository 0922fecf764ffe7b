package vnphone

import "strconv"

// The tables below are the numbering plan. Lookups index arrays by prefix
// digits.

// Carriers, in the order of carrierNames.
const (
	noCarrier uint8 = iota
	viettel
	vinaphone
	mobiFone
	vietnamobile
	gmobile
	itelecom
	wintel
)

var carrierNames = [...]string{"", "Viettel", "Vinaphone", "MobiFone", "Vietnamobile", "Gmobile", "Itelecom", "Wintel"}

// carrierOf maps the two digits after a mobile's 0 to its carrier.
var carrierOf = [100]uint8{
	32: viettel, 33: viettel, 34: viettel, 35: viettel,
	36: viettel, 37: viettel, 38: viettel, 39: viettel,
	86: viettel, 96: viettel, 97: viettel, 98: viettel,

	81: vinaphone, 82: vinaphone, 83: vinaphone, 84: vinaphone,
	85: vinaphone, 88: vinaphone, 91: vinaphone, 94: vinaphone,

	70: mobiFone, 76: mobiFone, 77: mobiFone, 78: mobiFone,
	79: mobiFone, 89: mobiFone, 90: mobiFone, 93: mobiFone,

	52: vietnamobile, 56: vietnamobile, 58: vietnamobile, 92: vietnamobile,

	59: gmobile, 99: gmobile,

	87: itelecom,

	55: wintel,
}

// oldMobile maps the two digits after "01" of an old 11-digit mobile to
// the two digits after "0" of its new prefix (0162 → 032); 0 means the
// prefix was never converted.
var oldMobile = [100]uint8{
	20: 70, 21: 79, 22: 77, 26: 76, 28: 78, // MobiFone
	23: 83, 24: 84, 25: 85, 27: 81, 29: 82, // Vinaphone
	62: 32, 63: 33, 64: 34, 65: 35, 66: 36, 67: 37, 68: 38, 69: 39, // Viettel
	86: 56, 88: 58, // Vietnamobile
	99: 59, // Gmobile
}

// areas lists the 63 area codes (the digits after the 0) and the
// provinces they were given to.
var areas = [...]struct {
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

// areaNames is "" followed by the names of areas, and areaIndex maps the
// three digits after a landline's 0 to an index in it (every 24x and 28x
// to Hà Nội and TP. Hồ Chí Minh); 0 is no area.
var areaNames, areaIndex = func() (names [len(areas) + 1]string, index [1000]uint8) {
	for i, a := range areas {
		names[i+1] = a.name
		if a.code < 100 {
			for d := range 10 {
				index[a.code*10+d] = uint8(i + 1)
			}
			continue
		}
		index[a.code] = uint8(i + 1)
	}
	return names, index
}()

// The digits a subscriber number may start with after 024 and 028 (bit d
// set: digit d allowed). The plan is silent; these are libphonenumber's
// ranges, which also turn away the pre-2017 codes 0240, 0241, 0280 and
// 0281 typed with their 7-digit numbers.
const (
	hanoiFirst  = 0b0111111100 // 2–8
	saigonFirst = 0b1111111100 // 2–9
)

func prefix2(a, b byte) int {
	return int(a-'0')*10 + int(b-'0')
}

// areaOf returns the index in areaNames of nsn's area code, or 0.
func areaOf(nsn []byte) uint8 {
	if len(nsn) < 3 || nsn[0] != '2' {
		return 0
	}
	return areaIndex[int(nsn[0]-'0')*100+int(nsn[1]-'0')*10+int(nsn[2]-'0')]
}

// Reason returns a short English explanation of f for logs, such as
// "unknown prefix 0123"; "" for OK.
func (f *Fault) Reason() string {
	pre := f.Prefix()
	n := strconv.Itoa(f.N)
	switch f.Why {
	case OK:
		return ""
	case Outdated:
		if pre == "0992" {
			return "old satellite number with prefix 0992, renumbered in 2018"
		}
		return "old 11-digit mobile with prefix " + pre + ", renumbered in 2018"
	case NotDigits:
		return "not all ASCII digits"
	case ManyDigits:
		return n + " digits, too many for a phone number"
	case Foreign:
		return "a foreign number: the country code is not 84"
	case Short:
		return n + " digits, too short for a phone number"
	case Emergency:
		return "emergency number " + pre[1:] + ", not a number to call back"
	case NoZero:
		return "no leading 0: a number starts with 0 at home or +84 from abroad"
	case ServiceIntl:
		return "1800 and 1900 numbers cannot be called from abroad, so take no +84"
	case ServiceZero:
		return "1800 and 1900 numbers are dialled without a 0"
	case ServiceLen:
		return n + " digits, a 1800 or 1900 number needs 8 or 10"
	case Prefix:
		return "unknown prefix " + pre
	case Area:
		return "unknown area code " + pre
	case MobileLen:
		return n + " digits, a mobile needs 10 with the 0"
	case LandLen:
		return n + " digits, a landline needs 11 with the 0"
	case OldLen:
		return n + " digits with the old mobile prefix " + pre + ", which had 11"
	case Subscriber:
		return "no subscriber number after " + pre[:3] + " starts with " + pre[3:]
	}
	return "not a phone number"
}
