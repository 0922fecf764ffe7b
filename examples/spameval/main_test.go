package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/binhluan/binhluan/classify"
)

// Comments of the test corpus, written for these tests.
var (
	testHam = []string{
		"Giao hàng nhanh, đóng gói cẩn thận, sản phẩm dùng rất ổn.",
		"Chất lượng tốt so với giá, sẽ ủng hộ shop lần sau.",
		"Áo mặc vừa, vải mát, màu giống ảnh.",
		"Tai nghe pin trâu, nghe nhạc hay, kết nối ổn định.",
		"Hàng đúng mô tả nhưng giao hơi chậm.",
		"Nồi chiên dùng được hai tuần chưa thấy lỗi gì.",
		"Bài viết hay, cảm ơn tác giả đã phân tích kỹ.",
		"Quận nên làm thêm đèn đường ở ngõ này, buổi tối rất tối.",
		"Tôi đồng ý với ý kiến trên, cần kiểm tra kỹ hơn.",
		"Mẹ mình rất thích, lần sau mua thêm cho cả nhà.",
		"Đã nhận được hàng, đóng gói kỹ, giao đúng hẹn.",
		"Sản phẩm tạm được, lúc đầu có mùi nhựa nhưng giờ hết rồi.",
		"Không hài lòng lắm, hộp bị móp một góc, shop đã đổi hàng mới.",
		"Great value, works as described after a week.",
		"Packaging was fine but the parcel arrived a bit late.",
		"hang ok nha, xai tot, cam on shop",
		"Shop tư vấn nhiệt tình, giao hàng nhanh.",
		"Giày đi êm chân, đúng size, rất đáng tiền.",
		"Kem chống nắng thấm nhanh, không bết dính.",
		"Mong thành phố sớm sửa con đường trước trường học.",
		"Cảm ơn báo đã đưa tin kịp thời về vụ việc.",
		"Quạt chạy êm, gió mạnh, dùng ban đêm không ồn.",
		"Balo chắc chắn, nhiều ngăn, đi học rất tiện.",
		"Đồng hồ đẹp, dây hơi dài nhưng cắt bớt được.",
	}
	testSpam = []string{
		"VAY TIỀN NHANH 50 triệu không cần thế chấp, gọi ngay 0912 345 678!!!",
		"Kiếm tiền online 500k mỗi ngày tại nhà, inbox zalo 0987654321",
		"Giảm giá sốc 90% truy cập https://sale-sieu-re.xyz/deal ngay!!!",
		"Cá cược bóng đá uy tín, nạp 100k tặng 200k, vào nhà cái ngay",
		"Nhận làm đánh giá 5 sao, 20k một đơn, liên hệ lamdanhgia@gmail.com",
		"CLICK HERE TO WIN A FREE IPHONE NOW",
		"Check out my channel for a free giveaway!!! www.free-gift.com",
		"Tuyển cộng tác viên bán hàng online, hoa hồng 30%, không cần vốn",
		"Bán sỉ mỹ phẩm giá xưởng, liên hệ 0 9 8 7 . 6 5 4 . 3 2 1",
		"Vay tiêu dùng lãi suất thấp, giải ngân trong ngày, gọi 0909 123 456",
		"Follow mình để nhận quà miễn phí, link ở bio nha",
		"Hàng chuẩn auth giá chỉ 99.000đ, số lượng có hạn, inbox ngay",
		"Kiếm tiền tại nhà dễ dàng, chỉ cần điện thoại, zalo 0911222333",
		"Nạp thẻ game giảm 50%, truy cập napthe-gia-re.top ngay",
		"Subscribe to my channel and win 1000$ now!!!",
		"Làm thẻ tín dụng không cần chứng minh thu nhập, gọi 0933 444 555",
		"Đầu tư tiền ảo lãi 30% mỗi tháng, tham gia nhóm telegram ngay",
		"Xem phim sex miễn phí tại phim-hay.club",
		"Bán tài khoản Netflix giá rẻ 50k một tháng, ib ngay",
		"Cho vay nóng 10 triệu trong 15 phút, không thẩm định",
		"Tặng voucher 500k cho 100 người đầu tiên, bấm vào link bio",
		"Chuyên hack like, hack follow giá rẻ, liên hệ 0977 888 999",
		"KIẾM TIỀN ONLINE UY TÍN 100%, RÚT TIỀN NGAY",
		"Thuốc giảm cân cấp tốc, giảm 10kg trong 1 tuần, đặt hàng ngay",
	}
)

