package classify

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Defaults of [Config], chosen by cross-validation on the three evaluation
// datasets (see docs/classifier.md for the figures).
const (
	DefaultAlpha         = 0.5
	DefaultSpamThreshold = 0.9
	DefaultHamThreshold  = 0.5
)

// evidenceCap is the number of known features of a document up to which
// its evidence counts in full, in new models (see evidenceScale): chosen
// by cross-validation on the three evaluation datasets, where it raised
// the AUC of all three (docs/classifier.md).
const evidenceCap = 8

// maxFeatures bounds the features one document contributes.
const maxFeatures = 4096

// Config tunes a [Classifier]. The zero value of a field means its
// default; any other value must be valid, or [New] says which field is
// not.
type Config struct {
	// Alpha is the additive smoothing of feature counts: a finite number
	// above 0.
	Alpha float64
	// SpamThreshold is the spam probability at or above which the verdict
	// is spam, in (0, 1]; 1 flags nothing. The default keeps ham wrongly
	// flagged rare.
	SpamThreshold float64
	// HamThreshold is the probability below which the verdict is ham, in
	// (0, SpamThreshold]; between the two it is unsure. It defaults to
	// DefaultHamThreshold, or SpamThreshold if that is lower.
	HamThreshold float64
	// Kind is what the model tells apart, and so which features it
	// reads; the zero value is KindSpam. It is saved with the model, and
	// a model learns and scores with the features of its kind only.
	Kind Kind
	// Labels names the two classes, indexed by Class: Labels[Ham] the
	// class a site publishes, Labels[Spam] the one it holds. Both empty
	// means the kind's labels (Kind.Labels); otherwise each must be
	// non-empty valid UTF-8 of at most 64 bytes, without a tab, a line
	// break or white space around it, and the two must differ.
	Labels [2]string
}

// resolve returns c with its defaults filled in, or an error naming the
// first field whose value is not valid.
func (c Config) resolve() (Config, error) {
	if c.Alpha == 0 {
		c.Alpha = DefaultAlpha
	}
	if c.SpamThreshold == 0 {
		c.SpamThreshold = DefaultSpamThreshold
	}
	if c.HamThreshold == 0 {
		c.HamThreshold = min(DefaultHamThreshold, c.SpamThreshold)
	}
	// Negated comparisons, so that NaN fails them too.
	switch {
	case !(c.Alpha > 0 && c.Alpha < math.Inf(1)):
		return c, fmt.Errorf("classify: Config.Alpha %v is not a finite number above 0", c.Alpha)
	case !(c.SpamThreshold > 0 && c.SpamThreshold <= 1):
		return c, fmt.Errorf("classify: Config.SpamThreshold %v is outside (0, 1]", c.SpamThreshold)
	case !(c.HamThreshold > 0 && c.HamThreshold <= c.SpamThreshold):
		return c, fmt.Errorf("classify: Config.HamThreshold %v is outside (0, SpamThreshold %v]", c.HamThreshold, c.SpamThreshold)
	case c.Kind > KindAbuse:
		return c, fmt.Errorf("classify: Config.Kind %d is not a kind (want KindSpam or KindAbuse)", uint8(c.Kind))
	}
	if c.Labels != ([2]string{}) {
		if err := checkLabels(c.Labels); err != nil {
			return c, err
		}
	}
	return c, nil
}

// counts are how many documents of each class had a feature.
type counts [2]uint32

// ErrNotLearned is returned by [Classifier.Unlearn] for a document the
// model cannot have learned as that class.
var ErrNotLearned = errors.New("classify: nothing to unlearn: the model never learned that document as that class")

// Classifier is a weighted naive Bayes filter, of spam or of abuse (see
// [Kind]), over Vietnamese-aware features: multinomial naive Bayes counts (each document counts a feature
// once, which suits short comments), each feature's log-odds scaled by a
// fitted weight, and a fitted bias on the prior (see the package
// documentation), computed in log space so that it never underflows or
// returns NaN.
//
// The zero value is an empty classifier with the default settings, ready
// to learn; [New] gives one with other settings. A Classifier must not be
// copied after first use. It is safe for concurrent use: any number of
// goroutines may score while others learn.
type Classifier struct {
	// settle gives a zero Classifier its settings, the defaults, on
	// first use; New has set them before.
	settle sync.Once

	cfg Config

	// The thresholds as log-odds, which the verdict compares: a
	// probability rounds to 1 long before its log-odds end, and a spam
	// threshold of 1 must flag nothing.
	spamLogOdds, hamLogOdds float64

	// logCount[n] is log(n + Alpha), for all but the largest counts;
	// classifiers with the same Alpha share it.
	logCount *[logTableSize]float64

	mu    sync.RWMutex
	base  oddsBase  // see logOdds
	feats table     // the features, their counts and weights
	docs  [2]uint64 // documents learned per class
	total [2]uint64 // feature occurrences per class
	bias  float64   // the fitted correction of the prior log-odds (see learn)
	// evidenceCap is the number of known features past which a
	// document's evidence is scaled down (see evidenceScale); 0 for
	// none, in models read from files of version 2 and before.
	evidenceCap int
	// reserved counts the documents of each class that batches being
	// learned will add, so that a batch checked whole cannot fail half
	// way (see LearnBatch).
	reserved [2]uint64
}

