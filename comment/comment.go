package comment

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/binhluan/binhluan/comment/phone"
	"github.com/binhluan/binhluan/internal/vntext"
)

// Status is a comment's moderation state. The zero value is [Pending]:
// Vietnamese news sites hold comments for a moderator before publishing.
type Status uint8

const (
	// Pending comments wait for a moderator and are not shown.
	Pending Status = iota
	// Approved comments are shown under the article.
	Approved
	// Spam comments are hidden and teach the spam filter.
	Spam
	// Trash comments are hidden: deleted by a moderator, kept for a while.
	Trash
)

var statusNames = [...]string{Pending: "pending", Approved: "approved", Spam: "spam", Trash: "trash"}

// String returns "pending", "approved", "spam" or "trash".
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// ParseStatus reads a status from its name.
func ParseStatus(name string) (Status, error) {
	for i, n := range statusNames {
		if name == n {
			return Status(i), nil
		}
	}
	return Pending, fmt.Errorf("comment: unknown status %q", name)
}

// MarshalText encodes the status as its name.
func (s Status) MarshalText() ([]byte, error) {
	if int(s) >= len(statusNames) {
		return nil, fmt.Errorf("comment: unknown status %d", uint8(s))
	}
	return []byte(statusNames[s]), nil
}

// UnmarshalText decodes a status from its name.
func (s *Status) UnmarshalText(b []byte) error {
	v, err := ParseStatus(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Reason is a stable code saying why a comment has its status, for
// moderators and never for the poster. [Messages.Reason] gives its text in
// Vietnamese (the default) or English; the spam filter's probability is
// kept beside it, in [Comment.SpamScore].
type Reason string

// The reasons [Screener] gives, and the one a site gives when a moderator
// decides.
const (
	// ReasonHeld: every check passed, and the comment waits for a
	// moderator (the site holds comments, or has no spam filter).
	ReasonHeld Reason = "held"
	// ReasonUnsure: the spam filter could not tell; a moderator decides.
	ReasonUnsure Reason = "unsure"
	// ReasonCleared: the spam filter cleared the comment and the site
	// approves such comments at once (Screener.ApproveCleared).
	ReasonCleared Reason = "cleared"
	// ReasonSpamFilter: the spam filter flagged the comment as spam.
	ReasonSpamFilter Reason = "spam_filter"
	// ReasonHoneypot: the hidden input a person never sees was filled in.
	ReasonHoneypot Reason = "honeypot"
	// ReasonDuplicate: the same comment was posted before.
	ReasonDuplicate Reason = "duplicate"
	// ReasonFlood: many comments from the same address in a short time.
	ReasonFlood Reason = "flood"
	// ReasonModerator: a moderator set the status.
	ReasonModerator Reason = "moderator"
)

// Comment is one reader comment on an article. ParentID, when set, is the
// comment it replies to; replies go one level deep (see [Comment.ReplyTo]).
// SpamScore is the spam filter's probability that it is spam, when a
// filter scored it, and Reason says why it has its status.
type Comment struct {
	ID        string       `json:"id"`
	ArticleID string       `json:"article_id"`
	ParentID  string       `json:"parent_id,omitempty"`
	Name      string       `json:"name"`
	Phone     phone.Number `json:"phone,omitzero"`
	Title     string       `json:"title"`
	Content   string       `json:"content"`
	CreatedAt time.Time    `json:"created_at"`
	IP        string       `json:"ip,omitempty"`
	UserAgent string       `json:"user_agent,omitempty"`
	Status    Status       `json:"status"`
	SpamScore float64      `json:"spam_score"`
	Reason    Reason       `json:"reason,omitempty"`
}

// idLen is the length of a comment ID: crypto/rand.Text's 26 characters.
const idLen = 26

// newID returns a fresh comment ID from crypto/rand.
func newID() string { return rand.Text() }

// ValidID reports whether id has the shape of the comment IDs [Screener]
// gives: 26 characters of the RFC 4648 base32 alphabet (A–Z, 2–7), as
// crypto/rand.Text returns them. It says nothing of whether such a
// comment exists.
func ValidID(id string) bool {
	if len(id) != idLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !(c >= 'A' && c <= 'Z' || c >= '2' && c <= '7') {
			return false
		}
	}
	return true
}

// ErrReplyDepth is returned by [Comment.ReplyTo] when the parent is itself
// a reply: threads are one level deep.
var ErrReplyDepth = errors.New("comment: replies go one level deep")

// ReplyTo makes c a reply to parent. The parent must be a top-level comment
// on the same article.
func (c *Comment) ReplyTo(parent Comment) error {
	switch {
	case parent.ID == "":
		return fmt.Errorf("comment: the parent comment has no ID")
	case parent.ParentID != "":
		return ErrReplyDepth
	case parent.ArticleID != c.ArticleID:
		return fmt.Errorf("comment: parent %s is on article %q, not %q", parent.ID, parent.ArticleID, c.ArticleID)
	}
	c.ParentID = parent.ID
	return nil
}

// TakesReply reports whether parent can take a reply on the article: it is
// approved, top-level and on that article. The screener checks replies by
// it, and a site offers "Trả lời" by it.
func TakesReply(parent Comment, articleID string) bool {
	reply := Comment{ArticleID: articleID}
	return parent.Status == Approved && reply.ReplyTo(parent) == nil
}

// Fingerprint returns a key of the comment's content for spotting the same
// comment posted twice; see the function [Fingerprint].
func (c Comment) Fingerprint() string { return Fingerprint(c.Content) }

// Fingerprint returns a 32-hex-digit key of a comment's content that
// ignores case, accents, tone-mark placement, spacing and punctuation:
// "Bài viết RẤT hay!!!" and "bai viet rat hay" give the same key. It is a
// hash, so a site can store it without the text. Content with no letter or
// digit at all (only emoji or punctuation) has no fingerprint: "".
func Fingerprint(content string) string {
	key := vntext.FoldKey(content)
	if !strings.ContainsFunc(key, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return ""
	}
	h := sha256.New()
	var buf [64]byte
	b := buf[:0]
	for _, r := range key {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b = append(b, string(r)...)
			if len(b) > len(buf)-4 {
				h.Write(b)
				b = b[:0]
			}
		}
	}
	h.Write(b)
	sum := h.Sum(nil)
	return hex.EncodeToString(sum[:16])
}
