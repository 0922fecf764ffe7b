// Package commenttest helps a site test its own comment handling without
// a database, a captcha image or a trained spam filter, and without a back
// door in the site's code; it also holds the conformance suite of
// [comment.Store], as testing/fstest holds that of file systems.
//
// What each part is for:
//
//   - [Submission]: a comment form that passes every default rule, from
//     which a test changes the one field it is about.
//   - [Token] and [TokenAge]: a signed form token already old enough to be
//     accepted, so no test sleeps through the minimum age.
//   - [Captcha], [CaptchaCall]: a captcha verifier that accepts, refuses or
//     fails, and records what it was asked.
//   - [Scorer]: a spam filter with a fixed probability and verdict.
//   - [Outage]: a store that fails on demand, to test how a site copes
//     with its database down.
//   - [AssertFieldErrors], [Want], [TB]: checks that a result holds exactly
//     the expected (field, code) pairs and prints a (-want +got) list, so
//     tests check codes, not message text.
//   - [MemoryStore]: a [comment.ModerationStore] (and so a
//     [comment.Store]) in memory with the whole contract: comments,
//     reports, takedowns, bans, standing and the audit log.
//   - [TestStore] and [TestSharedStores]: the conformance suite any Store
//     implementation runs in its own tests; binhluan runs it against
//     MemoryStore, SQLite and PostgreSQL.
//   - [TestModerationStore] and [TestSharedModerationStores]: the same for
//     a ModerationStore, which runs both suites: every moderation write
//     with its audit entry, refused input leaving nothing behind, and the
//     races of reports, takedowns and bans across store handles.
//
// A site's test of its handler builds a Screener from these parts, posts
// the form with net/http/httptest and checks the codes:
//
//	tokens, _ := comment.NewTokens(&comment.TokensConfig{Key: key})
//	store := &commenttest.MemoryStore{}
//	s := &comment.Screener{Rules: comment.DefaultRules(), Tokens: tokens,
//		Captcha: &commenttest.Captcha{}, Spam: commenttest.Scorer{Cleared: true}, Parents: store}
//	sub := commenttest.Submission()
//	sub.Token = commenttest.Token(tokens, "bai-1", now)
//	sub.Content = "Ngắn"
//	_, errs, _ := s.Screen(ctx, sub, "bai-1", now)
//	commenttest.AssertFieldErrors(t, errs, commenttest.Want{Field: comment.FormContent, Code: comment.CodeTooShort})
//
// The package imports no database driver. Its fakes and MemoryStore are
// safe for concurrent use once configured, as each type's doc says; the
// suite's functions are safe to call from parallel tests, each with
// stores of its own.
package commenttest
