package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/internal/pgtest"
)

var t0 = time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)

func approved(articleID string, minute int) comment.Comment {
	return comment.Comment{
		ArticleID: articleID, Name: "Lê Văn Tám", Title: "Góp ý", Content: "Đồng ý với tác giả.",
		CreatedAt: t0.Add(time.Duration(minute) * time.Minute), Status: comment.Approved,
	}
}

func addT(t *testing.T, s *Store, c comment.Comment, parent string) comment.Comment {
	t.Helper()
	c.ParentID = parent
	got, err := s.Add(context.Background(), c)
	require.NoError(t, err)
	return got
}

func listIDs(t *testing.T, s *Store, articleID string, order comment.Order) []string {
	t.Helper()
	p, err := s.ListApproved(context.Background(), articleID, comment.PageRequest{Order: order, Limit: comment.MaxPageSize})
	require.NoError(t, err)
	var out []string
	for _, c := range p.Comments {
		out = append(out, c.ID)
	}
	return out
}

func fieldCodes(t *testing.T, err error) comment.FieldErrors {
	t.Helper()
	var fe comment.FieldErrors
	require.ErrorAs(t, err, &fe)
	return fe
}

func TestReplyDepth(t *testing.T) {
	ctx := context.Background()
	s := openT(t, filepath.Join(t.TempDir(), "b.db"), &Config{ReplyDepth: 2})
	top := addT(t, s, approved("a", 0), "")
	r1 := addT(t, s, approved("a", 1), top.ID)
	r2 := addT(t, s, approved("a", 2), r1.ID)
	r1b := addT(t, s, approved("a", 3), top.ID)
	top2 := addT(t, s, approved("a", 4), "")
	_, err := s.Add(ctx, func() comment.Comment { c := approved("a", 5); c.ParentID = r2.ID; return c }())
	fe := fieldCodes(t, err)
	assert.Equal(t, []string{"parent_id:reply_depth"}, fe.Codes(), "a third level with a limit of two")
	assert.Equal(t, []any{2}, fe[0].Params)

	assert.Equal(t, []string{top.ID, r1.ID, r2.ID, r1b.ID, top2.ID}, listIDs(t, s, "a", comment.Oldest), "a reply's replies under it")
	assert.Equal(t, []string{top2.ID, top.ID, r1.ID, r2.ID, r1b.ID}, listIDs(t, s, "a", comment.Newest))

	require.NoError(t, s.SetStatus(ctx, r1.ID, comment.Approved, comment.Trash, ""))
	assert.Equal(t, []string{top.ID, r1b.ID, top2.ID}, listIDs(t, s, "a", comment.Oldest), "hiding a reply hides its replies")
	require.NoError(t, s.SetStatus(ctx, top.ID, comment.Approved, comment.Spam, ""))
	require.NoError(t, s.SetStatus(ctx, r1.ID, comment.Trash, comment.Approved, ""))
	assert.Equal(t, []string{top2.ID}, listIDs(t, s, "a", comment.Oldest), "a shown reply under a hidden comment stays hidden")
	require.NoError(t, s.SetStatus(ctx, top.ID, comment.Spam, comment.Approved, ""))
	assert.Equal(t, []string{top.ID, r1.ID, r2.ID, r1b.ID, top2.ID}, listIDs(t, s, "a", comment.Oldest), "all shown again")

	none := openT(t, filepath.Join(t.TempDir(), "c.db"), &Config{ReplyDepth: -1})
	top = addT(t, none, approved("a", 0), "")
	_, err = none.Add(ctx, func() comment.Comment { c := approved("a", 1); c.ParentID = top.ID; return c }())
	fe = fieldCodes(t, err)
	assert.Equal(t, []string{"parent_id:reply_depth"}, fe.Codes(), "no replies at all")
	assert.Equal(t, []any{0}, fe[0].Params)
}

// countingReader is a Rand that gives 0, 1, 2, … : every ID it makes is
// known in advance.
type countingReader struct{ n byte }

func (r *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.n
		r.n++
	}
	return len(p), nil
}

