// Package cursor frames the page cursors of the comment stores
// (comment/sqlstore and comment/commenttest): base64url without padding of
//
//	version (1) | listing (1) | body
//
// where the listing byte names the listing a cursor walks and the body is
// the store's own sort key of the last item of the page before. Each
// store chooses its listing bytes and bodies; the framing, the checks on
// it and their errors are the same for all.
//
// Its functions are pure and safe for concurrent use.
package cursor

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/binhluan/binhluan/comment"
)

// Version is the framing's version byte, the first byte of every cursor.
const Version = 1

// Header is the number of bytes the framing adds before a body.
const Header = 2

var encoding = base64.RawURLEncoding.Strict()

// Encode returns the cursor of listing with body.
func Encode(listing byte, body []byte) string {
	b := make([]byte, 0, Header+len(body))
	b = append(b, Version, listing)
	return encoding.EncodeToString(append(b, body...))
}

// Decode returns the body of s, a cursor of listing whose body has at
// most maxBody bytes, or an error wrapping comment.ErrInvalidCursor: for
// text that is not base64url (line breaks included, which Go's decoder
// would skip, so that a cursor has one spelling only), too long, of
// another version or of another listing. The caller checks the body.
func Decode(s string, listing byte, maxBody int) ([]byte, error) {
	if len(s) > ((Header+maxBody)*4+2)/3 {
		return nil, fmt.Errorf("%w: %d characters, more than any cursor has", comment.ErrInvalidCursor, len(s))
	}
	b, err := encoding.DecodeString(s)
	if err != nil || strings.ContainsAny(s, "\r\n") {
		return nil, fmt.Errorf("%w: not base64url", comment.ErrInvalidCursor)
	}
	switch {
	case len(b) < Header:
		return nil, fmt.Errorf("%w: wrong length", comment.ErrInvalidCursor)
	case b[0] != Version:
		return nil, fmt.Errorf("%w: unknown version %d", comment.ErrInvalidCursor, b[0])
	case b[1] != listing:
		return nil, fmt.Errorf("%w: from another listing or order", comment.ErrInvalidCursor)
	}
	return b[Header:], nil
}
