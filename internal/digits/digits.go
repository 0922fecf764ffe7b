// Package digits reads the decimal digits readers type: the ASCII ones and
// the full-width forms (U+FF10 to U+FF19) that East Asian keyboards and
// input methods produce, and that spammers use to slip numbers past
// filters. Captcha answers, phone numbers and the spam filter's numbers
// all read a full-width digit as its ASCII one through this package.
//
// Its functions are pure and safe for concurrent use.
package digits

// ASCII returns the ASCII digit, '0' to '9', that r is or stands for, and
// whether r is an ASCII or a full-width digit at all.
func ASCII(r rune) (byte, bool) {
	switch {
	case r >= '0' && r <= '9':
		return byte(r), true
	case IsFullwidth(r):
		return byte(r-'０') + '0', true
	}
	return 0, false
}

// IsFullwidth reports whether r is a full-width digit, '０' to '９'.
func IsFullwidth(r rune) bool { return r >= '０' && r <= '９' }
