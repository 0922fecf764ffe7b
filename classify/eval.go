package classify

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode/utf8"
)

// Metrics describe how well a classifier separates spam from ham on a test
// set. Spam is the positive class; a document counts as flagged when its
// verdict is spam (unsure and ham are not flagged).
type Metrics struct {
	TP, FP, TN, FN int // spam caught, ham flagged, ham passed, spam missed
	// Of the spam missed and the ham passed, those whose verdict was
	// unsure: held for a moderator, neither flagged nor cleared.
	UnsureSpam, UnsureHam int

	Accuracy      float64
	SpamPrecision float64
	SpamRecall    float64 // spam caught
	SpamF1        float64
	MacroF1       float64 // mean of the spam and ham F1
	HamFPR        float64 // ham wrongly flagged
	AUC           float64 // area under the ROC curve of the probabilities
	// SpamHeld is the share of spam judged spam or unsure, kept from
	// publication either way; HamHeld the share of ham judged so.
	SpamHeld, HamHeld float64
}

// Evaluate scores every example and computes the metrics.
func Evaluate(c *Classifier, test []Example) Metrics {
	scored := make([]Scored, len(test))
	for i, ex := range test {
		scored[i] = Scored{Class: ex.Class, Result: c.Score(ex.Doc)}
	}
	return Summarize(scored)
}

// Scored is a labelled document with the classifier's result for it.
type Scored struct {
	Class  Class
	Result Result
}

// Summarize computes the metrics of scored documents.
func Summarize(scored []Scored) Metrics {
	var m Metrics
	for _, s := range scored {
		flagged := s.Result.Verdict == VerdictSpam
		if s.Result.Verdict == VerdictUnsure {
			if s.Class == Spam {
				m.UnsureSpam++
			} else {
				m.UnsureHam++
			}
		}
		switch {
		case s.Class == Spam && flagged:
			m.TP++
		case s.Class == Spam:
			m.FN++
		case flagged:
			m.FP++
		default:
			m.TN++
		}
	}
	n := float64(m.TP + m.FP + m.TN + m.FN)
	m.Accuracy = ratio(float64(m.TP+m.TN), n)
	m.SpamPrecision = ratio(float64(m.TP), float64(m.TP+m.FP))
	m.SpamRecall = ratio(float64(m.TP), float64(m.TP+m.FN))
	m.SpamF1 = f1(m.SpamPrecision, m.SpamRecall)
	m.MacroF1 = macroF1(m.TP, m.FP, m.TN, m.FN)
	m.HamFPR = ratio(float64(m.FP), float64(m.FP+m.TN))
	m.AUC = auc(scored)
	m.SpamHeld = ratio(float64(m.TP+m.UnsureSpam), float64(m.TP+m.FN))
	m.HamHeld = ratio(float64(m.FP+m.UnsureHam), float64(m.FP+m.TN))
	return m
}

// macroF1 is the mean of the spam and ham F1 of a confusion matrix.
func macroF1(tp, fp, tn, fn int) float64 {
	spam := f1(ratio(float64(tp), float64(tp+fp)), ratio(float64(tp), float64(tp+fn)))
	ham := f1(ratio(float64(tn), float64(tn+fn)), ratio(float64(tn), float64(tn+fp)))
	return (spam + ham) / 2
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// auc is the probability that a random spam scores above a random ham,
// ties counting half (the Mann–Whitney statistic).
func auc(scored []Scored) float64 {
	s := slices.Clone(scored)
	slices.SortFunc(s, func(a, b Scored) int { return compareFloat(a.Result.Probability, b.Result.Probability) })
	var spam, ham, rankSum float64
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j].Result.Probability == s[i].Result.Probability {
			j++
		}
		rank := float64(i+j+1) / 2 // average 1-based rank of the tie group
		for k := i; k < j; k++ {
			if s[k].Class == Spam {
				spam++
				rankSum += rank
			} else {
				ham++
			}
		}
		i = j
	}
	if spam == 0 || ham == 0 {
		return math.NaN()
	}
	return (rankSum - spam*(spam+1)/2) / (spam * ham)
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// DefaultFolds is the number of folds of a [CrossValidation] that does
// not say.
const DefaultFolds = 10

