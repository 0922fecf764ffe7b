package classify

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Weighting. Naive Bayes adds up every feature's evidence as if the
// features were independent, and they are not: a word, its accent-free
// twin and the bigrams around it say much the same thing, so their
// evidence is counted several times over, and a feature is trusted alike
// whether its counts mean much or little. So each feature carries a
// weight that scales its naive Bayes log-odds, 1 until fitted, and the
// model a bias added to the prior log-odds. Learning a document takes one
// gradient step on the log-loss of its class, computed from the counts
// before its own are added, then adds them: the weights learn what the
// counts say of documents they have not seen, which is what scoring asks
// of them. This is a weighted naive Bayes: the counts stay exact, and
// Unlearn takes them back exactly; the weights only correct how far each
// count is trusted.
//
// One step per document, with this rate, measured best of the settings
// tried (one to eight passes, rates 0.02 to 0.2) in cross-validation on
// the three evaluation datasets; see docs/classifier.md.
const (
	fitRate   = 0.1 // step size of a gradient step
	maxWeight = 8   // a feature's weight stays in [0, maxWeight]
	maxBias   = 100 // the bias stays in [-maxBias, maxBias]
	// maxAdditive bounds a feature's additive weight (see refit): it
	// stays in [-maxAdditive, maxAdditive].
	maxAdditive = 4
)

// learned holds the features of a chunk of documents to learn, one
// after the other.
type learned struct {
	hashes  []uint64
	ends    []int // where each document's features end in hashes
	classes []Class
}

// reset empties l, keeping its room.
func (l *learned) reset() {
	l.hashes, l.ends, l.classes = l.hashes[:0], l.ends[:0], l.classes[:0]
}

// add records a document's features.
func (l *learned) add(class Class, hs []uint64) {
	l.hashes = append(l.hashes, hs...)
	l.ends = append(l.ends, len(l.hashes))
	l.classes = append(l.classes, class)
}

// of returns the features of document d.
func (l *learned) of(d int) []uint64 {
	from := 0
	if d > 0 {
		from = l.ends[d-1]
	}
	return l.hashes[from:l.ends[d]]
}

// touchAhead is the number of documents whose slots learn fetches
// together: enough for many fetches at a time, few enough that the lines
// stay in cache until they are used.
const touchAhead = 32

// fitter is the scratch space of one gradient step.
type fitter struct {
	slots []int     // each feature's slot in the table, -1 if unknown
	nb    []float64 // each feature's naive Bayes log-odds, 0 if unknown
	scale float64   // the evidence scale of the document (see evidenceScale)
	// touched keeps what table.touch returns, so that its loads stay.
	touched uint64
}

// learn learns documents in turn: for each, the log-odds from the model
// as it is, before the document's own counts are in (the document is as
// new to it as the next comment will be), one gradient step of the
// weights from there, then the document's counts. The caller holds the
// write lock.
func (c *Classifier) learn(docs *learned) {
	var f fitter
	start := 0
	for d, end := range docs.ends {
		if d%touchAhead == 0 {
			// The slots of the next documents fetched at once, while
			// nothing waits for them.
			f.touched += c.feats.touch(docs.hashes[start:docs.ends[min(d+touchAhead, len(docs.ends))-1]])
		}
		hs, class := docs.hashes[start:end], docs.classes[d]
		start = end
		// Room first, so that no slot moves while the step needs it.
		c.feats.reserve(len(hs))
		// Each feature's slot and log-odds, written in place.
		slots := slices.Grow(f.slots[:0], len(hs))[:len(hs)]
		nb := slices.Grow(f.nb[:0], len(hs))[:len(hs)]
		z := c.bias
		known := c.docs[Ham] > 0 && c.docs[Spam] > 0
		var b oddsBase
		if known {
			b = c.newBase()
			z += b.prior
		}
		var sum float64
		n := 0
		for k, h := range hs {
			i := c.feats.insert(h)
			e := &c.feats.slots[i]
			if !known || e.n == (counts{}) {
				slots[k], nb[k] = -1, 0
			} else {
				w := b.nb(c.logPlusAlpha(e.n[Spam]), c.logPlusAlpha(e.n[Ham]))
				slots[k], nb[k] = i, w
				sum += float64(float64(e.w)*w) + float64(e.a)
				n++
			}
			e.n[class]++
		}
		f.slots, f.nb, f.scale = slots, nb, c.evidenceScale(n)
		c.step(&f, class, z+float64(f.scale*sum))
		c.docs[class]++
		c.total[class] += uint64(len(hs))
	}
	c.changed()
}