// New returns an empty classifier with the settings of cfg; nil means the
// defaults. It returns an error, naming the field, when a setting is not
// valid (see [Config]).
func New(cfg *Config) (*Classifier, error) {
	var want Config
	if cfg != nil {
		want = *cfg
	}
	resolved, err := want.resolve()
	if err != nil {
		return nil, err
	}
	c := new(Classifier)
	c.settle.Do(func() { c.use(resolved) })
	return c, nil
}

// use sets the classifier's settings, resolved.
func (c *Classifier) use(cfg Config) {
	c.cfg = cfg
	c.evidenceCap = evidenceCap
	c.spamLogOdds = toLogOdds(cfg.SpamThreshold)
	c.hamLogOdds = toLogOdds(cfg.HamThreshold)
	c.logCount = logTable(cfg.Alpha)
}

// ready makes sure the classifier has its settings: a zero Classifier
// takes the defaults the first time it is used.
func (c *Classifier) ready() {
	c.settle.Do(func() {
		cfg, _ := Config{}.resolve() // the defaults are valid
		c.use(cfg)
	})
}

// logTableSize bounds the counts whose logarithm is looked up rather than
// computed: large enough that the features of every document of a big
// training set, the most frequent ones included, are looked up.
const logTableSize = 1 << 16

// logTables holds the tables of log(n + Alpha) made so far, by Alpha's
// bits, up to maxLogTables of them.
var logTables struct {
	sync.Mutex
	m map[uint64]*[logTableSize]float64
}

// maxLogTables bounds the tables kept in logTables; a classifier with yet
// another Alpha gets a table of its own.
const maxLogTables = 16

// logTable returns the table of log(n + alpha) for n below logTableSize,
// made once per alpha.
func logTable(alpha float64) *[logTableSize]float64 {
	key := math.Float64bits(alpha)
	logTables.Lock()
	defer logTables.Unlock()
	if t := logTables.m[key]; t != nil {
		return t
	}
	t := new([logTableSize]float64)
	for n := range t {
		t[n] = math.Log(float64(n) + alpha)
	}
	if logTables.m == nil {
		logTables.m = make(map[uint64]*[logTableSize]float64)
	}
	if len(logTables.m) < maxLogTables {
		logTables.m[key] = t
	}
	return t
}

// Config returns the classifier's settings, defaults filled in.
func (c *Classifier) Config() Config {
	c.ready()
	return c.cfg
}

// Docs returns how many documents of each class the model has learned.
func (c *Classifier) Docs() (ham, spam uint64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.docs[Ham], c.docs[Spam]
}

// Features returns the number of distinct features the model knows.
func (c *Classifier) Features() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.feats.n
}

// Learn adds a document of a known class to the model: its counts, and one
// step of the fitted weights (see the package documentation).
func (c *Classifier) Learn(class Class, doc Document) error {
	return c.LearnBatch([]Example{{Class: class, Doc: doc}})
}

