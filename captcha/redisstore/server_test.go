package redisstore_test

import (
	"testing"

	"github.com/redis/go-redis/v9"
)

// newSilentClient returns a client of addr that honours context deadlines,
// closed at cleanup.
func newSilentClient(tb testing.TB, addr string) *redis.Client {
	rdb := redis.NewClient(&redis.Options{Addr: addr, ContextTimeoutEnabled: true, MaxRetries: -1})
	tb.Cleanup(func() { rdb.Close() })
	return rdb
}
