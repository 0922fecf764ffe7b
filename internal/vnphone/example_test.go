package vnphone_test

import (
	"fmt"

	"github.com/binhluan/binhluan/internal/vnphone"
)

func ExampleValid() {
	for _, d := range []string{"0912345678", "84912345678", "01623456789", "0301234567", "18001234"} {
		fmt.Println(d, vnphone.Valid(d))
	}
	// Output:
	// 0912345678 true
	// 84912345678 true
	// 01623456789 true
	// 0301234567 false
	// 18001234 true
}
