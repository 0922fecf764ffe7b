// Package sqlstore keeps comments in a database: SQLite, one file and
// nothing to install, for a single server (through modernc.org/sqlite, in
// pure Go), or PostgreSQL for a newsroom with several servers (through
// pgx). [Store] implements [comment.Store]; it also has the Parent method
// a Screener uses to check a reply before screening it.
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
// renders. Times are kept to the nanosecond and come back in Vietnam time. IDs are 128 random bits in base32, from crypto/rand unless
// [Config.Rand] says otherwise. Each comment carries sort keys (its time,
// and its thread's) so that every page is one range of one index: a page
// costs the same with a thousand comments stored as with a million
// (BenchmarkListApproved), and a cursor is the key of the last comment
// shown, not an offset.
package sqlstore
