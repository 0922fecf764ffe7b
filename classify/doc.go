// Package classify is a naive Bayes spam filter for reader comments,
// made for Vietnamese: it learns from moderators' decisions, takes back a
// wrong lesson, explains its verdicts, and saves its model compactly.
//
// # Features
//
// A comment is cut into features by our own tokenizer, not prose's:
// prose's tokenizer is built for English prose, splits on its rules for
// English contractions and punctuation, and allocates a token struct per
// word, while scoring must stay in the order of ten microseconds a comment
// (about 100,000 comments a second on one core for ViSpamReviews-length
// reviews; see the README for the measured figures).
// Text is NFC with one canonical tone placement ("hoà" and "hòa" are one
// word), lowercased; each word gives itself, an accent-free twin ("~vay
// tien" meets the "vay tien" a spammer types without accents) and a bigram
// with the word before it (Vietnamese words are mostly two syllables).
// Markers stand for what spammers vary: #url with its #dom:domain, #email,
// #phone (also spaced or dotted, "0 9 1 2 . 3 4 5 . 6 7 8"), #money ("500k",
// "5tr", "2.000.000đ"), #num, #caps for ALL CAPS words, #rep for repeated
// letters, #emoji, #excl for "!!". HTML tags are stripped (their link
// targets kept) and entities decoded; zero-width characters are removed and
// Cyrillic, Greek and full-width look-alikes folded to Latin. The name and
// title are separate fields: their features carry "name:" and "title:".
//
// # Model
//
// Multinomial naive Bayes over boolean counts (a feature counts once per
// comment), additive smoothing, class priors from document counts, all in
// log space so it never underflows or gives NaN. [Classifier.Score] gives
// the spam probability and a verdict (ham below HamThreshold, spam at or
// above SpamThreshold, unsure between); [Classifier.Explain] adds the
// features that weighed most.
//
// # Starting and retraining
//
// [Default] returns a model trained on a small starter corpus written for
// this project and embedded in it (starter/corpus.tsv, see its README).
// It is a start, not a fit for any one site: a site should retrain on its
// own moderated comments — export the moderators' decisions as a TSV
// "label<TAB>text" file, load it with [ReadTSV], train a [New] classifier
// with [Classifier.LearnBatch], check it with [CrossValidate] or the
// spameval command, save it with [Classifier.SaveFile] — and keep feeding
// each later decision to [Classifier.Learn] (and [Classifier.Unlearn] when
// a moderator changes their mind).
//
// Concurrency: a [Classifier] is safe for concurrent use; scoring takes a
// read lock and runs while other goroutines learn. Tokenizing happens
// outside the lock.
package classify
