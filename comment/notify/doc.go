// Package notify tells a newsroom's moderators, through a webhook, of what
// they should look at soon: a reader's new report, a takedown request, a
// takedown near its deadline. A [Webhook] implements [comment.Notifier]:
// it posts each [comment.Event] as JSON to one URL, signed with a secret
// the site's receiving side shares, and [Verify] is that receiving side's
// check of the signature and of the time it was made.
//
// # Lifecycle
//
// [New] checks the URL, the secret and the [Config], and starts a fixed
// number of worker goroutines. [Webhook.Notify] encodes the event and
// puts it on a bounded queue: it never waits for the network, since a
// reader's request waits for it; when the queue is full it refuses the
// event with an error wrapping [ErrQueueFull]. The workers post the
// queued events, retrying failures that may pass (a network error, a
// timeout, 408, 429, any 5xx) with exponential backoff and jitter, and
// honouring a receiver's Retry-After; other refusals (4xx) are final.
// An event given up is reported to [Config.OnError]. [Webhook.Close]
// stops taking events, lets the workers deliver what is queued until its
// context ends, and returns once every worker has stopped; Notify then
// returns [ErrClosed]. A Webhook that is never closed keeps its workers.
//
// # Delivery
//
// Each request carries the event's ID ([HeaderEventID]), the same on
// every attempt, the Unix time of the attempt ([HeaderTimestamp]) and
// "sha256=" with the hex HMAC-SHA256, under the secret, of that time, a
// full stop and the body ([HeaderSignature]). Delivery is at least once:
// a receiver that answered too late gets the event again, and drops
// repeats by their ID. With several workers, events may arrive out of
// order: [comment.Event.At] orders them.
//
// # Concurrency
//
// A Webhook is safe for concurrent use: Notify, Stats and Close may be
// called from any goroutine. OnError is called from the workers, possibly
// by several at once; while it runs, its worker sends nothing. [Verify]
// and [Sign] have no state.
package notify
