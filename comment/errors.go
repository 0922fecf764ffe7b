package comment

import (
	"github.com/binhluan/binhluan/comment/phone"
	"github.com/binhluan/binhluan/internal/fielderr"
)

// Code is the stable key of a [FieldError], such as "required" or
// "too_long". Sites key their own messages on codes, and tests should
// check codes, not texts. It is the same type as article.Code and
// phone.Code.
type Code = fielderr.Code

// Stable codes of [FieldError].
const (
	CodeRequired    = fielderr.Required    // nothing but white space was typed
	CodeTooShort    = fielderr.TooShort    // Params: minimum runes, runes typed
	CodeTooLong     = fielderr.TooLong     // Params: maximum runes, runes typed
	CodeInvalidUTF8 = fielderr.InvalidUTF8 // the posted bytes were not UTF-8
	// CodeInvalid is a wrong captcha answer, or a parent_id that is not
	// the ID of a comment.
	CodeInvalid = fielderr.Invalid

	CodeInvalidPhone  = phone.CodeInvalid  // not a Vietnamese number to call back
	CodeOutdatedPhone = phone.CodeOutdated // an old 11-digit mobile; Params: the number it became

	CodeFormInvalid Code = "form_invalid"  // the form token is missing, forged or damaged
	CodeFormTooFast Code = "form_too_fast" // posted sooner than a person types; Params: the least seconds
	CodeFormExpired Code = "form_expired"  // the form was opened too long ago; Params: the most minutes

	// CodeReplyInvalid means the comment replied to cannot take a reply:
	// it does not exist, is not approved, is on another article or is
	// itself a reply.
	CodeReplyInvalid Code = "reply_invalid"

	// CodeBanned means the commenter is banned until a time (on the form;
	// Params: the end, dd/mm/yyyy HH:MM in Vietnam time); CodeBannedForever
	// that the ban has no end.
	CodeBanned        Code = "banned"
	CodeBannedForever Code = "banned_forever"
	// CodeBannedWord means the field holds a word the site's word list
	// refuses.
	CodeBannedWord Code = "banned_word"
)

// FieldError is one problem with one field of the comment form. Field is
// the form name of the input ("name", "phone", "title", "content",
// "captcha", "parent_id") or "form" for the form as a whole; Code is a
// stable key such as "required" or "too_long"; Params are the values its
// message shows, in the order the code's documentation gives. Its Error
// method returns "<field>: <code>", for logs; readers get the localised
// text from [Messages].
type FieldError = fielderr.Error

// FieldErrors lists every problem found in a form, in field order. An
// empty list means the form is valid; its Err method turns it into an
// error that is nil when empty; errors.As finds the list in that error,
// and each FieldError in it. Has and Codes query it.
type FieldErrors = fielderr.List
