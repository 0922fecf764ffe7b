package classify

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tiny is a training set written for these tests.
var tiny = []Example{
	{Spam, Text("Vay tiền nhanh không thẩm định, ib zalo 0912 345 678")},
	{Spam, Text("vay tien nhanh giai ngan trong ngay, lien he 0987.654.321")},
	{Spam, Text("Nhà cái uy tín, nạp đầu tặng 500k, vào bet88.example ngay")},
	{Spam, Text("Kiếm 5tr mỗi ngày tại nhà, xem tại https://viecnhe.example")},
	{Spam, Text("Sim số đẹp giá rẻ, gọi ngay 0 9 1 2 3 4 5 6 7 8")},
	{Ham, Text("Cầu vượt thông xe sớm, người dân đi lại thuận tiện hơn nhiều.")},
	{Ham, Text("Đề nghị quận sớm xử lý ngập úng ở đường Nguyễn Văn Cừ.")},
	{Ham, Text("Bài viết hay, cảm ơn tác giả đã phản ánh đúng thực tế.")},
	{Ham, Text("Trường mới khang trang, con tôi rất thích đi học.")},
	{Ham, Text("Giá xăng tăng 500 đồng, mong nhà nước có biện pháp bình ổn.")},
}

// newClassifier returns New(cfg), which must succeed.
func newClassifier(t testing.TB, cfg *Config) *Classifier {
	t.Helper()
	c, err := New(cfg)
	require.NoError(t, err)
	return c
}

func trained(t testing.TB) *Classifier {
	c := newClassifier(t, nil)
	require.NoError(t, c.LearnBatch(tiny))
	return c
}

func TestScore(t *testing.T) {
	c := trained(t)
	spam := c.Score(Text("Vay tiền nhanh, ib zalo 0933 111 222"))
	ham := c.Score(Text("Mong quận sớm xử lý ngập ở đường này."))
	assert.Greater(t, spam.Probability, 0.9, "%+v", spam)
	assert.Equal(t, VerdictSpam, spam.Verdict)
	assert.Less(t, ham.Probability, 0.5, "%+v", ham)
	assert.Equal(t, VerdictHam, ham.Verdict)

	noAccents := c.Score(Text("vay tien nhanh ib zalo"))
	assert.Greater(t, noAccents.Probability, 0.9, "accent-free spam meets the accented lessons")

	for _, doc := range []Document{{}, Text(""), Text("\xff\xfe"), Text(strings.Repeat("🙂", 10000)), Text("zzz qqq")} {
		r := c.Score(doc)
		assert.False(t, math.IsNaN(r.Probability))
		assert.GreaterOrEqual(t, r.Probability, 0.0)
		assert.LessOrEqual(t, r.Probability, 1.0)
	}
	long := c.Score(Text(strings.Repeat("vay tiền nhanh ", 5000)))
	assert.False(t, math.IsNaN(long.Probability), "no underflow on long documents")
	assert.Equal(t, VerdictSpam, long.Verdict)

	empty := newClassifier(t, nil)
	assert.Equal(t, 0.5, empty.Score(Text("vay tiền")).Probability, "an untrained model has no opinion")
	assert.Equal(t, VerdictUnsure, empty.Score(Text("vay tiền")).Verdict)
}

func TestThresholds(t *testing.T) {
	c := newClassifier(t, &Config{SpamThreshold: 0.99, HamThreshold: 0.2})
	require.NoError(t, c.LearnBatch(tiny))
	cfg := c.Config()
	assert.Equal(t, 0.99, cfg.SpamThreshold)
	assert.Equal(t, 0.2, cfg.HamThreshold)
	assert.Equal(t, DefaultAlpha, cfg.Alpha)
	for _, r := range []Result{c.Score(Text("vay tiền nhanh")), c.Score(Text("cầu vượt")), c.Score(Text("xyz"))} {
		switch {
		case r.Probability >= 0.99:
			assert.Equal(t, VerdictSpam, r.Verdict)
		case r.Probability < 0.2:
			assert.Equal(t, VerdictHam, r.Verdict)
		default:
			assert.Equal(t, VerdictUnsure, r.Verdict)
		}
	}
}

