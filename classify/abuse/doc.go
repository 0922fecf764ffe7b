// Package abuse is the starter abuse model of binhluan: a classify model of
// kind classify.KindAbuse, trained on a corpus of Vietnamese and English
// reader comments written for the project (starter/README.md), so that a
// site holds insults, slurs, vulgar swearing and threats for a moderator
// from its first comment.
//
// # Lifecycle
//
// Default trains a fresh model on the embedded corpus at each call, with
// conservative thresholds of its own (StarterAbuseThreshold,
// StarterCleanThreshold): a comment it flags is abuse with some
// confidence, and a comment it clears clean; between them it is unsure.
// Give the model to a comment.Screener as its Abuse scorer, teach it each
// moderator's decision with Learn and Unlearn (labels "abuse" and
// "clean"), save it with SaveFile and load it with classify.LoadFile, or
// share its lessons through package redislearn. It is a start: retrain it
// on the site's own moderated comments, as package classify describes;
// Examples gives the corpus to train on together with them.
//
// MaskTokens masks the swear words of an explanation for a moderation
// view that should not show them.
//
// # Concurrency
//
// The models Default returns are classify.Classifiers, safe for
// concurrent use; Examples and MaskTokens may be called from any number
// of goroutines.
//
// The measurements behind the thresholds are in the project's
// docs/abuse.md.
package abuse
