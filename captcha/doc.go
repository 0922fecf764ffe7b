// Package captcha serves the "Mã xác nhận" of a comment form: a few digits
// drawn as a distorted PNG and spoken in Vietnamese (or English) as a WAV
// for readers who cannot see the image, each answerable once.
//
// # Lifecycle of a challenge
//
//	svc, err := captcha.New(nil)           // memory store, 6 digits, 10 minutes
//	id, err := svc.New(ctx)                // render the form with id
//	// the browser fetches /captcha/{id}.png (and .wav) from svc.Handler()
//	err = svc.Reload(ctx, id)              // "Lấy lại mã bảo mật": same id, new digits
//	ok, err := svc.Verify(ctx, id, answer) // on submit; the challenge is gone after
//
// [Service.New] draws a random id (26 characters of A–Z and 2–7), digits
// and a seed from crypto/rand and stores them as a [Challenge] with its
// expiry. The image and the audio are drawn from the digits and the seed
// on every fetch, the same each time, so that fetching an image twice
// reveals nothing more. [Service.Reload] gives the same id new digits, a
// new seed and a new expiry, up to a limit. [Service.Verify] takes the
// challenge out of the store before it looks at the answer, so every
// attempt, right or wrong, uses it up; expiry is checked at that moment,
// against the service's clock, not by a cleanup pass.
//
// # Stores
//
// A [Store] has three methods, Set, Get and Take (get-and-delete in one
// step), and a [Challenge] is a plain struct, so that a store on Redis
// (SET with an expiry, GETDEL) lets several servers share challenges: one
// issues, another verifies, exactly once. [MemoryStore] is the store for
// one process: bounded (the oldest challenge makes room for a new one),
// with expiry checked on access and no background goroutine.
//
// # Images and audio
//
// Images are two-colour PNGs, 240×80 by default and about 1 KB, drawn by
// this package from digit outlines of its own (no font file): each digit
// turned, sheared, scaled and moved on its own, the whole bent by two
// waves, crossed by thin strokes and sprinkled with specks, all in one
// ink. The noise comes from a PCG source seeded with the challenge's
// seed, so a test can pin an image. Audio is 8 kHz 16-bit mono WAV: the
// digits as recorded by audio/generate.sh, each at its own speed and
// level, with random gaps, a low noise floor and backward babble between
// them.
//
// Audio captchas are easier for machines than images: a site that fears
// targeted bots should not rely on the captcha alone, which is why the
// comment pipeline adds a honeypot, form timing and a spam filter.
//
// # Concurrency
//
// A [Service] is safe for concurrent use once built, as are its handler
// and [MemoryStore]; a custom Store must be too. A Service is built with
// [New] (a zero one returns [ErrZeroService] from every method); the zero
// MemoryStore is ready to use. The service starts no
// goroutine and has no global state; the embedded recordings are decoded
// once, on first use, and then only read. Config.Rand need not be safe for
// concurrent use: the service serialises reads from it.
package captcha