// unfit takes back the step learn took for a document about to be
// unlearned. learn stepped by g = fitRate·(y − σ(z0)) from the log-odds z0
// the document had without its counts, which the step moved to
// z = z0 + g·slope (slope: 1 for the bias plus the square of each known
// feature's naive Bayes log-odds). From z, which leaveOneOut gives, unfit
// solves g = fitRate·(y − σ(z − g·slope)) by bisection and steps back by
// g: the weights come back to where they were, up to rounding, unless a
// weight met its bound or other lessons changed the counts in between
// (then very nearly). The caller holds the write lock; the document's
// counts are still in.
func (c *Classifier) unfit(hs []uint64, class Class) {
	var f fitter
	z := c.leaveOneOut(&f, hs, class)
	var squares float64
	for k, i := range f.slots {
		if i >= 0 {
			squares += float64(f.nb[k] * f.nb[k])
		}
	}
	slope := 1 + float64(float64(f.scale*f.scale)*squares)
	y := float64(class) // 1 for spam, 0 for ham
	// g − fitRate·(y − σ(z − g·slope)) is below 0 at −fitRate and above
	// at +fitRate: a root lies between.
	lo, hi := -fitRate, fitRate
	for range 60 {
		g := (lo + hi) / 2
		if g-fitRate*(y-sigmoid(z-float64(g*slope))) > 0 {
			hi = g
		} else {
			lo = g
		}
	}
	c.stepBy(&f, -(lo+hi)/2)
}

// evidenceScale returns the factor of a document's summed evidence when
// the model knows known of its features: 1 up to the classifier's
// evidence cap, sqrt(cap/known) past it, so that the evidence of a long
// comment grows as the square root of its length, not in proportion, and
// a comment is not certain for being long. Naive Bayes adds the
// evidence of every feature as if each were independent; the features of
// one text are not, and the more there are, the more they repeat each
// other. A cap of 0 scales nothing (models of format version 2 and
// before).
func (c *Classifier) evidenceScale(known int) float64 {
	if c.evidenceCap == 0 || known <= c.evidenceCap {
		return 1
	}
	return math.Sqrt(float64(c.evidenceCap) / float64(known))
}

// sigmoid is 1 / (1 + e^−z).
func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// leaveOneOut returns the weighted log-odds of a learned document as if
// it had not been learned, and fills f with its features' slots and naive
// Bayes log-odds. The caller holds the lock.
func (c *Classifier) leaveOneOut(f *fitter, hs []uint64, class Class) float64 {
	f.slots, f.nb = f.slots[:0], f.nb[:0]
	docs, total := c.docs, c.total
	docs[class]--
	total[class] -= uint64(len(hs))
	// The features only this document had are unknown without it, and not
	// in the vocabulary.
	vocab := c.feats.n
	for _, h := range hs {
		i := c.feats.find(h)
		if i >= 0 {
			n := c.feats.slots[i].n
			if n[class]--; n == (counts{}) {
				i = -1
				vocab--
			}
		}
		f.slots, f.nb = append(f.slots, i), append(f.nb, 0)
	}
	f.scale = 1
	if docs[Ham] == 0 || docs[Spam] == 0 {
		// Without this document a class is unseen: there is nothing to
		// weigh but the bias.
		for k := range f.slots {
			f.slots[k] = -1
		}
		return c.bias
	}
	b := c.baseOf(docs, total, vocab)
	var sum float64
	known := 0
	for k, i := range f.slots {
		if i < 0 {
			continue
		}
		e := &c.feats.slots[i]
		n := e.n
		n[class]--
		w := c.nbOdds(n, &b)
		f.nb[k] = w
		sum += float64(float64(e.w)*w) + float64(e.a)
		known++
	}
	f.scale = c.evidenceScale(known)
	return b.prior + c.bias + float64(f.scale*sum)
}

// step moves the bias and the weights of a document's features one
// gradient step of the log-loss towards the document's class, given its
// log-odds z and f as learn fills it. The caller holds the write lock.
func (c *Classifier) step(f *fitter, class Class, z float64) {
	y := float64(class) // 1 for spam, 0 for ham
	c.stepBy(f, fitRate*(y-sigmoid(z)))
}

// stepBy moves the bias by g and the weight of each known feature of f by g
// times its naive Bayes log-odds, within their bounds. Products are
// rounded on their own (the float64 conversions), so that no processor
// fuses them with the sum and every server computes the same weights.
func (c *Classifier) stepBy(f *fitter, g float64) {
	c.bias = min(maxBias, max(-maxBias, c.bias+g))
	gs := float64(g * f.scale)
	for k, i := range f.slots {
		if i < 0 {
			continue
		}
		e := &c.feats.slots[i]
		// min(maxWeight, max(0, w)) without the builtins' general
		// handling of NaN and signed zeros, which the cases below keep:
		// a NaN fails every comparison and stays, and a zero of either
		// sign becomes +0.
		w := float64(e.w) + float64(gs*f.nb[k])
		switch {
		case w > maxWeight:
			w = maxWeight
		case w > 0:
		case w <= 0:
			w = 0
		}
		e.w = float32(w)
	}
}

