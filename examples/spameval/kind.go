package main

import (
	"fmt"
	"io"
	"slices"

	"github.com/binhluan/binhluan/classify"
	"github.com/binhluan/binhluan/classify/abuse"
)

// readLabelled reads labelled examples for the options' kind: without
// -positive, a label must be one of the kind's two (spam and ham, or abuse
// and clean); with -positive, the labels listed are the positive class and
// every other label the negative one, so that ViHSD's clean, offensive and
// hate read as two classes with -positive offensive,hate.
func readLabelled(r io.Reader, o options) ([]classify.Example, error) {
	if o.positive == nil {
		if o.cfg.Kind == classify.KindSpam {
			return classify.ReadTSV(r)
		}
		return classify.ReadTSVLabels(r, o.cfg.Kind.Labels())
	}
	return classify.ReadTSVFunc(r, func(label string) (classify.Class, error) {
		if slices.Contains(o.positive, label) {
			return classify.Spam, nil
		}
		return classify.Ham, nil
	})
}

// starterModel returns the starter model of the kind of cfg, made by the
// kind's own constructor (classify.Default or abuse.Default) passes times,
// with the median documents of its corpus a second that took.
func starterModel(cfg *classify.Config, passes int, prog *progress) (*classify.Classifier, float64, error) {
	examples, def := classify.StarterExamples, classify.Default
	if cfg.Kind == classify.KindAbuse {
		examples, def = abuse.Examples, abuse.Default
	}
	ex, err := examples()
	if err != nil {
		return nil, 0, err
	}
	var model *classify.Classifier
	rate := medianRate(passes, len(ex), func(p int) {
		prog.step("training speed: pass %d/%d", p, passes)
	}, func() {
		model, err = def(cfg)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("the %v starter model: %w", cfg.Kind, err)
	}
	return model, rate, nil
}
