//go:build race

package captcha_test

// raceEnabled is true when the tests run under the race detector, which
// makes the flood test take ten times fewer steps.
const raceEnabled = true
