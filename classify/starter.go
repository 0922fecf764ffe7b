package classify

import (
	"bytes"
	_ "embed"
	"fmt"
)

// starterCorpus is the starter corpus written for this project: Vietnamese
// and English comments as news sites see them; see starter/README.md.
//
//go:embed starter/corpus.tsv
var starterCorpus []byte

// StarterExamples returns the labelled comments of the embedded starter
// corpus, for a site that wants to train on them together with its own.
func StarterExamples() ([]Example, error) {
	ex, err := ReadTSV(bytes.NewReader(starterCorpus))
	if err != nil {
		return nil, fmt.Errorf("classify: starter corpus: %w", err)
	}
	return ex, nil
}

// Thresholds of the starter model, for [Default]: conservative, because
// the starter knows no site's comments. A comment is flagged only on
// strong evidence, and cleared only when the evidence is clearly for ham;
// the wide band between is unsure, for a moderator. Chosen on real
// comments the project does not ship (see docs/classifier.md): flagging
// at most 0.5% of readers' comments, holding three quarters of comment
// spam as spam or unsure.
const (
	StarterSpamThreshold = 0.9995
	StarterHamThreshold  = 0.15
)

// Default returns a new classifier trained on the starter corpus, so the
// library scores out of the box; a nil cfg means the defaults, with the
// starter's thresholds, StarterSpamThreshold and StarterHamThreshold, for
// a threshold cfg leaves zero. Each call trains a fresh model (some tens
// of milliseconds), which the caller may go on teaching. It is a start
// only: retrain on the site's own moderated comments, as the package
// documentation describes.
func Default(cfg *Config) (*Classifier, error) {
	ex, err := StarterExamples()
	if err != nil {
		return nil, err
	}
	var want Config
	if cfg != nil {
		want = *cfg
	}
	if want.SpamThreshold == 0 {
		want.SpamThreshold = StarterSpamThreshold
	}
	if want.HamThreshold == 0 {
		want.HamThreshold = min(StarterHamThreshold, want.SpamThreshold)
	}
	c, err := New(&want)
	if err != nil {
		return nil, err
	}
	if err := c.LearnBatch(ex); err != nil {
		return nil, err
	}
	return c, nil
}
