package sqlstore

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	"github.com/binhluan/binhluan/comment"
)

// nodeLen is the length of one comment's node in a sort key: its time, 8
// bytes, then 8 random bytes that order comments of the same nanosecond.
const nodeLen = 16

// node returns the sort key node of a comment written at t. Flipping the
// sign bit makes the unsigned big-endian bytes sort as the signed times.
func node(t time.Time, tiebreak [8]byte) []byte {
	k := make([]byte, nodeLen)
	binary.BigEndian.PutUint64(k, uint64(t.UnixNano())^(1<<63))
	copy(k[8:], tiebreak[:])
	return k
}

// invertTop returns a copy of key whose first node's bits are inverted:
// sorting on it lists threads newest first and, because the rest of the
// key is unchanged, each thread's replies still oldest first.
func invertTop(key []byte) []byte {
	k := append([]byte(nil), key...)
	for i := 0; i < nodeLen && i < len(k); i++ {
		k[i] = ^k[i]
	}
	return k
}

// prefixEnd returns the least key greater than every key that starts with
// prefix, or nil when there is none (prefix all 0xFF bytes).
func prefixEnd(prefix []byte) []byte {
	k := append([]byte(nil), prefix...)
	for i := len(k) - 1; i >= 0; i-- {
		if k[i] < 0xFF {
			k[i]++
			return k[:i+1]
		}
	}
	return nil
}

// A cursor is a position in one listing: base64url (no padding) of
//
//	version (1) | listing (1) | status (1) | key (16·n bytes, n ≥ 1)
//
// where key is the sort key of the last comment on the page before. The
// listing and status bytes tie a cursor to the listing it came from.
const (
	cursorVersion = 1
	cursorHeader  = 3
	// maxCursorNodes bounds a key in a cursor: 64 levels of replies, far
	// beyond any depth a site would set.
	maxCursorNodes = 64
)

// listing names the order a cursor walks.
type listing byte

const (
	approvedOldest listing = 'o'
	approvedNewest listing = 'n'
	queueOldest    listing = 'q'
	queueNewest    listing = 'r'
)

var cursorEncoding = base64.RawURLEncoding.Strict()

func encodeCursor(l listing, status comment.Status, key []byte) string {
	return frameCursor(l, append([]byte{byte(status)}, key...))
}

// decodeCursor returns the key of a cursor of listing l with the status,
// nil for "", or an error wrapping comment.ErrInvalidCursor.
func decodeCursor(s string, l listing, status comment.Status) ([]byte, error) {
	if s == "" {
		return nil, nil
	}
	b, err := unframeCursor(s, l, cursorHeader+nodeLen*maxCursorNodes)
	if err != nil {
		return nil, err
	}
	switch {
	case len(b) < 1+nodeLen || (len(b)-1)%nodeLen != 0:
		return nil, fmt.Errorf("%w: wrong length", comment.ErrInvalidCursor)
	case comment.Status(b[0]) != status:
		return nil, fmt.Errorf("%w: from another listing or order", comment.ErrInvalidCursor)
	}
	return b[1:], nil
}

// frameCursor makes a cursor of listing l: the version and listing bytes,
// then body, in base64url. Every listing's cursors, the comments' above and
// moderation's, share this framing.
func frameCursor(l listing, body []byte) string {
	b := make([]byte, 0, 2+len(body))
	b = append(b, cursorVersion, byte(l))
	return cursorEncoding.EncodeToString(append(b, body...))
}

// unframeCursor checks the framing of a cursor of listing l of at most
// maxBytes bytes and returns what follows its listing byte, or an error
// wrapping comment.ErrInvalidCursor.
func unframeCursor(s string, l listing, maxBytes int) ([]byte, error) {
	if len(s) > (maxBytes*4+2)/3 {
		return nil, fmt.Errorf("%w: %d characters, more than any cursor has", comment.ErrInvalidCursor, len(s))
	}
	// Go's base64 skips line breaks, even when strict: refuse them, so
	// that a cursor has one spelling only.
	b, err := cursorEncoding.DecodeString(s)
	if err != nil || strings.ContainsAny(s, "\r\n") {
		return nil, fmt.Errorf("%w: not base64url", comment.ErrInvalidCursor)
	}
	switch {
	case len(b) < 2:
		return nil, fmt.Errorf("%w: wrong length", comment.ErrInvalidCursor)
	case b[0] != cursorVersion:
		return nil, fmt.Errorf("%w: unknown version %d", comment.ErrInvalidCursor, b[0])
	case listing(b[1]) != l:
		return nil, fmt.Errorf("%w: from another listing or order", comment.ErrInvalidCursor)
	}
	return b[2:], nil
}
