package classify

// ScoreBoth scores a document with a spam model and an abuse model,
// reading its features once: the abuse features come on top of the spam
// features, which the spam model scores alone (see [KindAbuse]). It
// returns what spam.Score and abuse.Score would, and when spam is not of
// KindSpam or abuse not of KindAbuse it calls them. Both models may be
// learning meanwhile; each is read under its own read lock.
func ScoreBoth(spam, abuse *Classifier, doc Document) (spamResult, abuseResult Result) {
	spam.ready()
	abuse.ready()
	if spam.cfg.Kind != KindSpam || abuse.cfg.Kind != KindAbuse {
		return spam.Score(doc), abuse.Score(doc)
	}
	t := getTokenizer(false)
	t.document(doc, KindAbuse)
	spam.mu.RLock()
	s := spam.logOdds(t.hashes[:t.split], nil)
	spam.mu.RUnlock()
	abuse.mu.RLock()
	a := abuse.logOdds(t.hashes, nil)
	abuse.mu.RUnlock()
	t.release()
	return spam.result(s), abuse.result(a)
}
