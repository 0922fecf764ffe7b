package comment

import (
	"testing"

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
