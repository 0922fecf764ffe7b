package comment

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/binhluan/binhluan/comment/phone"
)

// Store keeps comments: what a site needs to show an article's comments,
// to moderate them, and to answer a commenter who asks for their data or
// for its deletion. binhluan's comment/sqlstore implements it on SQLite and
// PostgreSQL.
//
// Every method takes a context and stops when it is done. Every write is
// all or nothing: when a method returns an error, nothing of that call is
// stored. Errors say what went wrong through the sentinels below (use
// errors.Is) or, for a reply that names the wrong parent, through
// [FieldErrors] (use errors.As).
//
// Implementations are safe for concurrent use, also by several processes
// sharing one database: [Store.SetStatus] is a compare-and-set, so two
// moderators never silently overwrite each other.
type Store interface {
	// Add stores a new comment and returns it as stored. A comment with no
	// ID gets an unguessable one from crypto/rand; a comment whose ID is
	// already stored is refused with ErrExists, so an import can be run
	// twice. Text is stored exactly as given: it is escaped when rendered,
	// never before.
	//
	// A reply (ParentID set) must name an approved comment of the same
	// article, else Add returns FieldErrors with a FieldError of field
	// FormParentID and code CodeReplyInvalid; a reply deeper than the
	// store's limit ([DefaultReplyDepth] unless configured) gets code
	// CodeReplyDepth, whose Params hold the limit.
	Add(ctx context.Context, c Comment) (Comment, error)

	// Get returns the comment with the given ID, or an error wrapping
	// ErrNotFound.
	Get(ctx context.Context, id string) (Comment, error)

	// ListApproved returns a page of an article's approved comments, in
	// thread order: each top-level comment, oldest or newest first as req
	// says, followed by its replies in the order they were written (also
	// when the newest top-level comment comes first), a reply's replies
	// under it. A reply is shown only while its parent is shown. A page may
	// begin with replies to a comment of the page before: [Comment.ParentID]
	// says whose.
	ListApproved(ctx context.Context, articleID string, req PageRequest) (Page, error)

	// Count returns how many comments of the article have the status; an
	// empty articleID counts those of every article.
	Count(ctx context.Context, articleID string, status Status) (int, error)

	// Queue returns a page of the comments of every article that have the
	// status, by the time they were written: oldest first (the order a
	// moderation queue is worked through) or newest first.
	Queue(ctx context.Context, status Status, req PageRequest) (Page, error)

	// SetStatus changes a comment's status from `from` to `to` and sets
	// its reason, only if its status is still `from`: otherwise it changes
	// nothing and returns an error wrapping ErrConflict, so a moderator
	// who decided on a comment another moderator has just handled is told
	// so instead of undoing that decision. An unknown ID gives ErrNotFound.
	SetStatus(ctx context.Context, id string, from, to Status, reason Reason) error

	// Export returns every comment left under the phone number, on any
	// article and in any status, oldest first: what the commenter is owed
	// when they ask for their data. [Comment] marshals to JSON as it is.
	// Erased comments are not included: they no longer hold the number.
	Export(ctx context.Context, number phone.Number) ([]Comment, error)

	// Erase removes what the commenter with the phone number wrote and
	// who they are from every comment left under it: name, phone, title,
	// content, IP address and user agent become empty. What moderation
	// did is kept: the ID, article, parent, time, status, spam score and
	// reason, so a thread keeps its shape and a moderator's decision its
	// record. It returns the number of comments erased.
	Erase(ctx context.Context, number phone.Number) (int, error)
}

// Order is the order of a page of comments. The zero value is [Oldest].
type Order uint8

const (
	// Oldest lists the oldest comments first, as a conversation reads.
	Oldest Order = iota
	// Newest lists the newest comments first, as news sites usually show
	// them.
	Newest
)

// Sizes of a page of comments.
const (
	// DefaultPageSize is the size of a page when a PageRequest asks for
	// none.
	DefaultPageSize = 20
	// MaxPageSize is the most comments a page holds, whatever is asked.
	MaxPageSize = 200
)

// DefaultReplyDepth is how deep replies go unless a store is configured
// otherwise: one level, replies to top-level comments only.
const DefaultReplyDepth = 1

// PageRequest asks for one page of comments. The zero value asks for the
// first page, oldest first, of DefaultPageSize comments.
type PageRequest struct {
	// After is the Next of the page before, or "" for the first page. It
	// is opaque: a site passes it on (in a link, say) and back unchanged.
	After string
	// Limit is the number of comments wanted: DefaultPageSize when zero or
	// less, MaxPageSize at most.
	Limit int
	// Order is the order of the comments; a cursor is only valid with the
	// order and the listing it came from.
	Order Order
}

