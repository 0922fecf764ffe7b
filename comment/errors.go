package comment

import (
	"strings"
)

// Stable codes of [FieldError]. Sites key their own messages on them, and
// tests should check codes, not texts.
const (
	CodeRequired    = "required"     // nothing but white space was typed
	CodeTooShort    = "too_short"    // Params: minimum runes, runes typed
	CodeTooLong     = "too_long"     // Params: maximum runes, runes typed
	CodeInvalidUTF8 = "invalid_utf8" // the posted bytes were not UTF-8
	// CodeInvalidPhone and CodeOutdatedPhone are declared with ParsePhone;
	// an outdated number's Params hold the number it became.

	CodeFormInvalid = "form_invalid"  // the form token is missing, forged or damaged
	CodeFormTooFast = "form_too_fast" // posted sooner than a person types; Params: the least seconds
	CodeFormExpired = "form_expired"  // the form was opened too long ago; Params: the most minutes
)

// FieldError is one problem with one field of the comment form. Field is
// the form name of the input ("name", "phone", "title", "content",
// "captcha") or "form" for the form as a whole; Code is a stable key such
// as "required" or "too_long"; Params are the values its message shows, in
// the order the code's documentation gives.
type FieldError struct {
	Field  string
	Code   string
	Params []any
}

// Error returns "comment: <field>: <code>", for logs; readers get the
// localised text from [Messages].
func (e FieldError) Error() string {
	return "comment: " + e.Field + ": " + e.Code
}

// FieldErrors lists every problem found in a form, in field order. An empty
// list means the form is valid; [FieldErrors.Err] turns it into an error
// that is nil when empty, and errors.As finds the list in that error.
type FieldErrors []FieldError

// Error joins the problems, for logs.
func (fe FieldErrors) Error() string {
	if len(fe) == 0 {
		return "comment: no problems"
	}
	parts := make([]string, len(fe))
	for i, e := range fe {
		parts[i] = e.Field + ": " + e.Code
	}
	return "comment: " + strings.Join(parts, "; ")
}

// Err returns nil for an empty list and the list itself otherwise.
func (fe FieldErrors) Err() error {
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// Has reports whether the field has a problem with the given code; an empty
// code matches any problem of the field.
func (fe FieldErrors) Has(field, code string) bool {
	for _, e := range fe {
		if e.Field == field && (code == "" || e.Code == code) {
			return true
		}
	}
	return false
}

// Codes returns "field:code" for every problem, in order: a compact form
// for tests and logs.
func (fe FieldErrors) Codes() []string {
	out := make([]string, len(fe))
	for i, e := range fe {
		out[i] = e.Field + ":" + e.Code
	}
	return out
}
