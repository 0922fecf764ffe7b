package classify

// Speed against a peer: a plain map-based multinomial naive Bayes of the
// kind one writes in an afternoon (lowercased letter/digit runs as tokens,
// map[string] counts, Laplace smoothing, log space), measured in the same
// run over the same documents as binhluan's classifier, tokenizing
// included. The target is scoring at least 1.8 times as fast as the peer
// and training at least 1.2 times as fast, in the same run; the figures
// are in docs/classifier.md ("Speed").
//
//	go test -run='^$' -bench='Score|Train' -count 10 ./classify/
//
// The documents are the ViSpamReviews training file when it is there
// ($BINHLUAN_SHARED/data/vispamreviews/train.tsv, else
// ../../shared/data/vispamreviews/train.tsv), otherwise a corpus generated
// from the templates below, so the benchmarks always run. Each operation is
// one pass over every document; docs/s is the throughput.

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"
)

// peerNB is the plain multinomial naive Bayes the benchmarks compare with.
type peerNB struct {
	counts map[string][2]int
	docs   [2]int
	total  [2]int // token occurrences per class
}

func newPeerNB() *peerNB { return &peerNB{counts: make(map[string][2]int)} }

// peerTokens returns the lowercased maximal runs of letters and digits.
func peerTokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// learn adds one document; every occurrence of a token counts.
func (m *peerNB) learn(class Class, text string) {
	for _, tok := range peerTokens(text) {
		n := m.counts[tok]
		n[class]++
		m.counts[tok] = n
		m.total[class]++
	}
	m.docs[class]++
}

// score returns the spam probability of a text, with Laplace smoothing;
// tokens never seen in training are left out.
func (m *peerNB) score(text string) float64 {
	if m.docs[Ham] == 0 || m.docs[Spam] == 0 {
		return 0.5
	}
	vocab := float64(len(m.counts))
	denomSpam := math.Log(float64(m.total[Spam]) + vocab)
	denomHam := math.Log(float64(m.total[Ham]) + vocab)
	llr := math.Log(float64(m.docs[Spam])) - math.Log(float64(m.docs[Ham]))
	for _, tok := range peerTokens(text) {
		n, ok := m.counts[tok]
		if !ok {
			continue
		}
		llr += math.Log(float64(n[Spam])+1) - denomSpam - math.Log(float64(n[Ham])+1) + denomHam
	}
	return 1 / (1 + math.Exp(-llr))
}

// peerSink keeps the compiler from dropping the work being measured.
var peerSink float64

var (
	peerOnce    sync.Once
	peerDocs    []Example
	peerSource  string
	peerLoadErr error
)

// peerCorpus returns the benchmark documents, and the first time says
// where they came from.
func peerCorpus(b *testing.B) []Example {
	b.Helper()
	peerOnce.Do(func() {
		peerDocs, peerSource, peerLoadErr = loadPeerCorpus()
		if peerLoadErr == nil {
			// A configuration line of the benchmark format, as "cpu:" is,
			// so that the results say what they were measured on.
			fmt.Printf("corpus: %s\n", peerSource)
		}
	})
	if peerLoadErr != nil {
		b.Fatal(peerLoadErr)
	}
	return peerDocs
}

// loadPeerCorpus reads the ViSpamReviews training file if it can be found
// and falls back to the generated corpus if not. A file that exists but
// does not read is an error, not a reason to fall back silently.
func loadPeerCorpus() ([]Example, string, error) {
	var paths []string
	if dir := os.Getenv("BINHLUAN_SHARED"); dir != "" {
		paths = append(paths, filepath.Join(dir, "data", "vispamreviews", "train.tsv"))
	}
	paths = append(paths, filepath.Join("..", "..", "shared", "data", "vispamreviews", "train.tsv"))
	for _, p := range paths {
		f, err := os.Open(p)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, "", err
		}
		docs, err := ReadTSV(f)
		f.Close()
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", p, err)
		}
		if len(docs) == 0 {
			return nil, "", fmt.Errorf("%s: no documents", p)
		}
		return docs, fmt.Sprintf("%s (%d documents)", p, len(docs)), nil
	}
	docs := generatedPeerCorpus()
	return docs, fmt.Sprintf("generated corpus (%d documents; ViSpamReviews not found)", len(docs)), nil
}

