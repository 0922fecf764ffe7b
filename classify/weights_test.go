package classify

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A moderator who changes their mind back and forth leaves the model where
// it was: Unlearn takes back the weights' step as well as the counts.
func TestLearnUnlearnToggle(t *testing.T) {
	c, err := Default(nil)
	require.NoError(t, err)
	for _, doc := range []Document{
		Text("một câu hoàn toàn mới vay tiền 0912345678"), // unsure: the largest steps
		Text("Cảm ơn tác giả, bài viết rất hay"),
		Text("Nhà cái uy tín, nạp đầu tặng 500k, ib zalo"),
	} {
		for _, class := range []Class{Spam, Ham} {
			before := toLogOdds(c.Score(doc).Probability)
			var model bytes.Buffer
			_, err := c.WriteTo(&model)
			require.NoError(t, err)
			for range 1000 {
				require.NoError(t, c.Learn(class, doc))
				require.NoError(t, c.Unlearn(class, doc))
			}
			after := toLogOdds(c.Score(doc).Probability)
			assert.InDelta(t, before, after, 0.05, "%s as %s: 1000 toggles", doc.Content, class)
			back, err := Read(&model, nil)
			require.NoError(t, err)
			assert.Equal(t, back.Features(), c.Features(), "the counts come back exactly")
		}
	}
}

// A long comment is not certain for being long: past the evidence cap
// the summed evidence grows as the square root of the features known,
// so four times the spam words give twice the evidence, not four times.
func TestLongCommentsNotCertain(t *testing.T) {
	var lessons []Example
	var spamWords, hamWords []string
	// Words of two Hangul syllables, each its own: no word shares a
	// letter pair (see grams) with another, so that every word's evidence
	// is its own.
	for i := range 64 {
		spamWords = append(spamWords, string([]rune{0xAC00 + rune(4*i), 0xAC00 + rune(4*i+1)}))
		hamWords = append(hamWords, string([]rune{0xAC00 + rune(4*i+2), 0xAC00 + rune(4*i+3)}))
	}
	for i := range 32 {
		lessons = append(lessons,
			Example{Class: Spam, Doc: Text(spamWords[i] + " " + spamWords[(i+32)%64])},
			Example{Class: Ham, Doc: Text(hamWords[i] + " " + hamWords[(i+32)%64])})
	}
	c := newClassifier(t, nil)
	require.NoError(t, c.LearnBatch(lessons))
	evidence := func(words []string) float64 {
		r := c.Explain(Text(strings.Join(words, " ")), -1)
		sum := 0.0
		for _, tok := range r.Tokens {
			if !strings.HasPrefix(tok.Text, "#") { // the words and their letters
				sum += tok.Weight
			}
		}
		return sum
	}
	short, long := evidence(spamWords[:16]), evidence(spamWords)
	require.Greater(t, short, 0.0)
	assert.InDelta(t, 2.0, long/short, 0.35, "64 spam words against 16: the evidence of the words %v and %v", long, short)
	assert.Equal(t, 1.0, c.evidenceScale(evidenceCap))
	assert.InDelta(t, 0.5, c.evidenceScale(4*evidenceCap), 1e-12)
}

// Two servers applying the same lessons in the same order hold the same
// model, to the bit.
func TestLearningIsDeterministic(t *testing.T) {
	lessons := mustStarter(t)
	a, b := newClassifier(t, nil), newClassifier(t, nil)
	require.NoError(t, a.LearnBatch(lessons))
	require.NoError(t, b.LearnBatch(lessons))
	for i, ex := range lessons[:50] {
		require.NoError(t, a.Learn(1-ex.Class, ex.Doc))
		require.NoError(t, b.Learn(1-ex.Class, ex.Doc))
		if i%3 == 0 {
			require.NoError(t, a.Unlearn(1-ex.Class, ex.Doc))
			require.NoError(t, b.Unlearn(1-ex.Class, ex.Doc))
		}
	}
	var ma, mb bytes.Buffer
	_, err := a.WriteTo(&ma)
	require.NoError(t, err)
	_, err = b.WriteTo(&mb)
	require.NoError(t, err)
	assert.Equal(t, ma.Bytes(), mb.Bytes())
}