// Refitting. Learning takes one gradient step per document, which is all
// that Learn can take for a moderator's decision, and leaves the weights
// far from fitted: [Train] gives a model refitPasses more passes over its
// examples, each document's step taken from its log-odds without its own
// counts (leaveOneOut), as learn takes it, in an order fixed by the
// batch's size, at a rate that falls as refitRate/(pass+1). The counts
// are not touched: Unlearn still takes a document's counts back exactly,
// and takes back the weights' step of one Learn as before; the passes of
// Train over a document are not taken back with it. The same passes and
// rate measured better than LearnBatch alone for both kinds, on the abuse
// datasets (docs/abuse.md) and on all three spam datasets, where no other
// setting tried was better on all three (docs/classifier.md, "Refitting
// in Train").
const (
	refitPasses = 10  // passes of Train over a model's examples
	refitRate   = 0.3 // step size of the first pass
)

// trainEvidenceCap is evidenceCap for the models Train makes: with their
// weights refitted, their evidence is scaled down from half as many known
// features as one LearnBatch's (measured better on the abuse and the spam
// datasets alike, docs/abuse.md and docs/classifier.md).
const trainEvidenceCap = 4

// refitCacheMax bounds the features refit keeps of its examples from one
// pass to the next (8 bytes each: 64 MiB, some 100,000 comments, and up
// to twice that while the slice grows): a batch with more is tokenized
// again at each pass, and trains at about half the speed.
var refitCacheMax = 1 << 23

// refit takes passes more passes of gradient steps over examples, which
// the classifier has learned (see refitPasses). The examples are
// tokenized once when their features fit refitCacheMax, at each pass
// otherwise; like LearnBatch, refit tokenizes before it takes the write
// lock, and takes it for a chunk of documents at a time, so that scoring
// goes on between chunks.
func (c *Classifier) refit(examples []Example, passes int) {
	if passes <= 0 || len(examples) == 0 {
		return
	}
	c.ready()
	t := getTokenizer(false)
	defer t.release()
	// cache holds the features of every example, in their order, when
	// they fit.
	var cache learned
	for i := range examples {
		t.reset(false)
		t.document(examples[i].Doc, c.cfg.Kind)
		if len(cache.hashes)+len(t.hashes) > refitCacheMax {
			cache = learned{}
			break
		}
		cache.add(examples[i].Class, t.hashes)
	}
	cached := len(cache.ends) == len(examples)
	additive := additiveRate(c.cfg.Kind)
	rng := rand.New(rand.NewPCG(uint64(len(examples)), 0x7265666974))
	var chunk learned
	var f fitter
	for pass := range passes {
		order := rng.Perm(len(examples))
		rate := refitRate / float64(pass+1)
		for start := 0; start < len(order); start += learnChunk {
			part := order[start:min(start+learnChunk, len(order))]
			if !cached {
				chunk.reset()
				for _, i := range part {
					t.reset(false)
					t.document(examples[i].Doc, c.cfg.Kind)
					chunk.add(examples[i].Class, t.hashes)
				}
			}
			c.mu.Lock()
			for d, i := range part {
				var hs []uint64
				if cached {
					hs = cache.of(i)
				} else {
					hs = chunk.of(d)
				}
				class := examples[i].Class
				z := c.leaveOneOut(&f, hs, class)
				y := float64(class) // 1 for spam, 0 for ham
				g := float64(rate * (y - sigmoid(z)))
				c.stepBy(&f, g)
				if additive != 0 {
					c.stepAdditive(&f, float64(additive*g))
				}
			}
			c.mu.Unlock()
		}
	}
}

// Additive weights. A feature's weight only scales its naive Bayes
// log-odds, so it cannot say more than the counts do, nor turn their
// sign: a word that the counts call spam is spam evidence however it is
// weighted. In refit, the model also fits each feature an additive
// weight, a term of its own added to the log-odds whenever the feature is
// known, as a logistic regression on the features would: the step of a
// document's bias times additiveRate, times the document's evidence
// scale, within ±maxAdditive. It is fitted from the log-odds without the
// document's own counts, as the weights are, so a feature only one
// document had gets none (leaveOneOut finds it unknown). Learn and Unlearn
// leave the additive weights as they are; a feature whose counts Unlearn
// takes back to nothing loses its slot and its additive weight with it.
//
// A rate of 0.5 measured better than none on all three spam datasets in
// cross-validation (0.3 to 10 tried: docs/classifier.md, "Additive
// weights"). For abuse, with the letter pairs, 0.2 measured better than
// none on both abuse datasets' AUC (0.05 to 1 tried: docs/abuse.md,
// "Additive weights with the pairs").
func additiveRate(k Kind) float64 {
	if k == KindSpam {
		return 0.5
	}
	return 0.2
}

// stepAdditive moves the additive weight of each known feature of f by g
// times the document's evidence scale, within ±maxAdditive. The caller
// holds the write lock.
func (c *Classifier) stepAdditive(f *fitter, g float64) {
	gs := float64(g * f.scale)
	for _, i := range f.slots {
		if i < 0 {
			continue
		}
		e := &c.feats.slots[i]
		e.a = float32(min(maxAdditive, max(-maxAdditive, float64(e.a)+gs)))
	}
}
