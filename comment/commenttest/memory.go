package commenttest

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/phone"
	"github.com/binhluan/binhluan/internal/cursor"
)

// MemoryStore is a [comment.ModerationStore] in memory, for a site's
// tests: it keeps the whole contract (threads in order, pages with opaque
// cursors, the reply depth, the compare-and-set of SetStatus, export and
// erasure by phone number; reports, takedowns, bans on a ladder, standing
// and the audit log) and passes [TestStore] and [TestModerationStore].
// Like binhluan's SQL store it refuses a comment with no article, an
// unknown status, text that is not UTF-8 or holds a NUL byte, a spam score
// that is not a finite number, or a time it could not order (outside the
// years 1678 to 2262), and moderation input its type's Check method
// refuses. Every call is one critical section, so a write and its audit
// entry are seen together or not at all. It gives moderation times back
// in Vietnam time. It keeps every report, request, ban and audit entry
// until it is dropped: nothing outlives it.
//
// The zero value is an empty store with replies one level deep
// ([comment.DefaultReplyDepth]); set ReplyDepth before first use for
// another depth. A MemoryStore is safe for concurrent use; do not copy
// one once used.
type MemoryStore struct {
	// ReplyDepth is how deep replies may go, as sqlstore.Config.ReplyDepth
	// says: zero means comment.DefaultReplyDepth, a negative value allows
	// no reply at all.
	ReplyDepth int

	mu   sync.RWMutex
	byID map[string]*stored
	seq  uint64 // the order comments were added in, to order equal times
	mod  moderation
}

var _ comment.Store = (*MemoryStore)(nil)

// stored is one comment and its place in its thread.
type stored struct {
	c     comment.Comment
	seq   uint64
	depth int
	path  []node // the nodes of its ancestors, then its own
}

// node orders one comment among its siblings: its time, then the order
// it was added in.
type node struct {
	nanos int64
	seq   uint64
}

func cmpNode(a, b node) int {
	return cmp.Or(cmp.Compare(a.nanos, b.nanos), cmp.Compare(a.seq, b.seq))
}

