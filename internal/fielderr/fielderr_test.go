package fielderr_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/binhluan/binhluan/internal/fielderr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestList(t *testing.T) {
	var empty fielderr.List
	assert.NoError(t, empty.Err(), "an empty list is no error")
	assert.Empty(t, empty.Codes())
	assert.False(t, empty.Has("name", ""))
	assert.Equal(t, "no field errors", empty.Error())

	l := fielderr.List{
		{Field: "name", Code: fielderr.Required},
		{Field: "content", Code: fielderr.TooLong, Params: []any{3000, 3120}},
	}
	assert.Equal(t, "name: required; content: too_long", l.Error())
	assert.Equal(t, []string{"name:required", "content:too_long"}, l.Codes())
	assert.True(t, l.Has("name", fielderr.Required))
	assert.True(t, l.Has("content", ""))
	assert.False(t, l.Has("content", fielderr.TooShort))
	assert.False(t, l.Has("title", ""))

	err := fmt.Errorf("saving: %w", l.Err())
	var got fielderr.List
	require.ErrorAs(t, err, &got, "the list is found through wrapping")
	assert.Equal(t, l, got)
	var first fielderr.Error
	require.ErrorAs(t, err, &first, "and so is each problem in it")
	assert.Equal(t, l[0], first)
}

func ExampleList() {
	errs := fielderr.List{{Field: "title", Code: fielderr.Required}}
	err := errs.Err()
	var fe fielderr.Error
	if errors.As(err, &fe) {
		fmt.Println(fe.Field, fe.Code)
	}
	fmt.Println(err)
	// Output:
	// title required
	// title: required
}
