package comment

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestPageRequestSize(t *testing.T) {
	for _, tt := range []struct {
		limit, want int
	}{
		{0, DefaultPageSize},
		{-3, DefaultPageSize},
		{1, 1},
		{50, 50},
		{MaxPageSize, MaxPageSize},
		{MaxPageSize + 1, MaxPageSize},
	} {
		assert.Equal(t, tt.want, PageRequest{Limit: tt.limit}.Size(), "Limit %d", tt.limit)
	}
}

func TestStorable(t *testing.T) {
	good := Comment{ID: "A", ArticleID: "bai-1", Name: "Lan", Content: "Bài viết hay.", CreatedAt: time.Date(2020, 11, 29, 12, 48, 0, 0, time.UTC), SpamScore: 0.2}
	assert.NoError(t, Storable(good))
	for _, tt := range []struct {
		name   string
		change func(*Comment)
	}{
		{"no article", func(c *Comment) { c.ArticleID = "" }},
		{"unknown status", func(c *Comment) { c.Status = Status(99) }},
		{"NaN score", func(c *Comment) { c.SpamScore = math.NaN() }},
		{"infinite score", func(c *Comment) { c.SpamScore = math.Inf(1) }},
		{"before 1678", func(c *Comment) { c.CreatedAt = time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC) }},
		{"after 2262", func(c *Comment) { c.CreatedAt = time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC) }},
		{"NUL in the content", func(c *Comment) { c.Content = "a\x00b" }},
		{"invalid UTF-8 in the name", func(c *Comment) { c.Name = "\xff" }},
		{"NUL in the reason", func(c *Comment) { c.Reason = "held\x00" }},
	} {
		c := good
		tt.change(&c)
		assert.ErrorIs(t, Storable(c), ErrUnstorable, tt.name)
	}
	assert.NoError(t, StorableChange(Pending, Approved, ReasonModerator))
	assert.ErrorIs(t, StorableChange(Pending, Status(99), ReasonModerator), ErrUnstorable)
	assert.ErrorIs(t, StorableChange(Pending, Approved, "\xff"), ErrUnstorable)
}
