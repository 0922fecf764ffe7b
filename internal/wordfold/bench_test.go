package wordfold

import (
	"strings"
	"testing"
)

// benchComments is comment text as readers write it: accented and not,
// with teencode and a few disguised words.
var benchComments = []string{
	"Bài viết rất hay, cảm ơn tác giả đã phân tích kỹ lưỡng vấn đề này.",
	"Giá nhà ở Hà Nội bây giờ cao quá, người trẻ làm cả đời cũng không mua nổi một căn chung cư.",
	"toi thay chinh sach nay hop ly, nhung can lam ro trach nhiem cua tung co quan",
	"Đường Nguyễn Trãi sáng nào cũng tắc, đi làm mất cả tiếng đồng hồ.",
	"ko bik ai nghĩ ra cái luật này, dân mình khổ vl",
	"Mong các cơ quan chức năng vào cuộc xử lý nghiêm những sai phạm.",
	"Đội tuyển đá hay quá!!! Tự hào Việt Nam 🇻🇳",
	"Thằng cha này nói ngu thế, đ.m đọc mà bực cả mình.",
	"Giá xăng lại tăng rồi, lương thì vẫn vậy :(",
	"Cho mình hỏi thủ tục làm hộ chiếu online thế nào ạ?",
}

func BenchmarkFold(b *testing.B) {
	var sb strings.Builder
	for i := 0; sb.Len() < 64<<10; i++ {
		sb.WriteString(benchComments[i%len(benchComments)])
		sb.WriteByte(' ')
	}
	text := sb.String()
	var f Folder
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		f.Fold(text)
	}
}
