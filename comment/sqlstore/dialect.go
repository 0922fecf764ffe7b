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
	// lockMigrations runs first in the migration transaction, so that
	// servers starting together migrate one after the other; SQLite's
	// BEGIN IMMEDIATE already takes the database's one write lock.
	lockMigrations string
	// lockParent ends the read of a reply's parent: on PostgreSQL the row
	// stays locked against a status change until the reply is committed,
	// so a reply never lands under a comment hidden in the meantime.
	// SQLite has one writer at a time, so the read alone is enough.
	lockParent string
}

var sqliteDialect = &dialect{
	name:   "sqlite",
	driver: "sqlite",
	blob:   "BLOB",
}

var postgresDialect = &dialect{
	name:   "postgres",
	driver: "pgx",
	blob:   "BYTEA",
	// The key is any constant of this package's own: "binhluan" in ASCII.
	lockMigrations: "SELECT pg_advisory_xact_lock(7091320483046842734)",
	lockParent:     " FOR SHARE",
}

// expand fills a migration's {{…}} slots with the dialect's words.
func (d *dialect) expand(sql string) string {
	return strings.NewReplacer("{{blob}}", d.blob).Replace(sql)
}
