package comment

import (
	"errors"
	"unicode/utf8"

	"github.com/binhluan/binhluan/comment/phone"
)

// Limits bounds a field's length in runes (characters as a reader counts
// them). A zero Min or Max means no bound on that side.
type Limits struct {
	Min, Max int
}

// Rules is what a site requires of a comment form. The zero value only
// requires the name, title and content; [DefaultRules] adds length limits
// and requires the captcha answer. Rules is a plain value: copy it, change
// a field, and test it like any other code of the site.
type Rules struct {
	Name    Limits
	Title   Limits
	Content Limits
	// PhoneRequired makes Số điện thoại required; it is always checked
	// against the numbering plan when given.
	PhoneRequired bool
	// CaptchaRequired reports an empty Mã xác nhận with the other fields,
	// so the reader fixes everything at once; whether the answer is right
	// is for the captcha service to say.
	CaptchaRequired bool
	// Custom, when set, runs after the built-in rules on the normalised
	// submission, and its problems are added to theirs.
	Custom func(Submission) FieldErrors
}

// DefaultRules returns the rules of the seed page's form: Họ tên 2–50
// runes, Tiêu đề 3–200, Nội dung 10–3000, phone optional, captcha
// required.
func DefaultRules() Rules {
	return Rules{
		Name:            Limits{Min: 2, Max: 50},
		Title:           Limits{Min: 3, Max: 200},
		Content:         Limits{Min: 10, Max: 3000},
		CaptchaRequired: true,
	}
}

// Validate checks a bound submission and returns every problem at once, in
// the form's field order (name, phone, title, content, captcha, the parent
// of a reply, then the custom rule's). The list is empty for a valid form;
// call Err on it for an error value. A parent_id must have the shape of a
// comment ID ([ValidID]), else it is [CodeInvalid]; whether that comment
// takes replies is for [Screener] to check, with its Parents.
func (r Rules) Validate(s Submission) FieldErrors {
	var errs FieldErrors
	errs = s.checkText(errs, FormName, setName, s.Name, r.Name)
	errs = s.checkPhone(errs, r.PhoneRequired)
	errs = s.checkText(errs, FormTitle, setTitle, s.Title, r.Title)
	errs = s.checkText(errs, FormContent, setContent, s.Content, r.Content)
	if r.CaptchaRequired {
		errs = s.checkText(errs, FormCaptcha, setCaptcha, s.Captcha, Limits{})
	}
	if s.ParentID != "" && !ValidID(s.ParentID) {
		errs = append(errs, FieldError{Field: FormParentID, Code: CodeInvalid})
	}
	if r.Custom != nil {
		errs = append(errs, r.Custom(s)...)
	}
	return errs
}

// checkText applies the UTF-8, required and length rules to one field.
func (s Submission) checkText(errs FieldErrors, field string, f fieldSet, value string, lim Limits) FieldErrors {
	switch {
	case s.invalid&f != 0 || !utf8.ValidString(value):
		return append(errs, FieldError{Field: field, Code: CodeInvalidUTF8})
	case value == "":
		return append(errs, FieldError{Field: field, Code: CodeRequired})
	}
	n := utf8.RuneCountInString(value)
	switch {
	case s.cut&f != 0:
		// Only the first maxFieldBytes were kept: the reader typed more
		// than n, and more than any sensible limit.
		limit := lim.Max
		if limit <= 0 || limit > n {
			limit = n
		}
		return append(errs, FieldError{Field: field, Code: CodeTooLong, Params: []any{limit, n}})
	case lim.Max > 0 && n > lim.Max:
		return append(errs, FieldError{Field: field, Code: CodeTooLong, Params: []any{lim.Max, n}})
	case n < lim.Min:
		return append(errs, FieldError{Field: field, Code: CodeTooShort, Params: []any{lim.Min, n}})
	}
	return errs
}

// checkPhone applies the phone rules: optional unless required, and a
// current Vietnamese number when given.
func (s Submission) checkPhone(errs FieldErrors, required bool) FieldErrors {
	switch {
	case s.invalid&setPhone != 0 || !utf8.ValidString(s.Phone):
		return append(errs, FieldError{Field: FormPhone, Code: CodeInvalidUTF8})
	case s.Phone == "":
		if required {
			return append(errs, FieldError{Field: FormPhone, Code: CodeRequired})
		}
		return errs
	}
	_, err := phone.Parse(s.Phone)
	if err == nil {
		return errs
	}
	fe := FieldError{Field: FormPhone, Code: CodeInvalidPhone}
	var pe *phone.Error
	if errors.As(err, &pe) && pe.Code == CodeOutdatedPhone {
		fe.Code = pe.Code
		fe.Params = []any{pe.Current.National()}
	}
	return append(errs, fe)
}