// writeFile writes a file in dir and returns its path.
func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// corpusTSV returns a TSV of the i-th ham and spam test comments for
// every i that keep accepts, with a third column to be ignored.
func corpusTSV(keep func(i int) bool) string {
	var b strings.Builder
	b.WriteString("label\ttext\tsource\n")
	for i := range max(len(testHam), len(testSpam)) {
		if !keep(i) {
			continue
		}
		if i < len(testHam) {
			fmt.Fprintf(&b, "ham\t%s\ttest\n", testHam[i])
		}
		if i < len(testSpam) {
			fmt.Fprintf(&b, "spam\t%s\ttest\n", testSpam[i])
		}
	}
	return b.String()
}

// metricNames are the lines stdout must hold, in order.
var metricNames = []string{
	"accuracy", "spam_precision", "spam_recall", "spam_f1", "macro_f1",
	"ham_fpr", "auc", "train_docs_per_s", "score_docs_per_s",
	"spam_held", "ham_held",
	"positive_precision", "positive_recall", "positive_f1", "negative_fpr",
}

// checkMetrics checks that stdout is exactly the metric lines, each a
// number in its range, and returns the values.
func checkMetrics(t *testing.T, stdout string) map[string]float64 {
	t.Helper()
	values := namedValues(t, stdout, metricNames)
	for _, name := range metricNames {
		v := values[name]
		if strings.HasSuffix(name, "_docs_per_s") {
			if !(v > 0) || math.IsInf(v, 0) {
				t.Errorf("%s = %v, want a positive speed", name, v)
			}
		} else if !(v >= 0 && v <= 1) {
			t.Errorf("%s = %v, want a value in [0, 1]", name, v)
		}
	}
	return values
}

// namedValues checks that out is exactly one "name: number" line for each
// of names, in order, and returns the numbers by name.
func namedValues(t *testing.T, out string, names []string) map[string]float64 {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(names) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(names), out)
	}
	values := make(map[string]float64)
	for i, line := range lines {
		name, value, ok := strings.Cut(line, ": ")
		if !ok || name != names[i] {
			t.Fatalf("line %d = %q, want %q: value", i+1, line, names[i])
		}
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		values[name] = v
	}
	return values
}

