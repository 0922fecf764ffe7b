package article

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sync"
)

// ErrNoID is returned by [Archive.Add] for an article without an ID.
var ErrNoID = errors.New("article: archive needs an article ID")

// ErrDuplicateSlug is returned by [Archive.Add] when another article already
// has the slug.
var ErrDuplicateSlug = errors.New("article: slug already used by another article")

// Archive keeps articles in publish order and answers which are newer and
// which older than a given one: the "Các bài mới đăng" and "Các bài đã
// đăng" lists under an article. Articles with the same publish time are
// ordered by ID, so every server shows the same lists whatever order it
// loaded them in.
//
// The zero Archive is empty and ready to use. It is safe for concurrent
// use; readers do not block each other. The articles it returns are shared:
// do not modify them, Add a changed copy instead.
type Archive struct {
	mu     sync.RWMutex
	sorted []*Article // oldest first
	byID   map[string]*Article
	bySlug map[string]*Article
}

// NewArchive returns an archive holding the given articles; see [Archive.Add].
func NewArchive(articles ...*Article) (*Archive, error) {
	a := &Archive{}
	if err := a.Add(articles...); err != nil {
		return nil, err
	}
	return a, nil
}

// Add stores copies of the articles, replacing any article with the same
// ID. An article without an ID, or whose slug another article already has,
// is refused, and then nothing is added. An empty slug is filled from the
// title.
func (a *Archive) Add(articles ...*Article) error {
	copies := make([]*Article, 0, len(articles))
	for _, art := range articles {
		if art == nil || art.ID == "" {
			return ErrNoID
		}
		c := art.Clone()
		c.EnsureSlug()
		copies = append(copies, c)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	batch := make(map[string]string, len(copies)) // slug → ID within this call
	for _, c := range copies {
		owner, taken := batch[c.Slug]
		if old, ok := a.bySlug[c.Slug]; !taken && ok {
			owner, taken = old.ID, true
		}
		if taken && owner != c.ID {
			return fmt.Errorf("%w: %q is %s's, not %s's", ErrDuplicateSlug, c.Slug, owner, c.ID)
		}
		batch[c.Slug] = c.ID
	}
	if a.byID == nil {
		a.byID = make(map[string]*Article)
		a.bySlug = make(map[string]*Article)
	}
	for _, c := range copies {
		if old, ok := a.byID[c.ID]; ok {
			delete(a.bySlug, old.Slug)
			a.sorted = slices.DeleteFunc(a.sorted, func(x *Article) bool { return x == old })
		}
		a.byID[c.ID] = c
		a.bySlug[c.Slug] = c
		i, _ := slices.BinarySearchFunc(a.sorted, c, compareArticles)
		a.sorted = slices.Insert(a.sorted, i, c)
	}
	return nil
}

// Remove deletes the article with the given ID and reports whether it was
// there.
func (a *Archive) Remove(id string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	old, ok := a.byID[id]
	if !ok {
		return false
	}
	delete(a.byID, id)
	delete(a.bySlug, old.Slug)
	a.sorted = slices.DeleteFunc(a.sorted, func(x *Article) bool { return x == old })
	return true
}

// Len returns the number of articles.
func (a *Archive) Len() int {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return len(a.sorted)
}

// Get returns the article with the given ID.
func (a *Archive) Get(id string) (*Article, bool) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	art, ok := a.byID[id]
	return art, ok
}

// BySlug returns the article with the given slug.
func (a *Archive) BySlug(slug string) (*Article, bool) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	art, ok := a.bySlug[slug]
	return art, ok
}

// Latest returns up to n articles, newest first; n < 0 means all.
func (a *Archive) Latest(n int) []*Article {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return pick(slices.Backward(a.sorted), n, nil)
}

// Newer returns up to n articles published after the article with the given
// ID ("Các bài mới đăng"): the n nearest to it in time, listed newest first.
// With sameSeries, only articles of its series count; n < 0 means all. An
// unknown ID gives nil.
func (a *Archive) Newer(id string, n int, sameSeries bool) []*Article {
	a.mu.RLock()
	defer a.mu.RUnlock()
	i, keep, ok := a.position(id, sameSeries)
	if !ok {
		return nil
	}
	picked := pick(slices.All(a.sorted[i+1:]), n, keep)
	slices.Reverse(picked)
	return picked
}

// Older returns up to n articles published before the article with the
// given ID ("Các bài đã đăng"), newest first. With sameSeries, only
// articles of its series count; n < 0 means all. An unknown ID gives nil.
func (a *Archive) Older(id string, n int, sameSeries bool) []*Article {
	a.mu.RLock()
	defer a.mu.RUnlock()
	i, keep, ok := a.position(id, sameSeries)
	if !ok {
		return nil
	}
	return pick(slices.Backward(a.sorted[:i]), n, keep)
}

// Series returns up to n articles of a series, newest first; n < 0 means
// all.
func (a *Archive) Series(series string, n int) []*Article {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return pick(slices.Backward(a.sorted), n, func(x *Article) bool { return x.Series == series })
}

// position finds an article's index in the sorted slice and the filter its
// neighbours must pass: nil for any article, or same series.
func (a *Archive) position(id string, sameSeries bool) (int, func(*Article) bool, bool) {
	art, ok := a.byID[id]
	if !ok {
		return 0, nil, false
	}
	i, _ := slices.BinarySearchFunc(a.sorted, art, compareArticles)
	if !sameSeries {
		return i, nil, true
	}
	return i, func(x *Article) bool { return x.Series == art.Series }, true
}

// pick collects up to n articles (n < 0: all) from seq in its order,
// keeping those that keep accepts (nil keeps all).
func pick(seq iter.Seq2[int, *Article], n int, keep func(*Article) bool) []*Article {
	var picked []*Article
	for _, art := range seq {
		if n >= 0 && len(picked) >= n {
			break
		}
		if keep == nil || keep(art) {
			picked = append(picked, art)
		}
	}
	return picked
}

// compareArticles orders by publish time, then by ID.
func compareArticles(x, y *Article) int {
	if c := x.PublishedAt.Compare(y.PublishedAt); c != 0 {
		return c
	}
	return cmp.Compare(x.ID, y.ID)
}
