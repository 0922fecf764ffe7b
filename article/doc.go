// Package article models the news article that reader comments hang from:
// its series heading, title, source tag, lead, body blocks (paragraphs and
// captioned images), byline, publish time and tags.
//
// It reads a plain-text page export into an [Article] with [Parse], shows and
// reads times the way Vietnamese news pages print them ([FormatStamp] gives
// "12:48 29/11/2020", [FormatLong] gives "Chủ Nhật, 29/11/2020 12:48", both in
// Vietnam time, UTC+7 with no daylight saving, without needing tzdata), makes
// excerpts of whole sentences ([Excerpt]) and keeps an [Archive] that answers
// "Các bài mới đăng" (newer articles) and "Các bài đã đăng" (older articles)
// for any article, overall or within its series.
//
// All text that enters through [Parse] is normalised to NFC with control and
// zero-width characters removed. An Article a site builds itself is taken
// as given: [Article.Validate] checks its required fields and that its text
// is valid UTF-8, not how it is normalised.
//
// Concurrency: the functions of this package are safe for concurrent use. An
// [Article] is a plain value with no locking: share it read-only. An
// [Archive] is safe for concurrent use by many readers and writers; the
// articles it hands out are shared and must not be modified (replace them
// with [Archive.Add] instead).
package article
