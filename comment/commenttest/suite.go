package commenttest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/phone"
)

// TestStore is the conformance suite of [comment.Store], as
// testing/fstest.TestFS is that of file systems: it checks every method of
// the stores open makes, each in a subtest of t named after what it checks
// (AddGet, Replies, Paging, SetStatus, ExportErase, Concurrent, ...), and
// fails the subtest whose part of the contract a store breaks. open is
// called once per subtest and must return a new store holding no comment,
// with the default reply depth, closed by its own cleanup. It is safe to
// call from parallel tests, each with stores of its own.
func TestStore(t *testing.T, open func(t *testing.T) comment.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s comment.Store)
	}{
		{"AddGet", testAddGet},
		{"IDs", testIDs},
		{"Refused", testRefused},
		{"Replies", testReplies},
		{"ListApproved", testListApproved},
		{"Paging", testPaging},
		{"HiddenParent", testHiddenParent},
		{"Cursors", testCursors},
		{"Count", testCount},
		{"Queue", testQueue},
		{"SetStatus", testSetStatus},
		{"ExportErase", testExportErase},
		{"Canceled", testCanceled},
		{"Concurrent", func(t *testing.T, s comment.Store) { TestSharedStores(t, s) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
	}
}

// base is the time the suite's comments are written from.
var base = time.Date(2026, 1, 2, 8, 30, 0, 0, article.Vietnam())

func at(minutes int) time.Time { return base.Add(time.Duration(minutes) * time.Minute) }

func mustPhone(t *testing.T, s string) phone.Number {
	t.Helper()
	p, err := phone.Parse(s)
	require.NoError(t, err, "test phone %q", s)
	return p
}

// newComment is a comment with every field filled in.
func newComment(articleID string, minute int, status comment.Status) comment.Comment {
	return comment.Comment{
		ArticleID: articleID,
		Name:      "Nguyễn Thị Hồng",
		Title:     "Ý kiến",
		Content:   fmt.Sprintf("Bài viết rất hay, cảm ơn tác giả (%d).", minute),
		CreatedAt: at(minute),
		IP:        "203.113.0.7",
		UserAgent: "Mozilla/5.0",
		Status:    status,
		SpamScore: 0.125,
		Reason:    "held for a moderator",
	}
}

func add(t *testing.T, s comment.Store, c comment.Comment) comment.Comment {
	t.Helper()
	got, err := s.Add(context.Background(), c)
	require.NoError(t, err, "Add(%s at %v)", c.ArticleID, c.CreatedAt)
	require.NotEmpty(t, got.ID, "Add returns the comment with its ID")
	return got
}

func reply(t *testing.T, s comment.Store, parent comment.Comment, minute int, status comment.Status) comment.Comment {
	t.Helper()
	c := newComment(parent.ArticleID, minute, status)
	c.ParentID = parent.ID
	return add(t, s, c)
}

// sameComment checks got is want: the same instant, every other field
// equal.
func sameComment(t *testing.T, want, got comment.Comment, msg string) {
	t.Helper()
	assert.Truef(t, want.CreatedAt.Equal(got.CreatedAt), "%s: CreatedAt = %v, want %v", msg, got.CreatedAt, want.CreatedAt)
	got.CreatedAt = want.CreatedAt
	assert.Equal(t, want, got, msg)
}

func ids(cs []comment.Comment) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func testAddGet(t *testing.T, s comment.Store) {
	ctx := context.Background()
	c := newComment("bai-1", 0, comment.Pending)
	c.Phone = mustPhone(t, "0912 345 678")
	// Stored as given: markup is escaped when rendered, never before, and
	// Vietnamese in NFC comes back byte for byte.
	c.Title = `<b>Người Việt</b> & "Đà Nẵng"`
	c.Content = "Ồ, thật ư?\n\n<script>alert('ạ')</script> — 😀"
	c.CreatedAt = base.Add(123456789 * time.Nanosecond)
	got := add(t, s, c)
	c.ID = got.ID
	sameComment(t, c, got, "Add returns what it stored")

	back, err := s.Get(ctx, got.ID)
	require.NoError(t, err, "Get after Add")
	sameComment(t, c, back, "Get returns what Add stored")
	assert.Equal(t, c.Title, back.Title, "the title is stored unescaped")

	_, err = s.Get(ctx, "no-such-comment")
	assert.ErrorIs(t, err, comment.ErrNotFound, "Get of an unknown ID")
}

func testIDs(t *testing.T, s comment.Store) {
	ctx := context.Background()
	seen := map[string]bool{}
	for i := range 50 {
		c := add(t, s, newComment("bai-1", i, comment.Pending))
		assert.GreaterOrEqual(t, len(c.ID), 20, "an ID long enough not to be guessed: %q", c.ID)
		assert.False(t, seen[c.ID], "IDs are unique: %q twice", c.ID)
		seen[c.ID] = true
	}

	given := newComment("bai-1", 60, comment.Approved)
	given.ID = "BL-Given-ID"
	got := add(t, s, given)
	assert.Equal(t, "BL-Given-ID", got.ID, "a given ID is kept")

	again := newComment("bai-2", 61, comment.Pending)
	again.ID = "BL-Given-ID"
	_, err := s.Add(ctx, again)
	require.ErrorIs(t, err, comment.ErrExists, "an ID already stored")
	back, err := s.Get(ctx, "BL-Given-ID")
	require.NoError(t, err)
	assert.Equal(t, "bai-1", back.ArticleID, "the first comment of the ID is untouched")
}

func testRefused(t *testing.T, s comment.Store) {
	ctx := context.Background()
	for _, tt := range []struct {
		name   string
		change func(c *comment.Comment)
	}{
		{"no article", func(c *comment.Comment) { c.ArticleID = "" }},
		{"unknown status", func(c *comment.Comment) { c.Status = 9 }},
		{"content not UTF-8", func(c *comment.Comment) { c.Content = "Xin ch\xe0o" }},
		{"NUL in the name", func(c *comment.Comment) { c.Name = "Lan\x00" }},
	} {
		c := newComment("bai-1", 0, comment.Approved)
		tt.change(&c)
		_, err := s.Add(ctx, c)
		assert.Error(t, err, "Add of a comment with %s", tt.name)
	}
	for _, st := range []comment.Status{comment.Pending, comment.Approved} {
		n, err := s.Count(ctx, "", st)
		require.NoError(t, err)
		assert.Zero(t, n, "a refused comment leaves nothing behind")
	}
}

// replyCodes returns the field:code pairs of a refused reply.
func replyCodes(t *testing.T, err error) []string {
	t.Helper()
	var fe comment.FieldErrors
	require.ErrorAs(t, err, &fe, "a refused reply gives field errors")
	return fe.Codes()
}

func testReplies(t *testing.T, s comment.Store) {
	ctx := context.Background()
	top := add(t, s, newComment("bai-1", 0, comment.Approved))
	pending := add(t, s, newComment("bai-1", 1, comment.Pending))
	elsewhere := add(t, s, newComment("bai-2", 2, comment.Approved))
	r := reply(t, s, top, 3, comment.Approved)
	assert.Equal(t, top.ID, r.ParentID)

	invalid := []string{string(comment.FormParentID + ":" + comment.CodeReplyInvalid)}
	for _, tt := range []struct {
		name, parent string
	}{
		{"an unknown comment", "no-such-comment"},
		{"a pending comment", pending.ID},
		{"a comment of another article", elsewhere.ID},
	} {
		c := newComment("bai-1", 4, comment.Approved)
		c.ParentID = tt.parent
		_, err := s.Add(ctx, c)
		assert.Equal(t, invalid, replyCodes(t, err), "a reply to %s", tt.name)
	}

	deep := newComment("bai-1", 5, comment.Approved)
	deep.ParentID = r.ID
	_, err := s.Add(ctx, deep)
	require.Equal(t, []string{string(comment.FormParentID + ":" + comment.CodeReplyDepth)}, replyCodes(t, err),
		"a reply to a reply, one level being the default depth")
	var fe comment.FieldErrors
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, []any{comment.DefaultReplyDepth}, fe[0].Params, "the depth error gives the limit")

	n, err := s.Count(ctx, "bai-1", comment.Approved)
	require.NoError(t, err)
	assert.Equal(t, 2, n, "refused replies leave nothing behind")
}

