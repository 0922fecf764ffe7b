package classify

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMetrics(t *testing.T) {
	s := func(class Class, p float64, v Verdict) Scored {
		return Scored{Class: class, Result: Result{Probability: p, Verdict: v}}
	}
	m := Summarize([]Scored{
		s(Spam, 0.99, VerdictSpam), s(Spam, 0.95, VerdictSpam), s(Spam, 0.6, VerdictUnsure),
		s(Ham, 0.97, VerdictSpam), s(Ham, 0.1, VerdictHam), s(Ham, 0.2, VerdictHam), s(Ham, 0.6, VerdictUnsure),
	})
	assert.Equal(t, [4]int{2, 1, 3, 1}, [4]int{m.TP, m.FP, m.TN, m.FN})
	assert.InDelta(t, 5.0/7, m.Accuracy, 1e-12)
	assert.InDelta(t, 2.0/3, m.SpamPrecision, 1e-12)
	assert.InDelta(t, 2.0/3, m.SpamRecall, 1e-12)
	assert.InDelta(t, 2.0/3, m.SpamF1, 1e-12)
	assert.InDelta(t, 0.25, m.HamFPR, 1e-12)
	assert.InDelta(t, (2.0/3+0.75)/2, m.MacroF1, 1e-12)
	// Of the 12 spam–ham pairs, spam scores higher in 9.5 (one tie at 0.6).
	assert.InDelta(t, 9.5/12, m.AUC, 1e-12)
	// Unsure is neither flagged nor cleared: held, with the flagged.
	assert.Equal(t, [2]int{1, 1}, [2]int{m.UnsureSpam, m.UnsureHam})
	assert.InDelta(t, 1.0, m.SpamHeld, 1e-12)
	assert.InDelta(t, 0.5, m.HamHeld, 1e-12)

	assert.True(t, math.IsNaN(Summarize([]Scored{s(Ham, 0.1, VerdictHam)}).AUC), "AUC needs both classes")
	assert.Equal(t, 0.0, Summarize(nil).Accuracy)
}

func TestEvaluateAndCrossValidate(t *testing.T) {
	c := trained(t)
	m := Evaluate(c, tiny)
	assert.Equal(t, 1.0, m.AUC, "the training set itself is separated")
	assert.Equal(t, 0.0, m.HamFPR)

	cv, err := CrossValidate(tiny, &CrossValidation{Folds: 5, Seed: 1})
	require.NoError(t, err)
	assert.Equal(t, len(tiny), cv.TP+cv.FP+cv.TN+cv.FN, "every example is scored once")
	again, err := CrossValidate(tiny, &CrossValidation{Folds: 5, Seed: 1})
	require.NoError(t, err)
	assert.Equal(t, cv, again, "the same seed gives the same folds")

	folds := 0
	scored, err := HeldOut(tiny, &CrossValidation{Folds: 5, Seed: 1, Progress: func(int) { folds++ }})
	require.NoError(t, err)
	assert.Equal(t, 5, folds)
	assert.Equal(t, cv, Summarize(scored), "CrossValidate summarises the held-out scores")
	for i, s := range scored {
		assert.Equal(t, tiny[i].Class, s.Class, "in the order of the examples")
	}

	calibrated, err := CrossValidate(tiny, &CrossValidation{Folds: 5, Seed: 1, Calibration: &Calibration{Folds: 2}})
	require.NoError(t, err)
	assert.Equal(t, len(tiny), calibrated.TP+calibrated.FP+calibrated.TN+calibrated.FN)
	scored, err = HeldOut(tiny, &CrossValidation{Folds: 5, Seed: 1, Calibration: &Calibration{Folds: 2}})
	require.NoError(t, err)
	assert.Equal(t, calibrated, Summarize(scored), "CrossValidate passes the calibration on")

	for _, k := range []int{1, -1, 11} {
		_, err = CrossValidate(tiny, &CrossValidation{Folds: k})
		assert.ErrorContains(t, err, "CrossValidation.Folds", "%d folds of %d examples", k, len(tiny))
	}
	_, err = CrossValidate(tiny[:9], nil)
	assert.ErrorContains(t, err, "CrossValidation.Folds", "the default of 10 folds needs 10 examples")
	_, err = HeldOut(tiny, &CrossValidation{Folds: 2, Calibration: &Calibration{Folds: 1}})
	assert.ErrorContains(t, err, "Calibration.Folds", "the calibration is checked before any training")
}