// CrossValidation says how [HeldOut] and [CrossValidate] test a
// classifier: the examples are split into Folds folds, stratified by class
// and shuffled with Seed, identical documents in the same fold, and each
// fold is scored by a classifier trained on the others. The zero value of
// a field means its default; any other value must be valid.
type CrossValidation struct {
	// Folds is the number of folds, from 2 to the number of examples;
	// DefaultFolds when zero.
	Folds int
	// Seed fixes the shuffle.
	Seed uint64
	// Config is the settings of the classifiers trained; nil means the
	// defaults.
	Config *Config
	// Calibration, when not nil, has each training part calibrate its own
	// thresholds on itself (see [Train]), so that the held-out examples
	// never choose the thresholds they are judged by; when nil the
	// thresholds are those of Config.
	Calibration *Calibration
	// Progress, when not nil, is called before each fold is trained, with
	// the fold's number from 1.
	Progress func(fold int)
}

// CrossValidate does the cross-validation cv describes (nil means the
// defaults) and returns the metrics over all held-out scores together.
func CrossValidate(examples []Example, cv *CrossValidation) (Metrics, error) {
	scored, err := HeldOut(examples, cv)
	if err != nil {
		return Metrics{}, err
	}
	return Summarize(scored), nil
}

// HeldOut does the cross-validation cv describes (nil means the defaults)
// and returns every example's held-out score, in the order of examples,
// for plots and threshold studies; [CrossValidate] summarises them.
// Invalid settings are an error that names the field.
func HeldOut(examples []Example, cv *CrossValidation) ([]Scored, error) {
	var o CrossValidation
	if cv != nil {
		o = *cv
	}
	k := o.Folds
	if k == 0 {
		k = DefaultFolds
	}
	if k < 2 || k > len(examples) {
		return nil, fmt.Errorf("classify: CrossValidation.Folds %d is outside 2–%d, the number of examples", k, len(examples))
	}
	// Settings checked before the first training, not in it.
	if o.Config != nil {
		if _, err := o.Config.resolve(); err != nil {
			return nil, err
		}
	}
	if o.Calibration != nil {
		if _, err := o.Calibration.resolve(); err != nil {
			return nil, err
		}
	}
	foldOf := assignFolds(examples, k, o.Seed)
	scored := make([]Scored, len(examples))
	train := make([]Example, 0, len(examples))
	for f := 0; f < k; f++ {
		if o.Progress != nil {
			o.Progress(f + 1)
		}
		train = train[:0]
		for i, ex := range examples {
			if foldOf[i] != f {
				train = append(train, ex)
			}
		}
		c, err := Train(train, o.Config, o.Calibration)
		if err != nil {
			return nil, err
		}
		for i, ex := range examples {
			if foldOf[i] == f {
				scored[i] = Scored{Class: ex.Class, Result: c.Score(ex.Doc)}
			}
		}
	}
	return scored, nil
}

// assignFolds returns the fold, from 0 to k−1, of each example. Identical
// documents are one group and go to the same fold, so that no copy of a
// repeated comment is scored by a model that learned another copy: new
// comments are rarely repeats of old ones, and a copy scored as if new
// would promise more than the model holds. A group's class is that of
// most of its copies (spam on a tie); the groups of each class, in the
// order they first occur, are shuffled with seed and dealt to the folds in
// turn, so that the folds are stratified by class. Without repeats, each
// example is a group of its own.
func assignFolds(examples []Example, k int, seed uint64) []int {
	type group struct {
		spam, ham int
		members   []int
	}
	index := make(map[Document]int, len(examples))
	var groups []group
	for i, ex := range examples {
		g, ok := index[ex.Doc]
		if !ok {
			g = len(groups)
			index[ex.Doc] = g
			groups = append(groups, group{})
		}
		if ex.Class == Spam {
			groups[g].spam++
		} else {
			groups[g].ham++
		}
		groups[g].members = append(groups[g].members, i)
	}
	foldOf := make([]int, len(examples))
	rng := rand.New(rand.NewPCG(seed, 0x62696e686c75616e))
	for _, class := range []Class{Ham, Spam} {
		var idx []int
		for g, gr := range groups {
			if (gr.spam >= gr.ham) == (class == Spam) {
				idx = append(idx, g)
			}
		}
		rng.Shuffle(len(idx), func(a, b int) { idx[a], idx[b] = idx[b], idx[a] })
		for j, g := range idx {
			for _, i := range groups[g].members {
				foldOf[i] = j % k
			}
		}
	}
	return foldOf
}