// thread adds, on article bai-1, three shown top-level comments with
// replies, plus comments the listing must not show, and returns the IDs
// in thread order, oldest and newest first.
func thread(t *testing.T, s comment.Store) (oldest, newest []string) {
	t1 := add(t, s, newComment("bai-1", 1, comment.Approved))
	t2 := add(t, s, newComment("bai-1", 2, comment.Approved))
	t3 := add(t, s, newComment("bai-1", 3, comment.Approved))
	add(t, s, newComment("bai-1", 4, comment.Pending))
	add(t, s, newComment("bai-1", 5, comment.Spam))
	add(t, s, newComment("bai-2", 6, comment.Approved))
	// Replies are written after the comments they answer, some after a
	// newer top-level comment; their order is the time they were written.
	r1b := reply(t, s, t1, 8, comment.Approved)
	r1a := reply(t, s, t1, 7, comment.Approved)
	reply(t, s, t1, 9, comment.Pending)
	r2a := reply(t, s, t2, 10, comment.Approved)
	oldest = []string{t1.ID, r1a.ID, r1b.ID, t2.ID, r2a.ID, t3.ID}
	newest = []string{t3.ID, t2.ID, r2a.ID, t1.ID, r1a.ID, r1b.ID}
	return oldest, newest
}

// all reads every page of the article, size comments at a time.
func all(t *testing.T, s comment.Store, articleID string, order comment.Order, size int) []string {
	t.Helper()
	var out []string
	req := comment.PageRequest{Order: order, Limit: size}
	for range 1000 {
		p, err := s.ListApproved(context.Background(), articleID, req)
		require.NoError(t, err, "ListApproved after %q", req.After)
		require.LessOrEqual(t, len(p.Comments), size, "a page holds at most Limit comments")
		for _, c := range p.Comments {
			assert.Equal(t, comment.Approved, c.Status, "only approved comments are listed")
			assert.Equal(t, articleID, c.ArticleID, "only the article's comments are listed")
		}
		out = append(out, ids(p.Comments)...)
		if p.Next == "" {
			return out
		}
		require.NotEmpty(t, p.Comments, "a page with a Next holds comments")
		req.After = p.Next
	}
	t.Fatalf("ListApproved gave a Next for 1000 pages")
	return nil
}