// runCLI runs the command and returns its exit code, stdout and stderr.
func runCLI(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestCrossValidation(t *testing.T) {
	dir := t.TempDir()
	train := writeFile(t, dir, "train.tsv", corpusTSV(func(int) bool { return true }))
	model := filepath.Join(dir, "model.bin")
	plot := filepath.Join(dir, "scores.svg")
	code, stdout, stderr := runCLI("-cv", "3", "-train", train, "-seed", "7", "-passes", "2", "-save", model, "-plot", plot)
	if code != 0 {
		t.Fatalf("exit code %d, stderr:\n%s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("stderr is not a terminal and -v is off, yet it got:\n%s", stderr)
	}
	m := checkMetrics(t, stdout)
	if m["auc"] < 0.8 {
		t.Errorf("auc = %v on an easy corpus, want at least 0.8", m["auc"])
	}
	if saved, err := classify.LoadFile(model, nil); err != nil {
		t.Errorf("-save wrote no model that loads: %v", err)
	} else if ham, spam := saved.Docs(); ham == 0 || spam == 0 {
		t.Errorf("the saved model learned %d ham and %d spam, want the whole training file", ham, spam)
	}
	svg := checkSVG(t, plot)
	if !strings.Contains(svg.text, "train.tsv") || !strings.Contains(svg.text, "3-fold") {
		t.Errorf("plot text does not name the file and the folds: %q", svg.text)
	}
	// The held-out pass behind the plot uses CrossValidate's folds: the
	// legend counts every comment once.
	if !strings.Contains(svg.text, fmt.Sprintf("%d ham comments", len(testHam))) || !strings.Contains(svg.text, fmt.Sprintf("%d spam comments", len(testSpam))) {
		t.Errorf("legend does not count every comment: %q", svg.text)
	}
}

func TestTrainTest(t *testing.T) {
	dir := t.TempDir()
	train := writeFile(t, dir, "train.tsv", corpusTSV(func(i int) bool { return i%4 != 0 }))
	test := writeFile(t, dir, "test.tsv", corpusTSV(func(i int) bool { return i%4 == 0 }))
	plot := filepath.Join(dir, "test.svg")
	code, stdout, stderr := runCLI("-train", train, "-test", test, "-passes", "3", "-plot", plot, "-spam-threshold", "0.8", "-ham-threshold", "0.3", "-alpha", "1")
	if code != 0 {
		t.Fatalf("exit code %d, stderr:\n%s", code, stderr)
	}
	checkMetrics(t, stdout)
	svg := checkSVG(t, plot)
	for _, want := range []string{"test.tsv", "ham below 0.30", "spam from 0.80", "6 ham comments", "6 spam comments"} {
		if !strings.Contains(svg.text, want) {
			t.Errorf("plot text lacks %q: %q", want, svg.text)
		}
	}
}

// Calibration is on unless a threshold is given or it is turned off: the
// plot shows the thresholds the tested model used.
func TestCalibrationSwitch(t *testing.T) {
	dir := t.TempDir()
	train := writeFile(t, dir, "train.tsv", corpusTSV(func(i int) bool { return i%4 != 0 }))
	test := writeFile(t, dir, "test.tsv", corpusTSV(func(i int) bool { return i%4 == 0 }))
	defaults := fmt.Sprintf("spam from %.2f", classify.DefaultSpamThreshold)
	for _, tc := range []struct {
		name        string
		args        []string
		wantDefault bool
	}{
		{"calibrated", nil, false},
		{"off", []string{"-calibrate=false"}, true},
		{"a threshold given", []string{"-spam-threshold", "0.9"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plot := filepath.Join(dir, tc.name+".svg")
			args := append([]string{"-train", train, "-test", test, "-passes", "1", "-plot", plot, "-calibration-folds", "3"}, tc.args...)
			code, stdout, stderr := runCLI(args...)
			if code != 0 {
				t.Fatalf("exit code %d, stderr:\n%s", code, stderr)
			}
			checkMetrics(t, stdout)
			svg := checkSVG(t, plot)
			if got := strings.Contains(svg.text, defaults); got != tc.wantDefault {
				t.Errorf("plot shows the default %q: %v, want %v (plot text %q)", defaults, got, tc.wantDefault, svg.text)
			}
		})
	}
}

func TestVerboseProgress(t *testing.T) {
	dir := t.TempDir()
	train := writeFile(t, dir, "train.tsv", corpusTSV(func(int) bool { return true }))
	code, stdout, stderr := runCLI("-v", "-cv", "2", "-train", train, "-passes", "2", "-plot", filepath.Join(dir, "p.svg"))
	if code != 0 {
		t.Fatalf("exit code %d, stderr:\n%s", code, stderr)
	}
	checkMetrics(t, stdout)
	for _, want := range []string{"training speed: pass 2/2", "scoring speed: pass 1/2", "cross-validating: fold 2/2", "calibrating the thresholds", "thresholds calibrated on"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "\x1b") || strings.Contains(stderr, "\r") {
		t.Errorf("progress off a terminal has terminal controls: %q", stderr)
	}
}

func TestHelp(t *testing.T) {
	code, stdout, stderr := runCLI("-h")
	if code != 0 || stdout != "" || !strings.Contains(stderr, "usage: spameval") || !strings.Contains(stderr, "-spam-threshold") {
		t.Errorf("-h: code %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	train := writeFile(t, dir, "train.tsv", corpusTSV(func(int) bool { return true }))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "-train FILE is required"},
		{[]string{"-cv", "3"}, "-train FILE is required"},
		{[]string{"-train", train}, "give -test FILE or -cv K"},
		{[]string{"-train", train, "-test", train, "-cv", "3"}, "not both"},
		{[]string{"-train", train, "-cv", "1"}, "at least 2 folds"},
		{[]string{"-train", train, "-cv", "-4"}, "at least 2 folds"},
		{[]string{"-train", train, "-cv", "three"}, "invalid value"},
		{[]string{"-train", train, "-cv", "3", "-alpha", "0"}, "-alpha"},
		{[]string{"-train", train, "-cv", "3", "-alpha", "NaN"}, "-alpha"},
		{[]string{"-train", train, "-cv", "3", "-spam-threshold", "1.5"}, "-spam-threshold"},
		{[]string{"-train", train, "-cv", "3", "-ham-threshold", "0.95"}, "-ham-threshold"},
		{[]string{"-train", train, "-cv", "3", "-ham-threshold", "-0.1"}, "-ham-threshold"},
		{[]string{"-train", train, "-cv", "3", "-passes", "0"}, "-passes"},
		{[]string{"-train", train, "-cv", "3", "-max-ham-fpr", "0"}, "-max-ham-fpr"},
		{[]string{"-train", train, "-cv", "3", "-max-ham-fpr", "1.5"}, "-max-ham-fpr"},
		{[]string{"-train", train, "-cv", "3", "-calibration-folds", "1"}, "-calibration-folds"},
		{[]string{"-train", train, "-cv", "3", "-seed", "-1"}, "invalid value"},
		{[]string{"-train", train, "-cv", "3", "-bogus"}, "flag provided but not defined"},
		{[]string{"-train", train, "-cv", "3", "extra"}, "unexpected argument"},
		{[]string{"-starter"}, "-starter needs -test FILE"},
		{[]string{"-starter", "-test", train, "-train", train}, "not -train or -cv"},
		{[]string{"-starter", "-test", train, "-cv", "3"}, "not -train or -cv"},
		{[]string{"-starter", "-test", train, "-save", "m.bin"}, "drop -save"},
		{[]string{"-starter", "-test", train, "-ham-threshold", "0.99"}, "-ham-threshold"},
	} {
		code, stdout, stderr := runCLI(tc.args...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("%q: code %d (want 2), stdout %q, stderr %q (want %q)", tc.args, code, stdout, stderr, tc.want)
		}
	}
}

// -starter scores the -test file with the embedded model, trained on
// nothing else: its own thresholds, or those given.
func TestStarter(t *testing.T) {
	dir := t.TempDir()
	test := writeFile(t, dir, "test.tsv", corpusTSV(func(int) bool { return true }))
	plot := filepath.Join(dir, "starter.svg")
	code, stdout, stderr := runCLI("-starter", "-test", test, "-passes", "1", "-plot", plot)
	if code != 0 {
		t.Fatalf("exit code %d, stderr:\n%s", code, stderr)
	}
	m := checkMetrics(t, stdout)
	if m["auc"] < 0.8 {
		t.Errorf("auc = %v on an easy corpus, want at least 0.8", m["auc"])
	}
	if m["spam_held"] < m["spam_recall"] || m["ham_held"] < m["ham_fpr"] {
		t.Errorf("held %v, %v below flagged %v, %v: unsure must add to flagged", m["spam_held"], m["ham_held"], m["spam_recall"], m["ham_fpr"])
	}
	def, err := classify.Default(nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := def.Config()
	svg := checkSVG(t, plot)
	if want := fmt.Sprintf("spam from %.2f", cfg.SpamThreshold); !strings.Contains(svg.text, want) || !strings.Contains(svg.text, "starter") {
		t.Errorf("plot text lacks the starter's threshold %q: %q", want, svg.text)
	}
	// A threshold given overrides the starter's: flagging nothing below 1.
	code, stdout, stderr = runCLI("-starter", "-test", test, "-passes", "1", "-spam-threshold", "1", "-ham-threshold", "1")
	if code != 0 {
		t.Fatalf("exit code %d, stderr:\n%s", code, stderr)
	}
	if m := checkMetrics(t, stdout); m["spam_recall"] != 0 || m["ham_fpr"] != 0 {
		t.Errorf("with -spam-threshold 1: recall %v, ham flagged %v, want 0 and 0", m["spam_recall"], m["ham_fpr"])
	}
}

func TestFailures(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.tsv", corpusTSV(func(int) bool { return true }))
	hamOnly := writeFile(t, dir, "ham.tsv", "label\ttext\nham\txin chào\nham\tcảm ơn\n")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"missing train file", []string{"-cv", "3", "-train", filepath.Join(dir, "nope.tsv")}, "nope.tsv"},
		{"missing test file", []string{"-train", good, "-test", filepath.Join(dir, "nope.tsv")}, "nope.tsv"},
		{"bad header", []string{"-cv", "3", "-train", writeFile(t, dir, "h.tsv", "text\tlabel\nham\thi\n")}, "header"},
		{"bad label", []string{"-cv", "3", "-train", writeFile(t, dir, "l.tsv", "label\ttext\nham\thi\nspma\tbuy\n")}, "line 3"},
		{"no tab", []string{"-cv", "3", "-train", writeFile(t, dir, "t.tsv", "label\ttext\nham hi\n")}, "line 2"},
		{"bad UTF-8", []string{"-cv", "3", "-train", writeFile(t, dir, "u.tsv", "label\ttext\nham\t\xff\xfe\n")}, "UTF-8"},
		{"empty file", []string{"-cv", "3", "-train", writeFile(t, dir, "e.tsv", "")}, "e.tsv"},
		{"header only", []string{"-cv", "3", "-train", writeFile(t, dir, "o.tsv", "label\ttext\n")}, "no comments"},
		{"bad test file", []string{"-train", good, "-test", writeFile(t, dir, "bt.tsv", "label\ttext\nmaybe\tx\n")}, "bt.tsv"},
		{"one class", []string{"-cv", "2", "-train", hamOnly}, "no spam comments"},
		{"more folds than comments", []string{"-cv", "500", "-train", good}, "Folds 500"},
		{"directory as file", []string{"-cv", "3", "-train", dir}, dir},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(tc.args...)
			if code != 1 || stdout != "" || !strings.HasPrefix(stderr, "spameval: ") || !strings.Contains(stderr, tc.want) {
				t.Errorf("code %d (want 1), stdout %q, stderr %q (want %q)", code, stdout, stderr, tc.want)
			}
		})
	}
	t.Run("unwritable outputs", func(t *testing.T) {
		nowhere := filepath.Join(dir, "no", "such", "dir")
		code, stdout, stderr := runCLI("-cv", "2", "-passes", "1", "-train", good, "-save", filepath.Join(nowhere, "m.bin"), "-plot", filepath.Join(nowhere, "p.svg"))
		if code != 1 || !strings.Contains(stderr, "saving the model") || !strings.Contains(stderr, "writing the plot") {
			t.Errorf("code %d (want 1), stderr %q", code, stderr)
		}
		// The metrics were measured: they are still reported.
		checkMetrics(t, stdout)
	})
}

