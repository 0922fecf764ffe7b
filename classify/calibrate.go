package classify

import (
	"fmt"
	"math"
	"slices"
)

// Defaults of [Calibration].
const (
	DefaultCalibrationFolds = 5
	DefaultMaxHamFPR        = 0.1
)

// unsureOdds is how far below the spam threshold, as a factor of the odds,
// a calibrated ham threshold lies: between the two the verdict is unsure.
const unsureOdds = 10

// Calibration chooses a classifier's thresholds from its own training
// data, for [Train] and [Calibrate], and for each training part of a
// [CrossValidation]: the examples are cross-validated, identical
// documents in the same fold so that the held-out scores are those of
// comments the model has not seen, and the spam threshold is set where
// those scores give the best macro-F1 without flagging more than
// MaxHamFPR of the ham. The zero value of a
// field means its default; any other value must be valid.
type Calibration struct {
	// Folds is the number of cross-validation folds, at least 2;
	// DefaultCalibrationFolds when zero.
	Folds int
	// MaxHamFPR bounds the share of held-out ham the spam threshold may
	// flag, in (0, 1]; DefaultMaxHamFPR when zero.
	MaxHamFPR float64
	// Seed fixes the cross-validation shuffle.
	Seed uint64
}

// resolve returns c with its defaults filled in, or an error naming the
// first field whose value is not valid.
func (c Calibration) resolve() (Calibration, error) {
	if c.Folds == 0 {
		c.Folds = DefaultCalibrationFolds
	}
	if c.MaxHamFPR == 0 {
		c.MaxHamFPR = DefaultMaxHamFPR
	}
	switch {
	case c.Folds < 2:
		return c, fmt.Errorf("classify: Calibration.Folds %d is less than 2", c.Folds)
	case !(c.MaxHamFPR > 0 && c.MaxHamFPR <= 1): // NaN fails too
		return c, fmt.Errorf("classify: Calibration.MaxHamFPR %v is outside (0, 1]", c.MaxHamFPR)
	}
	return c, nil
}

// Calibrate returns the settings of cfg (nil means the defaults) with the
// thresholds that cal (nil means the defaults) chooses from examples; see
// [Calibration]. With fewer examples than folds, each example is a fold
// of its own; it needs two at least. Invalid settings are an error that
// names the field.
func Calibrate(examples []Example, cfg *Config, cal *Calibration) (Config, error) {
	out, _, err := CalibrateWithPromise(examples, cfg, cal)
	return out, err
}

// CalibrateWithPromise is [Calibrate] that also returns what the
// calibration promises: the metrics of the held-out scores the thresholds
// were chosen on, judged by those thresholds. A model trained on all the
// examples should do about as well on new comments; spameval's
// -folds-report checks it on a split.
func CalibrateWithPromise(examples []Example, cfg *Config, cal *Calibration) (Config, Metrics, error) {
	var want Config
	var c Calibration
	if cfg != nil {
		want = *cfg
	}
	if cal != nil {
		c = *cal
	}
	out, err := want.resolve()
	if err != nil {
		return want, Metrics{}, err
	}
	if c, err = c.resolve(); err != nil {
		return out, Metrics{}, err
	}
	if len(examples) < 2 {
		return out, Metrics{}, fmt.Errorf("classify: calibrating needs at least 2 examples, got %d", len(examples))
	}
	scored, err := HeldOut(examples, &CrossValidation{Folds: min(c.Folds, len(examples)), Seed: c.Seed, Config: &out})
	if err != nil {
		return out, Metrics{}, fmt.Errorf("classify: calibrating: %w", err)
	}
	out.SpamThreshold, out.HamThreshold = ChooseThresholds(scored, c.MaxHamFPR)
	// A ham threshold that rounds to 0 is the default: no lower than
	// the spam threshold.
	if out, err = out.resolve(); err != nil {
		return out, Metrics{}, err
	}
	return out, Summarize(judge(scored, out.SpamThreshold, out.HamThreshold)), nil
}

// judge returns scored documents with the verdicts the thresholds give
// their probabilities: spam at or above spam, ham below ham.
func judge(scored []Scored, spam, ham float64) []Scored {
	out := make([]Scored, len(scored))
	for i, s := range scored {
		v := VerdictUnsure
		switch p := s.Result.Probability; {
		case p >= spam:
			v = VerdictSpam
		case p < ham:
			v = VerdictHam
		}
		out[i] = Scored{Class: s.Class, Result: Result{Probability: s.Result.Probability, Verdict: v}}
	}
	return out
}