func testListApproved(t *testing.T, s comment.Store) {
	oldest, newest := thread(t, s)
	assert.Equal(t, oldest, all(t, s, "bai-1", comment.Oldest, 100), "oldest first: each thread, replies in time order")
	assert.Equal(t, newest, all(t, s, "bai-1", comment.Newest, 100), "newest first: the threads reversed, replies still in time order")
	assert.Empty(t, all(t, s, "bai-none", comment.Oldest, 10), "an article without comments")

	p, err := s.ListApproved(context.Background(), "bai-1", comment.PageRequest{})
	require.NoError(t, err)
	assert.Equal(t, oldest, ids(p.Comments), "the zero PageRequest: the first page, oldest first")
	assert.Empty(t, p.Next, "the last page has no Next")
}

func testPaging(t *testing.T, s comment.Store) {
	oldest, newest := thread(t, s)
	for size := 1; size <= len(oldest)+1; size++ {
		assert.Equal(t, oldest, all(t, s, "bai-1", comment.Oldest, size), "oldest first, pages of %d", size)
		assert.Equal(t, newest, all(t, s, "bai-1", comment.Newest, size), "newest first, pages of %d", size)
	}

	ctx := context.Background()
	for i := range comment.DefaultPageSize + 5 {
		add(t, s, newComment("bai-3", i, comment.Approved))
	}
	p, err := s.ListApproved(ctx, "bai-3", comment.PageRequest{})
	require.NoError(t, err)
	assert.Len(t, p.Comments, comment.DefaultPageSize, "a page of DefaultPageSize when no Limit is asked")
	require.NotEmpty(t, p.Next)

	// The next page starts after the last comment shown, whatever came in
	// between: nothing is shown twice, the new comment is not skipped.
	add(t, s, newComment("bai-3", -1, comment.Approved)) // before the page
	late := add(t, s, newComment("bai-3", 100, comment.Approved))
	next, err := s.ListApproved(ctx, "bai-3", comment.PageRequest{After: p.Next})
	require.NoError(t, err)
	assert.Len(t, next.Comments, 6, "the five left and the one added after them")
	assert.Equal(t, late.ID, next.Comments[len(next.Comments)-1].ID)
	assert.Empty(t, slices.DeleteFunc(ids(next.Comments), func(id string) bool { return !slices.Contains(ids(p.Comments), id) }),
		"no comment on both pages")
}

