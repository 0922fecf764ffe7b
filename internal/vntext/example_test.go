package vntext_test

import (
	"fmt"

	"github.com/binhluan/binhluan/internal/vntext"
)

func ExampleNormalize() {
	// A non-breaking space, a zero-width space, a tab and a line break.
	fmt.Printf("%q\n", vntext.Normalize("  Hà\u00a0Nội\u200b\tmùa \r\n thu  "))
	// Output: "Hà Nội mùa thu"
}

func ExampleNormalizeLines() {
	fmt.Printf("%q\n", vntext.NormalizeLines("\r\nĐoạn một,\u00a0dòng một\r\ndòng hai\r\n\r\n\r\n\r\nĐoạn hai\r\n"))
	// Output: "Đoạn một, dòng một\ndòng hai\n\nĐoạn hai"
}

func ExampleFold() {
	fmt.Println(vntext.Fold("Đưa Nghị quyết Đại hội Đảng bộ vào cuộc sống"))
	// Output: Dua Nghi quyet Dai hoi Dang bo vao cuoc song
}

func ExampleSlug() {
	title := "Quận Long Biên: Nhiều giải pháp thiết thực đưa Nghị quyết Đại hội Đảng bộ quận vào cuộc sống"
	fmt.Println(vntext.Slug(title, 0))
	fmt.Println(vntext.Slug(title, 50))
	// Output:
	// quan-long-bien-nhieu-giai-phap-thiet-thuc-dua-nghi-quyet-dai-hoi-dang-bo-quan-vao-cuoc-song
	// quan-long-bien-nhieu-giai-phap-thiet-thuc-dua-nghi
}

func ExampleCanonicalTones() {
	fmt.Println(vntext.CanonicalTones("hoà"), vntext.CanonicalTones("hòa"))
	fmt.Println(vntext.CanonicalTones("Sức khoẻ, thuỷ lợi, HOÀ BÌNH"))
	// Output:
	// hòa hòa
	// Sức khỏe, thủy lợi, HÒA BÌNH
}

func ExampleTruncate() {
	s, cut := vntext.Truncate("Hà Nội", 4)
	fmt.Printf("%q %v\n", s, cut)
	// Decomposed "é": the mark is not separated from its e.
	s, cut = vntext.Truncate("Cafe\u0301 sáng", 4)
	fmt.Printf("%q %v\n", s, cut)
	// Output:
	// "Hà N" true
	// "Caf" true
}

func ExampleTruncateWords() {
	s, cut := vntext.TruncateWords("Quận Long Biên: Nhiều giải pháp thiết thực", 20)
	fmt.Printf("%q %v\n", s, cut)
	s, cut = vntext.TruncateWords("Ngắn gọn", 20)
	fmt.Printf("%q %v\n", s, cut)
	// Output:
	// "Quận Long Biên" true
	// "Ngắn gọn" false
}

func ExampleKey() {
	fmt.Println(vntext.Key("  HOÀ\u00a0Bình "))
	fmt.Println(vntext.Key("Hòa Bình") == vntext.Key("hoà bình"))
	// Output:
	// hòa bình
	// true
}

func ExampleFoldKey() {
	fmt.Println(vntext.FoldKey("Hòa Bình"))
	fmt.Println(vntext.FoldKey("ĐẢNG BỘ") == vntext.FoldKey("dang bo"))
	// Output:
	// hoa binh
	// true
}

func ExampleWords() {
	fmt.Println(vntext.Words("Nhiệm kỳ 2020-2025 - kinh tế-xã hội"))
	// Output: 6
}

func ExampleLowerSameLength() {
	// The Kelvin sign's lower case is one byte shorter: it stays, so that
	// byte offsets in both strings agree.
	s := "Giá 300\u212A, HÒA BÌNH"
	l := vntext.LowerSameLength(s)
	fmt.Println(l, len(l) == len(s))
	// Output: giá 300K, hòa bình true
}

func ExampleCollapseSpaces() {
	fmt.Printf("%q\n", vntext.CollapseSpaces("  Hà\u00a0 Nội \t mùa thu \n"))
	// Output: "Hà Nội mùa thu"
}
