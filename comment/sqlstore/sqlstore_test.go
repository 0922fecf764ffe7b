package sqlstore

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/commenttest"
	"github.com/binhluan/binhluan/internal/pgtest"
)

// openT opens a store for a test and closes it at cleanup.
func openT(t testing.TB, dsn string, cfg *Config) *Store {
	t.Helper()
	s, err := Open(context.Background(), dsn, cfg)
	require.NoError(t, err, "Open(%q)", dsn)
	t.Cleanup(func() { s.Close() })
	return s
}

func TestSQLite(t *testing.T) {
	commenttest.TestStore(t, func(t *testing.T) comment.Store {
		return openT(t, filepath.Join(t.TempDir(), "binhluan.db"), nil)
	})
}

func TestSQLiteMemory(t *testing.T) {
	commenttest.TestStore(t, func(t *testing.T) comment.Store { return openT(t, ":memory:", nil) })
}

// TestSQLiteShared runs two stores, as two processes would, on one file.
func TestSQLiteShared(t *testing.T) {
	path := filepath.Join(t.TempDir(), "binhluan.db")
	commenttest.TestSharedStores(t, openT(t, path, nil), openT(t, path, nil))
}

func TestPostgres(t *testing.T) {
	srv := pgtest.Start(t)
	commenttest.TestStore(t, func(t *testing.T) comment.Store { return openT(t, srv.Database(t), nil) })
}

// TestPostgresShared runs two stores, as two servers would, on one
// database.
func TestPostgresShared(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.Database(t)
	commenttest.TestSharedStores(t, openT(t, url, nil), openT(t, url, nil))
}