func testHiddenParent(t *testing.T, s comment.Store) {
	ctx := context.Background()
	oldest, _ := thread(t, s)
	t1 := oldest[0]
	require.NoError(t, s.SetStatus(ctx, t1, comment.Approved, comment.Trash, "deleted by a moderator"))
	assert.Equal(t, oldest[3:], all(t, s, "bai-1", comment.Oldest, 2), "the replies of a hidden comment are hidden with it")

	c := newComment("bai-1", 20, comment.Approved)
	c.ParentID = t1
	_, err := s.Add(ctx, c)
	assert.Equal(t, []string{string(comment.FormParentID + ":" + comment.CodeReplyInvalid)}, replyCodes(t, err), "no reply to a hidden comment")

	require.NoError(t, s.SetStatus(ctx, t1, comment.Trash, comment.Approved, "restored"))
	assert.Equal(t, oldest, all(t, s, "bai-1", comment.Oldest, 2), "restored with its replies")

	// A hidden reply hides only itself.
	require.NoError(t, s.SetStatus(ctx, oldest[1], comment.Approved, comment.Spam, "spam"))
	want := slices.Delete(slices.Clone(oldest), 1, 2)
	assert.Equal(t, want, all(t, s, "bai-1", comment.Oldest, 4))
}

func testCursors(t *testing.T, s comment.Store) {
	ctx := context.Background()
	thread(t, s)
	for range 3 {
		add(t, s, newComment("bai-2", 30, comment.Pending))
	}
	first := func(req comment.PageRequest, queue bool, st comment.Status) string {
		t.Helper()
		req.Limit = 1
		var p comment.Page
		var err error
		if queue {
			p, err = s.Queue(ctx, st, req)
		} else {
			p, err = s.ListApproved(ctx, "bai-1", req)
		}
		require.NoError(t, err)
		require.NotEmpty(t, p.Next)
		return p.Next
	}
	oldest := first(comment.PageRequest{}, false, 0)
	newest := first(comment.PageRequest{Order: comment.Newest}, false, 0)
	pending := first(comment.PageRequest{}, true, comment.Pending)
	for _, tt := range []struct {
		name, cursor string
		order        comment.Order
		queue        bool
		status       comment.Status
	}{
		{"made up", "not-a-cursor!", comment.Oldest, false, 0},
		{"empty base64", "AAAA", comment.Oldest, false, 0},
		{"cut short", oldest[:len(oldest)-3], comment.Oldest, false, 0},
		{"very long", strings.Repeat("A", 100000), comment.Oldest, false, 0},
		{"of the other order", newest, comment.Oldest, false, 0},
		{"of the other order, newest", oldest, comment.Newest, false, 0},
		{"of a queue", pending, comment.Oldest, false, 0},
		{"of the listing, in a queue", oldest, comment.Oldest, true, comment.Pending},
		{"of another status", pending, comment.Oldest, true, comment.Spam},
	} {
		req := comment.PageRequest{After: tt.cursor, Order: tt.order}
		var err error
		if tt.queue {
			_, err = s.Queue(ctx, tt.status, req)
		} else {
			_, err = s.ListApproved(ctx, "bai-1", req)
		}
		assert.ErrorIs(t, err, comment.ErrInvalidCursor, "a cursor %s", tt.name)
	}
}

func testCount(t *testing.T, s comment.Store) {
	ctx := context.Background()
	thread(t, s)
	for _, tt := range []struct {
		article string
		status  comment.Status
		want    int
	}{
		{"bai-1", comment.Approved, 6},
		{"bai-1", comment.Pending, 2},
		{"bai-1", comment.Spam, 1},
		{"bai-1", comment.Trash, 0},
		{"bai-2", comment.Approved, 1},
		{"", comment.Approved, 7},
		{"", comment.Pending, 2},
		{"bai-none", comment.Approved, 0},
	} {
		n, err := s.Count(ctx, tt.article, tt.status)
		require.NoError(t, err)
		assert.Equal(t, tt.want, n, "Count(%q, %s)", tt.article, tt.status)
	}
}

