package article

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var day0 = time.Date(2020, 11, 20, 8, 0, 0, 0, Vietnam())

func art(id, series string, day int) *Article {
	return &Article{
		ID: id, Title: "Bài " + id, Series: series,
		PublishedAt: day0.AddDate(0, 0, day),
		Body:        []Block{{Kind: Paragraph, Text: "Nội dung."}},
	}
}

func ids(list []*Article) []string {
	out := make([]string, 0, len(list))
	for _, a := range list {
		out = append(out, a.ID)
	}
	return out
}

func TestArchiveNeighbours(t *testing.T) {
	ar, err := NewArchive(
		art("e", "", 5), art("a", "NQ", 1), art("c", "NQ", 3), art("b", "", 2),
		art("d", "NQ", 4), art("f", "NQ", 6), art("g", "", 7),
	)
	require.NoError(t, err)
	require.Equal(t, 7, ar.Len())

	assert.Equal(t, []string{"g", "f", "e", "d", "c", "b", "a"}, ids(ar.Latest(-1)))
	assert.Equal(t, []string{"g", "f"}, ids(ar.Latest(2)))
	assert.Empty(t, ar.Latest(0))

	assert.Equal(t, []string{"f", "e"}, ids(ar.Newer("d", 2, false)), "the two nearest newer, newest first")
	assert.Equal(t, []string{"g", "f", "e"}, ids(ar.Newer("d", -1, false)))
	assert.Equal(t, []string{"c", "b"}, ids(ar.Older("d", 2, false)), "the two nearest older, newest first")
	assert.Equal(t, []string{"f"}, ids(ar.Newer("d", 5, true)), "within the series")
	assert.Equal(t, []string{"c", "a"}, ids(ar.Older("d", 5, true)))
	assert.Equal(t, []string{"e", "b"}, ids(ar.Older("g", 5, true)), "the empty series is a series too")
	assert.Empty(t, ar.Newer("g", 3, false), "nothing is newer than the newest")
	assert.Empty(t, ar.Older("a", 3, false))
	assert.Nil(t, ar.Newer("zz", 3, false), "unknown ID")
	assert.Equal(t, []string{"f", "d", "c", "a"}, ids(ar.Series("NQ", -1)))
}

func TestArchiveTiesAreStable(t *testing.T) {
	same := day0
	mk := func(id string) *Article { a := art(id, "", 0); a.PublishedAt = same; return a }
	one, err := NewArchive(mk("x"), mk("y"), mk("z"))
	require.NoError(t, err)
	two, err := NewArchive(mk("z"), mk("x"), mk("y"))
	require.NoError(t, err)
	assert.Equal(t, ids(one.Latest(-1)), ids(two.Latest(-1)), "insertion order does not matter")
	assert.Equal(t, []string{"z", "y", "x"}, ids(one.Latest(-1)))
	assert.Equal(t, []string{"z"}, ids(one.Newer("y", 5, false)))
	assert.Equal(t, []string{"x"}, ids(one.Older("y", 5, false)))
}

func TestArchiveAddReplaceRemove(t *testing.T) {
	var ar Archive // the zero value is ready
	require.NoError(t, ar.Add(art("a", "", 1), art("b", "", 2)))

	got, ok := ar.BySlug("bai-a")
	require.True(t, ok, "slugs are filled from titles")
	assert.Equal(t, "a", got.ID)

	moved := art("a", "", 3)
	moved.Title = "Bài a đã sửa"
	require.NoError(t, ar.Add(moved), "same ID replaces")
	assert.Equal(t, 2, ar.Len())
	assert.Equal(t, []string{"a", "b"}, ids(ar.Latest(-1)), "and moves it in time")
	_, ok = ar.BySlug("bai-a")
	assert.False(t, ok, "the old slug is gone")
	_, ok = ar.BySlug("bai-a-da-sua")
	assert.True(t, ok)

	clash := art("c", "", 4)
	clash.Slug = "bai-b"
	assert.ErrorIs(t, ar.Add(clash), ErrDuplicateSlug)
	assert.ErrorIs(t, ar.Add(art("", "", 1)), ErrNoID)
	assert.ErrorIs(t, ar.Add(nil), ErrNoID)
	assert.Equal(t, 2, ar.Len(), "a refused Add adds nothing")

	mine := art("d", "", 5)
	require.NoError(t, ar.Add(mine))
	mine.Title = "changed after Add"
	stored, _ := ar.Get("d")
	assert.Equal(t, "Bài d", stored.Title, "the archive keeps its own copy")

	assert.True(t, ar.Remove("d"))
	assert.False(t, ar.Remove("d"))
	_, ok = ar.Get("d")
	assert.False(t, ok)
	assert.Equal(t, 2, ar.Len())
}

func TestArchiveConcurrent(t *testing.T) {
	var ar Archive
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 200 {
				id := fmt.Sprintf("w%d-%d", w, i)
				assert.NoError(t, ar.Add(art(id, fmt.Sprint(i%3), i)))
				_ = ar.Newer(id, 5, true)
				_ = ar.Older(id, 5, false)
				_ = ar.Latest(10)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 800, ar.Len())
	latest := ar.Latest(-1)
	for i := 1; i < len(latest); i++ {
		assert.LessOrEqual(t, compareArticles(latest[i], latest[i-1]), 0, "newest first")
	}
}

func BenchmarkArchiveNeighbours(b *testing.B) {
	var ar Archive
	for i := range 10000 {
		require.NoError(b, ar.Add(art(fmt.Sprint(i), fmt.Sprint(i%20), i)))
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = ar.Newer("5000", 10, false)
		_ = ar.Older("5000", 10, true)
	}
}
