package pgtest_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/internal/pgtest"
)

// TestServer starts a cluster, writes to a fresh database, kills the
// server and starts it again: the committed row is still there.
func TestServer(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.Database(t)
	ctx := context.Background()
	db, err := sql.Open("pgx", url)
	require.NoError(t, err)
	defer db.Close()
	_, err = db.ExecContext(ctx, "CREATE TABLE kept (v TEXT); INSERT INTO kept VALUES ('xin chào')")
	require.NoError(t, err)

	srv.Kill()
	srv.Start()
	var v string
	require.NoError(t, db.QueryRowContext(ctx, "SELECT v FROM kept").Scan(&v), "the pool reconnects after the restart")
	require.Equal(t, "xin chào", v)
	require.NotEqual(t, url, srv.Database(t), "each database is new")
}