func testQueue(t *testing.T, s comment.Store) {
	ctx := context.Background()
	var want []string
	for i, a := range []string{"bai-2", "bai-1", "bai-3", "bai-1", "bai-2"} {
		want = append(want, add(t, s, newComment(a, 10*i, comment.Pending)).ID)
		add(t, s, newComment(a, 10*i+1, comment.Approved))
	}
	add(t, s, newComment("bai-1", 2, comment.Spam))
	read := func(order comment.Order, size int) []string {
		var out []string
		req := comment.PageRequest{Order: order, Limit: size}
		for range 100 {
			p, err := s.Queue(ctx, comment.Pending, req)
			require.NoError(t, err)
			for _, c := range p.Comments {
				assert.Equal(t, comment.Pending, c.Status)
			}
			out = append(out, ids(p.Comments)...)
			if p.Next == "" {
				break
			}
			req.After = p.Next
		}
		return out
	}
	for _, size := range []int{1, 2, 5, 0} {
		assert.Equal(t, want, read(comment.Oldest, size), "the pending queue oldest first, pages of %d", size)
		rev := slices.Clone(want)
		slices.Reverse(rev)
		assert.Equal(t, rev, read(comment.Newest, size), "the pending queue newest first, pages of %d", size)
	}
	p, err := s.Queue(ctx, comment.Trash, comment.PageRequest{})
	require.NoError(t, err)
	assert.Empty(t, p.Comments, "an empty queue")
	assert.Empty(t, p.Next)
}

func testSetStatus(t *testing.T, s comment.Store) {
	ctx := context.Background()
	c := add(t, s, newComment("bai-1", 0, comment.Pending))
	require.NoError(t, s.SetStatus(ctx, c.ID, comment.Pending, comment.Approved, "approved by Lan"))
	got, err := s.Get(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, comment.Approved, got.Status)
	assert.Equal(t, comment.Reason("approved by Lan"), got.Reason)

	err = s.SetStatus(ctx, c.ID, comment.Pending, comment.Spam, "spam, says Minh")
	require.ErrorIs(t, err, comment.ErrConflict, "a change from a status the comment no longer has")
	got, err = s.Get(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, comment.Approved, got.Status, "a conflict changes nothing")
	assert.Equal(t, comment.Reason("approved by Lan"), got.Reason, "a conflict changes nothing")

	assert.ErrorIs(t, s.SetStatus(ctx, "no-such-comment", comment.Pending, comment.Approved, ""), comment.ErrNotFound)
	assert.Error(t, s.SetStatus(ctx, c.ID, comment.Approved, 9, ""), "an unknown status")

	require.NoError(t, s.SetStatus(ctx, c.ID, comment.Approved, comment.Approved, "checked again"), "a change to the same status")
	got, err = s.Get(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, comment.Reason("checked again"), got.Reason)
	n, err := s.Count(ctx, "bai-1", comment.Approved)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
}

func testExportErase(t *testing.T, s comment.Store) {
	ctx := context.Background()
	lan, minh := mustPhone(t, "0912345678"), mustPhone(t, "0983 111 222")
	var mine []comment.Comment
	for i, tt := range []struct {
		article string
		status  comment.Status
	}{{"bai-2", comment.Spam}, {"bai-1", comment.Approved}, {"bai-1", comment.Pending}} {
		c := newComment(tt.article, i, tt.status)
		c.Phone = lan
		c.Reason = comment.Reason("reason " + tt.status.String())
		mine = append(mine, add(t, s, c))
	}
	answer := newComment("bai-1", 10, comment.Approved)
	answer.Phone, answer.ParentID, answer.Name = minh, mine[1].ID, "Trần Minh"
	answer = add(t, s, answer)
	add(t, s, newComment("bai-1", 11, comment.Approved))

	got, err := s.Export(ctx, lan)
	require.NoError(t, err)
	require.Len(t, got, len(mine), "every comment under the number, any article and status")
	for i := range mine {
		sameComment(t, mine[i], got[i], "Export, oldest first")
	}
	b, err := json.Marshal(got)
	require.NoError(t, err, "an export marshals to JSON")
	assert.Contains(t, string(b), `"phone":"+84912345678"`, "the number in the export")
	none, err := s.Export(ctx, phone.Number{})
	require.NoError(t, err)
	assert.Empty(t, none, "nothing is left under no number")

	n, err := s.Erase(ctx, lan)
	require.NoError(t, err)
	assert.Equal(t, len(mine), n, "Erase counts the comments erased")
	got, err = s.Export(ctx, lan)
	require.NoError(t, err)
	assert.Empty(t, got, "nothing left under the number once erased")
	for _, c := range mine {
		e, err := s.Get(ctx, c.ID)
		require.NoError(t, err, "an erased comment keeps its place")
		want := comment.Comment{
			ID: c.ID, ArticleID: c.ArticleID, ParentID: c.ParentID, CreatedAt: c.CreatedAt,
			Status: c.Status, SpamScore: c.SpamScore, Reason: c.Reason,
		}
		sameComment(t, want, e, "text and identity removed, the moderation facts kept")
	}
	other, err := s.Get(ctx, answer.ID)
	require.NoError(t, err)
	sameComment(t, answer, other, "another commenter's reply is untouched")
	assert.Equal(t, []string{mine[1].ID, answer.ID}, all(t, s, "bai-1", comment.Oldest, 10)[:2],
		"the thread keeps its shape")
	n, err = s.Erase(ctx, lan)
	require.NoError(t, err)
	assert.Zero(t, n, "erasing twice erases nothing more")
}

