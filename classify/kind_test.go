package classify

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// abuseTiny is a small abuse corpus, labelled clean and abuse.
const abuseTiny = "label\ttext\n" +
	"abuse\tThằng ngu này câm mồm đi\n" +
	"abuse\tđịt mẹ mày, đồ óc chó\n" +
	"abuse\tMày đúng là đồ súc vật\n" +
	"clean\tCon chó nhà tôi rất khôn\n" +
	"clean\tĐề nghị làm rõ trách nhiệm của lãnh đạo\n" +
	"clean\tThằng bé nhà tôi thích đá bóng\n"

func abuseModel(t testing.TB) *Classifier {
	t.Helper()
	ex, err := ReadTSVLabels(strings.NewReader(abuseTiny), KindAbuse.Labels())
	require.NoError(t, err)
	c, err := Train(ex, &Config{Kind: KindAbuse}, nil)
	require.NoError(t, err)
	return c
}

func TestKindLabels(t *testing.T) {
	tests := []struct {
		kind       Kind
		name       string
		neg, pos   string
		parseError bool
	}{
		{KindSpam, "spam", "ham", "spam", false},
		{KindAbuse, "abuse", "clean", "abuse", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.name, tt.kind.String())
		k, err := ParseKind(tt.name)
		require.NoError(t, err)
		assert.Equal(t, tt.kind, k)
		assert.Equal(t, [2]string{tt.neg, tt.pos}, tt.kind.Labels())
		c, err := ParseLabel(tt.kind.Labels(), tt.pos)
		require.NoError(t, err)
		assert.Equal(t, Spam, c)
	}
	_, err := ParseKind("toxic")
	assert.Error(t, err)
	_, err = ParseLabel(KindAbuse.Labels(), "spam")
	assert.ErrorContains(t, err, "want abuse or clean")
}

func TestConfigKindAndLabels(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		err  string
	}{
		{"abuse", Config{Kind: KindAbuse}, ""},
		{"own labels", Config{Labels: [2]string{"non-toxic", "toxic"}}, ""},
		{"unknown kind", Config{Kind: 7}, "Config.Kind"},
		{"one label", Config{Labels: [2]string{"", "toxic"}}, "Config.Labels"},
		{"same labels", Config{Labels: [2]string{"x", "x"}}, "Config.Labels"},
		{"tab in a label", Config{Labels: [2]string{"a\tb", "c"}}, "Config.Labels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(&tt.cfg)
			if tt.err != "" {
				assert.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.cfg.Kind, c.Kind())
		})
	}
	c, err := New(&Config{Labels: [2]string{"non-toxic", "toxic"}})
	require.NoError(t, err)
	assert.Equal(t, [2]string{"non-toxic", "toxic"}, c.Labels())
	assert.Equal(t, [2]string{"ham", "spam"}, new(Classifier).Labels())
}

func TestReadTSVLabels(t *testing.T) {
	ex, err := ReadTSVLabels(strings.NewReader(abuseTiny), KindAbuse.Labels())
	require.NoError(t, err)
	assert.Len(t, ex, 6)
	assert.Equal(t, Spam, ex[0].Class)
	assert.Equal(t, Ham, ex[5].Class)

	_, err = ReadTSVLabels(strings.NewReader("label\ttext\nspam\tx\n"), KindAbuse.Labels())
	var pe *ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, 2, pe.Line)
	assert.ErrorIs(t, err, ErrLabel)
	assert.ErrorContains(t, err, "want abuse or clean")

	three := "label\ttext\nclean\ta\noffensive\tb\nhate\tc\n"
	ex, err = ReadTSVFunc(strings.NewReader(three), func(l string) (Class, error) {
		if l == "clean" {
			return Ham, nil
		}
		return Spam, nil
	})
	require.NoError(t, err)
	assert.Equal(t, []Class{Ham, Spam, Spam}, []Class{ex[0].Class, ex[1].Class, ex[2].Class})
}