// svgInfo is what checkSVG found in a plot.
type svgInfo struct {
	text string // all character data, space-separated
}

// checkSVG parses a plot with encoding/xml and checks its structure: an
// svg root, both histograms and the threshold lines.
func checkSVG(t *testing.T, path string) svgInfo {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	info, classes, err := parseSVG(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, want := range []string{"hist ham", "hist spam", "threshold"} {
		if classes[want] == 0 {
			t.Errorf("%s: no element of class %q", path, want)
		}
	}
	return info
}

// parseSVG decodes an SVG document fully and counts its elements' classes.
func parseSVG(data []byte) (svgInfo, map[string]int, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var info svgInfo
	var text []string
	classes := make(map[string]int)
	depth, roots := 0, 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return info, nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if tok.Name.Local != "svg" || tok.Name.Space != "http://www.w3.org/2000/svg" {
					return info, nil, fmt.Errorf("root element is %v, want svg in the SVG namespace", tok.Name)
				}
			}
			depth++
			for _, a := range tok.Attr {
				if a.Name.Local == "class" {
					classes[a.Value]++
				}
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			if s := strings.TrimSpace(string(tok)); s != "" {
				text = append(text, s)
			}
		}
	}
	if roots != 1 {
		return info, nil, fmt.Errorf("%d root elements, want 1", roots)
	}
	info.text = strings.Join(text, " ")
	return info, classes, nil
}