// Templates of the generated corpus: short reviews and comments, with
// %s standing for a product and %d for a number.
var (
	peerHamTemplates = []string{
		"Giao hàng nhanh, đóng gói cẩn thận, %s dùng rất ổn.",
		"Chất lượng %s tốt so với giá, sẽ ủng hộ shop lần sau.",
		"Mình mua %s được %d ngày rồi, chạy êm, pin trâu.",
		"Hàng đúng mô tả nhưng giao hơi chậm, %s hơi nhỏ so với hình.",
		"%s đẹp, màu giống ảnh, đáng tiền.",
		"Shop tư vấn nhiệt tình, %s dùng %d tuần chưa thấy lỗi gì.",
		"Sản phẩm tạm được, %s có mùi nhựa lúc đầu nhưng giờ hết rồi.",
		"Không hài lòng lắm, %s bị trầy một góc, shop đã đổi hàng mới.",
		"Bài viết hay, cảm ơn tác giả đã phân tích kỹ về %s.",
		"Quận nên làm thêm đèn đường ở ngõ %d, buổi tối rất tối.",
		"Great value, the %s works as described after %d days.",
		"Packaging was fine but the %s arrived a bit late.",
		"hang ok nha, %s xai tot, cam on shop",
		"Mẹ mình rất thích %s này, lần sau mua thêm %d cái.",
		"Đã nhận được %s, đóng gói kỹ, giao hàng đúng hẹn.",
		"Tôi đồng ý với ý kiến trên, %s cần được kiểm tra kỹ hơn.",
	}
	peerSpamTemplates = []string{
		"VAY TIỀN NHANH %d triệu không cần thế chấp, gọi ngay 0912 345 %03d!!!",
		"Kiếm tiền online %dk mỗi ngày tại nhà, inbox zalo 09%08d",
		"Giảm giá sốc %d%% cho %s, truy cập https://sale%d.xyz/deal ngay!!!",
		"shop ơi cho mình xin link %s với, ib mình nhé",
		"Follow mình để nhận %s miễn phí, link ở bio nha",
		"Nhận làm đánh giá 5 sao cho %s, %dk một đơn, liên hệ abc%d@gmail.com",
		"tốt",
		"ok",
		"Hàng chuẩn auth, %s giá chỉ %d.000đ, số lượng có hạn",
		"Check out my channel for free %s giveaway!!! www.free%d.com",
		"Cá cược bóng đá uy tín, nạp %dk tặng %dk, vào nhà cái ngay",
		"aaaaaa %s hayyyyy quá đi mất",
		"Bán sỉ %s giá xưởng, liên hệ 0 9 8 7 . 6 5 4 . %03d",
		"CLICK HERE TO WIN A FREE %s NOW %d",
		"Tuyển cộng tác viên bán %s, hoa hồng %d%%, không cần vốn",
		"Mua %s ở đâu rẻ nhất vậy mọi người, chỉ mình với",
	}
	peerProducts = []string{
		"áo thun", "tai nghe", "nồi chiên", "điện thoại", "son môi", "giày thể thao",
		"sạc dự phòng", "bàn phím", "kem chống nắng", "quạt mini", "balo", "đồng hồ",
	}
)

// generatedPeerCorpus builds a deterministic corpus of about 4,000
// documents, three ham to one spam like ViSpamReviews.
func generatedPeerCorpus() []Example {
	var docs []Example
	fill := func(tmpl string, i int) string {
		var args []any
		for j := 0; j+1 < len(tmpl); j++ {
			if tmpl[j] != '%' {
				continue
			}
			switch tmpl[j+1] {
			case 's':
				args = append(args, peerProducts[(i+len(args))%len(peerProducts)])
			case 'd', '0':
				args = append(args, 1+(i*37+len(args)*11)%500)
			case '%':
				j++
			}
		}
		return fmt.Sprintf(tmpl, args...)
	}
	for i := 0; i < 1000; i++ {
		for k := 0; k < 3; k++ {
			t := peerHamTemplates[(i*3+k)%len(peerHamTemplates)]
			docs = append(docs, Example{Class: Ham, Doc: Text(fill(t, i*3+k))})
		}
		t := peerSpamTemplates[i%len(peerSpamTemplates)]
		docs = append(docs, Example{Class: Spam, Doc: Text(fill(t, i))})
	}
	return docs
}

