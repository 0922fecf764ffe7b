package captcha

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ErrNotFound is returned by a [Store] for an id it does not hold: never
// issued, already verified, expired or evicted.
var ErrNotFound = errors.New("captcha: id not found")

// Challenge is one stored captcha: what the reader must type, what the
// image and audio are drawn from, until when it may be answered, and how
// often it was reloaded. It is a plain value that serialises as it is
// (JSON, gob, or a few fields of a hash), so that several servers can
// share challenges through a store such as Redis.
type Challenge struct {
	// Digits is the answer, ASCII digits '0'–'9'.
	Digits string `json:"digits"`
	// Seed draws the image's and the audio's noise and distortion: the
	// same Digits and Seed give the same PNG and WAV, so fetching an image
	// twice shows nothing new.
	Seed uint64 `json:"seed"`
	// Expires is when the challenge stops being accepted. A store may
	// drop it from then on.
	Expires time.Time `json:"expires"`
	// Reloads counts the reloads so far, for the service's limit.
	Reloads int `json:"reloads"`
}

// Store keeps challenges by id for a [Service]. An implementation must be
// safe for concurrent use; several servers may share one.
//
// Take must be atomic: of two calls racing for one id, at most one gets
// the challenge (on Redis, GETDEL). That is what makes every answer
// single use. A reload is Take then Set, so it needs nothing more.
//
// A store may drop a challenge once its Expires has passed, and must then
// report it as [ErrNotFound]; the service checks Expires against its own
// clock in any case. Errors other than ErrNotFound are failures of the
// store itself (a lost connection, a cancelled context) and are passed on
// to the caller.
type Store interface {
	// Set stores c under id, replacing what was there, until c.Expires.
	Set(ctx context.Context, id string, c Challenge) error
	// Get returns the challenge stored under id and leaves it there, for
	// drawing its image or audio.
	Get(ctx context.Context, id string) (Challenge, error)
	// Take returns the challenge stored under id and removes it, in one
	// step.
	Take(ctx context.Context, id string) (Challenge, error)
}

// DefaultCapacity is the number of challenges a [MemoryStore] holds when
// its configuration does not say: about 20 MB.
const DefaultCapacity = 100_000

// MemoryConfig configures a [MemoryStore]. The zero value, or nil, means
// the defaults.
type MemoryConfig struct {
	// Capacity is the most challenges held at once; when a new one comes
	// in at capacity, the one set longest ago is dropped. DefaultCapacity
	// when zero or negative.
	Capacity int
	// Now is the clock that expires challenges; time.Now when nil.
	Now func() time.Time
}

// MemoryStore is a [Store] in the process's memory, for a site on one
// server. It is bounded: it never holds more than its capacity, dropping
// the challenge set longest ago to make room, so a flood of new challenges
// costs old unanswered ones, not memory. Expired challenges are dropped
// when they are looked up and, a few at a time, when new ones are set;
// there is no background goroutine.
//
// The zero MemoryStore is an empty store with the defaults
// (DefaultCapacity, time.Now), ready to use; [NewMemoryStore] sets other
// ones. A MemoryStore must not be copied after first use.
//
// A MemoryStore is safe for concurrent use. It ignores the contexts it is
// given: nothing it does blocks.
type MemoryStore struct {
	capacity int              // DefaultCapacity when zero
	now      func() time.Time // time.Now when nil

	mu      sync.Mutex
	entries map[string]*memEntry
	// oldest and newest end a doubly linked list of the entries in the
	// order they were last set.
	oldest, newest *memEntry
	free           *memEntry // entries to reuse, linked by next
}

type memEntry struct {
	id         string
	c          Challenge
	prev, next *memEntry
}

// sweepPerSet bounds how many expired entries one Set drops on its way.
const sweepPerSet = 4

// NewMemoryStore returns an empty store; cfg may be nil.
func NewMemoryStore(cfg *MemoryConfig) *MemoryStore {
	s := &MemoryStore{}
	if cfg != nil {
		s.capacity = max(cfg.Capacity, 0)
		s.now = cfg.Now
	}
	s.entries = make(map[string]*memEntry, min(s.limit(), 1024))
	return s
}

// limit is the store's capacity, the default one for a zero store.
func (s *MemoryStore) limit() int { return cmpOr(s.capacity, DefaultCapacity) }

// clock returns the store's time, the real one for a zero store.
func (s *MemoryStore) clock() time.Time {
	if s.now == nil {
		return time.Now()
	}
	return s.now()
}

// Set stores c under id until c.Expires, as the newest entry. A challenge
// that has already expired is not stored, and one stored under id before
// is dropped.
func (s *MemoryStore) Set(_ context.Context, id string, c Challenge) error {
	now := s.clock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.entries == nil {
		s.entries = make(map[string]*memEntry)
	}
	for i := 0; i < sweepPerSet && s.oldest != nil && s.expired(s.oldest, now); i++ {
		s.remove(s.oldest)
	}
	if e, ok := s.entries[id]; ok {
		s.remove(e)
	}
	if !now.Before(c.Expires) {
		return nil
	}
	if len(s.entries) >= s.limit() {
		s.remove(s.oldest)
	}
	e := s.free
	if e != nil {
		s.free = e.next
		e.next = nil
	} else {
		e = new(memEntry)
	}
	e.id, e.c = id, c
	s.entries[id] = e
	e.prev = s.newest
	if s.newest != nil {
		s.newest.next = e
	} else {
		s.oldest = e
	}
	s.newest = e
	return nil
}

// Get returns the challenge under id, or ErrNotFound.
func (s *MemoryStore) Get(_ context.Context, id string) (Challenge, error) {
	return s.lookup(id, false)
}

// Take returns the challenge under id and removes it, or ErrNotFound.
func (s *MemoryStore) Take(_ context.Context, id string) (Challenge, error) {
	return s.lookup(id, true)
}

// lookup finds the challenge under id, dropping it when it has expired or
// when take is set, all under one lock so that a challenge is taken once.
func (s *MemoryStore) lookup(id string, take bool) (Challenge, error) {
	now := s.clock()
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[id]
	if !ok {
		return Challenge{}, ErrNotFound
	}
	c, expired := e.c, s.expired(e, now)
	if expired || take {
		s.remove(e)
	}
	if expired {
		return Challenge{}, ErrNotFound
	}
	return c, nil
}

// Len returns the number of challenges held, expired ones not yet dropped
// included.
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.entries)
}

func (s *MemoryStore) expired(e *memEntry, now time.Time) bool {
	return !now.Before(e.c.Expires)
}

// remove unlinks e, forgets it and keeps it for reuse. s.mu is held.
func (s *MemoryStore) remove(e *memEntry) {
	delete(s.entries, e.id)
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		s.oldest = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	} else {
		s.newest = e.prev
	}
	*e = memEntry{next: s.free}
	s.free = e
}
