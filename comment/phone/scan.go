package phone

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/binhluan/binhluan/internal/digits"
	"github.com/binhluan/binhluan/internal/vnphone"
)

// Why the typing of an input was refused. planned means the typing was
// fine and the plan answered, in failure.plan.
type why uint8

const (
	planned      why = iota
	tooLong          // over maxBytes
	badUTF8          // invalid UTF-8
	empty            // no digits at all
	letter           // a letter
	foreignDigit     // a digit of another script
	badChar          // any other character (failure.r)
	plusWhere        // a + that does not start the number
	paren            // unbalanced or misplaced parentheses
	sep              // a separator not between digits
)

// failure is why a parse failed. It holds no strings, so building one
// does not allocate.
type failure struct {
	why  why
	r    rune          // the offending character, for badChar
	plan vnphone.Fault // the plan's answer, for planned
}

func fail(w why) failure { return failure{why: w} }

// ok reports whether the input is a current number.
func (f failure) ok() bool {
	return f.why == planned && f.plan.Why == vnphone.OK
}

// reason returns the short English explanation of f.
func (f failure) reason() string {
	switch f.why {
	case planned:
		return f.plan.Reason()
	case tooLong:
		return "longer than 64 bytes"
	case badUTF8:
		return "not valid UTF-8"
	case empty:
		return "no digits"
	case letter:
		return "letters in the number"
	case foreignDigit:
		return "digits of another script"
	case badChar:
		return "unexpected character " + strconv.QuoteRune(f.r)
	case plusWhere:
		return "a + that does not start the number"
	case paren:
		return "unbalanced or misplaced parentheses"
	case sep:
		return "a separator that is not between digits"
	}
	return "not a phone number"
}

// Character classes of the scanner.
const (
	cOther uint8 = iota
	cDigit
	cSpace
	cSep
	cOpen
	cClose
	cPlus
	cLetter
	cForeignDigit
	cEnd // punctuation that may end a sentence after the number
)

var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = cDigit
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = cLetter
		t[c-'a'+'A'] = cLetter
	}
	for _, c := range " \t\n\v\f\r" {
		t[c] = cSpace
	}
	t['.'], t['-'], t['/'] = cSep, cSep, cSep
	t['('], t[')'], t['+'] = cOpen, cClose, cPlus
	for _, c := range ",;:!?]}" {
		t[c] = cEnd
	}
	return t
}()

// class returns the class of r and, for a digit, its ASCII form. The full
// stop is a separator; that it may also end a sentence is for trimEnd.
func class(r rune) (uint8, byte) {
	if r < utf8.RuneSelf {
		return asciiClass[r], byte(r)
	}
	if d, ok := digits.ASCII(r); ok {
		return cDigit, d
	}
	switch {
	case r == '＋':
		return cPlus, 0
	case r == '（':
		return cOpen, 0
	case r == '）':
		return cClose, 0
	case r == '．' || r == '－' || r == '／' || (r >= '\u2010' && r <= '\u2015') || r == '\u2212':
		return cSep, 0
	case r == '，' || r == '；' || r == '：' || r == '！' || r == '？' || r == '］' || r == '｝' || r == '…' || r == '。':
		return cEnd, 0
	case unicode.IsSpace(r) || r == '\u200b' || r == '\u2060' || r == '\ufeff':
		// Zero-width spaces are invisible; they come with pasted text.
		return cSpace, 0
	case unicode.IsLetter(r):
		return cLetter, 0
	case unicode.IsDigit(r):
		return cForeignDigit, 0
	}
	return cOther, 0
}

// trimEnd cuts the punctuation a sentence ends with, and white space,
// after the last digit of s: "0912 345 678." and "0912 345 678)." become
// "0912 345 678". A closing parenthesis that closes one opened in s stays,
// as part of the number ("(024) 3825 1234" keeps nothing to cut, and
// "(0912 345 678)." keeps its parentheses). s is returned whole unless a
// digit or a kept parenthesis comes right before the cut, so that
// refusals are explained on what was typed.
func trimEnd(s string) string {
	end := len(s)
	cut := false
	for end > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:end])
		c, _ := class(r)
		switch {
		case c == cSpace:
		case c == cEnd || r == '.' || r == '．':
			cut = true
		case c == cClose && !opens(s[:end-size]):
			cut = true
		case c == cDigit || c == cClose:
			if cut {
				return s[:end]
			}
			return s
		default:
			return s
		}
		end -= size
	}
	return s
}

// opens reports whether s opens more parentheses than it closes.
func opens(s string) bool {
	depth := 0
	for _, r := range s {
		switch c, _ := class(r); c {
		case cOpen:
			depth++
		case cClose:
			depth--
		}
	}
	return depth > 0
}

// scanned holds the digits of an input and whether it began with +.
type scanned struct {
	d    [vnphone.MaxDigits]byte
	n    int
	plus bool
}

