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
// data, for [Train], [Calibrate] and [HeldOut]: the examples are
// cross-validated and the spam threshold is set where the held-out scores
// give the best macro-F1 without flagging more than MaxHamFPR of the ham.
// The zero value of a field means its default.
type Calibration struct {
	// Folds is the number of cross-validation folds.
	Folds int
	// MaxHamFPR bounds the share of held-out ham the spam threshold may
	// flag, in (0, 1].
	MaxHamFPR float64
	// Seed fixes the cross-validation shuffle.
	Seed uint64
}

func (c Calibration) withDefaults() Calibration {
	if c.Folds < 2 {
		c.Folds = DefaultCalibrationFolds
	}
	if !(c.MaxHamFPR > 0 && c.MaxHamFPR <= 1) {
		c.MaxHamFPR = DefaultMaxHamFPR
	}
	return c
}

// Calibrate returns cfg (nil means the defaults) with the thresholds that
// cal chooses from examples; see [Calibration]. With fewer examples than
// folds, each example is a fold of its own; it needs two at least.
func Calibrate(examples []Example, cfg *Config, cal Calibration) (Config, error) {
	cal = cal.withDefaults()
	var out Config
	if cfg != nil {
		out = *cfg
	}
	if len(examples) < 2 {
		return out, fmt.Errorf("classify: calibrating needs at least 2 examples, got %d", len(examples))
	}
	scored, err := HeldOut(examples, min(cal.Folds, len(examples)), &out, nil, cal.Seed, nil)
	if err != nil {
		return out, fmt.Errorf("classify: calibrating: %w", err)
	}
	out.SpamThreshold, out.HamThreshold = ChooseThresholds(scored, cal.MaxHamFPR)
	return out.withDefaults(), nil
}

// Train returns a classifier that has learned examples. With cal not nil
// its thresholds are first calibrated on the same examples (see
// [Calibration]), which costs Folds more trainings.
func Train(examples []Example, cfg *Config, cal *Calibration) (*Classifier, error) {
	if cal != nil {
		calibrated, err := Calibrate(examples, cfg, *cal)
		if err != nil {
			return nil, err
		}
		cfg = &calibrated
	}
	c := New(cfg)
	if err := c.LearnBatch(examples); err != nil {
		return nil, err
	}
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
