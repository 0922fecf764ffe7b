// Package classify is a naive Bayes filter for reader comments, made for
// Vietnamese: one engine that tells any two classes apart, a spam filter
// by default and an abuse filter beside it. It learns from moderators'
// decisions, takes back a wrong lesson, explains its verdicts, and saves
// its model compactly.
//
// # Two kinds of model
//
// [Config.Kind] says what a model tells apart and so which features it
// reads: [KindSpam], the default, or [KindAbuse]; [Config.Labels] names
// its two classes ("ham" and "spam", "clean" and "abuse" by default). Ham
// is the class a site publishes and Spam the one it holds, whatever the
// labels call them: every method below works alike for both kinds, and
// the kind and labels are saved with the model. An abuse model reads the
// spam features and, after them, words folded as the project's word list
// folds them (internal/wordfold: no accents, digits and symbols read as
// letters, repeated letters once, letters spelled apart joined, so that
// "đ1t" and "d.i.t" meet "địt"), the entries of the word list
// (comment/wordlist) found in the comment, and the words that follow one
// aimed at a person ("mày", "thằng", "con", "đồ"…), with a marker for an
// insult of the word list so aimed. [ScoreBoth] scores a comment with a
// spam and an abuse model, tokenizing it once. The starter abuse model is
// in package classify/abuse.
//
// # Using a classifier
//
// A [Classifier] starts empty: its zero value, or [New] with a [Config]
// (nil means the defaults; an invalid setting is an error that names the
// field). [Default] instead returns one trained on a starter corpus
// embedded in the package, with conservative thresholds of its own
// ([StarterSpamThreshold], [StarterHamThreshold]: what it cannot place
// is unsure), so that a site can score from its first comment. Then:
//
//   - [Classifier.Learn] and [Classifier.LearnBatch] teach it comments of
//     a known [Class], [Ham] or [Spam]; LearnBatch learns a whole batch or,
//     when it returns an error, none of it. [Classifier.Unlearn] takes back
//     an earlier lesson when a moderator changes their mind.
//   - [Classifier.Score] gives a [Document]'s spam probability and a
//     [Verdict]: ham below the ham threshold, spam at or above the spam
//     threshold, unsure between, for a moderator to look at.
//     [Classifier.Judge] gives the same for a comment's three fields, for
//     packages that take a scorer through a small interface, and
//     [Classifier.Explain] adds the features that weighed most either way,
//     each as a [Token] a moderator can read.
//   - [Classifier.WriteTo] and [Classifier.SaveFile] save the model with
//     its settings, [Read] and [LoadFile] load it back.
//
// A comment is read as its content, name and title, apart: the same word
// says different things in each. The features are words (NFC, one tone
// placement, lower case), their accent-free twins ("~tien" meets the
// "tien" typed without accents), bigrams of neighbouring words, the
// letter pairs of each word and number of the content, read from its
// accent-free fold with a space at either end ("vay": " v", "va", "ay",
// "y "; an explanation shows a word's pairs together as "%vay"), so that
// a misspelt or disguised word still shares most of what it says with
// the word, and markers for what spammers vary: links and their domains, e-mail
// addresses, Vietnamese phone numbers however they are spaced, amounts of
// money, numbers, words in capitals, repeated letters, emoji, "!!",
// keyboard mashing and the comment's length in words. Markup is stripped
// (link targets kept), invisible characters are removed, and look-alike
// letters from other scripts are read as Latin.
//
// The model is a weighted naive Bayes: each feature's naive Bayes
// log-odds, from exact counts, is scaled by a weight fitted as comments
// are learned, and the prior is shifted by a fitted bias. Past eight
// features the model knows, a comment's summed evidence grows as the
// square root of their number, so that a long comment is not certain
// for being long. [Train] fits further: it scales the evidence from four
// known features, and takes ten more passes over its examples, in which
// the weights and each feature's additive weight (a term of its own,
// which may say what the counts do not) move towards
// the examples' classes; Learn and Unlearn then go on from there as for
// any model. The weights
// depend on the order of the lessons; servers that apply the same lessons
// in the same order hold the same model (see package redislearn).
//
// # Thresholds and retraining
//
// Where the line between spam and ham falls depends on a site's comments
// and on what its moderators call spam. [Calibrate], or [Train] with a
// [Calibration], chooses the thresholds from a site's own labelled
// comments by cross-validation: the spam threshold with the best macro-F1
// that flags at most MaxHamFPR of the ham, and a ham threshold a factor of
// ten lower in the odds. The thresholds are saved with the model, and
// Score and Judge decide by them.
//
// The starter model is a start, not a fit for any one site. To retrain,
// export the moderators' decisions as a TSV "label<TAB>text" file, read it
// with [ReadTSV] (a line it cannot read is a [*ParseError]), train with
// [Train], measure with [CrossValidate] or [HeldOut] (or the spameval
// command), save the model, and keep feeding each later decision to Learn
// and Unlearn.
//
// # Concurrency
//
// A Classifier is safe for concurrent use: scoring takes a read lock and
// goes on while other goroutines learn. Tokenizing happens outside the
// lock; LearnBatch takes the write lock for 256 comments at a time, so a
// scorer may see a batch half learned, never a lesson half learned. A
// Classifier must not be copied after first use. The package keeps no
// state between classifiers but tables built once, on first use, and
// shared read-only.
//
// The measurements behind the design, and what was tried and not kept,
// are in the project's docs/classifier.md.
package classify
