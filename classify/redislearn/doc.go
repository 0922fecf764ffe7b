// Package redislearn shares what moderators teach a classify.Classifier
// between instances through a Redis stream, while scoring stays in process:
// no Redis round trip per comment.
//
// # Lifecycle
//
// Build a Sync with New, call Sync.LoadSnapshot once at start (an instance that
// starts late then needs only the events after the snapshot), and run
// Sync.Run in a goroutine of your own: it follows the stream and applies every
// learn and unlearn event to the in-memory model until its context is done.
// Score with Sync.Model, which may return a new *classify.Classifier after
// LoadSnapshot, so fetch it per use rather than keeping it. Call
// Sync.SaveSnapshot now and then (say every few thousand events, or on
// shutdown) from any one instance.
//
// # Ordering
//
// Sync.Learn and Sync.Unlearn only append an event to the stream; the local
// model learns when Run reads the event back, like every other instance. All
// instances therefore apply the same events in the same order (the stream's),
// their models hold the same counts, and a snapshot is exactly "the model after
// event id X". The price is that a lesson shows in the local model one Run
// round trip later (about a millisecond on a LAN), not at once.
//
// The counts agree exactly everywhere. The fitted weights (see package
// classify) are floating point: instances built from the same code for the
// same architecture agree to the bit, but math.Log differs in its last bit
// between amd64 and arm64, so a mixed fleet's weights drift apart by
// rounding, and its scores by far less than any threshold's width. A
// snapshot in model format 1, from before the weights, loads with every
// weight 1 and no bias, unlike the model of an instance that replayed the
// same events: save a new snapshot after upgrading.
//
// # Bad data
//
// Events with a missing field or an unknown op or class are skipped and
// counted; an unlearn the model refuses (classify.ErrNotLearned, e.g. a
// moderator's double click) is counted too. Neither stops Run, and nothing
// read from Redis can make the package panic.
//
// # Trimming
//
// Each append trims the stream to about Options.MaxLen entries. An instance
// that falls further behind than that, or starts from a snapshot older than
// the oldest entry kept, silently misses the trimmed events: save snapshots
// more often than MaxLen events.
package redislearn
