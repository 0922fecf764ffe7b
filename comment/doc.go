// Package comment takes reader comments on an article safely: the comment
// model and its moderation states, binding of the comment form ("Viết bình
// luận": Họ tên, Số điện thoại, Tiêu đề, Nội dung, Mã xác nhận), a signed
// form token against bots that post too fast or replay old forms,
// validation with field errors in Vietnamese (the default) or English,
// phone numbers checked by package [github.com/binhluan/binhluan/comment/phone],
// replies one level deep, and a fingerprint to spot the same comment
// posted twice.
//
// The flow for one comment:
//
//	sub, err := comment.BindRequest(r, 0)     // normalised at the edge
//	if err := rules.Validate(sub).Err(); ...  // every failing field at once
//	if err := tokens.Check(sub.Token, articleID, time.Now()); ...
//	c := sub.Comment(articleID, time.Now())    // pending until a moderator decides
//
// A [Screener] runs all of it in one call, checks the comment a reply
// names, then the bot signals (honeypot, duplicates, flooding) and the
// spam filter, and decides the status with a [Reason] code. It takes the
// captcha service, the spam filter and the comment store through the
// small interfaces [CaptchaVerifier], [Scorer] and [Parents], which
// binhluan's captcha and classify packages (and a site's store) satisfy
// without this package importing them. The spam filter's own calibrated
// thresholds decide what is spam; the screener only follows its verdict.
//
// Field errors are one shape, [FieldErrors], shared with package article;
// messages for them, and for reasons, come from a
// golang.org/x/text/message catalog ([Messages]); a site overrides or adds
// messages with [Messages.Set].
//
// Settings: [NewTokens] and [NewRecent] take a *Config (nil means the
// defaults; an invalid setting is an error that names it). The zero
// [Recent], [Messages], [Rules] and [Screener] are ready to use; the zero
// [Tokens] accepts no token.
//
// Concurrency: functions, [Rules], [Tokens], [Screener] and [Recent] are
// safe for concurrent use once configured. [Messages] is safe for
// concurrent use, including Set while other goroutines print. [Comment]
// and [Submission] are plain values.
package comment