func TestNewSettings(t *testing.T) {
	defaults := Config{Alpha: DefaultAlpha, SpamThreshold: DefaultSpamThreshold, HamThreshold: DefaultHamThreshold}
	good := []struct {
		name string
		cfg  *Config
		want Config
	}{
		{"nil: the defaults", nil, defaults},
		{"zero: the defaults", &Config{}, defaults},
		{"a spam threshold below the default ham threshold lowers it", &Config{SpamThreshold: 0.3}, Config{Alpha: DefaultAlpha, SpamThreshold: 0.3, HamThreshold: 0.3}},
		{"a spam threshold of 1 flags nothing", &Config{SpamThreshold: 1}, Config{Alpha: DefaultAlpha, SpamThreshold: 1, HamThreshold: DefaultHamThreshold}},
		{"every field given", &Config{Alpha: 2, SpamThreshold: 0.8, HamThreshold: 0.8}, Config{Alpha: 2, SpamThreshold: 0.8, HamThreshold: 0.8}},
	}
	for _, tt := range good {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.cfg)
			require.NoError(t, err)
			assert.Equal(t, tt.want, c.Config())
		})
	}
	bad := []struct {
		name  string
		cfg   Config
		field string
	}{
		{"NaN smoothing", Config{Alpha: math.NaN()}, "Config.Alpha"},
		{"negative smoothing", Config{Alpha: -1}, "Config.Alpha"},
		{"infinite smoothing", Config{Alpha: math.Inf(1)}, "Config.Alpha"},
		{"spam threshold above 1", Config{SpamThreshold: 2}, "Config.SpamThreshold"},
		{"negative spam threshold", Config{SpamThreshold: -0.5}, "Config.SpamThreshold"},
		{"NaN spam threshold", Config{SpamThreshold: math.NaN()}, "Config.SpamThreshold"},
		{"negative ham threshold", Config{HamThreshold: -1}, "Config.HamThreshold"},
		{"ham threshold above the spam threshold", Config{SpamThreshold: 0.6, HamThreshold: 0.7}, "Config.HamThreshold"},
		{"NaN ham threshold", Config{HamThreshold: math.NaN()}, "Config.HamThreshold"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(&tt.cfg)
			assert.Nil(t, c)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.field, "the error names the field")
			_, err = Train(tiny, &tt.cfg, nil)
			assert.ErrorContains(t, err, tt.field, "Train checks the settings too")
			_, err = Calibrate(tiny, &tt.cfg, nil)
			assert.ErrorContains(t, err, tt.field, "and Calibrate")
			_, err = HeldOut(tiny, &CrossValidation{Folds: 2, Config: &tt.cfg})
			assert.ErrorContains(t, err, tt.field, "and HeldOut")
		})
	}
}

// The zero Classifier is an empty model with the default settings.
func TestZeroClassifier(t *testing.T) {
	var zero Classifier
	assert.Equal(t, Result{Probability: 0.5, Verdict: VerdictUnsure}, zero.Score(Text("vay tiền")), "no opinion yet")
	assert.Equal(t, Config{Alpha: DefaultAlpha, SpamThreshold: DefaultSpamThreshold, HamThreshold: DefaultHamThreshold}, zero.Config())

	var c Classifier
	for _, ex := range tiny {
		require.NoError(t, c.Learn(ex.Class, ex.Doc))
	}
	want := newClassifier(t, nil)
	for _, ex := range tiny {
		require.NoError(t, want.Learn(ex.Class, ex.Doc))
	}
	for _, ex := range tiny {
		assert.Equal(t, want.Score(ex.Doc), c.Score(ex.Doc), "the zero value learns as New(nil) does: %q", ex.Doc.Content)
	}
	require.NoError(t, c.Unlearn(tiny[0].Class, tiny[0].Doc))

	var explained, saved, batch, unlearned Classifier
	assert.Equal(t, 0.5, explained.Explain(Text("vay"), 3).Probability)
	var buf bytes.Buffer
	_, err := saved.WriteTo(&buf)
	require.NoError(t, err)
	back, err := Read(&buf, nil)
	require.NoError(t, err)
	assert.Equal(t, want.Config(), back.Config(), "a zero model saves the default settings")
	require.NoError(t, batch.LearnBatch(tiny))
	assert.Equal(t, trained(t).Score(tiny[0].Doc), batch.Score(tiny[0].Doc))
	assert.ErrorIs(t, unlearned.Unlearn(Spam, tiny[0].Doc), ErrNotLearned)
}

