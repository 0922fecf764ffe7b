// Command spameval measures binhluan's spam filter (package classify) on a
// site's own moderated comments, so that a site can see how well it
// separates spam from ham, how fast it is, and where to set the verdict
// thresholds:
//
//	go run ./examples/spameval -cv 10 -train comments.tsv
//	go run ./examples/spameval -train train.tsv -test test.tsv -save model.bin -plot scores.svg
//	go run ./examples/spameval -starter -test comments.tsv
//
// The files are TSV with a header line "label<TAB>text[<TAB>…]", one
// comment per line, the label "spam" or "ham"; fields are split on tabs
// and never quoted, and columns after the text are ignored (the format of
// classify.ReadTSV).
//
// -kind abuse measures the abuse model instead (classify.KindAbuse: its
// features, and with -starter the abuse starter, abuse.Default), whose
// labels are "abuse" and "clean". -positive LABELS, comma-separated, reads
// any labels: those listed are the positive class (spam, abuse) and every
// other label the negative one, so that a file labelled clean, offensive
// and hate is measured as clean against the rest:
//
//	go run ./examples/spameval -kind abuse -positive offensive,hate -train train.tsv -test dev.tsv
//
// With -cv K the metrics are those of classify's K-fold cross-validation
// (classify.HeldOut, summarised as CrossValidate does): K folds, stratified
// by class, shuffled with -seed. With -test the model is
// trained on the -train file and evaluated on the -test file.
//
// With -starter nothing is trained: the embedded starter model
// (classify.Default) is evaluated on the -test file, with its own
// thresholds unless -spam-threshold or -ham-threshold is given; its
// training speed is that of its constructor learning the starter corpus.
//
// Standard output is exactly one "name: value" line for each of accuracy,
// spam_precision, spam_recall, spam_f1, macro_f1, ham_fpr, auc,
// train_docs_per_s, score_docs_per_s, spam_held, ham_held,
// positive_precision, positive_recall, positive_f1 and negative_fpr, in
// that order (the last four are spam_precision, spam_recall, spam_f1 and
// ham_fpr under the names of any kind). Spam is the positive class and a comment counts as flagged when
// its verdict is spam (unsure is not flagged); spam_held and ham_held are
// the shares of spam and of ham whose verdict is spam or unsure, kept
// from publication either way. auc is that of the spam probabilities, and
// is NaN when the evaluated comments are all of one class.
//
// The two speeds are measured on one goroutine, tokenizing included, as
// the median of -passes passes: train_docs_per_s trains a fresh classifier
// on the whole -train file with one classify.Train per pass (its
// refitting passes included);
// score_docs_per_s
// scores, one Score call per comment, the -test file with the model
// trained on the -train file, or with -cv every comment of the -train file
// with the model trained on all of it. Calibrating the thresholds, which
// trains -calibration-folds more models once, is not in either figure.
//
// The verdict thresholds are calibrated on the -train file unless
// -spam-threshold or -ham-threshold is given or -calibrate=false: the file
// is cross-validated with -calibration-folds folds (classify.Calibrate)
// and the spam threshold set where the held-out scores give the best
// macro-F1 while flagging at most -max-ham-fpr of the ham. The model that
// is tested, saved and plotted carries those thresholds. With -cv the
// calibration is nested: each of the K training parts calibrates its own
// thresholds on itself (classify.HeldOut with a Calibration), so the
// held-out comments never choose the thresholds they are judged by. The
// calibrated thresholds are shown on standard error with the progress.
//
// -folds-report checks the calibration's promise: after those lines it
// prints promised_ham_fpr, promised_spam_recall, promised_spam_f1 and
// promised_macro_f1, the metrics of the held-out scores the thresholds of
// the -train file were chosen on (classify.CalibrateWithPromise); then
// split_train_docs and split_test_docs, the sizes of a split of the
// -train file, four fifths and one fifth by a hash of each comment's text
// (the same on every run, repeated comments on one side);
// split_promised_*, the same four figures for the calibration of the
// four fifths; and split_ham_fpr, split_spam_recall, split_spam_f1,
// split_macro_f1 and split_auc, what the model trained on the four
// fifths with those thresholds gave on the fifth. It needs calibrated
// thresholds.
//
// -save writes the model trained on the whole -train file (with
// Classifier.SaveFile). -plot draws, as a plain SVG file, histograms of
// the spam probabilities of ham and of spam (50 bins on [0, 1], counts on a
// log scale) with the ham and spam thresholds, so a site sees how many
// comments each threshold would pass, hold or flag. With -test it plots the
// test comments. With -cv it plots the held-out probabilities behind the
// metrics.
//
// Progress ("pass 2/5", "fold 3/10") goes to standard error when it is a
// terminal, or always with -v. Errors go to standard error; the exit code
// is 2 for a usage error, 1 for any other failure.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/binhluan/binhluan/classify"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the command line, checked.
type options struct {
	train, test string
	cv          int
	seed        uint64
	cfg         classify.Config
	passes      int
	save, plot  string
	verbose     bool
	// starter evaluates the embedded starter model instead of training.
	starter bool
	// positive holds the labels read as the positive class, the others
	// being negative, when -positive was given; nil reads the kind's two
	// labels only.
	positive []string
	// thresholds is set when a threshold flag was given.
	thresholds bool
	// cal, when not nil, calibrates the thresholds on the training data.
	cal *classify.Calibration
	// foldsReport adds what the calibration promised and what a split gave.
	foldsReport bool
}

