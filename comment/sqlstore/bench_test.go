package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/internal/pgtest"
)

// benchArticle is the article whose page the benchmark reads; it has the
// same comments however many the other articles hold.
const benchArticle = "bai-do"

// benchLayout changes whenever benchDB fills its file differently, so a
// cached file of an older layout is not reused.
const benchLayout = 1

// benchDB returns an SQLite file holding n comments: 300 on benchArticle
// (top-level comments, replies, some held), the rest spread over other
// articles 200 each. The file is built once, into os.TempDir under a name
// holding the schema version, and reused by later runs.
func benchDB(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("binhluan-bench-s%d-l%d-n%d.db", SchemaVersion(), benchLayout, n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	start := time.Now()
	tmp := path + ".building"
	for _, f := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		os.Remove(f)
	}
	ctx := context.Background()
	s, err := Open(ctx, tmp, nil)
	if err != nil {
		b.Fatal(err)
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		var parent string
		for i := range n {
			c := comment.Comment{
				ArticleID: fmt.Sprintf("bai-%d", i%(n/200+1)),
				Name:      "Phạm Thu Hà",
				Title:     "Ý kiến",
				Content:   fmt.Sprintf("Bình luận số %d về bài viết.", i),
				CreatedAt: t0.Add(time.Duration(i) * time.Second),
				Status:    comment.Approved,
			}
			switch {
			case i%10 == 7:
				c.Status = comment.Pending
			case i%20 == 9:
				c.Status = comment.Spam
			}
			if i < 300 {
				c.ArticleID = benchArticle
				if i%4 == 3 {
					c.ParentID = parent
				}
			}
			if c, err = s.prepare(c); err != nil {
				return err
			}
			if err := s.insert(ctx, tx, c); err != nil {
				return err
			}
			if c.ParentID == "" && c.Status == comment.Approved {
				parent = c.ID
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	b.Logf("built %s (%d comments) in %v", path, n, time.Since(start).Round(time.Millisecond))
	return path
}

// BenchmarkListApproved reads the first page of 20 of one article's
// comments, newest first, with a thousand and with a million comments
// stored: the page is one range of one index, so the two should cost the
// same.
func BenchmarkListApproved(b *testing.B) {
	for _, n := range []struct {
		name string
		n    int
	}{{"comments=1e3", 1000}, {"comments=1e6", 1000000}} {
		b.Run(n.name, func(b *testing.B) {
			s := openT(b, benchDB(b, n.n), nil)
			ctx := context.Background()
			req := comment.PageRequest{Limit: 20, Order: comment.Newest}
			for b.Loop() {
				p, err := s.ListApproved(ctx, benchArticle, req)
				if err != nil || len(p.Comments) != 20 {
					b.Fatalf("ListApproved: %d comments, %v", len(p.Comments), err)
				}
			}
		})
	}
}

// BenchmarkAdd adds top-level comments one at a time, each its own
// transaction, with the sync settings the package uses: on SQLite each
// commit waits for fsync of the log; on PostgreSQL for the server's WAL
// flush.
func BenchmarkAdd(b *testing.B) {
	run := func(b *testing.B, s *Store) {
		ctx := context.Background()
		i := 0
		for b.Loop() {
			c := approved("bai-moi", i)
			i++
			if _, err := s.Add(ctx, c); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "comments/s")
	}
	b.Run("sqlite", func(b *testing.B) {
		run(b, openT(b, filepath.Join(b.TempDir(), "binhluan.db"), nil))
	})
	b.Run("postgres", func(b *testing.B) {
		run(b, openT(b, pgtest.Start(b).Database(b), nil))
	})
}
