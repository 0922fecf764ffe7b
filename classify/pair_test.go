package classify

import (
	"os"

	"github.com/binhluan/binhluan/comment"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bothModels returns the spam starter model, an abuse model trained on the
// abuse starter corpus, and the comments of both corpora.
func bothModels(tb testing.TB) (spam, abuse *Classifier, docs []Document) {
	tb.Helper()
	spam, err := Default(nil)
	require.NoError(tb, err)
	f, err := os.Open("abuse/starter/corpus.tsv")
	require.NoError(tb, err)
	defer f.Close()
	ex, err := ReadTSVLabels(f, KindAbuse.Labels())
	require.NoError(tb, err)
	abuse, err = Train(ex, &Config{Kind: KindAbuse}, nil)
	require.NoError(tb, err)
	spamEx, err := StarterExamples()
	require.NoError(tb, err)
	for _, e := range append(ex, spamEx...) {
		docs = append(docs, e.Doc)
	}
	return spam, abuse, docs
}

func TestScoreBoth(t *testing.T) {
	spam, abuse, docs := bothModels(t)
	for _, d := range docs[:300] {
		s, a := ScoreBoth(spam, abuse, d)
		assert.Equal(t, spam.Score(d), s, d.Content)
		assert.Equal(t, abuse.Score(d), a, d.Content)
	}
	// Models of other kinds are scored apart.
	s, a := ScoreBoth(abuse, spam, docs[0])
	assert.Equal(t, abuse.Score(docs[0]), s)
	assert.Equal(t, spam.Score(docs[0]), a)
}

// Classifier is the PairScorer of comment's screening.
var _ comment.PairScorer = (*Classifier)(nil)

func TestJudgeBoth(t *testing.T) {
	spam, abuse, docs := bothModels(t)
	for _, d := range docs[:200] {
		s, a, ok := spam.JudgeBoth(abuse, d.Name, d.Title, d.Content)
		require.True(t, ok)
		var want comment.Verdict
		want.P, want.Flagged, want.Cleared = spam.Judge(d.Name, d.Title, d.Content)
		assert.Equal(t, want, s, d.Content)
		want.P, want.Flagged, want.Cleared = abuse.Judge(d.Name, d.Title, d.Content)
		assert.Equal(t, want, a, d.Content)
	}
	// Not a pair: the screener scores the two apart.
	for _, other := range []any{spam, nil, (*Classifier)(nil), "abuse"} {
		_, _, ok := spam.JudgeBoth(other, "", "", "thằng ngu")
		assert.False(t, ok, "%T", other)
	}
	_, _, ok := abuse.JudgeBoth(abuse, "", "", "thằng ngu")
	assert.False(t, ok)
}

// BenchmarkJudgeBoth scores the comments of both starter corpora with
// both models at once (ScoreBoth), both apart, or the abuse model alone,
// each batch of comments followed by the same batch scored by the spam
// model alone, so that both see the same load on a shared machine. It
// reports ns/doc, spam_ns/doc and x_spam, the ratio of the two.
func BenchmarkJudgeBoth(b *testing.B) {
	spam, abuse, docs := bothModels(b)
	const batch = 64
	for _, bench := range []struct {
		name  string
		score func(Document)
	}{
		{"once", func(d Document) { ScoreBoth(spam, abuse, d) }},
		{"apart", func(d Document) { spam.Score(d); abuse.Score(d) }},
		{"abuse", func(d Document) { abuse.Score(d) }},
	} {
		b.Run(bench.name, func(b *testing.B) {
			var took, alone time.Duration
			n, next := 0, 0
			for b.Loop() {
				start := time.Now()
				for i := range batch {
					bench.score(docs[(next+i)%len(docs)])
				}
				mid := time.Now()
				for i := range batch {
					spam.Score(docs[(next+i)%len(docs)])
				}
				took += mid.Sub(start)
				alone += time.Since(mid)
				n += batch
				next = (next + batch) % len(docs)
			}
			b.ReportMetric(float64(took.Nanoseconds())/float64(n), "ns/doc")
			b.ReportMetric(float64(alone.Nanoseconds())/float64(n), "spam_ns/doc")
			b.ReportMetric(float64(took)/float64(alone), "x_spam")
		})
	}
}