// errUsage marks a command line that cannot be run.
var errUsage = errors.New("usage error")

// run is the command: it parses args, writes the metrics to stdout and
// everything else to stderr, and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	opts, err := parseArgs(args, stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case err != nil:
		return 2
	}
	prog := newProgress(stderr, opts.verbose)
	rep, err := evaluate(opts, prog)
	prog.clear()
	if err != nil {
		fmt.Fprintf(stderr, "spameval: %v\n", err)
		return 1
	}
	if rep.calibrated && prog.on {
		cfg := rep.model.Config()
		fmt.Fprintf(stderr, "spameval: thresholds calibrated on %s: spam from %.4g, ham below %.4g\n", opts.train, cfg.SpamThreshold, cfg.HamThreshold)
	}
	if err := writeReport(stdout, rep); err != nil {
		fmt.Fprintf(stderr, "spameval: writing the report: %v\n", err)
		return 1
	}
	if opts.foldsReport {
		if err := writeFoldsReport(stdout, rep.folds); err != nil {
			fmt.Fprintf(stderr, "spameval: writing the report: %v\n", err)
			return 1
		}
	}
	code := 0
	if opts.save != "" {
		if err := rep.model.SaveFile(opts.save); err != nil {
			fmt.Fprintf(stderr, "spameval: saving the model: %v\n", err)
			code = 1
		}
	}
	if opts.plot != "" {
		if err := writePlotFile(opts.plot, rep.plot); err != nil {
			fmt.Fprintf(stderr, "spameval: writing the plot: %v\n", err)
			code = 1
		}
	}
	return code
}

