// Package redisstore keeps what several servers of one site must share on
// Redis: the spent set of captcha challenges ([Store]), so that an answer
// counts once whichever server gets it, and the limits per sender
// ([Limiter]), so that a client's allowance is the same on every server.
//
// # Lifecycle
//
//	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379", ContextTimeoutEnabled: true})
//	svc, err := captcha.New(&captcha.Config{
//		Store: redisstore.New(rdb, nil), // keys "binhluan:captcha:spent:{id}"
//		Key:   siteKey,                  // the same on every server
//	})
//	issuing, err := redisstore.NewLimiter(rdb, &redisstore.LimiterOptions{Prefix: "binhluan:limit:new:"})
//
// A challenge id carries its own challenge, sealed (see package captcha):
// issuing and drawing need no Redis at all. [Store.Spend], called once a
// Verify, writes the id with SET … NX PX, its time to live being the
// challenge's expiry less the store's clock, to the millisecond; Redis
// drops it when that runs out. NX makes the first Spend of an id the only
// one that succeeds, across all servers. The keys hold "1" and nothing
// else; an id that has expired is not written.
//
// [Limiter.Allow] runs one Lua script, one round trip, that checks and
// takes a token from the bucket of the address and that of its prefix
// together; see [Limiter].
//
// # Errors
//
// Every failure is returned, wrapped with %w: a Redis that is down or
// slow, a cancelled context, a key of another type. A Redis outage is
// therefore an error the site sees (captcha.Service.Verify returns it with
// false), never an answer silently accepted or refused. Neither type
// retries beyond what the client is configured to do.
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
// A Store and a Limiter are safe for concurrent use, as is the go-redis
// client they wrap, and any number of them, in any number of processes,
// may share one Redis and one prefix: the atomicity of Spend and Allow
// comes from Redis, not from the process. They hold no state of their own
// besides their options, start no goroutine and never close the client,
// which stays the caller's.
package redisstore
