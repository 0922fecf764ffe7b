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

// Default returns a new classifier trained on the starter corpus, so the
// library scores out of the box; a nil cfg means the defaults. Each call
// trains a fresh model (a few milliseconds), which the caller may go on
// teaching. It is a start only: retrain on the site's own moderated
// comments, as the package documentation describes.
func Default(cfg *Config) (*Classifier, error) {
	ex, err := StarterExamples()
	if err != nil {
		return nil, err
	}
	c, err := New(cfg)
	if err != nil {
		return nil, err
	}
	if err := c.LearnBatch(ex); err != nil {
		return nil, err
	}
	return c, nil
}