// maxTSVLine bounds one line of a TSV file.
const maxTSVLine = 1 << 20

// Errors of the lines of a TSV file, in the Err of a [ParseError].
var (
	ErrHeader      = errors.New(`the header must start with "label<TAB>"`)
	ErrLabel       = errors.New("unknown label (want spam or ham)")
	ErrNoTab       = errors.New("no tab after the label")
	ErrEncoding    = errors.New("not valid UTF-8")
	ErrLineTooLong = fmt.Errorf("longer than %d bytes", maxTSVLine)
)

// ParseError is the error [ReadTSV] returns for a line it cannot read.
type ParseError struct {
	Line   int   // the line, from 1
	Column int   // the byte of the line where the problem is, from 1
	Err    error // what is wrong: ErrHeader, ErrLabel, ErrNoTab, ErrEncoding or ErrLineTooLong, perhaps wrapped
}

// Error says where the problem is and what it is.
func (e *ParseError) Error() string {
	return fmt.Sprintf("classify: line %d, column %d: %v", e.Line, e.Column, e.Err)
}

// Unwrap returns Err, so that errors.Is matches the error of the line.
func (e *ParseError) Unwrap() error { return e.Err }

// ReadTSV reads labelled examples: a header line, then lines of
// label<TAB>text[<TAB>more columns], the label "spam" or "ham". Fields are
// split on tabs and never quoted; a byte order mark before the header and
// lines with no text are skipped. A line that cannot be read gives a
// [*ParseError]; a failure of r is returned as it is, wrapped.
func ReadTSV(r io.Reader) ([]Example, error) {
	return readTSV(r, func(label string) (Class, error) {
		class, err := ParseClass(label)
		if err != nil {
			return class, ErrLabel
		}
		return class, nil
	})
}

// readTSV is ReadTSV with the class of each label given by classOf.
func readTSV(r io.Reader, classOf func(label string) (Class, error)) ([]Example, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxTSVLine)
	var out []Example
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if line == 1 {
			text = strings.TrimPrefix(text, "\uFEFF") // a byte order mark, as spreadsheets write
			if !strings.HasPrefix(text, "label\t") {
				return nil, &ParseError{Line: 1, Column: 1, Err: fmt.Errorf("%w, got %q", ErrHeader, firstRunes(text, 40))}
			}
			continue
		}
		if text == "" {
			continue
		}
		if !utf8.ValidString(text) {
			return nil, &ParseError{Line: line, Column: 1 + invalidAt(text), Err: ErrEncoding}
		}
		label, rest, ok := strings.Cut(text, "\t")
		if !ok {
			return nil, &ParseError{Line: line, Column: 1 + len(text), Err: ErrNoTab}
		}
		class, err := classOf(label)
		if err != nil {
			return nil, &ParseError{Line: line, Column: 1, Err: fmt.Errorf("%w: %q", err, firstRunes(label, 20))}
		}
		content, _, _ := strings.Cut(rest, "\t")
		if strings.TrimSpace(content) == "" {
			continue // nothing to learn from an empty comment
		}
		out = append(out, Example{Class: class, Doc: Text(content)})
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &ParseError{Line: line + 1, Column: maxTSVLine + 1, Err: ErrLineTooLong}
		}
		return nil, fmt.Errorf("classify: reading TSV: %w", err)
	}
	if line == 0 {
		return nil, &ParseError{Line: 1, Column: 1, Err: fmt.Errorf("%w: the file is empty", ErrHeader)}
	}
	return out, nil
}

// invalidAt returns the index of the first byte of s that is not part of
// valid UTF-8, or len(s).
func invalidAt(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return i
			}
		}
	}
	return len(s)
}

func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i] + "…"
		}
		n--
	}
	return s
}
