package phone

import (
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// benchInputs are typical entries of the phone field, every one valid:
// the same mix for both parsers, so that one run gives the ratio.
var benchInputs = []string{
	"0912345678",
	"0912 345 678",
	"091-234-5678",
	"0987.654.321",
	"+84 91 234 5678",
	"(+84) 912 345 678",
	"+84 (0) 912 345 678",
	"84912345678",
	"＋８４ ９１２ ３４５ ６７８",
	"024 3825 1234",
	"(028) 3822 1234",
	"0236 3821 234",
}

func BenchmarkParse(b *testing.B) {
	for _, in := range benchInputs {
		if _, err := Parse(in); err != nil {
			b.Fatalf("%q: %v", in, err)
		}
		num, err := phonenumbers.Parse(in, "VN")
		if err != nil || !phonenumbers.IsValidNumberForRegion(num, "VN") {
			b.Fatalf("%q is not valid for libphonenumber: %v", in, err)
		}
	}
	b.Run("binhluan", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		var p Number
		for b.Loop() {
			p, _ = Parse(benchInputs[i%len(benchInputs)])
			i++
		}
		_ = p
	})
	b.Run("nyaruka", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		valid := false
		for b.Loop() {
			num, err := phonenumbers.Parse(benchInputs[i%len(benchInputs)], "VN")
			valid = err == nil && phonenumbers.IsValidNumberForRegion(num, "VN")
			i++
		}
		_ = valid
	})
}