// scan checks the typing of s (which characters, where the + and the
// separators are) and collects its digits.
func (sc *scanned) scan(s string) failure {
	const (
		start = iota
		digit
		plus
		open
		closed
		afterSep
	)
	prev := start
	depth := 0
	openFirst := false
	for i := 0; i < len(s); {
		// ASCII, nearly every byte typed, is classed without a call.
		r, size := rune(s[i]), 1
		cl, d := asciiClass[s[i]&0x7f], s[i]
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return fail(badUTF8)
			}
			cl, d = class(r)
		}
		i += size
		if cl == cSpace {
			continue
		}
		// What may follow a +, an opening parenthesis and a separator.
		text := cl == cLetter || cl == cOther || cl == cForeignDigit || cl == cEnd
		switch {
		case prev == plus && cl != cDigit && !text:
			return fail(plusWhere)
		case prev == open && cl != cDigit && cl != cPlus && !text:
			return fail(paren)
		case prev == afterSep && cl != cDigit && cl != cOpen && !text:
			return fail(sep)
		}
		switch cl {
		case cDigit:
			if sc.n < len(sc.d) {
				sc.d[sc.n] = d
			}
			sc.n++
			prev = digit
		case cPlus:
			if prev != start && !(prev == open && openFirst) {
				return fail(plusWhere)
			}
			sc.plus = true
			prev = plus
		case cOpen:
			if depth != 0 {
				return fail(paren)
			}
			openFirst = prev == start
			depth = 1
			prev = open
		case cClose:
			if depth != 1 || prev != digit {
				return fail(paren)
			}
			depth = 0
			prev = closed
		case cSep:
			if prev != digit && prev != closed {
				return fail(sep)
			}
			prev = afterSep
		case cLetter:
			return fail(letter)
		case cForeignDigit:
			return fail(foreignDigit)
		default:
			return failure{why: badChar, r: r}
		}
	}
	switch {
	case sc.n == 0:
		return fail(empty)
	case prev == plus:
		return fail(plusWhere)
	case depth != 0:
		return fail(paren)
	case prev == afterSep:
		return fail(sep)
	}
	return failure{why: planned}
}

// parse is Parse without building errors: it returns the number (for an
// outdated one, the number it became) and why it failed.
func parse(s string) (Number, failure) {
	if len(s) > maxBytes {
		return Number{}, fail(tooLong)
	}
	var sc scanned
	if f := sc.scan(trimEnd(s)); f.why != planned {
		return Number{}, f
	}
	if sc.n > vnphone.MaxDigits {
		return Number{}, failure{why: planned, plan: vnphone.Fault{Why: vnphone.ManyDigits, N: sc.n}}
	}
	n, f := vnphone.Parse(sc.d[:sc.n], sc.plus)
	return Number{n}, failure{why: planned, plan: f}
}

// explain finds the most helpful reason to refuse s, which parse refused
// with f. It runs only on refusals, so it may take its time.
func explain(s string, f failure) string {
	if f.why == tooLong || f.why == badUTF8 {
		return f.reason()
	}
	if twoNumbers(s) {
		return "two numbers in one field"
	}
	if f.why == letter || f.why == badChar {
		if extension(s) {
			return "an extension after the number"
		}
		if wordsAround(s) {
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "tel:") {
				return "a tel: link, not a number"
			}
			return "words around the number"
		}
	}
	return f.reason()
}

// found reports whether s alone is a number, current or outdated.
func found(s string) bool {
	_, f := parse(s)
	return f.why == planned && (f.plan.Why == vnphone.OK || f.plan.Why == vnphone.Outdated)
}

func isDigit(r rune) bool {
	c, _ := class(r)
	return c == cDigit
}

// trimRight cuts everything after the last digit or closing parenthesis;
// trimLeft cuts everything before the first digit, plus or opening
// parenthesis.
func trimRight(s string) string {
	return strings.TrimRightFunc(s, func(r rune) bool {
		c, _ := class(r)
		return c != cDigit && c != cClose
	})
}

func trimLeft(s string) string {
	return strings.TrimLeftFunc(s, func(r rune) bool {
		c, _ := class(r)
		return c != cDigit && c != cPlus && c != cOpen
	})
}

// twoNumbers reports whether s can be cut in two places that are each a
// number: "0912345678, 0987654321", "0912345678 hoặc 0987654321".
func twoNumbers(s string) bool {
	for i, r := range s {
		if i == 0 || r == utf8.RuneError {
			continue
		}
		left, right := trimRight(s[:i]), trimLeft(s[i:])
		if left != "" && right != "" && found(left) && found(right) {
			return true
		}
	}
	return false
}

// extension reports whether s is a number followed by an extension: a
// mark (#, ;, ",", x, ext, máy lẻ) and a few digits.
func extension(s string) bool {
	j := strings.IndexFunc(s, func(r rune) bool {
		c, _ := class(r)
		return c == cLetter || r == '#' || r == ';' || r == ','
	})
	if j <= 0 || !found(trimRight(s[:j])) {
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
		if !isDigit(r) {
			return false
		}
	}
	return true
}

// wordsAround reports whether s is a number with letters before or after
// it but not inside it: "SĐT: 0912 345 678", "0912345678 (anh Nam)".
func wordsAround(s string) bool {
	first := strings.IndexFunc(s, func(r rune) bool {
		c, _ := class(r)
		return c == cDigit || c == cPlus
	})
	if first < 0 {
		return false
	}
	// The number ends at the first letter after it.
	end := len(s)
	if k := strings.IndexFunc(s[first:], func(r rune) bool {
		c, _ := class(r)
		return c == cLetter
	}); k >= 0 {
		end = first + k
	}
	core := trimRight(s[first:end])
	// "(+84) 912…" and "(0583998817)" open their parenthesis before the
	// first digit or plus.
	if !found(core) && !found("("+core) {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool {
		c, _ := class(r)
		return c == cLetter
	}) >= 0
}
