package classify

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scores builds held-out scores: spam and ham probabilities.
func scores(spam, ham []float64) []Scored {
	var out []Scored
	for _, p := range spam {
		out = append(out, Scored{Class: Spam, Result: Result{Probability: p}})
	}
	for _, p := range ham {
		out = append(out, Scored{Class: Ham, Result: Result{Probability: p}})
	}
	return out
}

func TestChooseThresholds(t *testing.T) {
	tests := []struct {
		name      string
		spam, ham []float64
		maxFPR    float64
		// flagged lists which probabilities the chosen spam threshold must flag
		flagged, passed []float64
	}{
		{
			name:    "separable: the cut falls between the classes",
			spam:    []float64{0.99, 0.95, 0.9},
			ham:     []float64{0.2, 0.1, 0.01},
			maxFPR:  0.1,
			flagged: []float64{0.9}, passed: []float64{0.2},
		},
		{
			name:    "overlap: the best macro-F1 flags one ham to catch two spam",
			spam:    []float64{0.99, 0.6, 0.55, 0.1},
			ham:     []float64{0.7, 0.3, 0.2, 0.1, 0.05, 0.01, 0.01, 0.01},
			maxFPR:  0.5,
			flagged: []float64{0.55}, passed: []float64{0.3},
		},
		{
			name:    "the cap on flagged ham wins over macro-F1",
			spam:    []float64{0.99, 0.6, 0.55, 0.1},
			ham:     []float64{0.7, 0.3, 0.2, 0.1, 0.05, 0.01, 0.01, 0.01},
			maxFPR:  0.1,
			flagged: []float64{0.99}, passed: []float64{0.7},
		},
		{
			name:    "saturated probabilities still give a cut between them",
			spam:    []float64{1, 1, 1},
			ham:     []float64{0, 0, 1e-300},
			maxFPR:  0.1,
			flagged: []float64{1}, passed: []float64{1e-300},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spam, ham := ChooseThresholds(scores(tt.spam, tt.ham), tt.maxFPR)
			for _, p := range tt.flagged {
				assert.GreaterOrEqual(t, p, spam, "%v must be flagged", p)
			}
			for _, p := range tt.passed {
				assert.Less(t, p, spam, "%v must not be flagged", p)
			}
			assert.Greater(t, ham, 0.0)
			assert.LessOrEqual(t, ham, spam)
			assert.False(t, math.IsNaN(spam) || math.IsNaN(ham))
			if spam < 1 {
				assert.InDelta(t, toLogOdds(spam)-math.Log(unsureOdds), toLogOdds(ham), 1e-9, "ham below spam by a factor of %d in the odds", unsureOdds)
			}
		})
	}

	spam, ham := ChooseThresholds(scores([]float64{0.3}, []float64{1}), 0.1)
	assert.Equal(t, 1.0, spam, "nothing may be flagged: the threshold flags nothing")
	assert.InDelta(t, 0.9, ham, 1e-12, "with infinite odds at the spam threshold, ham below 0.9")
	spam, ham = ChooseThresholds(scores([]float64{math.NaN(), 0.9}, []float64{0.1, math.NaN()}), 0.1)
	assert.False(t, math.IsNaN(spam) || math.IsNaN(ham), "NaN scores are left out")
	assert.Less(t, 0.1, spam)
	assert.LessOrEqual(t, spam, 0.9)
	assert.InDelta(t, toLogOdds(spam)-math.Log(unsureOdds), toLogOdds(ham), 1e-9)
	spam, ham = ChooseThresholds(scores(nil, []float64{0.2, 0.9}), 0.1)
	assert.Equal(t, [2]float64{DefaultSpamThreshold, DefaultHamThreshold}, [2]float64{spam, ham}, "one class only: the defaults")
	spam, ham = ChooseThresholds(nil, 0.1)
	assert.Equal(t, [2]float64{DefaultSpamThreshold, DefaultHamThreshold}, [2]float64{spam, ham})
}

