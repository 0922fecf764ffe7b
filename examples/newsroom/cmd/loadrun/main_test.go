package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestArticleSlug finds the measured article in its section's folder of
// the demo's content, as the portal lays it out.
func TestArticleSlug(t *testing.T) {
	content := filepath.Join("..", "..", "content")
	slug, err := articleSlug(content, "long-bien")
	require.NoError(t, err)
	assert.Equal(t, "quan-long-bien-nhieu-giai-phap-thiet-thuc-dua-nghi-quyet-dai-hoi-dang-bo-quan-vao-cuoc-song", slug)
	_, err = articleSlug(content, "khong-co-bai-nay")
	assert.ErrorContains(t, err, "0 files")
}
