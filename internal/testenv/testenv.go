// Package testenv says what a test does when something it needs from
// outside the module (a server binary, the shared data folder) is
// missing: skip with a message on a developer's machine, fail in CI,
// where BINHLUAN_REQUIRE_SERVICES=1 is set and everything is installed,
// so that a missing service or file never passes silently there.
//
// Its functions only read the environment and are safe for concurrent
// use.
package testenv

import (
	"os"
	"testing"
)

// Var is the environment variable that makes missing services and data
// fail tests instead of skipping them, when set to "1".
const Var = "BINHLUAN_REQUIRE_SERVICES"

// Require reports whether missing services and data must fail tests:
// whether Var is "1".
func Require() bool {
	return os.Getenv(Var) == "1"
}

// Skip stops tb because something it needs is missing, which the message
// (formatted as by fmt.Sprintf) names: a skip, or a failure when Require
// reports true. It does not return.
func Skip(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if Require() {
		tb.Fatalf(format+" ("+Var+"=1: install or provide it)", args...)
		return
	}
	tb.Skipf(format+" (skipping; set "+Var+"=1 to fail instead)", args...)
}
