// Package fielderr is the one shape of validation errors in binhluan: a
// list of problems, each naming a field and a stable code, like
// go/scanner's ErrorList. Packages comment and article expose it under
// their own names (comment.FieldError, article.FieldErrors, ...) with type
// aliases, so an error from either is matched the same way with
// errors.As, and the codes both use are defined here once.
//
// The values are plain data: safe to share read-only.
package fielderr

import "strings"

// Code is the stable key of a problem, such as "required" or "too_long".
// Sites key their messages on codes and tests check codes, not texts.
type Code string

// Codes used by more than one package.
const (
	Required    Code = "required"     // nothing but white space was given
	InvalidUTF8 Code = "invalid_utf8" // the bytes were not UTF-8
	Invalid     Code = "invalid"      // the value has the wrong shape
	TooShort    Code = "too_short"    // Params: minimum runes, runes given
	TooLong     Code = "too_long"     // Params: maximum runes, runes given
)

// Error is one problem with one field. Field names the field as its
// package documents (a form input's name, a JSON name); Code says what is
// wrong; Params are the values its message shows, in the order the code's
// documentation gives.
type Error struct {
	Field  string
	Code   Code
	Params []any
}

// Error returns "<field>: <code>", for logs; readers get a localised
// text from the code.
func (e Error) Error() string {
	return e.Field + ": " + string(e.Code)
}

// List is every problem found, in the order they were found (a form's
// field order). An empty list means no problem: [List.Err] gives an error
// that is nil then. errors.As finds the list in an error, and each Error
// in the list too.
type List []Error

// Error joins the problems with "; ", for logs.
func (l List) Error() string {
	if len(l) == 0 {
		return "no field errors"
	}
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Err returns nil for an empty list and the list itself otherwise.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Unwrap returns the problems as errors, so that errors.As and errors.Is
// look into the list.
func (l List) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Has reports whether the field has a problem with the given code; an
// empty code matches any problem of the field.
func (l List) Has(field string, code Code) bool {
	for _, e := range l {
		if e.Field == field && (code == "" || e.Code == code) {
			return true
		}
	}
	return false
}

// Codes returns "field:code" for every problem, in order: a compact form
// for tests and logs.
func (l List) Codes() []string {
	out := make([]string, len(l))
	for i, e := range l {
		out[i] = e.Field + ":" + string(e.Code)
	}
	return out
}
