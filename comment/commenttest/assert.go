package commenttest

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/binhluan/binhluan/comment"
)

// Want is a field error a test expects: the field (a form input's name
// such as comment.FormContent, or comment.FieldForm) and the code. Its
// message and Params are left out on purpose: a site's test checks what
// is wrong, not how it is worded.
type Want struct {
	Field string
	Code  comment.Code
}

// String returns "field:code", as comment.FieldErrors.Codes does.
func (w Want) String() string { return w.Field + ":" + string(w.Code) }

// TB is the part of testing.TB the assertions use: *testing.T,
// *testing.B and *testing.F have it, and so does testing.TB itself.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
}

// AssertFieldErrors checks that got holds exactly the wanted field errors,
// each as often as wanted, in any order, and reports otherwise with t.Errorf
// and a (-want +got) list, one "field:code" a line:
//
//	field errors (-want +got):
//	  -content:too_short
//	  +content:too_long
//	   name:required
//
// got is what the code under test returned: the comment.FieldErrors of
// Rules.Validate or Screener.Screen (nil or empty when no error is
// wanted), the error of Store.Add or Tokens.Check, or any error wrapping
// them; an error that holds no field error is reported as such. It
// returns whether the check passed.
func AssertFieldErrors(t TB, got error, want ...Want) bool {
	t.Helper()
	var have []string
	var list comment.FieldErrors
	var one comment.FieldError
	switch {
	case got == nil || errors.As(got, &list):
		have = list.Codes()
	case errors.As(got, &one):
		have = []string{one.Field + ":" + string(one.Code)}
	default:
		t.Errorf("field errors: got %v, which holds none; want %v", got, want)
		return false
	}
	need := make([]string, len(want))
	for i, w := range want {
		need[i] = w.String()
	}
	if d := diff(need, have); d != "" {
		t.Errorf("field errors (-want +got):\n%s", d)
		return false
	}
	return true
}

// diff compares two lists as multisets and returns their difference, one
// sorted line each, or "" when they hold the same.
func diff(want, got []string) string {
	want, got = slices.Sorted(slices.Values(want)), slices.Sorted(slices.Values(got))
	var b strings.Builder
	same := true
	for len(want) > 0 || len(got) > 0 {
		switch {
		case len(got) == 0 || len(want) > 0 && want[0] < got[0]:
			fmt.Fprintf(&b, "  -%s\n", want[0])
			want, same = want[1:], false
		case len(want) == 0 || got[0] < want[0]:
			fmt.Fprintf(&b, "  +%s\n", got[0])
			got, same = got[1:], false
		default:
			fmt.Fprintf(&b, "   %s\n", got[0])
			want, got = want[1:], got[1:]
		}
	}
	if same {
		return ""
	}
	return b.String()
}
