package wordlist_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/binhluan/binhluan/comment/wordlist"
	"github.com/binhluan/binhluan/internal/vntext"
)

// benchListSize is the size of the list BenchmarkWordList compiles, as
// issue 14 asks: the default list and entries made up to that count.
const benchListSize = 1000

// Words that a site's own list would add to the default one: the heads
// readers put before an insult, and the insults.
var (
	benchHeads = []string{
		"thằng", "con", "đồ", "bọn", "lũ", "tụi", "mấy thằng", "cái loại", "loại", "cả lũ", "bọn mày", "cái đồ",
	}
	benchInsults = []string{
		"đần", "dốt", "ngáo", "điên", "khùng", "hâm", "mất nết", "láo toét", "hỗn láo", "vô duyên",
		"vô liêm sỉ", "lừa đảo", "ăn hại", "ăn bám", "bẩn thỉu", "hèn hạ", "ba xạo", "xạo chó", "chảnh chó",
		"trẻ trâu", "rác rưởi", "cặn bã", "khốn kiếp", "mặt dày", "não phẳng", "não cá vàng", "bò đỏ",
		"dư luận viên", "phản động", "bán nước", "mọi rợ", "man rợ", "đầu bò", "đầu đất", "óc heo",
		"nhà quê", "hãm tài", "xàm xí", "bựa", "lươn lẹo", "bất nhân", "thất đức", "vô ơn", "ăn cháo đá bát",
	}
	// benchTeencode are the spellings readers use for some heads.
	benchTeencode = map[string]string{
		"thằng": "thg", "con": "kon", "đồ": "đ0", "bọn": "bon", "tụi": "tui", "mấy thằng": "mấy thg",
	}
)

// benchEntries returns the default list followed by made-up entries, n in
// all, the same on every run: each head with each insult, then the heads
// in teencode and the phrases typed without accents, then the insults
// alone.
func benchEntries(tb testing.TB, n int) []wordlist.Entry {
	out := wordlist.Default()
	seen := make(map[string]bool)
	for _, e := range out {
		seen[e.Phrase] = true
	}
	actions := []wordlist.Action{wordlist.Suspect, wordlist.Hold, wordlist.Suspect, wordlist.Mask, wordlist.Refuse}
	add := func(phrase string) {
		if len(out) == n || seen[phrase] {
			return
		}
		seen[phrase] = true
		out = append(out, wordlist.Entry{Phrase: phrase, Action: actions[len(out)%len(actions)], Line: len(out) + 1})
	}
	for _, in := range benchInsults {
		for _, h := range benchHeads {
			add(h + " " + in)
		}
	}
	for _, in := range benchInsults {
		for _, h := range benchHeads {
			if tc, ok := benchTeencode[h]; ok {
				add(tc + " " + in)
			}
			add(vntext.Fold(h + " " + in))
		}
	}
	for _, in := range benchInsults {
		add(in)
	}
	if len(out) != n {
		tb.Fatalf("made %d entries, want %d", len(out), n)
	}
	return out
}