func TestReadTSV(t *testing.T) {
	got, err := ReadTSV(strings.NewReader("\uFEFFlabel\ttext\tsource\nspam\tVay tiền\tx\r\nham\t\"Trích dẫn\" mở đầu bằng ngoặc kép\n\nham\tHay quá\nham\t \n"))
	require.NoError(t, err)
	assert.Equal(t, []Example{
		{Spam, Text("Vay tiền")},
		{Ham, Text("\"Trích dẫn\" mở đầu bằng ngoặc kép")},
		{Ham, Text("Hay quá")},
	}, got, "fields are split on tabs and never unquoted; a BOM and empty texts are skipped")

	bad := []struct {
		name         string
		in           string
		line, column int
		err          error
	}{
		{"empty", "", 1, 1, ErrHeader},
		{"no header", "spam\tx\n", 1, 1, ErrHeader},
		{"unknown label", "label\ttext\nham\tok\nmaybe\tx\n", 3, 1, ErrLabel},
		{"no tab", "label\ttext\nspam x\n", 2, 7, ErrNoTab},
		{"invalid UTF-8", "label\ttext\nham\tchữ \xff\n", 2, 11, ErrEncoding},
		{"line too long", "label\ttext\nham\t" + strings.Repeat("a", maxTSVLine+1) + "\n", 2, maxTSVLine + 1, ErrLineTooLong},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadTSV(strings.NewReader(tt.in))
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.line, pe.Line, "line")
			assert.Equal(t, tt.column, pe.Column, "column")
			assert.ErrorIs(t, err, tt.err)
			assert.Contains(t, err.Error(), fmt.Sprintf("classify: line %d, column %d: ", tt.line, tt.column))
		})
	}
	_, err = ReadTSV(iotest.ErrReader(assert.AnError))
	assert.ErrorIs(t, err, assert.AnError)
	var pe *ParseError
	assert.False(t, errors.As(err, &pe), "a failing reader is no line's fault")
}

func FuzzReadTSV(f *testing.F) {
	f.Add("label\ttext\nspam\tVay tiền\nham\tHay\n")
	f.Add("label\ttext\n\"spam\"\t\"x\"\n")
	f.Fuzz(func(t *testing.T, in string) {
		got, err := ReadTSV(strings.NewReader(in))
		if err != nil {
			// A string cannot fail to read: every error is a line's.
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 || pe.Column < 1 {
				t.Fatalf("error %v (%T) is not a line's", err, err)
			}
			return
		}
		for _, ex := range got {
			if ex.Class > Spam || strings.Contains(ex.Doc.Content, "\t") {
				t.Fatalf("bad example %+v", ex)
			}
		}
	})
}

// A repeated comment is held out whole: no copy is scored by a model that
// learned another, so each copy scores as a comment never seen.
func TestHeldOutKeepsRepeatsTogether(t *testing.T) {
	repeat := Example{Class: Spam, Doc: Text("mua sim số đẹp giá gốc")}
	examples := slices.Clone(tiny)
	for range 6 {
		examples = append(examples, repeat)
	}
	const k = 4
	scored, err := HeldOut(examples, &CrossValidation{Folds: k, Seed: 3})
	require.NoError(t, err)
	folds := assignFolds(examples, k, 3)
	var rest []Example
	for i, ex := range examples {
		if folds[i] != folds[len(tiny)] {
			rest = append(rest, ex)
		}
	}
	assert.NotContains(t, rest, repeat, "the copies' fold trains on no copy")
	unseen, err := Train(rest, nil, nil)
	require.NoError(t, err)
	want := unseen.Score(repeat.Doc).Probability
	for i := len(tiny); i < len(examples); i++ {
		assert.Equal(t, folds[len(tiny)], folds[i], "every copy in one fold")
		assert.Equal(t, want, scored[i].Result.Probability, "copy %d scored as if its text were new", i-len(tiny))
	}
	// Without repeats, the folds are those of a plain stratified shuffle.
	plain := assignFolds(tiny, k, 3)
	perClass := map[Class][k]int{}
	for i, f := range plain {
		n := perClass[tiny[i].Class]
		n[f]++
		perClass[tiny[i].Class] = n
	}
	for class, n := range perClass {
		assert.LessOrEqual(t, slices.Max(n[:])-slices.Min(n[:]), 1, "%v dealt evenly", class)
	}
}
