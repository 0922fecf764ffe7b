package phone_test

import (
	"errors"
	"fmt"

	"github.com/binhluan/binhluan/comment/phone"
)

func ExampleParse() {
	p, err := phone.Parse("+84 (0) 912.345.678")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.National())
	fmt.Println(p.E164(), p.Digits())
	fmt.Println(p.Type(), p.Carrier())
	// Output:
	// 0912 345 678
	// +84912345678 0912345678
	// mobile Vinaphone
}

func ExampleParse_landline() {
	for _, in := range []string{"(028) 3822 1234", "0236.3821.234"} {
		p, err := phone.Parse(in)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s | %s | %s | %s\n", p, p.E164(), p.Type(), p.Area())
	}
	// Output:
	// 028 3822 1234 | +842838221234 | fixed_line | TP. Hồ Chí Minh
	// 0236 3821 234 | +842363821234 | fixed_line | Đà Nẵng
}

func ExampleParse_outdated() {
	_, err := phone.Parse("0162 345 6789")
	var pe *phone.Error
	if errors.As(err, &pe) && errors.Is(err, phone.ErrOutdated) {
		fmt.Println(pe.Code)
		fmt.Println("now:", pe.Current, pe.Current.Carrier())
	}
	fmt.Println(err)
	// Output:
	// outdated_phone
	// now: 0323 456 789 Viettel
	// phone: number has changed: old 11-digit mobile with prefix 0162, renumbered in 2018; now 0323 456 789
}

func ExampleParse_refused() {
	for _, in := range []string{"SĐT: 0912 345 678", "0912 345 678 x12", "912 345 678", "113", "+81 3-1234-5678"} {
		_, err := phone.Parse(in)
		var pe *phone.Error
		if errors.As(err, &pe) {
			fmt.Printf("%s: %s\n", pe.Code, pe.Reason)
		}
	}
	// Output:
	// invalid_phone: words around the number
	// invalid_phone: an extension after the number
	// invalid_phone: no leading 0: a number starts with 0 at home or +84 from abroad
	// invalid_phone: emergency number 113, not a number to call back
	// invalid_phone: a foreign number: the country code is not 84
}

func ExampleNumber_E164() {
	for _, in := range []string{"0912 345 678", "1900 123456"} {
		p, _ := phone.Parse(in)
		fmt.Println(p.E164(), "|", p.National(), "|", p.Type())
	}
	// Output:
	// +84912345678 | 0912 345 678 | mobile
	// 1900123456 | 1900 123456 | premium
}
