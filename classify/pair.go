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

// JudgeBoth is Judge for c, a spam model, and for abuse when it is an
// abuse model (a *Classifier of KindAbuse), reading the comment once as
// ScoreBoth does; ok is false, and nothing is scored, when c is not of
// KindSpam or abuse is no abuse model. It makes c a PairScorer for the
// screening of package comment, whose Verdict is the type of its results.
func (c *Classifier) JudgeBoth(abuse any, name, title, content string) (spam, abusive struct {
	P                float64
	Flagged, Cleared bool
}, ok bool) {
	c.ready()
	a, isModel := abuse.(*Classifier)
	if !isModel || a == nil {
		return spam, abusive, false
	}
	if a.ready(); c.cfg.Kind != KindSpam || a.cfg.Kind != KindAbuse {
		return spam, abusive, false
	}
	s, r := ScoreBoth(c, a, Document{Name: name, Title: title, Content: content})
	spam.P, spam.Flagged, spam.Cleared = s.judged()
	abusive.P, abusive.Flagged, abusive.Cleared = r.judged()
	return spam, abusive, true
}