// cmpPath orders comments in thread order: top-level comments oldest or
// newest first, each followed by its replies, oldest first.
func cmpPath(a, b []node, newest bool) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		c := cmpNode(a[i], b[i])
		if i == 0 && newest {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

func (s *MemoryStore) depth() int {
	switch {
	case s.ReplyDepth == 0:
		return comment.DefaultReplyDepth
	case s.ReplyDepth < 0:
		return 0
	}
	return s.ReplyDepth
}

// refuse returns why no store should take c, or nil.
func refuse(c comment.Comment) error {
	if err := comment.Storable(c); err != nil {
		return fmt.Errorf("commenttest: %w", err)
	}
	return nil
}

func replyError(code comment.Code, params ...any) error {
	return comment.FieldErrors{{Field: comment.FormParentID, Code: code, Params: params}}
}

// Add stores a new comment; see [comment.Store.Add].
func (s *MemoryStore) Add(ctx context.Context, c comment.Comment) (comment.Comment, error) {
	if err := ctx.Err(); err != nil {
		return comment.Comment{}, err
	}
	if err := refuse(c); err != nil {
		return comment.Comment{}, err
	}
	if c.ID == "" {
		c.ID = rand.Text()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byID == nil {
		s.byID = make(map[string]*stored)
	}
	if _, ok := s.byID[c.ID]; ok {
		return comment.Comment{}, fmt.Errorf("%w: %s", comment.ErrExists, c.ID)
	}
	e := &stored{c: c, seq: s.seq + 1}
	own := node{c.CreatedAt.UnixNano(), e.seq}
	if c.ParentID != "" {
		p, ok := s.byID[c.ParentID]
		switch {
		case !ok || p.c.ArticleID != c.ArticleID || p.c.Status != comment.Approved:
			return comment.Comment{}, replyError(comment.CodeReplyInvalid)
		case p.depth+1 > s.depth():
			return comment.Comment{}, replyError(comment.CodeReplyDepth, s.depth())
		}
		e.depth = p.depth + 1
		e.path = slices.Clip(p.path)
	}
	e.path = append(e.path, own)
	s.seq++
	s.byID[c.ID] = e
	return c, nil
}

// Get returns one comment; see [comment.Store.Get].
func (s *MemoryStore) Get(ctx context.Context, id string) (comment.Comment, error) {
	if err := ctx.Err(); err != nil {
		return comment.Comment{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, err := s.lookup(id)
	if err != nil {
		return comment.Comment{}, err
	}
	return e.c, nil
}

// shown reports whether e and every comment above it are approved.
func (s *MemoryStore) shown(e *stored) bool {
	for ; e != nil; e = s.byID[e.c.ParentID] {
		if e.c.Status != comment.Approved {
			return false
		}
		if e.c.ParentID == "" {
			return true
		}
	}
	return false
}

// A cursor is internal/cursor's framing (version, listing byte) around a
// status byte and the nodes of the last comment of the page before, 16
// bytes each.
const (
	nodeBytes      = 16
	maxCursorNodes = 64
)

// The listings a cursor belongs to.
const (
	listOldest byte = 'o'
	listNewest byte = 'n'
	queueOld   byte = 'q'
	queueNew   byte = 'r'
)

func encodeCursor(listing byte, status comment.Status, path []node) string {
	b := []byte{byte(status)}
	for _, n := range path {
		b = binary.BigEndian.AppendUint64(b, uint64(n.nanos))
		b = binary.BigEndian.AppendUint64(b, n.seq)
	}
	return cursor.Encode(listing, b)
}

func decodeCursor(s string, listing byte, status comment.Status) ([]node, error) {
	if s == "" {
		return nil, nil
	}
	b, err := cursor.Decode(s, listing, 1+nodeBytes*maxCursorNodes)
	switch {
	case err != nil:
		return nil, err
	case len(b) < 1+nodeBytes || (len(b)-1)%nodeBytes != 0:
		return nil, fmt.Errorf("%w: wrong length", comment.ErrInvalidCursor)
	case comment.Status(b[0]) != status:
		return nil, fmt.Errorf("%w: from another listing or order", comment.ErrInvalidCursor)
	}
	var path []node
	for b = b[1:]; len(b) > 0; b = b[nodeBytes:] {
		path = append(path, node{int64(binary.BigEndian.Uint64(b)), binary.BigEndian.Uint64(b[8:])})
	}
	return path, nil
}

// page returns the page of the comments keep selects, in the order cmpPath
// gives (with the whole path, or only its last node for a queue), after
// the cursor.
func (s *MemoryStore) page(ctx context.Context, req comment.PageRequest, listing byte, status comment.Status, queue bool, keep func(*stored) bool) (comment.Page, error) {
	if err := ctx.Err(); err != nil {
		return comment.Page{}, err
	}
	if req.Order != comment.Oldest && req.Order != comment.Newest {
		return comment.Page{}, fmt.Errorf("commenttest: unknown order %d", req.Order)
	}
	after, err := decodeCursor(req.After, listing, status)
	if err != nil {
		return comment.Page{}, err
	}
	if queue && len(after) > 1 {
		return comment.Page{}, fmt.Errorf("%w: not a cursor of a queue", comment.ErrInvalidCursor)
	}
	newest := req.Order == comment.Newest
	key := func(e *stored) []node {
		if queue {
			return e.path[len(e.path)-1:]
		}
		return e.path
	}
	s.mu.RLock()
	var all []*stored
	for _, e := range s.byID {
		if keep(e) && (after == nil || cmpPath(key(e), after, newest) > 0) {
			all = append(all, e)
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(all, func(a, b *stored) int { return cmpPath(key(a), key(b), newest) })
	var p comment.Page
	size := req.Size()
	if len(all) > size {
		all = all[:size]
		p.Next = encodeCursor(listing, status, key(all[size-1]))
	}
	for _, e := range all {
		p.Comments = append(p.Comments, e.c)
	}
	return p, nil
}

// ListApproved returns a page of an article's shown comments; see
// [comment.Store.ListApproved].
func (s *MemoryStore) ListApproved(ctx context.Context, articleID string, req comment.PageRequest) (comment.Page, error) {
	listing := listOldest
	if req.Order == comment.Newest {
		listing = listNewest
	}
	return s.page(ctx, req, listing, comment.Approved, false, func(e *stored) bool {
		return e.c.ArticleID == articleID && s.shown(e)
	})
}

// Queue returns a page of the comments with the status; see
// [comment.Store.Queue].
func (s *MemoryStore) Queue(ctx context.Context, status comment.Status, req comment.PageRequest) (comment.Page, error) {
	listing := queueOld
	if req.Order == comment.Newest {
		listing = queueNew
	}
	return s.page(ctx, req, listing, status, true, func(e *stored) bool { return e.c.Status == status })
}

// Count counts comments by article and status; see [comment.Store.Count].
func (s *MemoryStore) Count(ctx context.Context, articleID string, status comment.Status) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	n := 0
	for _, e := range s.byID {
		if e.c.Status == status && (articleID == "" || e.c.ArticleID == articleID) {
			n++
		}
	}
	return n, nil
}

// SetStatus changes a comment's status if it is still from, closes its
// open reports and logs the change as a decision of no one, now; see
// [comment.Store.SetStatus] and [comment.ModerationStore.Decide].
func (s *MemoryStore) SetStatus(ctx context.Context, id string, from, to comment.Status, reason comment.Reason) error {
	return s.Decide(ctx, comment.Decision{CommentID: id, From: from, To: to, Reason: reason, At: time.Now()})
}

// mine returns the comments left under the number, oldest first; s.mu is
// held.
func (s *MemoryStore) mine(number phone.Number) []*stored {
	var out []*stored
	for _, e := range s.byID {
		if !number.IsZero() && e.c.Phone == number {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b *stored) int { return cmpNode(a.path[len(a.path)-1], b.path[len(b.path)-1]) })
	return out
}

// Export returns what was left under a phone number; see
// [comment.Store.Export].
func (s *MemoryStore) Export(ctx context.Context, number phone.Number) ([]comment.Comment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []comment.Comment
	for _, e := range s.mine(number) {
		out = append(out, e.c)
	}
	return out, nil
}

// Erase removes a commenter's text and identity; see
// [comment.Store.Erase].
func (s *MemoryStore) Erase(ctx context.Context, number phone.Number) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	erased := s.mine(number)
	for _, e := range erased {
		e.c.Name, e.c.Phone, e.c.Title, e.c.Content, e.c.IP, e.c.UserAgent = "", phone.Number{}, "", "", "", ""
	}
	return len(erased), nil
}