// Judge gives the probability with the verdict of the model's own
// thresholds, as Score does.
func TestJudge(t *testing.T) {
	c := newClassifier(t, &Config{SpamThreshold: 0.8, HamThreshold: 0.3})
	require.NoError(t, c.LearnBatch(tiny))
	var seen [3]bool
	for _, text := range []string{
		"Vay tiền nhanh, ib zalo 0933 111 222",
		"Mong quận sớm xử lý ngập ở đường này.",
		"Vay tiền nhanh, cầu vượt thông xe",
		"", "zzz", "vay vay vay",
		"Nhà cái uy tín, người dân đi lại thuận tiện hơn",
		"ib zalo", "cầu vượt", "lien he ngay", "thực tế",
	} {
		r := c.Score(Text(text))
		seen[r.Verdict] = true
		for _, doc := range []Document{Text(text), {Name: "An", Title: "Cầu vượt", Content: text}} {
			r := c.Score(doc)
			p, flagged, cleared := c.Judge(doc.Name, doc.Title, doc.Content)
			assert.Equal(t, r.Probability, p, "%q", text)
			assert.Equal(t, r.Verdict == VerdictSpam, flagged, "%q: flagged when the verdict is spam (p = %v)", text, p)
			assert.Equal(t, r.Verdict == VerdictHam, cleared, "%q: cleared when the verdict is ham (p = %v)", text, p)
			assert.False(t, flagged && cleared)
			assert.Equal(t, p >= 0.8, flagged, "%q: flagged from SpamThreshold on (p = %v)", text, p)
			assert.Equal(t, p < 0.3, cleared, "%q: cleared below HamThreshold (p = %v)", text, p)
		}
	}
	assert.Equal(t, [3]bool{true, true, true}, seen, "the texts reach every verdict")

	// A spam threshold of 1 flags nothing.
	never := newClassifier(t, &Config{SpamThreshold: 1})
	require.NoError(t, never.LearnBatch(tiny))
	p, flagged, _ := never.Judge("", "", "Vay tiền nhanh không thẩm định, ib zalo 0912 345 678")
	assert.Greater(t, p, 0.999)
	assert.False(t, flagged)
}

func TestExplain(t *testing.T) {
	c := trained(t)
	doc := Text("Vay tiền nhanh, cầu vượt thông xe hôm kia")
	r := c.Explain(doc, 4)
	require.Len(t, r.Tokens, 4)
	assert.Equal(t, c.Score(doc), Result{Probability: r.Probability, Verdict: r.Verdict})
	for i := 1; i < len(r.Tokens); i++ {
		assert.GreaterOrEqual(t, math.Abs(r.Tokens[i-1].Weight), math.Abs(r.Tokens[i].Weight), "strongest first")
	}
	all := c.Explain(doc, -1)
	assert.Equal(t, all.Tokens[:4], r.Tokens, "the n strongest are the first n of all")
	// Every token is a feature of the document, and their weights with
	// the prior and the bias make up the score's log-odds.
	feats := features(doc)
	llr := c.base.prior + c.bias
	for _, tok := range all.Tokens {
		assert.Contains(t, feats, tok.Text)
		llr += tok.Weight
	}
	assert.InDelta(t, toLogOdds(r.Probability), llr, 1e-9, "the weights explain the whole score")
	assert.Less(t, len(all.Tokens), len(feats), "features the model never saw weigh nothing and are left out")
	var spamSide, hamSide bool
	for _, tok := range all.Tokens {
		spamSide = spamSide || tok.Text == "vay tien" && tok.Weight > 0
		hamSide = hamSide || tok.Text == "cau vuot" && tok.Weight < 0
	}
	assert.True(t, spamSide, "a spam bigram pushes towards spam: %v", all.Tokens)
	assert.True(t, hamSide, "a ham bigram pushes towards ham: %v", all.Tokens)
}

