// Package redisstore keeps captcha challenges in Redis, so that several
// servers can share them: one issues a challenge, any other verifies it,
// exactly once.
//
// # Lifecycle
//
//	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379", ContextTimeoutEnabled: true})
//	store := redisstore.New(rdb, nil) // keys "binhluan:captcha:{id}"
//	svc, err := captcha.New(&captcha.Config{Store: store})
//
// Store.Set writes the challenge as JSON under the prefix and the id with
// SET … PX, its time to live being Challenge.Expires less the store's clock, to
// the millisecond; Redis drops it when that runs out. A challenge that has
// already expired is not written, and whatever was under its id is deleted,
// as captcha.MemoryStore does. Store.Get reads it with GET; Store.Take reads
// and deletes it with one GETDEL (Redis 6.2 or later), so of two servers racing
// for one answer at most one gets the challenge. A missing or expired key is
// captcha.ErrNotFound.
//
// # Errors
//
// Every other failure is returned, wrapped with %w: a Redis that is down or
// slow, a cancelled context, a value under the key that is not a challenge.
// A Redis outage is therefore an error the site sees (captcha.Service.Verify
// returns it with false), never an answer silently accepted or refused. The
// store does not retry beyond what the client is configured to do.
//
// # Contexts
//
// The context of each call is passed to the client. A client built with
// ContextTimeoutEnabled stops waiting for a reply at the context's deadline;
// without it, go-redis uses its own ReadTimeout and WriteTimeout (5 seconds
// by default) once a command is sent, so set it for deadlines to hold.
//
// # Concurrency
//
// A Store is safe for concurrent use, as is the go-redis client it wraps, and
// any number of Stores, in any number of processes, may share one Redis and
// one prefix: the atomicity of Take comes from Redis, not from the process.
// The store holds no state of its own besides its options, starts no
// goroutine and never closes the client, which stays the caller's.
package redisstore
