// Package phone reads Vietnamese phone numbers as readers type them into a
// comment form, and checks them against the national numbering plan:
// [Parse] accepts a mobile, a landline or a 1800/1900 number in any of the
// usual typings ("0912 345 678", "+84 (0) 912.345.678", full-width digits,
// a full stop after it) and gives a [Number], a small comparable value
// that prints in the national grouping, in E.164 and as digits, and
// knows its [Type], its carrier and its province. Anything else is
// refused with an [*Error] whose code is stable ([CodeInvalid], or
// [CodeOutdated] for an old 11-digit mobile, with the number it became)
// and whose reason says why in English, for logs.
//
// There is no state: [Parse] and every method are safe for concurrent use,
// and Parse does not allocate when it accepts a number. The numbering plan
// itself lives in binhluan's internal/vnphone, which the spam filter's
// tokenizer asks too, so both agree on what a number is.
package phone
