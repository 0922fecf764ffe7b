package article_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/binhluan/binhluan/article"
)

func ExampleParse() {
	f, err := os.Open("testdata/page.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	a, err := article.Parse(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Title)
	fmt.Println(a.Slug)
	fmt.Println(article.FormatStamp(a.PublishedAt), a.Source, "-", a.Author)
	fmt.Println(a.Body[0].Kind, a.Body[0].Caption)
	fmt.Println(a.ReadingTime())
	// Output:
	// Quận Long Biên: Nhiều giải pháp thiết thực đưa Nghị quyết Đại hội Đảng bộ quận vào cuộc sống
	// quan-long-bien-nhieu-giai-phap-thiet-thuc-dua-nghi-quyet-dai-hoi-dang-bo-quan-vao-cuoc-song
	// 12:48 29/11/2020 HNP - Nhật Minh
	// image Chủ tịch UBND Quận Nguyễn Mạnh Hà quán triệt Nghị quyết Đại hội
	// 8m0s
}

func ExampleParse_missingStamp() {
	_, err := article.Parse(strings.NewReader("Tựa đề không có giờ đăng\n\nĐoạn văn."))
	fmt.Println(err)
	// Output:
	// article: page has no publish stamp like (12:48 29/11/2020) after its title (read 2 lines)
}

func ExampleFormatLong() {
	at := time.Date(2020, 11, 29, 5, 48, 0, 0, time.UTC)
	fmt.Println(article.FormatStamp(at))
	fmt.Println(article.FormatLong(at))
	// Output:
	// 12:48 29/11/2020
	// Chủ Nhật, 29/11/2020 12:48
}

func ExampleParseLong() {
	t, err := article.ParseLong("Chủ nhật, 29/11/2020, 12:48 (GMT+7)")
	fmt.Println(t.UTC(), err)
	_, err = article.ParseLong("Thứ Hai, 29/11/2020 12:48")
	fmt.Println(err)
	// Output:
	// 2020-11-29 05:48:00 +0000 UTC <nil>
	// article: not a Vietnamese date and time: 29/11/2020 is a Chủ Nhật, not a Thứ Hai
}

func ExampleExcerpt() {
	text := "TP. Hồ Chí Minh mưa lớn chiều nay. Nhiều tuyến đường ngập sâu. Giao thông ùn tắc."
	fmt.Println(article.Excerpt(text, 70))
	fmt.Println(article.Excerpt(text, 20))
	// Output:
	// TP. Hồ Chí Minh mưa lớn chiều nay. Nhiều tuyến đường ngập sâu.
	// TP. Hồ Chí Minh mưa…
}

func ExampleArchive_Newer() {
	at := time.Date(2020, 11, 29, 12, 48, 0, 0, article.Vietnam())
	var ar article.Archive
	for i, title := range []string{"Bài một", "Bài hai", "Bài ba", "Bài bốn"} {
		err := ar.Add(&article.Article{ID: fmt.Sprint(i + 1), Title: title, PublishedAt: at.AddDate(0, 0, i)})
		if err != nil {
			fmt.Println(err)
		}
	}
	fmt.Println("Các bài mới đăng:")
	for _, a := range ar.Newer("2", 5, false) {
		fmt.Println("-", a.Title, article.FormatStamp(a.PublishedAt))
	}
	fmt.Println("Các bài đã đăng:")
	for _, a := range ar.Older("2", 5, false) {
		fmt.Println("-", a.Title, article.FormatStamp(a.PublishedAt))
	}
	// Output:
	// Các bài mới đăng:
	// - Bài bốn 12:48 02/12/2020
	// - Bài ba 12:48 01/12/2020
	// Các bài đã đăng:
	// - Bài một 12:48 29/11/2020
}

func ExampleArticle_Validate() {
	a := &article.Article{Title: "Quận Long Biên", Slug: "Quận Long Biên"}
	err := a.Validate()
	var errs article.FieldErrors
	if errors.As(err, &errs) {
		fmt.Println(errs.Codes())
		fmt.Println(errs.Has(article.FieldSlug, article.CodeInvalid))
	}
	fmt.Println(err)
	// Output:
	// [slug:invalid body:required published_at:required]
	// true
	// slug: invalid; body: required; published_at: required
}