// parseArgs reads and checks the command line. On a usage error it has
// already told stderr what is wrong and returns an error wrapping
// errUsage; for -h it prints the usage and returns flag.ErrHelp.
func parseArgs(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("spameval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.train, "train", "", "labelled TSV `file` to train on (required)")
	fs.StringVar(&o.test, "test", "", "labelled TSV `file` to evaluate on (or use -cv)")
	fs.IntVar(&o.cv, "cv", 0, "cross-validate with `k` folds on the -train file instead of using -test")
	fs.Uint64Var(&o.seed, "seed", 1, "`seed` of the cross-validation shuffle")
	fs.Float64Var(&o.cfg.Alpha, "alpha", classify.DefaultAlpha, "additive smoothing of feature counts (> 0)")
	fs.Float64Var(&o.cfg.SpamThreshold, "spam-threshold", classify.DefaultSpamThreshold, "spam probability at or above which the verdict is spam, in (0, 1]")
	fs.Float64Var(&o.cfg.HamThreshold, "ham-threshold", classify.DefaultHamThreshold, "spam probability below which the verdict is ham, in (0, spam-threshold]")
	calibrate := fs.Bool("calibrate", true, "choose the thresholds by cross-validation on the -train file (off when a threshold is given)")
	cal := classify.Calibration{}
	fs.Float64Var(&cal.MaxHamFPR, "max-ham-fpr", classify.DefaultMaxHamFPR, "with -calibrate: most of the ham the spam threshold may flag, in (0, 1]")
	fs.IntVar(&cal.Folds, "calibration-folds", classify.DefaultCalibrationFolds, "with -calibrate: cross-validation `folds` (>= 2)")
	fs.IntVar(&o.passes, "passes", 5, "timed passes whose median gives each speed (>= 1)")
	fs.StringVar(&o.save, "save", "", "write the model trained on the whole -train file to `file`")
	fs.StringVar(&o.plot, "plot", "", "draw the score distributions and thresholds to `file` (SVG)")
	fs.BoolVar(&o.verbose, "v", false, "report progress on stderr even when it is not a terminal")
	fs.BoolVar(&o.foldsReport, "folds-report", false, "also print what the calibration promised, and on a split of the -train file (4/5 calibrated and trained on, 1/5 tested) the promise next to the result")
	fs.BoolVar(&o.starter, "starter", false, "evaluate the embedded starter model (classify.Default, or abuse.Default with -kind abuse) on the -test file, without -train")
	fs.Func("kind", "`kind` of model: spam (the default) or abuse, which selects its features and starter", func(v string) error {
		k, err := classify.ParseKind(v)
		o.cfg.Kind = k
		return err
	})
	fs.Func("positive", "comma-separated `labels` counted as the positive class, every other label being negative (default: the kind's, spam or abuse)", func(v string) error {
		o.positive = nil
		for l := range strings.SplitSeq(v, ",") {
			if l = strings.TrimSpace(l); l != "" {
				o.positive = append(o.positive, l)
			}
		}
		if len(o.positive) == 0 {
			return errors.New("no label")
		}
		return nil
	})
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: spameval -train FILE (-test FILE | -cv K) [flags]
       spameval -starter -test FILE [flags]

Measures binhluan's spam filter on labelled comments: TSV files with a
header "label<TAB>text", one comment per line, labelled spam or ham. Prints
one "name: value" line per metric and speed.

flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, err
		}
		// The flag package has printed the error and the usage.
		return o, fmt.Errorf("%w: %v", errUsage, err)
	}
	thresholdGiven := false
	fs.Visit(func(f *flag.Flag) {
		thresholdGiven = thresholdGiven || f.Name == "spam-threshold" || f.Name == "ham-threshold"
	})
	o.thresholds = thresholdGiven
	if *calibrate && !thresholdGiven && !o.starter {
		cal.Seed = o.seed
		o.cal = &cal
	}
	if err := checkOptions(o, fs.Args()); err != nil {
		fmt.Fprintf(stderr, "spameval: %v\nrun 'spameval -h' for usage\n", err)
		return o, fmt.Errorf("%w: %v", errUsage, err)
	}
	return o, nil
}