func TestRand(t *testing.T) {
	s := openT(t, ":memory:", &Config{Rand: &countingReader{}})
	c := addT(t, s, approved("a", 0), "")
	assert.Equal(t, "AAAQEAYEAUDAOCAJBIFQYDIOB4", c.ID, "the ID is the first 16 bytes of Rand in base32")
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "binhluan.db")
	s, err := Open(ctx, path, nil)
	require.NoError(t, err)
	c := addT(t, s, approved("a", 0), "")
	require.NoError(t, s.Close())
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the file holds phone numbers: owner only")

	s = openT(t, path, nil)
	got, err := s.Get(ctx, c.ID)
	require.NoError(t, err, "the comment is there after reopening")
	assert.Equal(t, c.Content, got.Content)
	var version int
	require.NoError(t, s.db.QueryRowContext(ctx, "SELECT version FROM binhluan_schema").Scan(&version))
	assert.Equal(t, SchemaVersion(), version)
	var mode string
	require.NoError(t, s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode))
	assert.Equal(t, "wal", mode)
	var sync int
	require.NoError(t, s.db.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync))
	assert.Equal(t, 2, sync, "synchronous=FULL")
}

func TestMigrationsNumbered(t *testing.T) {
	ms, err := migrations()
	require.NoError(t, err)
	require.NotEmpty(t, ms)
	assert.Equal(t, len(ms), SchemaVersion())
	for i, m := range ms {
		assert.Equal(t, i+1, m.Version, m.Name)
	}
}

func TestOpenBadFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	text := filepath.Join(dir, "comments.jsonl")
	require.NoError(t, os.WriteFile(text, bytes.Repeat([]byte(`{"id":"x","content":"không phải cơ sở dữ liệu"}`+"\n"), 200), 0o600))

	damaged := filepath.Join(dir, "damaged.db")
	s, err := Open(ctx, damaged, nil)
	require.NoError(t, err)
	for i := range 50 {
		addT(t, s, approved("a", i), "")
	}
	require.NoError(t, s.Close())
	b, err := os.ReadFile(damaged)
	require.NoError(t, err)
	copy(b[:100], bytes.Repeat([]byte{0x5a}, 100)) // the header
	require.NoError(t, os.WriteFile(damaged, b, 0o600))

	for _, tt := range []struct{ name, path string }{
		{"a text file", text},
		{"a damaged header", damaged},
		{"a folder", dir},
		{"a missing folder", filepath.Join(dir, "missing", "b.db")},
	} {
		s, err := Open(ctx, tt.path, nil)
		if !assert.Error(t, err, "Open of %s", tt.name) {
			s.Close()
			continue
		}
		assert.Contains(t, err.Error(), tt.path, "the error of %s names the file", tt.name)
	}
}

func TestNewerSchema(t *testing.T) {
	ctx := context.Background()
	set := func(t *testing.T, driver, dsn string) {
		db, err := sql.Open(driver, dsn)
		require.NoError(t, err)
		defer db.Close()
		_, err = db.ExecContext(ctx, "UPDATE binhluan_schema SET version = 99")
		require.NoError(t, err)
	}
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "new.db")
		s, err := Open(ctx, path, nil)
		require.NoError(t, err)
		require.NoError(t, s.Close())
		set(t, "sqlite", path)
		_, err = Open(ctx, path, nil)
		require.ErrorIs(t, err, ErrNewerSchema)
		assert.Contains(t, err.Error(), path)
		assert.Contains(t, err.Error(), "schema version 99")
	})
	t.Run("postgres", func(t *testing.T) {
		srv := pgtest.Start(t)
		url := srv.Database(t)
		s, err := Open(ctx, url, nil)
		require.NoError(t, err)
		require.NoError(t, s.Close())
		set(t, "pgx", url)
		_, err = Open(ctx, url, nil)
		require.ErrorIs(t, err, ErrNewerSchema)
		assert.Contains(t, err.Error(), srv.Addr(), "the error names the server")
	})
}