// An abuse model reads a disguised insult as the plain one: the spelling
// with a digit, spelled apart or with repeated letters meets the folded
// form learned from the plain word.
func TestAbuseFeaturesFoldDisguises(t *testing.T) {
	names := func(k Kind, s string) []string {
		tk := getTokenizer(true)
		defer tk.release()
		tk.document(Text(s), k)
		return slices.Clone(tk.names)
	}
	for _, s := range []string{"địt", "dit", "Đ1T", "d.i.t", "điiiit"} {
		assert.Contains(t, names(KindAbuse, s), "^dit", s)
		assert.NotContains(t, names(KindSpam, s), "^dit", "the spam kind's features are unchanged")
	}
	got := names(KindAbuse, "Mày đúng là đồ ngu")
	for _, want := range []string{"@ngu", "#wl:suspect", "#dir", "#dir:ngu"} {
		assert.Contains(t, got, want)
	}
	got = names(KindAbuse, "con chó nhà tôi rất khôn")
	assert.Contains(t, got, "@cho")
	assert.NotContains(t, got, "#dir", "no word-list entry: nothing directed")
	// The spam features come first, as the spam kind has them.
	tk := getTokenizer(false)
	tk.document(Text("Thằng ngu, đ1t mẹ mày"), KindAbuse)
	abuseHashes, split := slices.Clone(tk.hashes), tk.split
	tk.reset(false)
	tk.document(Text("Thằng ngu, đ1t mẹ mày"), KindSpam)
	assert.Equal(t, tk.hashes, abuseHashes[:split])
	assert.Greater(t, len(abuseHashes), split)
	tk.release()
}

func TestAbuseModel(t *testing.T) {
	c := abuseModel(t)
	assert.Equal(t, KindAbuse, c.Kind())
	abusive := c.Score(Text("thằng óc ch0 câm m0m"))
	clean := c.Score(Text("Đề nghị làm rõ trách nhiệm"))
	assert.Greater(t, abusive.Probability, 0.5)
	assert.Less(t, clean.Probability, 0.5)
	p, _, _ := c.Judge("", "", "thằng óc ch0 câm m0m")
	assert.Equal(t, abusive.Probability, p)

	doc := Text("Mày là đồ súc sinh")
	require.NoError(t, c.Learn(Spam, doc))
	require.NoError(t, c.Unlearn(Spam, doc))
	assert.ErrorIs(t, c.Unlearn(Spam, doc), ErrNotLearned)

	r := c.Explain(Text("đ.ị.t mẹ mày"), -1)
	var texts []string
	for _, tok := range r.Tokens {
		texts = append(texts, tok.Text)
	}
	assert.Contains(t, texts, "^dit")
}

