package redisstore_test

import (
	"context"
	"log"

	"github.com/redis/go-redis/v9"

	"github.com/binhluan/binhluan/captcha"
	"github.com/binhluan/binhluan/captcha/redisstore"
)

// Two servers of one site share challenges through Redis: whichever serves
// the form issues the challenge, whichever gets the post verifies it, once.
// The example needs a Redis, so it is compiled but not run.
func Example() {
	ctx := context.Background()
	rdb := redis.NewClient(&redis.Options{
		Addr:                  "localhost:6379",
		ContextTimeoutEnabled: true, // stop waiting at the request's deadline
	})
	defer rdb.Close()

	svc, err := captcha.New(&captcha.Config{
		Store: redisstore.New(rdb, &redisstore.Options{Prefix: "binhluan:captcha:"}),
	})
	if err != nil {
		log.Fatal(err)
	}
	id, err := svc.New(ctx) // render the "Mã xác nhận" field with id
	if err != nil {
		log.Fatal(err) // Redis is down: show an error page, not a form
	}
	ok, err := svc.Verify(ctx, id, "123456")
	if err != nil {
		log.Fatal(err) // Redis failed: the answer can be neither accepted nor refused
	}
	log.Println("accepted:", ok)
}
