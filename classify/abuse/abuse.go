package abuse

import (
	"bytes"
	_ "embed"
	"fmt"

	"github.com/binhluan/binhluan/classify"
)

// corpus is the starter corpus written for this project: Vietnamese and
// English reader comments labelled abuse or clean; see starter/README.md.
//
//go:embed starter/corpus.tsv
var corpus []byte

// Examples returns the labelled comments of the embedded starter corpus,
// abuse as classify.Spam and clean as classify.Ham, for a site that wants
// to train on them together with its own.
func Examples() ([]classify.Example, error) {
	ex, err := classify.ReadTSVLabels(bytes.NewReader(corpus), classify.KindAbuse.Labels())
	if err != nil {
		return nil, fmt.Errorf("abuse: starter corpus: %w", err)
	}
	return ex, nil
}

// Thresholds of the starter model, for [Default]: conservative, because
// the starter knows no site's comments and a comment it flags waits for a
// moderator. Chosen on real comments the project does not ship (see
// docs/abuse.md).
const (
	StarterAbuseThreshold = 0.55
	StarterCleanThreshold = 0.3
)

// Default returns a new abuse model (classify.KindAbuse) trained on the
// starter corpus, so that a site screens abuse from its first comment; a
// nil cfg means the defaults, with the starter's thresholds,
// StarterAbuseThreshold and StarterCleanThreshold, for a threshold cfg
// leaves zero. cfg's Kind is set to KindAbuse. Each call trains a fresh
// model (some tens of milliseconds: classify.Train fits an abuse model
// with more passes), which the caller may go on teaching.
// It is a start only: retrain on the site's own moderators' decisions.
func Default(cfg *classify.Config) (*classify.Classifier, error) {
	ex, err := Examples()
	if err != nil {
		return nil, err
	}
	var want classify.Config
	if cfg != nil {
		want = *cfg
	}
	want.Kind = classify.KindAbuse
	if want.SpamThreshold == 0 {
		want.SpamThreshold = StarterAbuseThreshold
	}
	if want.HamThreshold == 0 {
		want.HamThreshold = min(StarterCleanThreshold, want.SpamThreshold)
	}
	return classify.Train(ex, &want, nil)
}
