package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one step of the schema: the step to version Version.
type migration struct {
	Version int
	Name    string
	SQL     string
}

// migrations returns the embedded steps in order. Their names start with
// their version, 0001 onwards, with no gap.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	out := make([]migration, 0, len(names))
	for i, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		num, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v != i+1 {
			return nil, fmt.Errorf("sqlstore: migration %s is out of sequence (want version %d)", base, i+1)
		}
		b, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{Version: v, Name: base, SQL: string(b)})
	}
	return out, nil
}

// SchemaVersion is the version of the newest schema this package knows:
// the number of its migrations.
func SchemaVersion() int {
	m, err := migrations()
	if err != nil {
		return 0
	}
	return len(m)
}

// ErrNewerSchema is wrapped by the error Open returns for a database whose
// schema is newer than this package knows: a newer binhluan has written
// it, and this one might misread or damage what that one keeps.
var ErrNewerSchema = errors.New("sqlstore: the database has a newer schema than this version of binhluan knows")

// migrate brings the database's schema up to date in one transaction:
// either every missing step is applied, or none.
func migrate(ctx context.Context, db *sql.DB, d *dialect) error {
	steps, err := migrations()
	if err != nil {
		return err
	}
	return migrateTo(ctx, db, d, steps)
}

// migrateTo applies the steps the database lacks, in one transaction; a
// test gives it the first steps only, to make a database of an older
// schema.
func migrateTo(ctx context.Context, db *sql.DB, d *dialect, steps []migration) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if d.lockMigrations != "" {
		if _, err := tx.ExecContext(ctx, d.lockMigrations); err != nil {
			return fmt.Errorf("lock for migrating: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS binhluan_schema (version INTEGER NOT NULL)"); err != nil {
		return fmt.Errorf("read the schema version: %w", err)
	}
	version := 0
	switch err := tx.QueryRowContext(ctx, "SELECT version FROM binhluan_schema").Scan(&version); {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, "INSERT INTO binhluan_schema (version) VALUES (0)"); err != nil {
			return fmt.Errorf("record the schema version: %w", err)
		}
	case err != nil:
		return fmt.Errorf("read the schema version: %w", err)
	}
	if version > len(steps) {
		return fmt.Errorf("%w: schema version %d, and this binhluan knows up to %d; run a newer binhluan on it", ErrNewerSchema, version, len(steps))
	}
	if version == len(steps) {
		return tx.Commit()
	}
	for _, m := range steps[version:] {
		if _, err := tx.ExecContext(ctx, d.expand(m.SQL)); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, "UPDATE binhluan_schema SET version = $1", len(steps)); err != nil {
		return fmt.Errorf("record the schema version: %w", err)
	}
	return tx.Commit()
}