func TestLearnUnlearn(t *testing.T) {
	c := trained(t)
	doc := Text("Khuyến mãi nạp thẻ, tặng 100k, vào ngay")
	before := c.Score(doc).Probability
	featsBefore := c.Features()
	require.NoError(t, c.Learn(Ham, doc))
	assert.Less(t, c.Score(doc).Probability, before, "learning as ham lowers the score")
	hamBefore, spamBefore := c.Docs()
	require.NoError(t, c.Unlearn(Ham, doc), "a moderator's mistake is taken back")
	// The counts come back exactly, the fitted weights up to their
	// rounding to float32.
	assert.InDelta(t, toLogOdds(before), toLogOdds(c.Score(doc).Probability), 1e-7, "back to where it was")
	assert.Equal(t, featsBefore, c.Features())
	hamAfter, spamAfter := c.Docs()
	assert.Equal(t, [2]uint64{hamBefore - 1, spamBefore}, [2]uint64{hamAfter, spamAfter})

	assert.ErrorIs(t, c.Unlearn(Ham, Text("chưa từng học câu này xyz")), ErrNotLearned)
	assert.ErrorIs(t, newClassifier(t, nil).Unlearn(Spam, doc), ErrNotLearned)
	assert.Error(t, c.Learn(Class(7), doc))
	assert.Error(t, c.Unlearn(Class(7), doc))
	ham, spam := c.Docs()
	assert.Equal(t, uint64(5), ham)
	assert.Equal(t, uint64(5), spam)
}

func TestConcurrentScoreAndLearn(t *testing.T) {
	c := trained(t)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 200 {
				if w == 0 {
					assert.NoError(t, c.Learn(Class(i%2), tiny[i%len(tiny)].Doc))
				}
				_ = c.Score(tiny[(i+w)%len(tiny)].Doc)
				_ = c.Explain(tiny[i%len(tiny)].Doc, 3)
			}
		})
	}
	wg.Wait()
	ham, spam := c.Docs()
	assert.Equal(t, uint64(105), ham)
	assert.Equal(t, uint64(105), spam)
}

func TestPersistence(t *testing.T) {
	c := trained(t)
	var buf bytes.Buffer
	_, err := c.WriteTo(&buf)
	require.NoError(t, err)
	data := buf.Bytes()

	back, err := Read(bytes.NewReader(data), nil)
	require.NoError(t, err)
	assert.Equal(t, c.Config(), back.Config())
	assert.Equal(t, c.Features(), back.Features())
	for _, ex := range tiny {
		assert.Equal(t, c.Score(ex.Doc), back.Score(ex.Doc))
	}
	other, err := Read(bytes.NewReader(data), &Config{SpamThreshold: 0.6})
	require.NoError(t, err)
	assert.Equal(t, 0.6, other.Config().SpamThreshold, "settings given at load time win")
	assert.Equal(t, c.Config().HamThreshold, other.Config().HamThreshold, "the others stay as saved")

	for i := 0; i < len(data); i += max(1, len(data)/50) {
		_, err := Read(bytes.NewReader(data[:i]), nil)
		assert.Error(t, err, "truncated at %d", i)
	}
	flipped := bytes.Clone(data)
	flipped[len(flipped)/2] ^= 0x40
	_, err = Read(bytes.NewReader(flipped), nil)
	assert.ErrorIs(t, err, ErrCorrupt)

	_, err = Read(strings.NewReader("GIF89a..."), nil)
	assert.ErrorIs(t, err, ErrFormat)

	future := bytes.Clone(data)
	future[4] = 9 // the version varint follows the magic
	binary.BigEndian.PutUint32(future[len(future)-4:], crc32.ChecksumIEEE(future[:len(future)-4]))
	_, err = Read(bytes.NewReader(future), nil)
	assert.ErrorIs(t, err, ErrVersion, "a well-formed file of another version")
	future[5] ^= 1
	_, err = Read(bytes.NewReader(future), nil)
	assert.ErrorIs(t, err, ErrCorrupt, "damage is damage, whatever byte it hits")
}

func TestSaveFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.blnb")
	c := trained(t)
	require.NoError(t, c.SaveFile(path))
	require.NoError(t, c.Learn(Spam, Text("thêm một bài học")))
	require.NoError(t, c.SaveFile(path), "saving over an existing model")
	back, err := LoadFile(path, nil)
	require.NoError(t, err)
	ham, spam := back.Docs()
	assert.Equal(t, [2]uint64{5, 6}, [2]uint64{ham, spam})
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary files left behind")

	assert.Error(t, c.SaveFile(filepath.Join(dir, "missing", "model.blnb")))
	_, err = LoadFile(filepath.Join(dir, "nothing"), nil)
	assert.True(t, errors.Is(err, os.ErrNotExist))
}

func TestReadRefusesInconsistentCounts(t *testing.T) {
	var buf bytes.Buffer
	_, err := trained(t).WriteTo(&buf)
	require.NoError(t, err)
	// A file whose header declares five million features in a few
	// bytes must not make Read reserve room for them.
	var forged bytes.Buffer
	forged.WriteString(modelMagic)
	var tmp [binary.MaxVarintLen64]byte
	for _, v := range []uint64{modelVersion, 0, 0, 0, 5, 5, 10, 10, 0, evidenceCap, 5_000_000} {
		forged.Write(tmp[:binary.PutUvarint(tmp[:], v)])
	}
	for range 1000 {
		forged.Write([]byte{0, 1, 1}) // repeated hashes
	}
	binary.BigEndian.PutUint32(tmp[:4], crc32.ChecksumIEEE(forged.Bytes()))
	forged.Write(tmp[:4])
	allocs := testing.AllocsPerRun(3, func() {
		_, err := Read(bytes.NewReader(forged.Bytes()), nil)
		assert.ErrorIs(t, err, ErrCorrupt)
	})
	assert.Less(t, allocs, 1000.0)
}

// modelFile encodes varints as a model file: the magic, the values, the
// CRC.
func modelFile(values ...uint64) []byte {
	var b bytes.Buffer
	b.WriteString(modelMagic)
	var tmp [binary.MaxVarintLen64]byte
	for _, v := range values {
		b.Write(tmp[:binary.PutUvarint(tmp[:], v)])
	}
	binary.BigEndian.PutUint32(tmp[:4], crc32.ChecksumIEEE(b.Bytes()))
	b.Write(tmp[:4])
	return b.Bytes()
}