// checkOptions reports what is wrong with a parsed command line.
func checkOptions(o options, rest []string) error {
	// Comparisons are negated where NaN must fail too.
	switch {
	case len(rest) > 0:
		return fmt.Errorf("unexpected argument %q (all inputs are given by flags)", rest[0])
	case o.starter && (o.train != "" || o.cv != 0):
		return errors.New("-starter evaluates the embedded model: give -test FILE, not -train or -cv")
	case o.starter && o.test == "":
		return errors.New("-starter needs -test FILE")
	case o.starter && o.save != "":
		return errors.New("-starter trains nothing to save: drop -save")
	case o.starter:
		// The checks of the thresholds and speeds below still apply.
		return checkSettings(o)
	case o.train == "":
		return errors.New("-train FILE is required")
	case o.test == "" && o.cv == 0:
		return errors.New("give -test FILE or -cv K")
	case o.test != "" && o.cv != 0:
		return errors.New("give -test FILE or -cv K, not both")
	case o.cv < 0 || o.cv == 1:
		return fmt.Errorf("-cv %d: cross-validation needs at least 2 folds", o.cv)
	}
	return checkSettings(o)
}

// checkSettings reports what is wrong with the settings of a parsed
// command line: smoothing, thresholds, calibration and passes.
func checkSettings(o options) error {
	switch {
	case !(o.cfg.Alpha > 0 && o.cfg.Alpha < math.Inf(1)):
		return fmt.Errorf("-alpha %v: want a finite number above 0", o.cfg.Alpha)
	case !(o.cfg.SpamThreshold > 0 && o.cfg.SpamThreshold <= 1):
		return fmt.Errorf("-spam-threshold %v: want a probability in (0, 1]", o.cfg.SpamThreshold)
	case !(o.cfg.HamThreshold > 0 && o.cfg.HamThreshold <= o.cfg.SpamThreshold):
		return fmt.Errorf("-ham-threshold %v: want a probability above 0 and at most -spam-threshold (%v)", o.cfg.HamThreshold, o.cfg.SpamThreshold)
	case o.cal != nil && !(o.cal.MaxHamFPR > 0 && o.cal.MaxHamFPR <= 1):
		return fmt.Errorf("-max-ham-fpr %v: want a share in (0, 1]", o.cal.MaxHamFPR)
	case o.cal != nil && o.cal.Folds < 2:
		return fmt.Errorf("-calibration-folds %d: want at least 2", o.cal.Folds)
	case o.foldsReport && o.cal == nil:
		return errors.New("-folds-report checks the calibration: drop -starter, -calibrate=false and the threshold flags")
	case o.passes < 1:
		return fmt.Errorf("-passes %d: want at least 1", o.passes)
	}
	return nil
}

// report is what a run found.
type report struct {
	metrics   classify.Metrics
	trainRate float64 // documents learned per second
	scoreRate float64 // documents scored per second
	model     *classify.Classifier
	plot      plotData
	// calibrated is set when the model's thresholds were calibrated.
	calibrated bool
	// folds is what -folds-report found.
	folds foldsReport
}

