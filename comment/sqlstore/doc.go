// Package sqlstore keeps comments in a database: SQLite, one file and
// nothing to install, for a single server (through modernc.org/sqlite, in
// pure Go), or PostgreSQL for a newsroom with several servers (through
// pgx). [Store] implements [comment.ModerationStore], and so
// [comment.Store]: comments, and what moderation keeps of them (readers'
// reports, takedown requests, bans, the audit log). It also has the
// Parent method a Screener uses to check a reply before screening it.
//
// # Lifecycle
//
// [Open] opens the database, creating it when missing, and applies the
// schema migrations embedded in the package, all in one transaction, so a
// database is never left half migrated; on PostgreSQL an advisory lock
// makes servers starting together migrate one after the other. A database
// written by a newer binhluan is refused ([ErrNewerSchema]); a file that is
// not an SQLite database, or is damaged, gives an error naming the file.
// Close the Store when done.
//
// # Concurrency
//
// A Store is safe for concurrent use, and several Stores, in one process
// or in several, may share one database. Each write is one transaction:
// when a method returns an error nothing of it is stored, and when it
// returns nil the comment is on disk. Status changes are a compare-and-set
// on the old status (an UPDATE … WHERE status = old, which on PostgreSQL
// waits for a concurrent change of the row and re-checks the condition
// against it), and a reply reads its parent under FOR SHARE, so a parent
// hidden at the same moment cannot end up showing a reply. PostgreSQL
// runs at its default READ COMMITTED isolation: no statement needs more.
//
// Moderation keeps the same rules with locks held to the commit, on
// PostgreSQL; SQLite needs none of them, its one writer at a time
// already serializes every write, also across processes.
//   - A report locks its comment's row (SELECT … FOR UPDATE) before it
//     counts anything: reports on one comment, and a decision or a
//     takedown on it, follow one another, so the open count is exact,
//     only the report that reaches the threshold requeues, and no report
//     slips past a decision that closes them.
//   - A reader's report count, under a per-reader limit, and a subject's
//     next ban level have no row to lock yet: a transaction advisory lock
//     (pg_advisory_xact_lock) on a hash of the reader or the subject
//     serializes them. Two keys that share a hash only wait for each
//     other.
//   - Completing a takedown and lifting a ban are a compare-and-set on
//     the request still open (done_at IS NULL) and the ban still in
//     force: of two moderators at once, one is told ErrConflict.
//   - Each write appends its audit entries last, under an advisory lock
//     of the audit log held to the commit, so seq follows the order of
//     commits and a reader paging the log never sees an older seq turn
//     up later. Moderation's writes thus commit one at a time on the
//     log; each holds that lock only for its last statements.
//
// # SQLite settings, and why
//
//   - journal_mode=WAL: readers never block the writer nor the writer
//     them, so pages are served while a comment is saved; a crash leaves
//     the write-ahead log, which the next open replays or discards whole.
//   - synchronous=FULL: each commit waits until the log is on the disk, so
//     a comment the reader was told was accepted survives not only kill -9
//     (which NORMAL survives too) but a power cut or kernel crash, which
//     NORMAL may roll back. It costs one fsync a commit; see BenchmarkAdd
//     for the rate, far above what readers post.
//   - One connection writes, with BEGIN IMMEDIATE: writers queue in the
//     process instead of failing with SQLITE_BUSY, and a transaction
//     never has to upgrade a read lock to a write lock, which can fail.
//     Readers have a pool of their own ([Config.Conns]), read-only.
//   - busy_timeout of [BusyTimeout]: another process writing the same
//     file (a second server, a backup with the sqlite3 shell) makes a
//     write wait rather than fail at once.
//   - journal_size_limit of 64 MiB: the log shrinks back after a burst.
//
// When the disk is full the write fails, is rolled back whole, and the
// error reaches the caller: the reader is told, and what was stored before
// is intact. The next open, with or without space, is clean; SQLite needs
// no repair after kill -9 or a full disk.
//
// # Storage
//
// Text is stored as given, not escaped: escaping is the page's job when it
// renders. Times are kept to the nanosecond and come back in Vietnam
// time; a moderation time outside the years 1678 to 2262, which
// nanoseconds since 1970 cannot hold, is refused with comment.ErrInvalid.
// IDs of comments, takedowns and bans are 128 random bits in base32,
// from crypto/rand unless [Config.Rand] says otherwise. Each comment carries sort keys (its time,
// and its thread's) so that every page is one range of one index: a page
// costs the same with a thousand comments stored as with a million
// (BenchmarkListApproved), and a cursor is the key of the last comment
// shown, not an offset. The report queue is a table of its own, one row
// per reported comment with minus its open reports, in step with the
// reports in the same transactions, so that it too is read as one range
// of one index; the audit log is appended to and never changed.
package sqlstore