// LearnBatch adds many documents, all of them or, when it returns an
// error, none: the batch is checked whole first. They are learned in an
// order fixed by the batch's size (so that every server learning the same
// batch ends with the same model, and a file sorted by class does not pull
// the bias one way, then the other), in chunks of 256: a chunk is
// tokenized before the lock is taken, then learned under it, so scoring
// goes on between chunks and may see a batch half learned. A feature's
// counts are 32-bit: LearnBatch refuses a batch that would make the model
// count more than 4,294,967,295 documents of a class, counting those of
// other batches being learned.
func (c *Classifier) LearnBatch(examples []Example) error {
	c.ready()
	var more [2]uint64
	for i, ex := range examples {
		if ex.Class > Spam {
			return fmt.Errorf("classify: example %d: unknown class %d; nothing learned", i, ex.Class)
		}
		more[ex.Class]++
	}
	c.mu.Lock()
	for class, n := range more {
		if have := c.docs[class] + c.reserved[class]; have+n > math.MaxUint32 {
			c.mu.Unlock()
			return fmt.Errorf("classify: the model counts %d documents of class %s, with those of batches being learned, and can count no more than %d: the batch's %d do not fit; nothing learned", have, Class(class), uint32(math.MaxUint32), n)
		}
	}
	c.reserved[Ham] += more[Ham]
	c.reserved[Spam] += more[Spam]
	c.mu.Unlock()

	order := rand.New(rand.NewPCG(uint64(len(examples)), 0x62696e686c75616e)).Perm(len(examples))
	var chunk learned
	t := getTokenizer(false)
	defer t.release()
	for start := 0; start < len(order); start += learnChunk {
		chunk.reset()
		for _, i := range order[start:min(start+learnChunk, len(order))] {
			t.reset(false)
			t.document(examples[i].Doc, c.cfg.Kind)
			chunk.add(examples[i].Class, t.hashes)
		}
		c.mu.Lock()
		if start == 0 && c.feats.n == 0 {
			// A model's first batch: a table made to size. A big batch
			// of comments has about six new features a document; the
			// table grows if there are more.
			c.feats = newTable(min(8*len(examples), maxFirstTable))
		}
		c.learn(&chunk)
		for _, class := range chunk.classes {
			c.reserved[class]--
		}
		c.mu.Unlock()
	}
	return nil
}

// learnChunk is the number of documents LearnBatch learns under one lock.
const learnChunk = 256

// maxFirstTable bounds the features LearnBatch makes room for at first.
const maxFirstTable = 1 << 20

// Unlearn takes back an earlier Learn of the same document as the same
// class: a moderator's mistake undone. It refuses, changing nothing, when
// the counts show the model cannot have learned it.
func (c *Classifier) Unlearn(class Class, doc Document) error {
	if class > Spam {
		return fmt.Errorf("classify: unknown class %d", class)
	}
	c.ready()
	t := getTokenizer(false)
	t.document(doc, c.cfg.Kind)
	hs := slices.Clone(t.hashes)
	t.release()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.docs[class] == 0 {
		return ErrNotLearned
	}
	for _, h := range hs {
		if i := c.feats.find(h); i < 0 || c.feats.slots[i].n[class] == 0 {
			return ErrNotLearned
		}
	}
	c.unfit(hs, class)
	for _, h := range hs {
		i := c.feats.find(h)
		e := &c.feats.slots[i]
		e.n[class]--
		if e.n[Ham] == 0 && e.n[Spam] == 0 {
			c.feats.remove(i)
		}
	}
	c.docs[class]--
	c.total[class] -= uint64(len(hs))
	c.changed()
	return nil
}

// Score returns the spam probability of a document and its verdict.
func (c *Classifier) Score(doc Document) Result {
	c.ready()
	t := getTokenizer(false)
	t.document(doc, c.cfg.Kind)
	c.mu.RLock()
	llr := c.logOdds(t.hashes, nil)
	c.mu.RUnlock()
	t.release()
	return c.result(llr)
}

// Judge scores a comment given by its fields and returns the probability
// of the held class (spam, or abuse for an abuse model) and the verdict
// of the classifier's thresholds: flagged when
// the verdict is spam (at or above SpamThreshold), cleared when it is ham
// (below HamThreshold), neither when it is unsure. It lets packages that
// must not import classify, such as the screening of package comment, use
// a Classifier through a one-method interface, with the thresholds chosen
// for the model.
func (c *Classifier) Judge(name, title, content string) (p float64, flagged, cleared bool) {
	return c.Score(Document{Name: name, Title: title, Content: content}).judged()
}

// judged is r as Judge returns it: the probability, and whether the
// verdict flags or clears.
func (r Result) judged() (p float64, flagged, cleared bool) {
	return r.Probability, r.Verdict == VerdictSpam, r.Verdict == VerdictHam
}