// reportDocsPerSecond reports the throughput of b.N passes over n documents.
func reportDocsPerSecond(b *testing.B, n int) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(b.N)*float64(n)/s, "docs/s")
	}
}

// BenchmarkScore scores every document of the corpus with a model trained
// on it, tokenizing included: binhluan's classifier against the plain
// peer.
func BenchmarkScore(b *testing.B) {
	docs := peerCorpus(b)
	b.Run("binhluan", func(b *testing.B) {
		c := newClassifier(b, nil)
		if err := c.LearnBatch(docs); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		var sum float64
		for b.Loop() {
			for _, ex := range docs {
				sum += c.Score(ex.Doc).Probability
			}
		}
		peerSink = sum
		reportDocsPerSecond(b, len(docs))
	})
	b.Run("plainNB", func(b *testing.B) {
		m := newPeerNB()
		for _, ex := range docs {
			m.learn(ex.Class, ex.Doc.Content)
		}
		b.ReportAllocs()
		b.ResetTimer()
		var sum float64
		for b.Loop() {
			for _, ex := range docs {
				sum += m.score(ex.Doc.Content)
			}
		}
		peerSink = sum
		reportDocsPerSecond(b, len(docs))
	})
}

// BenchmarkTrain trains a fresh model on the whole corpus, tokenizing
// included: binhluan's classifier (one LearnBatch) against the plain peer.
func BenchmarkTrain(b *testing.B) {
	docs := peerCorpus(b)
	b.Run("binhluan", func(b *testing.B) {
		b.ReportAllocs()
		var feats int
		for b.Loop() {
			c, err := New(nil)
			if err != nil {
				b.Fatal(err)
			}
			if err := c.LearnBatch(docs); err != nil {
				b.Fatal(err)
			}
			feats = c.Features()
		}
		peerSink = float64(feats)
		reportDocsPerSecond(b, len(docs))
	})
	b.Run("plainNB", func(b *testing.B) {
		b.ReportAllocs()
		var vocab int
		for b.Loop() {
			m := newPeerNB()
			for _, ex := range docs {
				m.learn(ex.Class, ex.Doc.Content)
			}
			vocab = len(m.counts)
		}
		peerSink = float64(vocab)
		reportDocsPerSecond(b, len(docs))
	})
}

// TestPeerNB checks that the peer is a working classifier, so that the
// comparison is with something that does the job, and that the generated
// corpus is well formed.
func TestPeerNB(t *testing.T) {
	docs := generatedPeerCorpus()
	var spam int
	for _, ex := range docs {
		if strings.Contains(ex.Doc.Content, "%!") {
			t.Fatalf("template filled badly: %q", ex.Doc.Content)
		}
		if ex.Class == Spam {
			spam++
		}
	}
	if spam == 0 || spam == len(docs) {
		t.Fatalf("generated corpus has %d spam of %d", spam, len(docs))
	}
	m := newPeerNB()
	for _, ex := range docs {
		m.learn(ex.Class, ex.Doc.Content)
	}
	if p := m.score("VAY TIỀN NHANH 50 triệu không cần thế chấp"); !(p > 0.5) {
		t.Errorf("peer spam probability of a loan ad = %v, want > 0.5", p)
	}
	if p := m.score("Giao hàng nhanh, đóng gói cẩn thận"); !(p < 0.5) {
		t.Errorf("peer spam probability of a plain review = %v, want < 0.5", p)
	}
	if got := peerTokens("Xin chào, Hà Nội 2020!"); strings.Join(got, "|") != "xin|chào|hà|nội|2020" {
		t.Errorf("peerTokens = %q", got)
	}
	if p := newPeerNB().score("anything"); p != 0.5 {
		t.Errorf("untrained peer = %v, want 0.5", p)
	}
}
