package sqlstore

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/internal/pgtest"
	"github.com/binhluan/binhluan/internal/testenv"
)

// smallDisk mounts a tmpfs of the size on a new folder and unmounts it at
// cleanup. It needs root; without it, or when mount fails, the test is
// skipped, or fails under BINHLUAN_REQUIRE_SERVICES=1.
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	unavailable := func(why string) {
		t.Helper()
		testenv.Skip(t, "a full disk cannot be made (%s): run as root, where a small tmpfs can be mounted", why)
	}
	if os.Geteuid() != 0 {
		unavailable("not root")
	}
	// Not t.TempDir: its parents are private to root, and PostgreSQL's
	// user must reach this folder.
	dir, err := os.MkdirTemp("", "binhluan-small-disk-")
	require.NoError(t, err)
	t.Cleanup(func() { os.Remove(dir) })
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d,mode=0700", size), "tmpfs", dir).CombinedOutput()
	if err != nil {
		unavailable(fmt.Sprintf("mount -t tmpfs: %v: %s", err, strings.TrimSpace(string(out))))
	}
	t.Cleanup(func() {
		// A server's last processes may hold the mount for a moment after
		// it stopped, more so on a loaded machine.
		var out []byte
		var err error
		for try := 0; try < 50; try++ {
			if out, err = exec.Command("umount", dir).CombinedOutput(); err == nil {
				return
			}
			time.Sleep(200 * time.Millisecond)
		}
		t.Errorf("umount %s: %v: %s", dir, err, out)
	})
	return dir
}

// TestDiskFull fills the disk under an SQLite store: the add that does not
// fit fails with an error naming the file, leaves nothing of itself, and
// every comment stored before it is intact; the store opens clean while
// the disk is still full, and takes comments again once there is room.
func TestDiskFull(t *testing.T) {
	ctx := context.Background()
	dir := smallDisk(t, 2<<20)
	// The room the test frees at the end.
	filler := filepath.Join(dir, "filler")
	require.NoError(t, os.WriteFile(filler, make([]byte, 512<<10), 0o600))
	path := filepath.Join(dir, "binhluan.db")
	s, err := Open(ctx, path, nil)
	require.NoError(t, err)

	var (
		stored []string
		failed comment.Comment
		addErr error
	)
	body := strings.Repeat("Nội dung rất dài của một bình luận. ", 80)
	for i := range 10000 {
		c := approved("day", i)
		c.ID = fmt.Sprintf("c%05d", i)
		c.Content = body
		if _, err := s.Add(ctx, c); err != nil {
			failed, addErr = c, err
			break
		}
		stored = append(stored, c.ID)
	}
	require.Error(t, addErr, "the disk filled up")
	t.Logf("%d comments fitted; then: %v", len(stored), addErr)
	assert.Contains(t, addErr.Error(), path, "the error names the file")
	assert.NotEmpty(t, stored)
	// Smaller comments may still fit in what is left; any add that says
	// it succeeded must be there after a restart.
	for i := range 5 {
		c := approved("day", 20000+i)
		c.ID = fmt.Sprintf("small%d", i)
		if _, err := s.Add(ctx, c); err == nil {
			stored = append(stored, c.ID)
		}
	}

	check := func(s *Store, when string) {
		t.Helper()
		_, err := s.Get(ctx, failed.ID)
		assert.ErrorIs(t, err, comment.ErrNotFound, "%s: nothing of the failed add", when)
		n, err := s.Count(ctx, "day", comment.Approved)
		require.NoError(t, err, when)
		assert.Equal(t, len(stored), n, "%s: every comment stored before", when)
		for _, id := range stored {
			c, err := s.Get(ctx, id)
			require.NoError(t, err, "%s: %s", when, id)
			assert.NotEmpty(t, c.Content, when)
		}
		var ok string
		require.NoError(t, s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&ok))
		assert.Equal(t, "ok", ok, "%s: the database is whole", when)
	}
	check(s, "right after")
	s.Close()

	s, err = Open(ctx, path, nil)
	require.NoError(t, err, "open with the disk still full")
	check(s, "reopened on a full disk")
	s.Close()

	require.NoError(t, os.Remove(filler))
	s, err = Open(ctx, path, nil)
	require.NoError(t, err, "open once there is room")
	defer s.Close()
	check(s, "reopened with room")
	_, err = s.Add(ctx, failed)
	require.NoError(t, err, "the comment that did not fit fits now")
}

// TestPostgresDiskFull fills the disk under a PostgreSQL server: adds fail
// with an error, every add that succeeded is there, and once there is room
// again the server (restarted) takes comments.
func TestPostgresDiskFull(t *testing.T) {
	ctx := context.Background()
	dir := smallDisk(t, 64<<20)
	srv := pgtest.StartIn(t, dir)
	url := srv.Database(t)
	s := openT(t, url, &Config{Conns: 2})
	var st syscall.Statfs_t
	require.NoError(t, syscall.Statfs(dir, &st))
	free := int64(st.Bavail) * st.Bsize
	filler := filepath.Join(dir, "filler")
	room := int64(3 << 20)
	require.Greater(t, free, room, "the cluster leaves room on the disk")
	require.NoError(t, os.WriteFile(filler, make([]byte, free-room), 0o600))

	var (
		stored []string
		addErr error
		failed comment.Comment
	)
	body := strings.Repeat("Nội dung rất dài của một bình luận. ", 80)
	for i := range 100000 {
		c := approved("day", i)
		c.ID = fmt.Sprintf("c%05d", i)
		c.Content = body
		actx, cancel := context.WithTimeout(ctx, 10*time.Second)
		_, err := s.Add(actx, c)
		cancel()
		if err != nil {
			failed, addErr = c, err
			break
		}
		stored = append(stored, c.ID)
	}
	require.Error(t, addErr, "the disk filled up")
	t.Logf("%d comments fitted; then: %v", len(stored), addErr)
	for _, line := range strings.Split(srv.Log(), "\n") {
		if strings.Contains(line, "No space left") || strings.Contains(line, "PANIC") {
			t.Logf("server: %s", line)
		}
	}
	require.NoError(t, os.Remove(filler))
	srv.Stop()
	srv.Start()
	_, err := s.Get(ctx, failed.ID)
	assert.ErrorIs(t, err, comment.ErrNotFound, "nothing of the failed add")
	for _, id := range stored {
		_, err := s.Get(ctx, id)
		require.NoError(t, err, "comment %s was stored before the disk filled", id)
	}
	_, err = s.Add(ctx, failed)
	require.NoError(t, err, "the comment that did not fit fits now")
}
