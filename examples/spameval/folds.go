package main

import (
	"fmt"
	"hash/fnv"
	"io"
	"strings"

	"github.com/binhluan/binhluan/classify"
)

// splitParts is the number of parts of the -folds-report split: one is
// tested on, the others trained and calibrated on.
const splitParts = 5

// foldsReport is what -folds-report found: what the calibration of the
// -train file promised, and on a split of that file what the calibration
// of the training part promised next to what its test part gave.
type foldsReport struct {
	promised                  classify.Metrics
	trainDocs, testDocs       int
	splitPromised, splitFound classify.Metrics
}

// inTestPart reports whether a comment falls in the test part of the
// -folds-report split: one part in splitParts by a hash of its text, so
// that the split is the same on every run and every copy of a repeated
// comment falls on the same side, as in a held-out set of new comments.
func inTestPart(d classify.Document) bool {
	h := fnv.New64a()
	for _, field := range []string{d.Content, d.Name, d.Title} {
		io.WriteString(h, field)
		h.Write([]byte{0})
	}
	return h.Sum64()%splitParts == splitParts-1
}

// checkSplit calibrates on the training part of the split of examples,
// trains on it with the calibrated thresholds and tests on the rest.
func checkSplit(examples []classify.Example, o options, prog *progress) (foldsReport, error) {
	var rep foldsReport
	var train, test []classify.Example
	for _, ex := range examples {
		if inTestPart(ex.Doc) {
			test = append(test, ex)
		} else {
			train = append(train, ex)
		}
	}
	for _, part := range []struct {
		name string
		ex   []classify.Example
	}{{"training part", train}, {"test part", test}} {
		if err := checkBothClasses("-folds-report: the split's "+part.name+" of "+o.train, part.ex); err != nil {
			return rep, err
		}
	}
	rep.trainDocs, rep.testDocs = len(train), len(test)
	prog.step("-folds-report: calibrating on %d of %d comments", len(train), len(examples))
	cfg, promised, err := classify.CalibrateWithPromise(train, &o.cfg, o.cal)
	if err != nil {
		return rep, err
	}
	model, err := classify.Train(train, &cfg, nil)
	if err != nil {
		return rep, err
	}
	prog.step("-folds-report: testing on the other %d", len(test))
	rep.splitPromised, rep.splitFound = promised, classify.Evaluate(model, test)
	return rep, nil
}

// writeFoldsReport prints the -folds-report lines: promised_* for the
// calibration of the whole -train file, split_promised_* and split_* for
// the split.
func writeFoldsReport(w io.Writer, rep foldsReport) error {
	var b strings.Builder
	metric := func(prefix string, m classify.Metrics) {
		fmt.Fprintf(&b, "%sham_fpr: %.4f\n%sspam_recall: %.4f\n%sspam_f1: %.4f\n%smacro_f1: %.4f\n",
			prefix, m.HamFPR, prefix, m.SpamRecall, prefix, m.SpamF1, prefix, m.MacroF1)
	}
	metric("promised_", rep.promised)
	fmt.Fprintf(&b, "split_train_docs: %d\nsplit_test_docs: %d\n", rep.trainDocs, rep.testDocs)
	metric("split_promised_", rep.splitPromised)
	metric("split_", rep.splitFound)
	fmt.Fprintf(&b, "split_auc: %.4f\n", rep.splitFound.AUC)
	_, err := io.WriteString(w, b.String())
	return err
}
