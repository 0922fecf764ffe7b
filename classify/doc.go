// Package classify is a naive Bayes spam filter for reader comments,
// made for Vietnamese: it learns from moderators' decisions, takes back a
// wrong lesson, explains its verdicts, and saves its model compactly.
//
// # Features
//
// A comment is cut into features by our own tokenizer, not prose's:
// prose's tokenizer is built for English prose, splits on its rules for
// English contractions and punctuation, and allocates a token struct per
// word, while scoring takes about 3 microseconds a comment here
// (ViSpamReviews-length reviews, one core, tokenizing included; see the
// README for the measured figures). Most comments are read in one pass over their bytes;
// a field with markup, unusual characters or text that is not NFC takes
// the full way (markup stripped, [vntext] normalisation) with the same
// result.
// Text is NFC with one canonical tone placement ("hoà" and "hòa" are one
// word), lowercased; each word gives itself, an accent-free twin ("~vay
// tien" meets the "vay tien" a spammer types without accents) and a bigram
// with the word before it (Vietnamese words are mostly two syllables).
// Markers stand for what spammers vary: #url with its #dom:domain, #email,
// #phone (also spaced or dotted, "0 9 1 2 . 3 4 5 . 6 7 8"), #money ("500k",
// "5tr", "2.000.000đ"), #num, #caps for ALL CAPS words, #rep for repeated
// letters, #emoji, #excl for "!!", #mash for keyboard mashing ("jdjdjdjd",
// "sdfghjk"), and #words:RANGE for the content's length in words. HTML
// tags are stripped (their link targets kept) and entities decoded;
// zero-width characters are removed and Cyrillic, Greek and full-width
// look-alikes folded to Latin. The name and title are separate fields:
// their features carry "name:" and "title:".
//
// # Model
//
// A weighted naive Bayes. The counts are those of a multinomial naive
// Bayes over boolean features (a feature counts once per comment), with
// additive smoothing and class priors from document counts, in log space so
// that it never underflows or gives NaN. Naive Bayes adds the evidence of
// a word, its twin and its bigrams as if they were independent, and they
// are not; so each feature's naive Bayes log-odds is scaled by a weight
// (1 until learned) and the prior shifted by a bias, both fitted by one
// gradient step of the log-loss per learned comment, computed from the
// counts before the comment's own are added. In cross-validation on the
// three evaluation datasets the weights, with #mash and #words, raised
// the AUC over plain naive Bayes on all three (ViSpamReviews from 0.877
// to 0.90); a Robinson–Fisher combination (SpamBayes, bogofilter) was
// tried too and ranked the Vietnamese reviews worse. The counts stay exact: [Classifier.Unlearn] takes them back
// exactly and the weights' step very nearly. The weights depend on the
// order comments are learned in; [Classifier.LearnBatch] uses an order
// fixed by the batch's size, so servers learning the same lessons in the
// same order (see package redislearn) keep the same model.
//
// [Classifier.Score] gives the spam probability and a verdict (ham below
// HamThreshold, spam at or above SpamThreshold, unsure between);
// [Classifier.Explain] adds the features that weighed most, with their
// weighted log-odds.
//
// # Thresholds
//
// The defaults (spam from 0.9, ham below 0.5) keep ham wrongly flagged
// rare on English comment spam, but where the line falls depends on a
// site's comments and on what its moderators call spam: on ViSpamReviews a
// spam recall of 0.70 needs a threshold near 0.5, on SMS spam keeping ham
// flagged under 0.3% needs one near 0.95. [Calibrate] (or [Train] with a
// [Calibration]) chooses them from the site's own labelled comments by
// cross-validation: the spam threshold where the held-out scores give the
// best macro-F1 without flagging more than MaxHamFPR of the ham, and a ham
// threshold a factor of ten below it in the odds, so that the comments
// between go to a moderator. The thresholds are saved with the model.
//
// # Starting and retraining
//
// [Default] returns a model trained on a small starter corpus written for
// this project and embedded in it (starter/corpus.tsv, see its README).
// It is a start, not a fit for any one site: a site should retrain on its
// own moderated comments — export the moderators' decisions as a TSV
// "label<TAB>text" file, load it with [ReadTSV], train a classifier with
// [Train] and a [Calibration] (or [New] and [Classifier.LearnBatch] to keep
// thresholds of your choosing), check it with [CrossValidate] or the
// spameval command, save it with [Classifier.SaveFile] — and keep feeding
// each later decision to [Classifier.Learn] (and [Classifier.Unlearn] when
// a moderator changes their mind).
//
// Concurrency: a [Classifier] is safe for concurrent use; scoring takes a
// read lock and runs while other goroutines learn. Tokenizing happens
// outside the lock; LearnBatch takes the write lock for a chunk of 256
// comments at a time, so scoring goes on between chunks.
package classify
