package main

import (
	"html/template"
	"sync"
	"time"
)

// maxListings bounds the listings a listingCache keeps: the first pages
// of the articles readers open, and the next pages they page through.
// When it is full the cache starts over.
const maxListings = 1024

// listingCache keeps the rendered comments part of article pages, the
// same for every reader, for ttl: a page read by many readers at once is
// listed and rendered once per ttl instead of once per reader. A write of
// this server (a comment taken, a decision, an erasure) drops every entry
// at once; a write of another server sharing the database shows once the
// entries it touches are older than ttl. A zero ttl keeps nothing.
type listingCache struct {
	ttl time.Duration

	mu      sync.Mutex
	gen     uint64 // counts the writes seen: an entry of an older one is stale
	entries map[listingKey]listingEntry
	// The counts of approved comments by article the home page shows,
	// kept like a listing: the generation and time they were made at.
	countsGen uint64
	countsAt  time.Time
	counts    map[string]int
}

type listingKey struct{ article, after string }

type listingEntry struct {
	gen  uint64
	at   time.Time
	html template.HTML
}

// get returns the listing of the article's page after the cursor when a
// fresh one is kept, and in any case the generation to put a new one with.
func (c *listingCache) get(article, after string, now time.Time) (uint64, template.HTML, bool) {
	if c.ttl <= 0 {
		return 0, "", false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[listingKey{article, after}]
	if !ok || c.stale(e.gen, e.at, now) {
		return c.gen, "", false
	}
	return c.gen, e.html, true
}

// put keeps a listing made at now from what the store held at generation
// gen; one made before a later write is not kept.
func (c *listingCache) put(gen uint64, article, after string, html template.HTML, now time.Time) {
	if c.ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.entries == nil || len(c.entries) >= maxListings {
		c.entries = make(map[listingKey]listingEntry)
	}
	c.entries[listingKey{article, after}] = listingEntry{gen, now, html}
}

// getCounts returns the counts of approved comments by article when fresh
// ones are kept, and in any case the generation to put new ones with. The
// map is shared: callers only read it.
func (c *listingCache) getCounts(now time.Time) (uint64, map[string]int, bool) {
	if c.ttl <= 0 {
		return 0, nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.counts == nil || c.stale(c.countsGen, c.countsAt, now) {
		return c.gen, nil, false
	}
	return c.gen, c.counts, true
}

// putCounts keeps counts made at now from what the store held at
// generation gen; ones made before a later write are not kept.
func (c *listingCache) putCounts(gen uint64, counts map[string]int, now time.Time) {
	if c.ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	c.countsGen, c.countsAt, c.counts = gen, now, counts
}

// stale reports whether what was made at `at` from generation gen is no
// longer to be shown at now: a write came since, or ttl has passed (or
// the clock went back). The caller holds mu.
func (c *listingCache) stale(gen uint64, at, now time.Time) bool {
	return gen != c.gen || now.Sub(at) >= c.ttl || now.Before(at)
}

// changed drops every listing: this server has changed the comments.
func (c *listingCache) changed() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
	c.counts = nil
}
