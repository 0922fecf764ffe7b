package captcha_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/binhluan/binhluan/captcha"
	"github.com/binhluan/binhluan/captcha/captchatest"
)

// A challenge from issue to answer. The reader types the code with a
// Vietnamese input method left in full width and a space in the middle:
// it counts. A second try, even with the right digits, does not.
func Example() {
	ctx := context.Background()
	// A test's setup: a fixed clock, deterministic randomness and a store
	// whose answers can be read. A site uses captcha.New(nil).
	clock := captchatest.NewClock(time.Date(2020, 11, 29, 12, 48, 0, 0, time.UTC))
	store := captchatest.NewStore(clock)
	svc, err := captcha.New(&captcha.Config{Store: store, Now: clock.Now, Rand: captchatest.Rand(2020)})
	if err != nil {
		fmt.Println(err)
		return
	}

	id, err := svc.New(ctx) // <input type="hidden" name="captcha_id" value="{id}">, <img src="/captcha/{id}.png">
	if err != nil {
		fmt.Println(err)
		return
	}
	answer, _ := store.Answer(id)
	fmt.Println("Mã xác nhận:", answer)

	typed := strings.Map(func(r rune) rune { return r - '0' + '０' }, answer[:3]) + " " + answer[3:]
	ok, err := svc.Verify(ctx, id, typed)
	fmt.Printf("%q: %v %v\n", typed, ok, err)

	ok, err = svc.Verify(ctx, id, answer)
	fmt.Printf("%q again: %v %v\n", answer, ok, err)
	// Output:
	// Mã xác nhận: 469288
	// "４６９ 288": true <nil>
	// "469288" again: false <nil>
}

// "Lấy lại mã bảo mật" gives a new id with new digits, up to the limit;
// past it the last challenge stays as it was.
func ExampleService_Reload() {
	ctx := context.Background()
	store := captchatest.NewStore(nil)
	svc, _ := captcha.New(&captcha.Config{Store: store, MaxReloads: 2, Rand: captchatest.Rand(4)})
	id, _ := svc.New(ctx)
	for range 3 {
		next, err := svc.Reload(ctx, id)
		if err != nil {
			fmt.Println(err, errors.Is(err, captcha.ErrReloadLimit))
			break
		}
		answer, _ := store.Answer(next)
		fmt.Println(answer, next != id)
		id = next
	}
	// Output:
	// 145685 true
	// 111339 true
	// captcha: reload limit reached true
}

// The handler serves the image and the audio under a prefix, never
// cacheable, and 404 for what it does not know.
func ExampleService_Handler() {
	ctx := context.Background()
	svc, _ := captcha.New(nil)
	id, _ := svc.New(ctx)
	mux := http.NewServeMux()
	mux.Handle("/captcha/", http.StripPrefix("/captcha", svc.Handler()))

	for _, target := range []string{
		"/captcha/" + id + ".png",
		"/captcha/" + id + ".wav",
		"/captcha/" + id + ".png?reload=1", // to the new challenge's image
		"/captcha/" + strings.Repeat("A", captcha.IDLength) + ".png",
	} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		fmt.Println(rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"), len(rec.Header().Get("Location")))
	}
	// Output:
	// 200 image/png no-store 0
	// 200 audio/wav no-store 0
	// 303  no-store 70
	// 404 text/plain; charset=utf-8 no-store 0
}

// A proof of work from issue to answer: the challenge the widget fetches,
// solved here by the Go solver in place of a browser, counts once.
func ExampleService_VerifyWork() {
	ctx := context.Background()
	clock := captchatest.NewClock(time.Date(2020, 11, 29, 12, 48, 0, 0, time.UTC))
	svc, err := captcha.New(&captcha.Config{Now: clock.Now, Rand: captchatest.Rand(2020), WorkMax: 50_000})
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := svc.NewWork(ctx) // served as JSON at /captcha/work for <altcha-widget challengeurl="/captcha/work">
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Algorithm, c.MaxNumber, c.Salt[24:])

	payload, err := captcha.SolveWork(ctx, c) // what the widget posts in the field "altcha"
	if err != nil {
		fmt.Println(err)
		return
	}
	ok, err := svc.VerifyWork(ctx, payload)
	fmt.Println("first:", ok, err)
	ok, err = svc.VerifyWork(ctx, payload)
	fmt.Println("again:", ok, err)
	// Output:
	// SHA-256 50000 ?expires=1606654680&
	// first: true <nil>
	// again: false <nil>
}

// A site that takes either proof puts a Gate in its screener, and hands it
// the widget's payload along with what the reader typed: with JavaScript
// the proof of work answers, without it the digits do.
func ExampleGate() {
	ctx := context.Background()
	store := captchatest.NewStore(nil)
	svc, _ := captcha.New(&captcha.Config{Store: store, Rand: captchatest.Rand(3), WorkMax: 1000})
	gate := captcha.Gate{Service: svc, Accept: captcha.ProofEither}

	// A reader without JavaScript types the digits.
	id, _ := svc.New(ctx)
	digits, _ := store.Answer(id)
	ok, _ := gate.Verify(ctx, id, gate.Answer(digits, ""))
	fmt.Println("digits:", ok)

	// A reader whose browser ran the widget types nothing.
	id, _ = svc.New(ctx)
	c, _ := svc.NewWork(ctx)
	payload, _ := captcha.SolveWork(ctx, c)
	ok, _ = gate.Verify(ctx, id, gate.Answer("", payload))
	fmt.Println("proof of work:", ok)

	// A site that takes only the image refuses the payload.
	imageOnly := captcha.Gate{Service: svc}
	c, _ = svc.NewWork(ctx)
	payload, _ = captcha.SolveWork(ctx, c)
	ok, _ = imageOnly.Verify(ctx, id, imageOnly.Answer("", payload))
	fmt.Println("image only, no digits:", ok)
	// Output:
	// digits: true
	// proof of work: true
	// image only, no digits: false
}