func TestReadVersions(t *testing.T) {
	f := func(x float64) uint64 { return math.Float64bits(x) }
	w := func(x float32) uint64 { return uint64(math.Float32bits(x) ^ oneBits) }
	header := []uint64{f(0.5), f(0.9), f(0.5), 3, 3, 3, 3} // settings, docs, totals
	features := func(weights ...uint64) []uint64 {
		// Two features, hashes 7 and 9: ham-only and spam-only.
		out := []uint64{2, 7, 3, 0}
		out = append(out, weights[:len(weights)/2]...)
		out = append(out, 2, 0, 3)
		return append(out, weights[len(weights)/2:]...)
	}
	cat := func(parts ...[]uint64) []uint64 {
		var out []uint64
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}

	v1, err := Read(bytes.NewReader(modelFile(cat([]uint64{1}, header, features())...)), nil)
	require.NoError(t, err, "version 1, before the weights, is still read")
	v2, err := Read(bytes.NewReader(modelFile(cat([]uint64{2}, header, []uint64{f(0)}, features(w(1), w(1)))...)), nil)
	require.NoError(t, err)
	assert.Equal(t, 2, v1.Features())
	assert.Equal(t, modelBytes(t, v2), modelBytes(t, v1), "a version 1 model has every weight 1 and no bias, and is saved as the current version")
	assert.Equal(t, 0, v2.evidenceCap, "a version 2 model scores as it did: its evidence is not scaled")
	v3, err := Read(bytes.NewReader(modelFile(cat([]uint64{3}, header, []uint64{f(0), evidenceCap}, features(w(1), w(1)))...)), nil)
	require.NoError(t, err)
	assert.Equal(t, evidenceCap, v3.evidenceCap)
	var c3 bytes.Buffer
	_, err = v3.WriteTo(&c3)
	require.NoError(t, err)
	back, err := Read(&c3, nil)
	require.NoError(t, err)
	assert.Equal(t, evidenceCap, back.evidenceCap, "the cap is saved with the model")

	// Version 5: the kind and labels, then each feature's additive weight
	// after its weight.
	a := func(x float32) uint64 { return uint64(math.Float32bits(x)) }
	v5, err := Read(bytes.NewReader(modelFile(cat([]uint64{5}, header, []uint64{f(0), evidenceCap, 0, 0, 0}, features(w(1), a(-0.5), w(1), a(0.25)))...)), nil)
	require.NoError(t, err)
	assert.Equal(t, byte(modelVersion), modelBytes(t, v5)[len(modelMagic)], "a model with additive weights is saved with them")
	noAdd, err := Read(bytes.NewReader(modelFile(cat([]uint64{5}, header, []uint64{f(0), evidenceCap, 0, 0, 0}, features(w(1), a(0), w(1), a(0)))...)), nil)
	require.NoError(t, err)
	assert.Equal(t, modelBytes(t, v3), modelBytes(t, noAdd), "a model with none is saved as version 3 again")

	v5bad := func(additive ...uint64) []uint64 {
		return cat([]uint64{5}, header, []uint64{f(0), evidenceCap, 0, 0, 0}, features(w(1), additive[0], w(1), additive[1]))
	}
	for name, values := range map[string][]uint64{
		"NaN additive weight":                v5bad(a(float32(math.NaN())), a(0)),
		"additive weight past the bound":     v5bad(a(maxAdditive+1), a(0)),
		"additive weight below the bound":    v5bad(a(0), a(-maxAdditive-1)),
		"additive weight wider than 32 bits": v5bad(1<<40, a(0)),
		"version 5 without additive weights": cat([]uint64{5}, header, []uint64{f(0), evidenceCap, 0, 0, 0}, features(w(1), w(1))),
		"NaN weight":                         cat([]uint64{2}, header, []uint64{f(0)}, features(w(float32(math.NaN())), w(1))),
		"negative weight":                    cat([]uint64{2}, header, []uint64{f(0)}, features(w(-1), w(1))),
		"weight past the bound":              cat([]uint64{2}, header, []uint64{f(0)}, features(w(maxWeight+1), w(1))),
		"weight wider than 32 bits":          cat([]uint64{2}, header, []uint64{f(0)}, features(1<<40, w(1))),
		"NaN bias":                           cat([]uint64{2}, header, []uint64{f(math.NaN())}, features(w(1), w(1))),
		"bias past the bound":                cat([]uint64{2}, header, []uint64{f(maxBias * 2)}, features(w(1), w(1))),
		"version 1 with weights":             cat([]uint64{1}, header, features(w(1), w(1))),
		"evidence cap past bound":            cat([]uint64{3}, header, []uint64{f(0), maxEvidenceCap + 1}, features(w(1), w(1))),
	} {
		_, err := Read(bytes.NewReader(modelFile(values...)), nil)
		assert.ErrorIs(t, err, ErrCorrupt, name)
	}

	// More features than Read accepts.
	_, err = Read(bytes.NewReader(modelFile(cat([]uint64{3}, header, []uint64{f(0), evidenceCap, maxModelFeatures + 1})...)), nil)
	assert.ErrorIs(t, err, ErrFormat)
	assert.ErrorContains(t, err, "more than 10000000")
}

