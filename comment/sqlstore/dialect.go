package sqlstore

import "strings"

// dialect holds everything that differs between the engines: the rest of
// the package speaks the SQL both understand ($1 parameters, partial
// indexes, ON CONFLICT, RETURNING).
type dialect struct {
	name   string // "sqlite" or "postgres", for messages
	driver string // the database/sql driver
	// blob is the column type of the binary sort keys: both engines
	// compare it byte by byte, whatever the database's collation.
	blob string
	// serial is the column definition of the audit log's key: an integer
	// the database assigns, larger than any before it.
	serial string
	// lockMigrations runs first in the migration transaction, so that
	// servers starting together migrate one after the other; SQLite's
	// BEGIN IMMEDIATE already takes the database's one write lock.
	lockMigrations string
	// lockParent ends the read of a reply's parent: on PostgreSQL the row
	// stays locked against a status change until the reply is committed,
	// so a reply never lands under a comment hidden in the meantime.
	// SQLite has one writer at a time, so the read alone is enough.
	lockParent string
	// lockRow ends the read of a row a transaction goes on to change from
	// what it read (a comment a report may requeue or a takedown
	// removes): on PostgreSQL the row stays locked until the commit.
	lockRow string
	// lockKey takes a transaction-scoped lock on a key ($1 the class, $2
	// the key's hash), held until the commit: on PostgreSQL it serializes
	// what has no row to lock yet (a subject's next ban level, a reader's
	// report count, the audit log's order). Empty on SQLite, whose one
	// writer already serializes every write.
	lockKey string
}

var sqliteDialect = &dialect{
	name:   "sqlite",
	driver: "sqlite",
	blob:   "BLOB",
	serial: "INTEGER PRIMARY KEY AUTOINCREMENT",
}

var postgresDialect = &dialect{
	name:   "postgres",
	driver: "pgx",
	blob:   "BYTEA",
	serial: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
	// The key is any constant of this package's own: "binhluan" in ASCII.
	lockMigrations: "SELECT pg_advisory_xact_lock(7091320483046842734)",
	lockParent:     " FOR SHARE",
	lockRow:        " FOR UPDATE",
	lockKey:        "SELECT pg_advisory_xact_lock($1, $2)",
}

// expand fills a migration's {{…}} slots with the dialect's words.
func (d *dialect) expand(sql string) string {
	return strings.NewReplacer("{{blob}}", d.blob, "{{serial}}", d.serial).Replace(sql)
}