func TestKeys(t *testing.T) {
	times := []time.Time{
		time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Unix(-1, 0),
		time.Unix(0, 0),
		time.Unix(0, 1),
		t0,
		t0.Add(time.Nanosecond),
	}
	for i := 1; i < len(times); i++ {
		a, b := node(times[i-1], [8]byte{0xFF}), node(times[i], [8]byte{})
		assert.Negative(t, bytes.Compare(a, b), "a node of %v sorts before one of %v", times[i-1], times[i])
		assert.Positive(t, bytes.Compare(invertTop(a), invertTop(b)), "and after it once inverted")
	}
	for _, tt := range []struct{ in, want []byte }{
		{[]byte{1, 2, 3}, []byte{1, 2, 4}},
		{[]byte{1, 2, 0xFF}, []byte{1, 3}},
		{[]byte{0xFF, 0xFF}, nil},
	} {
		assert.Equal(t, tt.want, prefixEnd(tt.in), "prefixEnd(%x)", tt.in)
	}
}

func TestCursor(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 2*nodeLen)
	c := encodeCursor(approvedNewest, comment.Approved, key)
	got, err := decodeCursor(c, approvedNewest, comment.Approved)
	require.NoError(t, err)
	assert.Equal(t, key, got)
	_, err = decodeCursor(c, approvedOldest, comment.Approved)
	assert.ErrorIs(t, err, comment.ErrInvalidCursor, "another listing")
	long := encodeCursor(queueOldest, comment.Pending, bytes.Repeat([]byte{1}, nodeLen*maxCursorNodes))
	_, err = decodeCursor(long, queueOldest, comment.Pending)
	assert.NoError(t, err, "the longest cursor there is")
	got, err = decodeCursor("", queueOldest, comment.Pending)
	assert.NoError(t, err)
	assert.Nil(t, got, "no cursor: the first page")
}

func FuzzCursor(f *testing.F) {
	f.Add(encodeCursor(approvedOldest, comment.Approved, make([]byte, nodeLen)))
	f.Add(encodeCursor(queueNewest, comment.Spam, make([]byte, 3*nodeLen)))
	f.Add("")
	f.Add("AQ")
	f.Add("!!!!")
	f.Fuzz(func(t *testing.T, s string) {
		for _, l := range []listing{approvedOldest, approvedNewest, queueOldest, queueNewest} {
			for st := comment.Pending; st <= comment.Trash; st++ {
				key, err := decodeCursor(s, l, st)
				if err != nil {
					if !errors.Is(err, comment.ErrInvalidCursor) {
						t.Fatalf("decodeCursor(%q) = %v, not an ErrInvalidCursor", s, err)
					}
					continue
				}
				if s == "" {
					continue
				}
				if len(key) == 0 || len(key)%nodeLen != 0 {
					t.Fatalf("decodeCursor(%q) gave a key of %d bytes", s, len(key))
				}
				if again := encodeCursor(l, st, key); again != s {
					t.Fatalf("decodeCursor(%q) then encodeCursor = %q", s, again)
				}
			}
		}
	})
}

// FuzzModerationCursor checks the cursors of the report queue and the
// audit log: a string is refused with ErrInvalidCursor or reads back to
// itself, never a panic.
func FuzzModerationCursor(f *testing.F) {
	f.Add(encodeModCursor(reportQueueListing, append(make([]byte, 16), "ABCDEFGHIJKLMNOPQRSTUVWXYZ"...)))
	f.Add(encodeModCursor(auditListing, make([]byte, 8)))
	f.Add(encodeCursor(approvedOldest, comment.Approved, make([]byte, nodeLen)))
	f.Fuzz(func(t *testing.T, s string) {
		for _, l := range []struct {
			listing listing
			lo, hi  int
		}{{reportQueueListing, reportKeyMin, reportKeyMax}, {auditListing, auditKeyLen, auditKeyLen}} {
			key, err := decodeModCursor(s, l.listing, l.lo, l.hi)
			if err != nil {
				if !errors.Is(err, comment.ErrInvalidCursor) {
					t.Fatalf("decodeModCursor(%q) = %v, not an ErrInvalidCursor", s, err)
				}
				continue
			}
			if n := len(key); n < l.lo || n > l.hi {
				t.Fatalf("decodeModCursor(%q) gave a key of %d bytes", s, len(key))
			}
			if again := encodeModCursor(l.listing, key); again != s {
				t.Fatalf("decodeModCursor(%q) then encodeModCursor = %q", s, again)
			}
		}
	})
}
