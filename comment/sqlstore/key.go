package sqlstore

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/internal/cursor"
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

// A cursor is a position in one listing: internal/cursor's framing
// (version, listing byte) around
//
//	status (1) | key (16·n bytes, n ≥ 1)
//
// where key is the sort key of the last comment on the page before. The
// listing and status bytes tie a cursor to the listing it came from.
//
// maxCursorNodes bounds a key in a cursor: 64 levels of replies, far
// beyond any depth a site would set.
const maxCursorNodes = 64

// listing names the order a cursor walks.
type listing byte

const (
	approvedOldest listing = 'o'
	approvedNewest listing = 'n'
	queueOldest    listing = 'q'
	queueNewest    listing = 'r'
)

func encodeCursor(l listing, status comment.Status, key []byte) string {
	return cursor.Encode(byte(l), append([]byte{byte(status)}, key...))
}

// decodeCursor returns the key of a cursor of listing l with the status,
// nil for "", or an error wrapping comment.ErrInvalidCursor.
func decodeCursor(s string, l listing, status comment.Status) ([]byte, error) {
	if s == "" {
		return nil, nil
	}
	b, err := cursor.Decode(s, byte(l), 1+nodeLen*maxCursorNodes)
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