func TestPersistKind(t *testing.T) {
	c := abuseModel(t)
	var buf bytes.Buffer
	_, err := c.WriteTo(&buf)
	require.NoError(t, err)
	data := buf.Bytes()
	assert.Equal(t, byte(modelVersion), data[len(modelMagic)], "Train fits an abuse model additive weights, which need version 5")

	back, err := Read(bytes.NewReader(data), nil)
	require.NoError(t, err)
	assert.Equal(t, KindAbuse, back.Kind())
	assert.Equal(t, KindAbuse.Labels(), back.Labels())
	doc := Text("thằng óc chó")
	assert.Equal(t, c.Score(doc), back.Score(doc))

	relabelled, err := Read(bytes.NewReader(data), &Config{Labels: [2]string{"ok", "toxic"}})
	require.NoError(t, err)
	assert.Equal(t, [2]string{"ok", "toxic"}, relabelled.Labels())
	assert.Equal(t, KindAbuse, relabelled.Kind())

	// An abuse model without additive weights is version 4: a kind other
	// than spam needs it.
	ex, err := ReadTSVLabels(strings.NewReader(abuseTiny), KindAbuse.Labels())
	require.NoError(t, err)
	batch, err := New(&Config{Kind: KindAbuse})
	require.NoError(t, err)
	require.NoError(t, batch.LearnBatch(ex))
	buf.Reset()
	_, err = batch.WriteTo(&buf)
	require.NoError(t, err)
	assert.Equal(t, byte(labelledVersion), buf.Bytes()[len(modelMagic)])
	back, err = Read(&buf, nil)
	require.NoError(t, err)
	assert.Equal(t, KindAbuse, back.Kind())
	assert.Equal(t, batch.Score(doc), back.Score(doc))

	// A spam model with its own labels is version 4 too, and keeps them.
	spam, err := New(&Config{Labels: [2]string{"ok", "junk"}})
	require.NoError(t, err)
	require.NoError(t, spam.Learn(Spam, Text("vay tiền")))
	buf.Reset()
	_, err = spam.WriteTo(&buf)
	require.NoError(t, err)
	back, err = Read(&buf, nil)
	require.NoError(t, err)
	assert.Equal(t, [2]string{"ok", "junk"}, back.Labels())
	assert.Equal(t, KindSpam, back.Kind())

	// A spam model with the default labels is still written as version 3.
	var plain Classifier
	require.NoError(t, plain.Learn(Spam, Text("vay tiền")))
	buf.Reset()
	_, err = plain.WriteTo(&buf)
	require.NoError(t, err)
	assert.Equal(t, byte(cappedVersion), buf.Bytes()[len(modelMagic)])
}

func TestReadKindMismatch(t *testing.T) {
	c := abuseModel(t)
	var buf bytes.Buffer
	_, err := c.WriteTo(&buf)
	require.NoError(t, err)
	// A spam model is not read as an abuse model; a truncated file is corrupt.
	var spam Classifier
	require.NoError(t, spam.Learn(Ham, Text("xin chào")))
	var sbuf bytes.Buffer
	_, err = spam.WriteTo(&sbuf)
	require.NoError(t, err)
	_, err = Read(bytes.NewReader(sbuf.Bytes()), &Config{Kind: KindAbuse})
	assert.ErrorContains(t, err, "the model is a spam model")
	_, err = Read(bytes.NewReader(buf.Bytes()), &Config{Kind: KindAbuse})
	assert.NoError(t, err)
	_, err = Read(bytes.NewReader(buf.Bytes()[:len(buf.Bytes())-6]), nil)
	assert.True(t, errors.Is(err, ErrCorrupt))
}

// FuzzReadAbuse reads damaged abuse model files (format 4, with a kind and
// labels) and tokenizes text for the abuse features: neither panics, and
// a model read scores with a probability.
func FuzzReadAbuse(f *testing.F) {
	var buf bytes.Buffer
	_, err := abuseModel(f).WriteTo(&buf)
	require.NoError(f, err)
	f.Add(buf.Bytes(), "thằng óc ch0 d.i.t")
	f.Add([]byte("BLNB\x04"), "đ1t mẹ mày")
	f.Fuzz(func(t *testing.T, data []byte, text string) {
		c, err := Read(bytes.NewReader(data), nil)
		if err != nil {
			c = abuseModel(t)
		}
		r := c.Explain(Document{Name: text, Title: text, Content: text}, -1)
		if !(r.Probability >= 0 && r.Probability <= 1) {
			t.Fatalf("probability %v", r.Probability)
		}
		if err := checkLabels(c.Labels()); err != nil {
			t.Fatalf("a model read has labels %q: %v", c.Labels(), err)
		}
	})
}

// TestAimKeyBounds checks that the bounds isAim checks a word's Key
// against hold every word aimed at a person.
func TestAimKeyBounds(t *testing.T) {
	seen := map[string]bool{}
	for _, a := range aimWords() {
		assert.True(t, len(a.key) >= minAimKey && len(a.key) <= maxAimKey, "key %q", a.key)
		assert.False(t, seen[a.key], "key %q twice", a.key)
		seen[a.key] = true
	}
}