func TestCalibrateAndTrain(t *testing.T) {
	examples := mustStarter(t)
	cal := Calibration{Folds: 4, MaxHamFPR: 0.02, Seed: 7}
	cfg, err := Calibrate(examples, &Config{Alpha: 0.25}, &cal)
	require.NoError(t, err)
	assert.Equal(t, 0.25, cfg.Alpha, "other settings are kept")
	assert.Greater(t, cfg.SpamThreshold, 0.0)
	assert.LessOrEqual(t, cfg.SpamThreshold, 1.0)
	assert.LessOrEqual(t, cfg.HamThreshold, cfg.SpamThreshold)

	again, err := Calibrate(examples, &Config{Alpha: 0.25}, &cal)
	require.NoError(t, err)
	assert.Equal(t, cfg, again, "the same seed gives the same thresholds")

	c, err := Train(examples, &Config{Alpha: 0.25}, &cal)
	require.NoError(t, err)
	assert.Equal(t, cfg, c.Config(), "Train applies the calibrated thresholds")
	ham, spam := c.Docs()
	assert.Equal(t, uint64(len(examples)), ham+spam)

	// The calibrated threshold holds its promise on the scores it came
	// from: cross-validating with the same folds flags at most 2% of ham.
	scored, err := HeldOut(examples, &CrossValidation{Folds: cal.Folds, Seed: cal.Seed, Config: &cfg})
	require.NoError(t, err)
	assert.LessOrEqual(t, Summarize(scored).HamFPR, cal.MaxHamFPR)

	_, err = Calibrate(examples[:1], nil, nil)
	assert.Error(t, err, "one example cannot be cross-validated")
	few, err := Calibrate([]Example{{Class: Spam, Doc: Text("vay tiền")}, {Class: Ham, Doc: Text("cầu vượt")}, {Class: Spam, Doc: Text("nhà cái")}}, nil, nil)
	require.NoError(t, err, "fewer examples than folds: one fold each")
	assert.LessOrEqual(t, few.HamThreshold, few.SpamThreshold)
	_, err = Train([]Example{{Class: 9, Doc: Text("x")}}, nil, nil)
	assert.Error(t, err)
}

// A site picks its thresholds from held-out scores: here the cut that
// gives the best macro-F1 while flagging at most a quarter of the ham.
func ExampleChooseThresholds() {
	scored := []Scored{
		{Class: Spam, Result: Result{Probability: 0.98}},
		{Class: Spam, Result: Result{Probability: 0.80}},
		{Class: Spam, Result: Result{Probability: 0.40}},
		{Class: Ham, Result: Result{Probability: 0.60}},
		{Class: Ham, Result: Result{Probability: 0.20}},
		{Class: Ham, Result: Result{Probability: 0.05}},
		{Class: Ham, Result: Result{Probability: 0.01}},
	}
	spam, ham := ChooseThresholds(scored, 0.25)
	fmt.Printf("spam at or above %.2f, ham below %.2f\n", spam, ham)
	// Output: spam at or above 0.29, ham below 0.04
}

// The promise is what the held-out scores behind the thresholds give when
// judged by them; a repeated spam does not inflate it, since no copy is
// scored by a model that learned another.
func TestCalibrateWithPromise(t *testing.T) {
	examples := mustStarter(t)
	cal := Calibration{Folds: 4, Seed: 7}
	cfg, promise, err := CalibrateWithPromise(examples, nil, &cal)
	require.NoError(t, err)
	plain, err := Calibrate(examples, nil, &cal)
	require.NoError(t, err)
	assert.Equal(t, plain, cfg, "Calibrate chooses the same thresholds")
	scored, err := HeldOut(examples, &CrossValidation{Folds: cal.Folds, Seed: cal.Seed, Config: &cfg})
	require.NoError(t, err)
	assert.Equal(t, Summarize(scored), promise, "the promise is the cross-validation the thresholds came from")

	// Spam that is one text ten times over, in words and letters no
	// other comment uses: scored as new, it cannot be told from ham, and
	// the promise must not count it caught.
	repeated := slices.Clone(tiny)
	for range 10 {
		repeated = append(repeated, Example{Class: Spam, Doc: Text("ξψζ ωφχ πλθ")})
	}
	_, promise, err = CalibrateWithPromise(repeated, nil, &Calibration{Folds: 5, Seed: 1})
	require.NoError(t, err)
	assert.LessOrEqual(t, promise.SpamRecall, 5.0/15, "at most the five spam with words of their own are caught: %+v", promise)

	_, _, err = CalibrateWithPromise(examples[:1], nil, nil)
	assert.Error(t, err)
	_, _, err = CalibrateWithPromise(examples, nil, &Calibration{Folds: 1})
	assert.ErrorContains(t, err, "Calibration.Folds")
}
