package sqlstore

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/comment"
)

// TestAddMany adds comments in one transaction: ids already stored are
// skipped, so a second run adds nothing, and a bad reply stores none.
func TestAddMany(t *testing.T) {
	ctx := context.Background()
	s := openT(t, filepath.Join(t.TempDir(), "binhluan.db"), nil)
	top := approved("bai-a", 1)
	top.ID = "AAAAAAAAAAAAAAAAAAAAAAAAAA"
	reply := approved("bai-a", 2)
	reply.ID, reply.ParentID = "BBBBBBBBBBBBBBBBBBBBBBBBBB", top.ID
	n, err := s.AddMany(ctx, []comment.Comment{top, reply})
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	n, err = s.AddMany(ctx, []comment.Comment{top, reply})
	require.NoError(t, err)
	assert.Equal(t, 0, n, "a second run adds nothing")

	fresh := approved("bai-a", 3)
	orphan := approved("bai-a", 4)
	orphan.ParentID = "CCCCCCCCCCCCCCCCCCCCCCCCCC"
	_, err = s.AddMany(ctx, []comment.Comment{fresh, orphan})
	var fe comment.FieldErrors
	require.True(t, errors.As(err, &fe), "got %v", err)
	assert.True(t, fe.Has(comment.FormParentID, comment.CodeReplyInvalid))
	count, err := s.Count(ctx, "bai-a", comment.Approved)
	require.NoError(t, err)
	assert.Equal(t, 2, count, "a failed batch stores none of it")
}