func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	_, err := trained(f).WriteTo(&buf)
	require.NoError(f, err)
	f.Add(buf.Bytes())
	// A model with additive weights: format version 5.
	refitted, err := Train(tiny, nil, nil)
	require.NoError(f, err)
	buf.Reset()
	_, err = refitted.WriteTo(&buf)
	require.NoError(f, err)
	require.Equal(f, byte(modelVersion), buf.Bytes()[len(modelMagic)])
	f.Add(buf.Bytes())
	f.Add([]byte("BLNB"))
	f.Add([]byte("BLNB\x01\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Read(bytes.NewReader(data), nil)
		if err != nil {
			return
		}
		r := c.Score(Text("vay tiền nhanh"))
		if math.IsNaN(r.Probability) || r.Probability < 0 || r.Probability > 1 {
			t.Fatalf("a model read from %q scores %v", data, r.Probability)
		}
	})
}

func TestDefault(t *testing.T) {
	c, err := Default(nil)
	require.NoError(t, err)
	ham, spam := c.Docs()
	assert.Greater(t, ham, uint64(200))
	assert.Greater(t, spam, uint64(200))
	other, err := Default(nil)
	require.NoError(t, err)
	require.NoError(t, c.Learn(Spam, Text("chỉ mô hình thứ nhất học câu này")))
	_, spam2 := other.Docs()
	assert.Equal(t, spam, spam2, "every call gives a model of its own")

	cv, err := CrossValidate(mustStarter(t), &CrossValidation{Seed: 1})
	require.NoError(t, err)
	assert.Greater(t, cv.AUC, 0.95, "the starter corpus is learnable: %+v", cv)
}

// TestDefaultVerdicts checks the starter on comments that are not in its
// corpus: a reader's comment built around numbers is ham (the corpus
// before the part "so" held it as unsure: its spam had most of the
// numbers), and a shop review under a news article is spam.
func TestDefaultVerdicts(t *testing.T) {
	c, err := Default(nil)
	require.NoError(t, err)
	tests := []struct {
		text string
		want Verdict
	}{
		{"Giá điện tăng 3% từ tháng 10, dân lại khổ.", VerdictHam},
		{"Lương 10 triệu mà thuê nhà hết 4 triệu.", VerdictHam},
		{"Đội nhà thua 1-3, buồn quá.", VerdictHam},
		{"Quần short mặc mát, vải đẹp, giá rẻ, 5 sao.", VerdictSpam},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, c.Score(Text(tt.text)).Verdict, tt.text)
	}
}

func mustStarter(t *testing.T) []Example {
	ex, err := StarterExamples()
	require.NoError(t, err)
	return ex
}

// BenchmarkReadMillion loads a model of a million features, the size the
// package promises to load in well under a second.
func BenchmarkReadMillion(b *testing.B) {
	c := newClassifier(b, nil)
	for i := range uint64(1_000_000) {
		h := fnvString(fnvOffset, strconv.FormatUint(i, 10))
		e := &c.feats.slots[c.feats.insert(h)]
		e.n, e.w = counts{Ham: 1, Spam: uint32(i % 3)}, 1+float32(i%5)/10 // fitted weights take more room
		c.total[Ham]++
		c.total[Spam] += i % 3
	}
	c.docs = [2]uint64{10, 10}
	var buf bytes.Buffer
	_, err := c.WriteTo(&buf)
	require.NoError(b, err)
	for b.Loop() {
		back, err := Read(bytes.NewReader(buf.Bytes()), nil)
		if err != nil || back.Features() != 1_000_000 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/(1<<20), "file-MiB")
}
