package wordlist_test

import (
	"fmt"
	"strings"

	"github.com/binhluan/binhluan/comment/wordlist"
)

func Example() {
	own, err := wordlist.Parse(strings.NewReader(`
# the site's own entries
suspect  đồ hâm
drop     cave
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	l, err := wordlist.New(append(wordlist.Default(), own...))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, text := range []string{
		"Các bạn nói đúng, đi học đi.",
		"Bài viết hay vl",
		"Đồ hâm, đ.m",
	} {
		fmt.Printf("%s | %v | %s\n", text, l.Worst(text), l.Mask(text))
	}
	// Output:
	// Các bạn nói đúng, đi học đi. | Action(0) | Các bạn nói đúng, đi học đi.
	// Bài viết hay vl | mask | Bài viết hay **
	// Đồ hâm, đ.m | hold | Đồ hâm, *.*
}

func ExampleParse() {
	_, err := wordlist.Parse(strings.NewReader("hold  ngu\ncấm  đm\n"))
	fmt.Println(err)
	// Output:
	// line 2: wordlist: unknown action (want refuse, hold, suspect, mask or drop): "cấm  đm"
}

func ExampleList_Match() {
	l, _ := wordlist.New([]wordlist.Entry{{Phrase: "cặc", Action: wordlist.Hold, Strict: true}})
	for _, text := range []string{"các bạn", "c.ặ.c", "C4C", "cac"} {
		fmt.Println(text, len(l.Match(text)) > 0)
	}
	// Output:
	// các bạn false
	// c.ặ.c true
	// C4C true
	// cac false
}