// evaluate runs the measurements the options ask for.
func evaluate(o options, prog *progress) (report, error) {
	if o.starter {
		return evaluateStarter(o, prog)
	}
	var rep report
	prog.step("reading %s", o.train)
	train, err := readExamples(o.train, o)
	if err != nil {
		return rep, err
	}
	if err := checkBothClasses(o.train, train); err != nil {
		return rep, err
	}
	var test []classify.Example
	if o.test != "" {
		prog.step("reading %s", o.test)
		if test, err = readExamples(o.test, o); err != nil {
			return rep, err
		}
	}

	rep.plot = plotData{
		title:         "Spam probabilities: " + o.train,
		hamThreshold:  o.cfg.HamThreshold,
		spamThreshold: o.cfg.SpamThreshold,
	}
	if o.cv > 0 {
		heldOut, err := classify.HeldOut(train, &classify.CrossValidation{
			Folds:       o.cv,
			Seed:        o.seed,
			Config:      &o.cfg,
			Calibration: o.cal,
			Progress:    func(n int) { prog.step("cross-validating: fold %d/%d", n, o.cv) },
		})
		if err != nil {
			return rep, err
		}
		rep.metrics = classify.Summarize(heldOut)
		for _, s := range heldOut {
			rep.plot.add(s.Class, s.Result.Probability)
		}
		rep.plot.subtitle = fmt.Sprintf("held-out scores of %d-fold cross-validation (seed %d), %d comments", o.cv, o.seed, len(train))
	}

	cfg := o.cfg
	if o.cal != nil {
		prog.step("calibrating the thresholds on %s", o.train)
		if cfg, rep.folds.promised, err = classify.CalibrateWithPromise(train, &o.cfg, o.cal); err != nil {
			return rep, err
		}
		rep.calibrated = true
		rep.plot.hamThreshold, rep.plot.spamThreshold = cfg.HamThreshold, cfg.SpamThreshold
	}
	rep.trainRate, rep.model, err = measureTraining(train, cfg, o.passes, prog)
	if err != nil {
		return rep, err
	}
	scored := train
	if o.test != "" {
		scored = test
		prog.step("evaluating on %s", o.test)
		rep.metrics = classify.Evaluate(rep.model, test)
		rep.plot.title = "Spam probabilities: " + o.test
		rep.plot.subtitle = fmt.Sprintf("%d test comments, model trained on %s", len(test), o.train)
	}
	rep.scoreRate = measureScoring(rep.model, scored, o.passes, prog)
	if o.foldsReport {
		promised := rep.folds.promised
		if rep.folds, err = checkSplit(train, o, prog); err != nil {
			return rep, err
		}
		rep.folds.promised = promised
	}

	if o.plot == "" {
		return rep, nil
	}
	if o.test != "" {
		for _, ex := range test {
			rep.plot.add(ex.Class, rep.model.Score(ex.Doc).Probability)
		}
	}
	return rep, nil
}

// evaluateStarter measures the embedded starter model on the -test file:
// its own thresholds unless a threshold flag was given, its training speed
// that of its constructor learning the starter corpus.
func evaluateStarter(o options, prog *progress) (report, error) {
	var rep report
	prog.step("reading %s", o.test)
	test, err := readExamples(o.test, o)
	if err != nil {
		return rep, err
	}
	cfg := classify.Config{Alpha: o.cfg.Alpha, Kind: o.cfg.Kind}
	if o.thresholds {
		cfg.SpamThreshold, cfg.HamThreshold = o.cfg.SpamThreshold, o.cfg.HamThreshold
	}
	model, rate, err := starterModel(&cfg, o.passes, prog)
	if err != nil {
		return rep, err
	}
	rep.trainRate, rep.model = rate, model
	prog.step("evaluating on %s", o.test)
	rep.metrics = classify.Evaluate(model, test)
	rep.scoreRate = measureScoring(model, test, o.passes, prog)
	used := model.Config()
	rep.plot = plotData{
		title:         "Spam probabilities: " + o.test,
		subtitle:      fmt.Sprintf("%d test comments, the starter model", len(test)),
		hamThreshold:  used.HamThreshold,
		spamThreshold: used.SpamThreshold,
	}
	if o.plot != "" {
		for _, ex := range test {
			rep.plot.add(ex.Class, model.Score(ex.Doc).Probability)
		}
	}
	return rep, nil
}

// readExamples reads a labelled TSV file: labelled with the kind's two
// labels, or, with -positive, any labels, those listed positive.
func readExamples(path string, o options) ([]classify.Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	examples, err := readLabelled(bufio.NewReaderSize(f, 1<<16), o)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", path, strings.TrimPrefix(err.Error(), "classify: "))
	}
	if len(examples) == 0 {
		return nil, fmt.Errorf("%s: no comments after the header line", path)
	}
	return examples, nil
}

// checkBothClasses makes sure a training set has spam and ham: a filter
// that has seen only one cannot weigh anything.
func checkBothClasses(path string, examples []classify.Example) error {
	var n [2]int
	for _, ex := range examples {
		n[ex.Class]++
	}
	for c, k := range n {
		if k == 0 {
			return fmt.Errorf("%s: no %s comments: the filter needs both to learn from", path, classify.Class(c))
		}
	}
	return nil
}