// The weights stay in their bounds and the bias in its, whatever is
// learned: here the same spam taught as ham a thousand times.
func TestWeightsBounded(t *testing.T) {
	c := trained(t)
	doc := Text("Vay tiền nhanh không thẩm định, ib zalo 0912 345 678")
	for range 1000 {
		require.NoError(t, c.Learn(Ham, doc))
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, e := range c.feats.slots {
		if e.key != 0 {
			assert.True(t, e.w >= 0 && e.w <= maxWeight, "weight %v", e.w)
		}
	}
	assert.LessOrEqual(t, math.Abs(c.bias), float64(maxBias))
}

// A feature's counts are 32-bit: the model refuses to count past them
// rather than wrap around.
func TestCountsDoNotOverflow(t *testing.T) {
	c := trained(t)
	c.docs[Spam] = math.MaxUint32 - 1
	require.NoError(t, c.Learn(Spam, Text("một lần nữa")))
	err := c.Learn(Spam, Text("lần nữa"))
	assert.ErrorContains(t, err, "no more than 4294967295")
	assert.NoError(t, c.Learn(Ham, Text("lần nữa")), "the other class still learns")
}

// LearnBatch learns all of a batch or none of it: a batch that fails its
// checks leaves the model as it was, however far into it the failure is.
func TestLearnBatchAllOrNothing(t *testing.T) {
	var batch []Example
	for i := range 3 * learnChunk {
		batch = append(batch, Example{Class: Spam, Doc: Text(fmt.Sprintf("quảng cáo số %d, vay nhanh lãi thấp", i))})
	}
	tests := []struct {
		name  string
		room  uint64 // spam documents the model can still count
		batch []Example
		msg   string
	}{
		{"counts overflow in the last chunk", 2*learnChunk + 10, batch, "nothing learned"},
		{"counts overflow in the first chunk", 10, batch, "nothing learned"},
		{"an unknown class at the end", math.MaxUint32, append(slices.Clone(batch), Example{Class: 2, Doc: Text("x")}), "unknown class"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := trained(t)
			c.docs[Spam] = math.MaxUint32 - tt.room
			var before bytes.Buffer
			_, err := c.WriteTo(&before)
			require.NoError(t, err)
			err = c.LearnBatch(tt.batch)
			assert.ErrorContains(t, err, tt.msg)
			var after bytes.Buffer
			_, err = c.WriteTo(&after)
			require.NoError(t, err)
			assert.Equal(t, before.Bytes(), after.Bytes(), "the model is as it was")
			assert.Equal(t, [2]uint64{}, c.reserved, "no room stays reserved")
		})
	}

	// Room taken by a batch under way counts for the others.
	c := trained(t)
	c.docs[Spam] = math.MaxUint32 - uint64(len(batch))
	c.reserved[Spam] = 1
	assert.ErrorContains(t, c.LearnBatch(batch), "with those of batches being learned")
	c.reserved[Spam] = 0
	require.NoError(t, c.LearnBatch(batch), "a batch that just fits")
	_, spam := c.Docs()
	assert.Equal(t, uint64(math.MaxUint32), spam)
}

// A spam threshold of 1 flags nothing, even a probability that rounds to 1.
func TestSpamThresholdOne(t *testing.T) {
	c := newClassifier(t, &Config{SpamThreshold: 1, HamThreshold: 0.5})
	require.NoError(t, c.LearnBatch(tiny))
	spammy := Text("Vay tiền nhanh không thẩm định, ib zalo 0912 345 678, nhà cái uy tín, nạp đầu tặng 500k tại bet88.example")
	r := c.Score(spammy)
	assert.Equal(t, VerdictUnsure, r.Verdict, "p = %v", r.Probability)
	d := newClassifier(t, &Config{SpamThreshold: 0.999, HamThreshold: 0.5})
	require.NoError(t, d.LearnBatch(tiny))
	assert.Equal(t, VerdictSpam, d.Score(spammy).Verdict)
}

// abuseStarterExamples reads the abuse starter corpus of package
// classify/abuse, which that package embeds.
func abuseStarterExamples(t testing.TB) []Example {
	t.Helper()
	f, err := os.Open("abuse/starter/corpus.tsv")
	require.NoError(t, err)
	defer f.Close()
	ex, err := ReadTSVLabels(f, KindAbuse.Labels())
	require.NoError(t, err)
	return ex
}

// trainingLoss is the mean log-loss of a model's probabilities on
// examples.
func trainingLoss(c *Classifier, examples []Example) float64 {
	var loss float64
	for _, ex := range examples {
		p := c.Score(ex.Doc).Probability
		if ex.Class == Ham {
			p = 1 - p
		}
		loss -= math.Log(max(p, 1e-300))
	}
	return loss / float64(len(examples))
}

// Train fits a model further than one LearnBatch (its evidence cap, and
// more passes of the weights), the same way every time, with the counts
// of LearnBatch, which Unlearn takes back exactly: an abuse model and a
// spam model alike.
func TestTrainRefits(t *testing.T) {
	for _, kind := range []struct {
		name     string
		cfg      *Config
		examples func(testing.TB) []Example
		// loss bounds the training loss of Train's model, as a share of
		// that of one LearnBatch.
		loss float64
	}{
		{"abuse", &Config{Kind: KindAbuse}, abuseStarterExamples, 0.5},
		{"spam", &Config{Kind: KindSpam}, func(tb testing.TB) []Example {
			ex, err := StarterExamples()
			require.NoError(tb, err)
			return ex
		}, 0.7},
	} {
		t.Run(kind.name, func(t *testing.T) {
			ex := kind.examples(t)
			trained, err := Train(ex, kind.cfg, nil)
			require.NoError(t, err)
			once := newClassifier(t, kind.cfg)
			require.NoError(t, once.LearnBatch(ex))

			assert.Equal(t, trainEvidenceCap, trained.evidenceCap)
			assert.Equal(t, evidenceCap, once.evidenceCap)
			assert.Equal(t, once.Features(), trained.Features(), "the same features, counted alike")
			assert.Less(t, trainingLoss(trained, ex), kind.loss*trainingLoss(once, ex), "the passes fit the weights closer")

			again, err := Train(ex, kind.cfg, nil)
			require.NoError(t, err)
			assert.Equal(t, modelBytes(t, trained), modelBytes(t, again), "training is deterministic")

			for _, e := range ex {
				require.NoError(t, trained.Unlearn(e.Class, e.Doc))
			}
			ham, spam := trained.Docs()
			assert.Equal(t, [2]uint64{0, 0}, [2]uint64{ham, spam})
			assert.Equal(t, 0, trained.Features(), "every count taken back")
		})
	}
}

