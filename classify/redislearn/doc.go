// Package redislearn shares what moderators teach a classify.Classifier
// between instances through a Redis stream, while scoring stays in process:
// no Redis round trip per comment.
//
// # Lifecycle
//
// Build a Sync with New. An instance that keeps its model on disk reads it
// back with Sync.ReadCheckpoint: a checkpoint is the model together with the
// id of the last stream event it includes, written by Sync.WriteCheckpoint
// (to a temporary file, synced and renamed, so it is never seen half
// written). Then call Sync.LoadSnapshot once, which takes the shared
// snapshot only if it is later than the checkpoint, and run Sync.Run in a
// goroutine of your own: it follows the stream from the event after the
// position so loaded, so no lesson is learned twice, and applies every learn
// and unlearn event to the in-memory model until its context is done. Score
// with Sync.Model, which may return a new *classify.Classifier after
// LoadSnapshot or ReadCheckpoint, so fetch it per use rather than keeping it.
// Call Sync.SaveSnapshot now and then (say every few thousand events, or on
// shutdown) from any instance: it compares the ids and writes in one Redis
// script, so an instance that lags behind never replaces a newer snapshot,
// and reports whether it wrote.
//
// # Two models
//
// A spam model and an abuse model (classify.KindAbuse) are shared by a
// Sync each. A Sync of a model of another kind than spam uses, by default,
// keys of its own: DefaultStream and DefaultSnapshot followed by ":" and
// the kind ("binhluan:learn:abuse"). Events carry the class as "ham" or
// "spam" whatever the model's labels. A snapshot or checkpoint of a model
// of another kind is refused with an error wrapping classify.ErrFormat.
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