// benchComments are comments as readers post them under Vietnamese news:
// most innocent, some typed without accents or in teencode, a few with a
// word of the list.
var benchComments = []string{
	"Bài viết phân tích rất kỹ, cảm ơn tác giả. Mong báo có thêm nhiều bài như thế này.",
	"Giá nhà ở Hà Nội giờ cao quá, vợ chồng tôi đi làm mười năm vẫn chưa mua nổi một căn chung cư nhỏ.",
	"toi thay chinh sach nay hop ly nhung can lam ro trach nhiem cua tung co quan, tranh do lỗi cho nhau",
	"Sáng nào đường Nguyễn Trãi cũng tắc cứng, đi có năm cây số mà mất gần một tiếng đồng hồ.",
	"Đội tuyển đá hay quá, tự hào Việt Nam! Hy vọng lần này vào được vòng loại thứ ba.",
	"ko bik ai nghĩ ra cái quy định này, dân mình khổ vl",
	"Mong các cơ quan chức năng sớm vào cuộc, xử lý nghiêm những cá nhân sai phạm để làm gương.",
	"Giá xăng lại tăng rồi, lương thì vẫn giậm chân tại chỗ, chợ búa cái gì cũng đắt lên :(",
	"Con tôi học lớp 3 mà tối nào cũng làm bài tập đến mười giờ đêm, áp lực quá các bác ạ.",
	"Thằng cha này phát biểu ngu thế, đọc mà bực cả mình.",
	"Cho mình hỏi thủ tục làm hộ chiếu online thế nào ạ? Mình nộp hồ sơ hai tuần rồi chưa thấy trả lời.",
	"Bệnh viện tuyến tỉnh quá tải, người bệnh phải nằm ghép hai ba người một giường, nhìn thương lắm.",
	"Các bạn trẻ bây giờ giỏi thật, mới hai mươi tuổi đã khởi nghiệp thành công rồi.",
	"Đi du lịch Đà Lạt dịp lễ, đường đèo đông nghẹt xe, các bác nên đi sớm cho đỡ mệt.",
	"hay vãi, lần đầu thấy bài báo viết dễ hiểu như vậy",
	"Mình ở quê, buổi sáng ra đồng, chiều về nấu cơm, cuộc sống bình dị mà vui.",
	"Nói thật là tôi không tin mấy cái quảng cáo thực phẩm chức năng này, toàn lừa người già.",
	"Cầu vượt xây xong rồi mà vẫn chưa thông xe, không hiểu chậm vì lý do gì.",
	"Đề nghị bộ giáo dục xem xét lại chương trình sách giáo khoa, thay đổi nhiều quá phụ huynh không theo kịp.",
	"đm, lại bị lừa mua hàng online, shop giao cục gạch",
	"Bão về, mong bà con miền Trung bình an, ai có điều kiện thì chung tay giúp đỡ.",
	"Tiền điện tháng này tăng gấp đôi, nhà có mỗi cái điều hoà với tủ lạnh thôi mà.",
	"Cầu thủ đó đá hay nhưng thái độ chưa tốt, cần rèn thêm tinh thần đồng đội.",
	"Ủng hộ xử phạt nặng người uống rượu bia lái xe, nhiều gia đình tan nát vì tai nạn rồi.",
	"Sân bay Long Thành bao giờ mới xong nhỉ, đi Tân Sơn Nhất giờ cao điểm mệt quá.",
	"Đọc xong mà rưng rưng nước mắt, cảm ơn những người thầy thầm lặng nơi vùng cao.",
	"Cái lon bia giờ cũng mười lăm nghìn, quán nhậu vỉa hè vẫn đông như thường.",
	"Buổi họp phụ huynh hôm qua cô giáo nói các cháu ngoan, bố mẹ yên tâm đi làm.",
	"chuẩn luôn, mình cũng nghĩ thế, đừng vội kết luận khi chưa có kết quả điều tra",
	"Sao không ai nói đến chuyện rác thải nhựa ở các bãi biển, đi tắm mà toàn túi ni lông.",
	"Thời tiết Hà Nội dạo này thất thường, sáng lạnh trưa nóng, trẻ con ốm liên tục.",
	"Người dân cần được biết ngân sách chi cho công trình này là bao nhiêu, minh bạch là tốt nhất.",
	"Giá vàng lên xuống thất thường, ai ôm vàng đỉnh chắc đang khóc ròng.",
	"Tôi đã từng làm ở đó, quản lý rất tốt, lương thưởng đầy đủ, không như bài báo nói đâu.",
	"Ông bà mình ngày xưa khổ hơn nhiều, giờ có cơm ăn áo mặc là phải biết quý.",
	"Đường làng giờ bê tông hoá hết rồi, nhưng đèn đường thì vẫn chưa có, tối đi sợ lắm.",
}

// benchText is about 64 KB of benchComments.
func benchText() string {
	var b strings.Builder
	for i := 0; b.Len() < 64<<10; i++ {
		b.WriteString(benchComments[i%len(benchComments)])
		b.WriteByte('\n')
	}
	return b.String()
}

// alternation is one regular expression for all the entries, on whole
// words, ignoring case: what a site would write without this package.
func alternation(entries []wordlist.Entry) *regexp.Regexp {
	alts := make([]string, len(entries))
	for i, e := range entries {
		alts[i] = regexp.QuoteMeta(e.Phrase)
	}
	return regexp.MustCompile(`(?i)(?:^|[^\pL\pN])(?:` + strings.Join(alts, "|") + `)(?:[^\pL\pN]|$)`)
}

func BenchmarkWordList(b *testing.B) {
	entries := benchEntries(b, benchListSize)
	text := benchText()
	l, err := wordlist.New(entries)
	if err != nil {
		b.Fatal(err)
	}
	if n := len(l.Entries()); n != benchListSize {
		b.Fatalf("the list has %d entries, want %d", n, benchListSize)
	}
	re := alternation(entries)
	if len(l.Match(text)) == 0 || re.FindStringIndex(text) == nil {
		b.Fatal("the benchmark text must hold entries")
	}
	b.Run("matcher", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			l.Match(text)
		}
	})
	b.Run("worst", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			l.Worst(text)
		}
	})
	b.Run("mask", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			l.Mask(text)
		}
	})
	b.Run("regexp_alternation", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			re.FindAllStringIndex(text, -1)
		}
	})
}
