package sqlstore

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/internal/pgtest"
)

// crashEnv names the store a crash writer writes to; it is set only in
// the child process of a crash test.
const crashEnv = "BINHLUAN_SQLSTORE_CRASH_DSN"

// TestMain runs the crash writer instead of the tests in the child process
// of TestCrash.
func TestMain(m *testing.M) {
	if dsn := os.Getenv(crashEnv); dsn != "" {
		crashWriter(dsn)
		return
	}
	os.Exit(m.Run())
}

// crashWriter adds comments, replies and status changes to dsn as fast as
// it can, writing "ok ID" to stdout after each add returns, until it is
// killed.
func crashWriter(dsn string) {
	ctx := context.Background()
	s, err := Open(ctx, dsn, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var parent string
	for i := 0; ; i++ {
		c := approved("crash", i)
		c.Content = fmt.Sprintf("Bình luận số %d, gửi trước khi máy bị tắt đột ngột.", i)
		if i%3 != 0 {
			c.ParentID = parent
		}
		got, err := s.Add(ctx, c)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		if i%3 == 0 {
			parent = got.ID
		}
		if i%5 == 4 && i%3 != 0 { // a reply, so the next replies still have a parent
			if err := s.SetStatus(ctx, got.ID, comment.Approved, comment.Trash, "crash test"); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(4)
			}
			fmt.Printf("trash %s\n", got.ID)
		}
		fmt.Printf("ok %s\n", got.ID)
	}
}

// crashRound starts a writer on dsn, kills it with SIGKILL once it has
// reported after adds, and returns the IDs and trashed IDs it reported.
func crashRound(t *testing.T, dsn string, after int) (added, trashed []string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashEnv+"="+dsn)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	killed := false
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		kind, id, _ := strings.Cut(sc.Text(), " ")
		switch kind {
		case "ok":
			added = append(added, id)
		case "trash":
			trashed = append(trashed, id)
		}
		if len(added) == after && !killed {
			require.NoError(t, cmd.Process.Kill())
			killed = true
		}
	}
	err = cmd.Wait()
	require.True(t, killed, "the writer stopped by itself: %v\n%s", err, stderr.String())
	return added, trashed
}

// checkAfterCrash reopens dsn and checks that every add and status change
// the writer was told had succeeded is there.
func checkAfterCrash(t *testing.T, dsn string, added, trashed []string) {
	t.Helper()
	ctx := context.Background()
	s := openT(t, dsn, nil)
	for _, id := range added {
		_, err := s.Get(ctx, id)
		require.NoError(t, err, "comment %s was added before the crash", id)
	}
	for _, id := range trashed {
		c, err := s.Get(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, comment.Trash, c.Status, "comment %s was trashed before the crash", id)
	}
	if s.d == sqliteDialect {
		var check string
		require.NoError(t, s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check))
		assert.Equal(t, "ok", check, "the database is whole")
	}
	// The store takes writes again.
	_, err := s.Add(ctx, approved("crash", 0))
	require.NoError(t, err)
	require.NoError(t, s.Close())
}

// TestCrash kills a writer process with SIGKILL in the middle of a burst,
// three times: each time every comment it was told was stored is there,
// and the database opens clean.
func TestCrash(t *testing.T) {
	run := func(t *testing.T, dsn string) {
		var added, trashed []string
		for _, after := range []int{20, 150, 400} {
			a, tr := crashRound(t, dsn, after)
			added, trashed = append(added, a...), append(trashed, tr...)
			checkAfterCrash(t, dsn, added, trashed)
		}
	}
	t.Run("sqlite", func(t *testing.T) { run(t, filepath.Join(t.TempDir(), "binhluan.db")) })
	t.Run("postgres", func(t *testing.T) { run(t, pgtest.Start(t).Database(t)) })
}

// TestPostgresServerCrash kills the PostgreSQL server itself, and every
// process of it, in the middle of a burst of adds: after crash recovery
// every add that succeeded is there.
func TestPostgresServerCrash(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.Database(t)
	ctx := context.Background()
	s := openT(t, url, &Config{Conns: 4})
	type result struct {
		id  string
		err error
	}
	results := make(chan result, 1<<16)
	stop := make(chan struct{})
	done := make(chan struct{})
	for w := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				c := approved("crash", w*100000+i)
				c.ID = fmt.Sprintf("w%d-%d", w, i)
				wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
				_, err := s.Add(wctx, c)
				cancel()
				results <- result{c.ID, err}
				if err != nil {
					return
				}
			}
		}()
	}
	// Let the burst run, then crash the server under it.
	for n := 0; n < 200; {
		if r := <-results; r.err == nil {
			n++
		} else {
			t.Fatalf("add before the crash: %v", r.err)
		}
	}
	srv.Kill()
	close(stop)
	for range 4 {
		<-done
	}
	close(results)
	var ok, failed []string
	for r := range results {
		if r.err == nil {
			ok = append(ok, r.id)
		} else {
			failed = append(failed, r.id)
		}
	}
	assert.NotEmpty(t, failed, "writers saw the crash")
	srv.Start()
	for _, id := range ok {
		_, err := s.Get(ctx, id)
		require.NoError(t, err, "comment %s was added before the crash", id)
	}
	_, err := s.Add(ctx, approved("crash", 0))
	require.NoError(t, err, "the store takes writes after the restart")
}