func TestRenderSVGEdgeCases(t *testing.T) {
	full := plotData{title: `<&> "quoted" ` + strings.Repeat("très long ", 20), hamThreshold: 0.5, spamThreshold: 0.9}
	for i := range 1000 {
		full.add(classify.Class(i%2), float64(i)/999)
	}
	full.add(classify.Spam, math.NaN())
	full.add(classify.Ham, -3)
	full.add(classify.Spam, 7)
	for name, d := range map[string]plotData{
		"empty":            {hamThreshold: 0.5, spamThreshold: 0.9},
		"equal thresholds": {title: "x", hamThreshold: 0.7, spamThreshold: 0.7},
		"thresholds at 1":  {title: "x", hamThreshold: 1, spamThreshold: 1},
		"full":             full,
	} {
		var b bytes.Buffer
		if err := renderSVG(&b, d); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, classes, err := parseSVG(b.Bytes()); err != nil {
			t.Errorf("%s: invalid SVG: %v", name, err)
		} else if classes["threshold"] == 0 {
			t.Errorf("%s: no threshold line", name)
		}
	}
	if full.n[classify.Ham] != 501 || full.n[classify.Spam] != 501 {
		t.Errorf("counted %v comments, want 501 of each (NaN left out, out-of-range clamped)", full.n)
	}
	if full.counts[classify.Spam][bins-1] == 0 || full.counts[classify.Ham][0] == 0 {
		t.Error("probabilities outside [0, 1] were not put in the end bins")
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestGroupDigits(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1\u2009000", 11737: "11\u2009737", 1234567: "1\u2009234\u2009567"} {
		if got := groupDigits(n); got != want {
			t.Errorf("groupDigits(%d) = %q, want %q", n, got, want)
		}
	}
}

// foldsNames are the lines -folds-report adds after the metric lines.
var foldsNames = []string{
	"promised_ham_fpr", "promised_spam_recall", "promised_spam_f1", "promised_macro_f1",
	"split_train_docs", "split_test_docs",
	"split_promised_ham_fpr", "split_promised_spam_recall", "split_promised_spam_f1", "split_promised_macro_f1",
	"split_ham_fpr", "split_spam_recall", "split_spam_f1", "split_macro_f1", "split_auc",
}

// -folds-report keeps the metric lines and adds the calibration's promise
// and the split's result, the split the same on every run.
func TestFoldsReport(t *testing.T) {
	dir := t.TempDir()
	train := writeFile(t, dir, "train.tsv", corpusTSV(func(int) bool { return true }))
	code, stdout, stderr := runCLI("-cv", "3", "-train", train, "-passes", "1", "-folds-report")
	if code != 0 {
		t.Fatalf("exit code %d, stderr:\n%s", code, stderr)
	}
	lines := strings.SplitAfter(stdout, "\n")
	if len(lines) < len(metricNames) {
		t.Fatalf("stdout has %d lines:\n%s", len(lines), stdout)
	}
	checkMetrics(t, strings.Join(lines[:len(metricNames)], ""))
	values := namedValues(t, strings.Join(lines[len(metricNames):], ""), foldsNames)
	for _, name := range foldsNames {
		if v := values[name]; !(v >= 0) || (!strings.HasSuffix(name, "_docs") && v > 1) {
			t.Errorf("%s = %v, want a count or a share", name, v)
		}
	}
	if n := values["split_train_docs"] + values["split_test_docs"]; n != float64(len(testHam)+len(testSpam)) {
		t.Errorf("the split has %v comments, want every one of the -train file's %d", n, len(testHam)+len(testSpam))
	}
	if values["split_test_docs"] == 0 || values["split_test_docs"] >= values["split_train_docs"] {
		t.Errorf("split %v / %v, want about a fifth tested", values["split_train_docs"], values["split_test_docs"])
	}
	_, again, _ := runCLI("-cv", "3", "-train", train, "-passes", "1", "-folds-report")
	cut := func(s string) string { return s[strings.Index(s, "promised_ham_fpr"):] }
	if cut(again) != cut(stdout) {
		t.Errorf("a second run reported otherwise:\n%s\nthen\n%s", cut(stdout), cut(again))
	}

	for _, args := range [][]string{
		{"-cv", "3", "-train", train, "-folds-report", "-calibrate=false"},
		{"-cv", "3", "-train", train, "-folds-report", "-spam-threshold", "0.9"},
		{"-starter", "-test", train, "-folds-report"},
	} {
		code, stdout, stderr := runCLI(args...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, "-folds-report") {
			t.Errorf("%q: code %d (want 2), stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}

// The split tests about a fifth of the comments, chosen by their text.
func TestInTestPart(t *testing.T) {
	tested := 0
	for _, text := range append(slices.Clone(testHam), testSpam...) {
		if inTestPart(classify.Text(text)) {
			tested++
		}
	}
	if n := len(testHam) + len(testSpam); tested < n/10 || tested > n/3 {
		t.Errorf("%d of %d comments tested, want about a fifth", tested, len(testHam)+len(testSpam))
	}
}

// The model spameval trains, saves and tests is classify.Train's, its
// refitting passes included, for either kind.
func TestTrainsAsTrain(t *testing.T) {
	for _, kind := range []struct {
		name  string
		kind  classify.Kind
		flags []string
	}{
		{"spam", classify.KindSpam, nil},
		{"abuse", classify.KindAbuse, []string{"-kind", "abuse", "-positive", "spam"}},
	} {
		t.Run(kind.name, func(t *testing.T) {
			dir := t.TempDir()
			text := corpusTSV(func(int) bool { return true })
			train := writeFile(t, dir, "train.tsv", text)
			saved := filepath.Join(dir, "model.bin")
			code, _, stderr := runCLI(append(slices.Clone(kind.flags), "-train", train, "-cv", "2", "-passes", "1", "-spam-threshold", "0.9", "-save", saved)...)
			if code != 0 {
				t.Fatalf("exit code %d, stderr:\n%s", code, stderr)
			}
			got, err := os.ReadFile(saved)
			if err != nil {
				t.Fatal(err)
			}
			examples, err := readLabelled(strings.NewReader(text), options{cfg: classify.Config{Kind: kind.kind}, positive: []string{"spam"}})
			if err != nil {
				t.Fatal(err)
			}
			model, err := classify.Train(examples, &classify.Config{Kind: kind.kind, SpamThreshold: 0.9, HamThreshold: classify.DefaultHamThreshold, Alpha: classify.DefaultAlpha}, nil)
			if err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			if _, err := model.WriteTo(&want); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want.Bytes()) {
				t.Errorf("-save wrote a model of %d bytes unlike classify.Train's of %d", len(got), want.Len())
			}
		})
	}
}
