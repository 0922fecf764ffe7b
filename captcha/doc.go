// Package captcha serves the "Mã xác nhận" of a comment form: a few digits
// drawn as a distorted PNG and spoken in Vietnamese (or English) as a WAV
// for readers who cannot see the image, each answerable once.
//
// # Lifecycle of a challenge
//
//	svc, err := captcha.New(&captcha.Config{Key: siteKey}) // memory spent set, 6 digits, 10 minutes
//	id, err := svc.New(ctx)                // render the form with id
//	// the browser fetches /captcha/{id}.png (and .wav) from svc.Handler()
//	next, err := svc.Reload(ctx, id)       // "Lấy lại mã bảo mật": a new id, new digits
//	ok, err := svc.Verify(ctx, id, answer) // on submit; the id is spent after
//
// A challenge is its id: [Service.New] draws digits, a noise seed and a
// nonce from crypto/rand and seals the digits, the seed, the expiry and a
// reload count with AES-GCM under the service's key, in IDLength
// characters of base64url, safe in a URL and a form field. Issuing,
// drawing the image and the audio, and reloading store nothing, so a
// flood of page views costs memory nowhere and drops no reader's
// challenge. The image and the audio are drawn from the digits and the
// seed on every fetch, the same each time, so that fetching an image
// twice reveals nothing more. An id that is malformed, truncated, forged,
// retouched or sealed under a key no longer held, or that has expired,
// is [ErrNotFound]; opening takes the same work for every id of the right
// length (every key is tried) and never panics.
//
// # Keys and rotation
//
// Config.Key seals new ids; Config.PreviousKeys still open the ids they
// sealed. To rotate, make the current key the first previous one and give
// a new Key; drop the old one once Expiry has passed. Without a Key, New
// draws one from Config.Rand (crypto/rand): ids then open only in that
// Service and die with the process. Several servers of one site must be
// given the same keys, and share a [Store].
//
// # The spent set
//
// Single use is kept by a set of spent ids: [Service.Verify] opens the id,
// checks its expiry against the service's clock, then spends it in the
// [Store] before it looks at the answer, so every attempt, right or wrong,
// uses the challenge up. Only ids that open reach the store, so forged
// ids cost it nothing, and each spent id is kept only until its
// challenge expires. A [Store] has one method, Spend, that must be
// atomic: on Redis (package captcha/redisstore) SET NX PX, exactly once
// across servers. [MemoryStore] is the set for one process: bounded
// without ever letting an answer count twice (see its doc), with expiry
// checked on access and no background goroutine. A reloaded id is not
// spent: it stays answerable until it expires.
//
// # Proof of work
//
// [Service.NewWork] issues a challenge in the protocol of ALTCHA's widget
// (the npm package altcha, version 2): a random salt carrying the
// expiry, and the SHA-256 of the salt followed by a secret number from 0
// to Config.WorkMax, signed with HMAC-SHA-256 under a key derived from
// Config.Key (so PreviousKeys sign too, and rotation is the same). The
// browser tries numbers until one hashes to the challenge, about
// WorkMax/2 hashes, and posts the result; [Service.VerifyWork] checks the
// signature (in constant time, against every key), the hash and the
// expiry, then spends the challenge in the same [Store] as the image
// ids, so that a solution counts once. Issuing stores nothing; the
// handler serves a challenge at "/work" for the widget's challengeurl.
// The cost falls on the browser: a reader's phone works about half a
// second at DefaultWorkMax, a bot with native SHA-256 about 10 ms a post
// on a busy core (5 ms on an idle one), so the proof of work prices a
// flood of posts rather than stopping a single one.
//
// A site chooses what its form takes with a [Gate]: the digits
// ([ProofImage]), the proof of work ([ProofWork], which needs
// JavaScript), or either ([ProofEither]). The Gate is what the comment
// screener calls in place of the Service.
//
// # Limits per sender
//
// A captcha bounds nothing by itself: package captcha/limit has token
// buckets per address and per /24 or /64 prefix, in memory or on Redis
// (redisstore.Limiter), for the site to put before New and before Verify,
// answering 429 or demanding a captcha as it chooses, and ClientAddr,
// which reads X-Forwarded-For only from proxies the site names.
//
// # Images and audio
//
// Images are two-colour PNGs, 240×80 by default and about 1 KB, drawn by
// this package from digit outlines of its own (no font file). Each digit
// has its own width, pen, slant, turn and a smooth warp of its outline;
// the digits are set edge to edge, touching their neighbours, in a block
// whose width and place change with every image; the whole is bent by
// two waves. The noise is in the digits' own ink and stroke width, so
// that no filter by colour or thickness strips it: a long curve through
// the digits, pieces of digits around them, and a thin cut in paper
// colour. The noise comes from a PCG source seeded with the challenge's
// seed, so a test can pin an image. Audio is 8 kHz 16-bit mono WAV: the
// digits as recorded by audio/generate.sh in three voices a language,
// each digit in a voice of its own and at its own speed, level and
// colour (a tilt of its spectrum), over two layers of digits played
// backwards that run from the first sample to the last and fill every
// gap end to end, so that there is no quiet stretch to cut the digits
// apart at.
//
// # What the image holds back
//
// The image is one layer, not a wall. Its code is public, so anyone can
// make labelled images by the million and train a reader on them: a small
// convolutional network trained for a few minutes on two cores reads a
// large share of them (docs/captcha.md has the figures, against
// dchest/captcha under the same attack), and a dedicated solver does
// better; off-the-shelf OCR (Tesseract) reads almost none. What it does
// is stop untargeted bots and make a targeted one pay for a model. Audio
// is easier for machines still. A site that fears targeted bots relies
// on the other layers as well: the honeypot and the form timing of
// package comment, the proof of work, the limits per sender, bans, and
// the spam filter.
//
// # Concurrency
//
// A [Service] is safe for concurrent use once built, as are its handler
// and [MemoryStore]; a custom Store must be too. A Service's keys and
// settings never change after [New] (a zero Service returns
// [ErrZeroService] from every method); its only changing state is the
// spent set in its Store. The zero MemoryStore is ready to use. The
// service starts no goroutine and has no global state; the embedded recordings are decoded
// once, on first use, and then only read. Config.Rand need not be safe for
// concurrent use: the service serialises reads from it.
package captcha