// Size returns the number of comments the request gets at most: Limit,
// or DefaultPageSize when Limit is zero or less, and never more than
// MaxPageSize.
func (r PageRequest) Size() int {
	switch {
	case r.Limit <= 0:
		return DefaultPageSize
	case r.Limit > MaxPageSize:
		return MaxPageSize
	}
	return r.Limit
}

// Page is one page of comments. Next, when not empty, is the cursor of the
// page after it, to pass as PageRequest.After; it is empty on the last
// page. A cursor stays valid as comments come and go: the next page starts
// after the last comment shown, whatever was added before it.
type Page struct {
	Comments []Comment
	Next     string
}

// Errors of a [Store]. Implementations wrap them with details, so compare
// with errors.Is.
var (
	// ErrNotFound means no comment has the ID.
	ErrNotFound = errors.New("comment: no such comment")
	// ErrExists means a comment with the ID is already stored.
	ErrExists = errors.New("comment: a comment with this ID is already stored")
	// ErrConflict means the comment's status is no longer the one the
	// change was made from: someone else changed it first.
	ErrConflict = errors.New("comment: the comment's status has changed")
	// ErrInvalidCursor means a PageRequest's After is not a cursor of that
	// listing and order: damaged, made up, or from another listing.
	ErrInvalidCursor = errors.New("comment: invalid page cursor")
)

// Codes of the field error for a reply whose parent is not right, on the
// field FormParentID.
const (
	// CodeReplyDepth means the parent is itself a reply at the deepest
	// level the store allows; Params: that depth.
	CodeReplyDepth Code = "reply_depth"
)

// A Store is what the screener needs to check the parent of a reply.
var _ Parents = Store(nil)

// ErrUnstorable is wrapped by [Storable] for a comment or a change that no
// Store takes.
var ErrUnstorable = errors.New("comment: a store cannot keep this")

// The times a Store can keep: Unix nanoseconds fit an int64 between them.
var (
	minStoredTime = time.Unix(0, math.MinInt64)
	maxStoredTime = time.Unix(0, math.MaxInt64)
)

// Storable reports, as an error wrapping [ErrUnstorable], why no Store
// takes c: it has no article, an unknown status, a spam score that is not a
// finite number, a time outside the years 1678 to 2262 (which nanoseconds
// since 1970 cannot order), or text that is not UTF-8 or holds a NUL byte.
// Every Store of binhluan refuses these, so that one written on one engine
// reads back the same on another; it returns nil for anything else.
func Storable(c Comment) error {
	if c.ArticleID == "" {
		return fmt.Errorf("%w: the comment has no article", ErrUnstorable)
	}
	if _, err := c.Status.MarshalText(); err != nil {
		return fmt.Errorf("%w: %w", ErrUnstorable, err)
	}
	if math.IsNaN(c.SpamScore) || math.IsInf(c.SpamScore, 0) {
		return fmt.Errorf("%w: the comment's spam score is %v", ErrUnstorable, c.SpamScore)
	}
	if c.CreatedAt.Before(minStoredTime) || c.CreatedAt.After(maxStoredTime) {
		return fmt.Errorf("%w: the comment's time %v is out of range (years 1678 to 2262)", ErrUnstorable, c.CreatedAt)
	}
	for _, f := range [...]struct{ name, v string }{
		{"id", c.ID}, {"article", c.ArticleID}, {"parent", c.ParentID}, {"name", c.Name},
		{"title", c.Title}, {"content", c.Content}, {"ip", c.IP}, {"user agent", c.UserAgent},
		{"reason", string(c.Reason)},
	} {
		if err := storableText(f.name, f.v); err != nil {
			return err
		}
	}
	return nil
}

// StorableChange reports, as Storable does, why no Store takes a change of
// status from one status to another with the reason, or nil.
func StorableChange(from, to Status, reason Reason) error {
	for _, st := range [...]Status{from, to} {
		if _, err := st.MarshalText(); err != nil {
			return fmt.Errorf("%w: %w", ErrUnstorable, err)
		}
	}
	return storableText("reason", string(reason))
}

func storableText(field, v string) error {
	if !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0 {
		return fmt.Errorf("%w: the comment's %s is not UTF-8 text without NUL bytes", ErrUnstorable, field)
	}
	return nil
}
