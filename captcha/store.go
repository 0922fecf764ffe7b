package captcha

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ErrNotFound is returned for an id that does not open: malformed,
// forged, truncated, sealed under a key the service no longer has, or
// expired.
var ErrNotFound = errors.New("captcha: id not found")

// Challenge is what a challenge id carries, sealed: what the reader must
// type, what the image and audio are drawn from, until when it may be
// answered, and how many reloads led to it.
type Challenge struct {
	// Digits is the answer, ASCII digits '0'–'9'.
	Digits string `json:"digits"`
	// Seed draws the image's and the audio's noise and distortion: the
	// same Digits and Seed give the same PNG and WAV, so fetching an image
	// twice shows nothing new.
	Seed uint64 `json:"seed"`
	// Expires is when the challenge stops being accepted, to the
	// millisecond.
	Expires time.Time `json:"expires"`
	// Reloads counts the reloads that led to this challenge, for the
	// service's limit.
	Reloads int `json:"reloads"`
}

// Store keeps the spent set of a [Service]: the ids answered already, each
// until its challenge expires. An implementation must be safe for
// concurrent use; several servers sharing keys share one store.
//
// Spend must be atomic: of any number of calls racing for one id, in one
// process or several, exactly one reports first (on Redis, SET NX PX).
// That is what makes every answer single use. The service calls Spend
// only for ids that open and have not expired, once a Verify; nothing
// else writes to the store.
//
// Errors are failures of the store itself (a lost connection, a cancelled
// context) and are passed on to the caller, with the answer refused.
type Store interface {
	// Spend marks id as spent until until and reports whether it was not
	// spent before. A store may forget id once until has passed.
	Spend(ctx context.Context, id string, until time.Time) (first bool, err error)
}

// DefaultCapacity is the number of spent ids a [MemoryStore] holds when
// its configuration does not say: about 16 MB at most.
const DefaultCapacity = 100_000

// MemoryConfig configures a [MemoryStore]. The zero value, or nil, means
// the defaults.
type MemoryConfig struct {
	// Capacity is the most spent ids held at once. DefaultCapacity when
	// zero or negative.
	Capacity int
	// Now is the clock that expires spent ids; time.Now when nil.
	Now func() time.Time
}

// MemoryStore is a [Store] in the process's memory, for a site on one
// server. It holds the spent ids in the order they were spent, dropping
// expired ones from the oldest end as new ones come in; there is no
// background goroutine.
//
// It is bounded, and bounded without letting an answer be replayed: when
// it is full of ids that have not expired, it drops the oldest and from
// then on refuses, as spent, every id that expires no later than the one
// dropped. A flood of attempts (which only Verify makes, and only with
// ids that open) thus costs the oldest open challenges their validity,
// never memory and never single use. A limiter in front of Verify keeps
// it from coming to that.
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

	mu    sync.Mutex
	spent map[string]int64 // id → until, Unix ms
	// ring holds the ids in the order they were spent: head is the
	// oldest, and n are held.
	ring    []spentID
	head, n int
	// floor is the latest expiry of an id dropped before it expired:
	// ids that expire no later are refused.
	floor int64
}

type spentID struct {
	id    string
	until int64
}

// sweepPerSpend bounds how many expired ids one Spend drops on its way.
const sweepPerSpend = 4

// NewMemoryStore returns an empty store; cfg may be nil.
func NewMemoryStore(cfg *MemoryConfig) *MemoryStore {
	s := &MemoryStore{}
	if cfg != nil {
		s.capacity = max(cfg.Capacity, 0)
		s.now = cfg.Now
	}
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

// Spend marks id as spent until until and reports whether it was not
// spent before. An id whose until has passed, or that expires no later
// than an id the full store had to drop, is reported as spent.
func (s *MemoryStore) Spend(_ context.Context, id string, until time.Time) (bool, error) {
	now, end := s.clock().UnixMilli(), until.UnixMilli()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.spent == nil {
		s.spent = make(map[string]int64, min(s.limit(), 1024))
	}
	for i := 0; i < sweepPerSpend && s.n > 0 && s.ring[s.head].until <= now; i++ {
		s.drop()
	}
	if end <= now || end <= s.floor {
		return false, nil
	}
	if prev, ok := s.spent[id]; ok && prev > now {
		return false, nil
	}
	if s.n == s.limit() {
		s.floor = max(s.floor, s.ring[s.head].until)
		s.drop()
		if end <= s.floor {
			return false, nil
		}
	}
	if s.n == len(s.ring) {
		s.grow()
	}
	s.ring[(s.head+s.n)%len(s.ring)] = spentID{id, end}
	s.n++
	s.spent[id] = end
	return true, nil
}

// drop forgets the oldest id. s.mu is held and s.n > 0.
func (s *MemoryStore) drop() {
	old := s.ring[s.head]
	if s.spent[old.id] == old.until {
		delete(s.spent, old.id)
	}
	s.ring[s.head] = spentID{}
	s.head = (s.head + 1) % len(s.ring)
	s.n--
}

// grow doubles the ring, up to the capacity, keeping the order.
func (s *MemoryStore) grow() {
	ring := make([]spentID, min(max(2*len(s.ring), 64), s.limit()))
	for i := range s.n {
		ring[i] = s.ring[(s.head+i)%len(s.ring)]
	}
	s.ring, s.head = ring, 0
}

// Len returns the number of spent ids held, expired ones not yet dropped
// included.
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// Spent reports whether id is held as spent and has not expired, or would
// be refused as spent because the full store dropped a later one.
func (s *MemoryStore) Spent(id string, until time.Time) bool {
	now, end := s.clock().UnixMilli(), until.UnixMilli()
	s.mu.Lock()
	defer s.mu.Unlock()
	if end <= now || end <= s.floor {
		return true
	}
	prev, ok := s.spent[id]
	return ok && prev > now
}