func testCanceled(t *testing.T, s comment.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Add(ctx, newComment("bai-1", 0, comment.Approved))
	assert.Error(t, err, "Add with a done context")
	n, err := s.Count(context.Background(), "bai-1", comment.Approved)
	require.NoError(t, err)
	assert.Zero(t, n, "nothing added with a done context")
}

// TestSharedStores checks that stores sharing one database (two servers'
// connections to one PostgreSQL, say, or one store given twice) lose no
// update when used at once: writers add comments through all of them
// while moderators, through all of them too, race to decide each comment;
// each comment must be decided exactly once, by the one moderator told it
// succeeded, and a reader must always see whole pages. The stores must
// hold no comment of the article "bai-dong"; at least one is needed.
func TestSharedStores(t *testing.T, stores ...comment.Store) {
	if len(stores) == 0 {
		t.Fatal("TestSharedStores needs at least one store")
	}
	ctx := context.Background()
	const writers, perWriter, moderators = 4, 25, 4
	var (
		mu    sync.Mutex
		added []string
		wg    sync.WaitGroup
	)
	errs := make(chan error, writers*perWriter+moderators*writers*perWriter)
	for w := range writers {
		wg.Go(func() {
			s := stores[w%len(stores)]
			for i := range perWriter {
				c := newComment("bai-dong", w*perWriter+i, comment.Pending)
				got, err := s.Add(ctx, c)
				if err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
				mu.Lock()
				added = append(added, got.ID)
				mu.Unlock()
			}
		})
	}
	wg.Go(func() {
		for range 20 {
			p, err := stores[len(stores)-1].ListApproved(ctx, "bai-dong", comment.PageRequest{Limit: 50})
			if err != nil {
				errs <- fmt.Errorf("reader: %w", err)
				return
			}
			for _, c := range p.Comments {
				if c.Status != comment.Approved || c.Content == "" {
					errs <- fmt.Errorf("reader saw %s with status %s and content %q", c.ID, c.Status, c.Content)
				}
			}
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	require.Len(t, added, writers*perWriter, "every add is stored")

	// Every moderator tries every comment, each to a status of its own.
	to := []comment.Status{comment.Approved, comment.Spam, comment.Trash, comment.Approved}
	wins := make([][]string, moderators)
	errs = make(chan error, moderators)
	for m := range moderators {
		wg.Go(func() {
			s := stores[m%len(stores)]
			for i := range added {
				id := added[(i+m*7)%len(added)] // each starts at its own place
				err := s.SetStatus(ctx, id, comment.Pending, to[m], comment.Reason(fmt.Sprintf("moderator %d", m)))
				switch {
				case err == nil:
					wins[m] = append(wins[m], id)
				case !errors.Is(err, comment.ErrConflict):
					errs <- fmt.Errorf("moderator %d: %w", m, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	winner := map[string]int{}
	for m, ws := range wins {
		for _, id := range ws {
			prev, dup := winner[id]
			assert.Falsef(t, dup, "comment %s decided by moderators %d and %d", id, prev, m)
			winner[id] = m
		}
	}
	assert.Len(t, winner, len(added), "every comment decided once")
	counts := map[comment.Status]int{}
	for id, m := range winner {
		c, err := stores[0].Get(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, to[m], c.Status, "comment %s has the status its winner set", id)
		assert.Equal(t, comment.Reason(fmt.Sprintf("moderator %d", m)), c.Reason)
		counts[c.Status]++
	}
	for _, st := range []comment.Status{comment.Pending, comment.Approved, comment.Spam, comment.Trash} {
		n, err := stores[0].Count(ctx, "bai-dong", st)
		require.NoError(t, err)
		assert.Equal(t, counts[st], n, "Count of %s agrees with the decisions", st)
	}
}