// Refitting a batch too big to keep its features from pass to pass
// tokenizes it again each pass, and fits the same weights.
func TestRefitUncached(t *testing.T) {
	ex := abuseStarterExamples(t)
	cfg := &Config{Kind: KindAbuse}
	cached, err := Train(ex, cfg, nil)
	require.NoError(t, err)
	keep := refitCacheMax
	refitCacheMax = 1000
	t.Cleanup(func() { refitCacheMax = keep })
	uncached, err := Train(ex, cfg, nil)
	require.NoError(t, err)
	assert.Equal(t, modelBytes(t, cached), modelBytes(t, uncached))
}

// modelBytes is c's model file.
func modelBytes(t *testing.T, c *Classifier) []byte {
	t.Helper()
	var b bytes.Buffer
	_, err := c.WriteTo(&b)
	require.NoError(t, err)
	return b.Bytes()
}

// Train fits a spam model additive weights, which scoring adds and the
// model file keeps (version 5); a feature only one example had gets none;
// Learn leaves them; an abuse model gets them too, at its own rate;
// LearnBatch and New fit none and are saved as before.
func TestAdditiveWeights(t *testing.T) {
	ex, err := StarterExamples()
	require.NoError(t, err)
	// One example with a word no other has.
	ex = append(ex, Example{Class: Spam, Doc: Text("zqxwvj vay tiền")})
	c, err := Train(ex, nil, nil)
	require.NoError(t, err)

	fitted := 0
	for _, e := range c.feats.slots {
		if e.key == 0 {
			continue
		}
		require.True(t, e.a >= -maxAdditive && e.a <= maxAdditive, "additive weight %v", e.a)
		if e.a != 0 {
			fitted++
		}
	}
	assert.Greater(t, fitted, c.Features()/4, "most features shared by examples get an additive weight")
	lone := c.feats.find(hashOf(t, "zqxwvj"))
	require.GreaterOrEqual(t, lone, 0)
	assert.Zero(t, c.feats.slots[lone].a, "a feature of one example is unknown without it, and gets none")

	data := modelBytes(t, c)
	assert.Equal(t, byte(modelVersion), data[len(modelMagic)])
	back, err := Read(bytes.NewReader(data), nil)
	require.NoError(t, err)
	for _, doc := range []Document{Text("vay tiền nhanh, ib zalo"), Text("Chúc mừng đội tuyển!"), ex[0].Doc} {
		assert.Equal(t, c.Score(doc), back.Score(doc), "scores of the saved model")
	}

	// Learn steps the weights, not the additive weights.
	before := make(map[uint64]float32)
	for _, e := range c.feats.slots {
		if e.key != 0 {
			before[e.key] = e.a
		}
	}
	require.NoError(t, c.Learn(Ham, Text("Chúc mừng đội tuyển, vay tiền gì đâu")))
	for _, e := range c.feats.slots {
		if a, ok := before[e.key]; ok {
			require.Equal(t, a, e.a)
		}
	}

	abuse, err := Train(abuseStarterExamples(t), &Config{Kind: KindAbuse}, nil)
	require.NoError(t, err)
	abuseFitted := 0
	for _, e := range abuse.feats.slots {
		if e.key != 0 && e.a != 0 {
			abuseFitted++
		}
	}
	assert.Greater(t, abuseFitted, abuse.Features()/4, "an abuse model fits additive weights too")
	assert.Equal(t, byte(modelVersion), modelBytes(t, abuse)[len(modelMagic)])
	once := newClassifier(t, nil)
	require.NoError(t, once.LearnBatch(ex))
	for _, e := range once.feats.slots {
		require.Zero(t, e.a)
	}
	assert.Equal(t, byte(cappedVersion), modelBytes(t, once)[len(modelMagic)])
}

// hashOf is the hash of the one word feature of a word without accents,
// read from the content field.
func hashOf(t *testing.T, word string) uint64 {
	t.Helper()
	tk := getTokenizer(true)
	defer tk.release()
	tk.document(Text(word), KindSpam)
	for i, n := range tk.names {
		if n == word {
			return tk.hashes[i]
		}
	}
	t.Fatalf("no feature %q in %q", word, tk.names)
	return 0
}