// measureTraining trains a fresh classifier on all the examples once per
// pass, as classify.Train does, and returns the median documents per
// second and the last model.
func measureTraining(examples []classify.Example, cfg classify.Config, passes int, prog *progress) (float64, *classify.Classifier, error) {
	var model *classify.Classifier
	var learnErr error
	rate := medianRate(passes, len(examples), func(p int) {
		prog.step("training speed: pass %d/%d", p, passes)
	}, func() {
		model, learnErr = classify.Train(examples, &cfg, nil)
	})
	if learnErr != nil {
		return 0, nil, learnErr
	}
	return rate, model, nil
}

// measureScoring scores every example with the model once per pass and
// returns the median documents per second.
func measureScoring(model *classify.Classifier, examples []classify.Example, passes int, prog *progress) float64 {
	return medianRate(passes, len(examples), func(p int) {
		prog.step("scoring speed: pass %d/%d", p, passes)
	}, func() {
		var sum float64
		for _, ex := range examples {
			sum += model.Score(ex.Doc).Probability
		}
		runtime.KeepAlive(sum) // so that the scoring being timed is not dropped
	})
}

// medianRate times work passes times, after a garbage collection each, and
// returns the median of n documents over the time of a pass. before is
// called, untimed, with the pass number from 1.
func medianRate(passes, n int, before func(pass int), work func()) float64 {
	rates := make([]float64, passes)
	for p := range rates {
		before(p + 1)
		runtime.GC()
		start := time.Now()
		work()
		secs := max(time.Since(start).Seconds(), 1e-9)
		rates[p] = float64(n) / secs
	}
	return median(rates)
}

// median returns the median of xs, the mean of the middle two for an even
// count, and 0 for none. It sorts xs.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	mid := len(xs) / 2
	if len(xs)%2 == 1 {
		return xs[mid]
	}
	return (xs[mid-1] + xs[mid]) / 2
}

// writeReport prints the metric lines.
func writeReport(w io.Writer, rep report) error {
	m := rep.metrics
	lines := []struct {
		name  string
		value float64
		prec  int
	}{
		{"accuracy", m.Accuracy, 4},
		{"spam_precision", m.SpamPrecision, 4},
		{"spam_recall", m.SpamRecall, 4},
		{"spam_f1", m.SpamF1, 4},
		{"macro_f1", m.MacroF1, 4},
		{"ham_fpr", m.HamFPR, 4},
		{"auc", m.AUC, 4},
		{"train_docs_per_s", rep.trainRate, 0},
		{"score_docs_per_s", rep.scoreRate, 0},
		{"spam_held", m.SpamHeld, 4},
		{"ham_held", m.HamHeld, 4},
		{"positive_precision", m.SpamPrecision, 4},
		{"positive_recall", m.SpamRecall, 4},
		{"positive_f1", m.SpamF1, 4},
		{"negative_fpr", m.HamFPR, 4},
	}
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "%s: %.*f\n", l.name, l.prec, l.value)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// progress reports what a long run is doing on stderr: on a terminal as
// one line rewritten in place, with -v elsewhere as one line per step.
type progress struct {
	w     io.Writer
	on    bool
	tty   bool
	dirty bool // a line is showing on the terminal
}

func newProgress(w io.Writer, verbose bool) *progress {
	tty := isTerminal(w)
	return &progress{w: w, on: tty || verbose, tty: tty}
}

// step shows the current step.
func (p *progress) step(format string, args ...any) {
	if !p.on {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if p.tty {
		fmt.Fprintf(p.w, "\r\x1b[Kspameval: %s", msg)
		p.dirty = true
		return
	}
	fmt.Fprintf(p.w, "spameval: %s\n", msg)
}

// clear removes the progress line from the terminal.
func (p *progress) clear() {
	if p.dirty {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.dirty = false
	}
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