// Train returns a classifier with the settings of cfg (nil means the
// defaults) that has learned examples. With cal not nil its thresholds
// are first calibrated on the same examples (see [Calibration]), which
// costs Folds more trainings; with cal nil they are those of cfg.
//
// The model is fitted further than New and LearnBatch fit one: its
// evidence is scaled down past 4 known features of a comment instead of
// 8, and after LearnBatch it takes ten more passes of gradient steps of
// its weights over the examples, which makes it four to seven times as
// slow as LearnBatch alone. For either kind this measured better in
// cross-validation, on spam (docs/classifier.md, "Refitting in Train")
// and on abuse (docs/abuse.md). The passes also fit each feature's
// additive weight (see additiveRate; at a rate of their own for each
// kind), which Learn and Unlearn leave as they are, and which make the
// model file version 5. Its counts
// are those LearnBatch gives, so Unlearn takes them back exactly; the
// weights it takes back are those of one Learn, not the passes.
func Train(examples []Example, cfg *Config, cal *Calibration) (*Classifier, error) {
	if cal != nil {
		calibrated, err := Calibrate(examples, cfg, cal)
		if err != nil {
			return nil, err
		}
		cfg = &calibrated
	}
	c, err := New(cfg)
	if err != nil {
		return nil, err
	}
	// Nothing else has the classifier yet.
	c.evidenceCap = trainEvidenceCap
	if err := c.LearnBatch(examples); err != nil {
		return nil, err
	}
	c.refit(examples, refitPasses)
	return c, nil
}

// ChooseThresholds returns the spam threshold that gives the best macro-F1
// on scored documents while flagging at most maxHamFPR of their ham, and a
// ham threshold below it by a factor of ten in the odds, so that the
// documents between are unsure. When flagging nothing is best the spam
// threshold is 1, which flags nothing. Probabilities that are NaN are left
// out; with no spam or no ham left it returns the default thresholds.
func ChooseThresholds(scored []Scored, maxHamFPR float64) (spam, ham float64) {
	scored = slices.DeleteFunc(slices.Clone(scored), func(s Scored) bool { return math.IsNaN(s.Result.Probability) })
	var nSpam, nHam int
	for _, s := range scored {
		if s.Class == Spam {
			nSpam++
		} else {
			nHam++
		}
	}
	if nSpam == 0 || nHam == 0 {
		return DefaultSpamThreshold, DefaultHamThreshold
	}
	s := scored
	slices.SortFunc(s, func(a, b Scored) int { return compareFloat(b.Result.Probability, a.Result.Probability) })
	// Flag the first j documents, for every j at a change of score.
	best, bestJ := -1.0, 0
	tp, fp := 0, 0
	for j := 0; j <= len(s); j++ {
		if j == 0 || j == len(s) || s[j].Result.Probability != s[j-1].Result.Probability {
			if float64(fp) <= maxHamFPR*float64(nHam) {
				if m := macroF1(tp, fp, nHam-fp, nSpam-tp); m > best {
					best, bestJ = m, j
				}
			}
		}
		if j < len(s) {
			if s[j].Class == Spam {
				tp++
			} else {
				fp++
			}
		}
	}
	switch bestJ {
	case 0:
		spam = 1 // flag nothing below certainty
	case len(s):
		spam = s[len(s)-1].Result.Probability
	default:
		spam = midOdds(s[bestJ-1].Result.Probability, s[bestJ].Result.Probability)
	}
	spam = max(spam, math.SmallestNonzeroFloat64)
	odds := spam / (1 - spam)
	ham = odds / unsureOdds / (1 + odds/unsureOdds)
	if math.IsInf(odds, 1) || math.IsNaN(ham) {
		ham = 1 - 1.0/unsureOdds
	}
	return spam, min(ham, spam)
}

// midOdds returns the probability halfway between two in log-odds, or
// their plain mean when either is 0 or 1.
func midOdds(hi, lo float64) float64 {
	if hi >= 1 || lo <= 0 {
		return (hi + lo) / 2
	}
	return sigmoid((toLogOdds(hi) + toLogOdds(lo)) / 2)
}
