package classify_test

import (
	"fmt"

	"github.com/binhluan/binhluan/classify"
)

func Example() {
	c, err := classify.New(nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	err = c.LearnBatch([]classify.Example{
		{Class: classify.Spam, Doc: classify.Text("Vay tiền nhanh không thẩm định, ib zalo 0912 345 678")},
		{Class: classify.Spam, Doc: classify.Text("Nhà cái uy tín, nạp đầu tặng 500k tại bet88.example")},
		{Class: classify.Ham, Doc: classify.Text("Cầu vượt thông xe sớm, người dân đi lại thuận tiện.")},
		{Class: classify.Ham, Doc: classify.Text("Đề nghị quận sớm xử lý ngập úng ở đường Nguyễn Văn Cừ.")},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, text := range []string{
		"vay tien nhanh, lh 0 9 8 7 . 6 5 4 . 3 2 1",
		"Mong quận sớm xử lý ngập ở đường này.",
	} {
		r := c.Explain(classify.Text(text), 4)
		fmt.Printf("%s %.2f\n", r.Verdict, r.Probability)
		for _, tok := range r.Tokens {
			fmt.Printf("  %-12s %+.2f\n", tok.Text, tok.Weight)
		}
	}
	// A token "%" and a word is the word's letter pairs (its fold with a
	// space at either end), added up: "nhanh" counts as a word and by its
	// pairs " n", "nh", "ha", "an", "h ", which the spam had more of;
	// "lh", a word the model never met, is still read by its letters,
	// which lean to ham. The comments have more known features than the
	// evidence counts in full, so each weighs a little less.

	// Output:
	// spam 1.00
	//   %nhanh       +3.35
	//   %vay         +1.18
	//   %lh          -0.92
	//   %tien        +0.91
	// ham 0.00
	//   %som         -1.88
	//   %quan        -1.16
	//   %xu          -1.08
	//   %nay         +1.04
}

// A moderator marked a comment as spam by mistake; the lesson is taken back
// and the right one learned.
func ExampleClassifier_Unlearn() {
	var c classify.Classifier // the zero value: an empty model with the default settings
	doc := classify.Document{Name: "Trần Bình", Content: "Giá xăng tăng 500 đồng, mong có biện pháp bình ổn."}
	_ = c.Learn(classify.Spam, doc)
	fmt.Println(c.Docs())
	if err := c.Unlearn(classify.Spam, doc); err != nil {
		fmt.Println(err)
	}
	_ = c.Learn(classify.Ham, doc)
	fmt.Println(c.Docs())
	// Output:
	// 0 1
	// 1 0
}

func ExampleDefault() {
	c, err := classify.Default(nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, text := range []string{
		"Vay tiền online giải ngân trong 15 phút, ib zalo 09xx.xxx.xxx",
		"NHÀ CÁI UY TÍN, NẠP 100K TẶNG 100K!!! 🎰",
		"Đề nghị phường sớm lắp đèn chiếu sáng ở ngõ này, tối rất nguy hiểm.",
		"Thank you for the report, the new bus line helps a lot.",
	} {
		fmt.Println(c.Score(classify.Text(text)).Verdict)
	}
	// Output:
	// spam
	// spam
	// ham
	// ham
}