// Explain is Score with the n tokens that weighed most either way, largest
// weight first (ties in the order they appear), for a moderator to read;
// n < 0 gives every token the model knows.
func (c *Classifier) Explain(doc Document, n int) Result {
	c.ready()
	t := getTokenizer(true)
	defer t.release()
	t.document(doc, c.cfg.Kind)
	hs, names := t.hashes, t.names
	weights := make([]float64, len(hs))
	c.mu.RLock()
	llr := c.logOdds(hs, weights)
	c.mu.RUnlock()
	r := c.result(llr)
	// The letter pairs of a word share its name (see grams): one token
	// each, their parts added up where the name first comes.
	first := make(map[string]int)
	for i, name := range names {
		if !strings.HasPrefix(name, markGram) {
			continue
		}
		if j, ok := first[name]; ok {
			weights[j] += weights[i]
			weights[i] = 0
		} else {
			first[name] = i
		}
	}
	order := make([]int, 0, len(hs))
	for i := range hs {
		if weights[i] != 0 {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return math.Abs(weights[order[a]]) > math.Abs(weights[order[b]]) })
	if n >= 0 && len(order) > n {
		order = order[:n]
	}
	for _, i := range order {
		r.Tokens = append(r.Tokens, Token{Text: names[i], Weight: weights[i]})
	}
	return r
}

// changed records a change of the counts in c.base. The caller holds the
// write lock.
func (c *Classifier) changed() {
	c.base = c.newBase()
}

// oddsBase is what the log-odds need besides the features: the smoothed
// denominators and the prior.
type oddsBase struct {
	denomSpam, denomHam float64
	prior               float64
}

// newBase computes the oddsBase of the model as it is. The caller holds
// a lock.
func (c *Classifier) newBase() oddsBase {
	return c.baseOf(c.docs, c.total, c.feats.n)
}

// baseOf computes the oddsBase of given document and feature counts; both
// classes must have documents.
func (c *Classifier) baseOf(docs, total [2]uint64, vocab int) oddsBase {
	smooth := float64(c.cfg.Alpha * float64(vocab))
	return oddsBase{
		denomSpam: math.Log(float64(total[Spam]) + smooth),
		denomHam:  math.Log(float64(total[Ham]) + smooth),
		prior:     math.Log(float64(docs[Spam])) - math.Log(float64(docs[Ham])),
	}
}

// nb returns a feature's naive Bayes log-odds from the logarithms of its
// smoothed counts, log(n + Alpha) of each class (see logPlusAlpha). It
// takes the logarithms rather than the counts so that it stays within the
// compiler's inlining budget, which the scoring loop needs.
func (b *oddsBase) nb(logSpam, logHam float64) float64 {
	return logSpam - b.denomSpam - logHam + b.denomHam
}

// nbOdds returns a feature's naive Bayes log-odds from its counts.
func (c *Classifier) nbOdds(n counts, b *oddsBase) float64 {
	return b.nb(c.logPlusAlpha(n[Spam]), c.logPlusAlpha(n[Ham]))
}

// logOdds returns the log-odds of spam for a document's features: the
// prior and the fitted bias, plus each known feature's naive Bayes
// log-odds times its weight, plus its additive weight; when weights is
// not nil it receives each feature's part. The caller holds the read lock.
func (c *Classifier) logOdds(hs []uint64, weights []float64) float64 {
	if c.docs[Ham] == 0 || c.docs[Spam] == 0 {
		// With one class unseen there is nothing to weigh: say 0.5.
		return 0
	}
	// Whatever changes the counts under the write lock updates the base.
	b := &c.base
	var sum float64
	known := 0
	for i, h := range hs {
		j := c.feats.find(h)
		if j < 0 {
			continue
		}
		e := &c.feats.slots[j]
		w := float64(float64(e.w)*b.nb(c.logPlusAlpha(e.n[Spam]), c.logPlusAlpha(e.n[Ham]))) + float64(e.a)
		sum += w
		known++
		if weights != nil {
			weights[i] = w
		}
	}
	s := c.evidenceScale(known)
	if weights != nil && s != 1 {
		for i := range weights {
			weights[i] = float64(weights[i] * s)
		}
	}
	return b.prior + c.bias + float64(s*sum)
}

// logPlusAlpha returns log(n + Alpha), from the table but for the largest
// counts.
func (c *Classifier) logPlusAlpha(n uint32) float64 {
	if n < logTableSize {
		return c.logCount[n]
	}
	return math.Log(float64(n) + c.cfg.Alpha)
}

// result turns log-odds into a probability and a verdict.
func (c *Classifier) result(llr float64) Result {
	if math.IsNaN(llr) {
		llr = 0
	}
	v := VerdictUnsure
	switch {
	case llr >= c.spamLogOdds:
		v = VerdictSpam
	case llr < c.hamLogOdds:
		v = VerdictHam
	}
	return Result{Probability: sigmoid(llr), Verdict: v}
}

// toLogOdds returns a probability as log-odds, log(p / (1 − p)): +Inf for 1.
func toLogOdds(p float64) float64 { return math.Log(p / (1 - p)) }
