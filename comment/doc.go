// Package comment takes reader comments on an article safely: the comment
// model and its moderation states, binding of the comment form ("Viết bình
// luận": Họ tên, Số điện thoại, Tiêu đề, Nội dung, Mã xác nhận), a signed
// form token against bots that post too fast or replay old forms,
// validation with field errors in Vietnamese (the default) or English,
// Vietnamese phone numbers checked against the current numbering plan, and
// a fingerprint to spot the same comment posted twice.
//
// The flow for one comment:
//
//	sub, err := comment.BindRequest(r, 0)     // normalised at the edge
//	if err := rules.Validate(sub).Err(); ...  // every failing field at once
//	if err := tokens.Check(sub.Token, articleID, time.Now()); ...
//	c := sub.Comment(articleID, time.Now())    // pending until a moderator decides
//
// A [Screener] runs all of it in one call, and then the bot signals
// (honeypot, duplicates, flooding) and the spam filter, and decides the
// status; it takes the captcha service and the spam filter through the
// one-method interfaces [CaptchaVerifier] and [SpamScorer], which
// binhluan's captcha and classify packages satisfy without this package
// importing them.
//
// Messages for field errors come from a golang.org/x/text/message catalog
// built by [NewMessages]; a site overrides or adds messages with
// [Messages.Set].
//
// Concurrency: functions, [Rules], [Tokens], [Screener] and [Recent] are
// safe for concurrent use once configured. [Messages] is safe for concurrent use, including Set
// while other goroutines print. [Comment] and [Submission] are plain values.
package comment
