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
// names, then bans, the site's word list, the bot signals (honeypot,
// duplicates, flooding), the spam and abuse filters and trust, and decides
// the status with a [Reason] code, in the order its documentation gives.
// It takes the captcha service, the filters, the store and the desk
// through small interfaces ([CaptchaVerifier], [Scorer], [WordChecker],
// [BanChecker], [TrustChecker], [Parents]), which binhluan's captcha,
// classify and comment/wordlist packages, its stores and [Desk] satisfy.
// A filter's own calibrated thresholds decide what it flags; the screener
// only follows its verdict.
//
// # Moderation
//
// A [Store] keeps comments (comment/sqlstore on SQLite and PostgreSQL,
// commenttest.MemoryStore for tests); a [ModerationStore] also keeps
// readers' reports ("Báo vi phạm"), takedown requests with their legal
// deadlines (24 hours for an authority, 48 for a complaint, under Decree
// 147/2024/NĐ-CP), bans of a phone number, an address or its prefix, or a
// device, on an escalation ladder, each commenter's standing, and an
// append-only audit log written in the same transaction as each action.
// A [Desk], made once with [NewDesk], holds the newsroom's policies over
// it: how many reports send a comment back to a moderator, the ban ladder,
// the locks after 5 violations in 30 days or 10 in 90, who is trusted
// ([TrustRule]), and when a takedown near its deadline is announced to a
// [Notifier] (comment/notify posts signed webhooks). [ReaderKeys] gives
// readers who do not sign in a key for reports, changing every day.
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
// Concurrency: functions, [Rules], [Tokens], [Screener], [Recent], [Desk]
// and [ReaderKeys] are safe for concurrent use once configured, and
// binhluan's stores are safe for concurrent use, also by several servers
// on one database. [Messages] is safe for
// concurrent use, including Set while other goroutines print. [Comment]
// and [Submission] are plain values.
package comment
